import { OUTCOMES, type Outcome } from '#core/decision.js';
import type { TimeBasis } from '#shared/audit-index.js';
import type { OverviewRow } from './archive.query.js';
import {
  OVERVIEW_REASONS,
  type OverviewCounts,
  type OverviewPeriod,
  overviewAnswer,
  overviewTriggerIds,
  type PrivacyOverview,
} from './overview.js';

/**
 * The privacy overview from the archive (GET /privacy/overview): one SQL statement
 * (shared/archive/sql/overview.sql.ts) counts distinct decisions per UTC day of the basis's hour, per
 * outcome, per reason (suppressed) and per trigger (suppressed, `none` for the sensitive screen); this
 * turns its rows into the answer's series over the period's days. On the payment basis only records with
 * a payment time are counted (a payment screened out as sensitive and a rejected event have none). The
 * archive's times are whole UTC hours: the period is read from the start of its first hour to the end of
 * its last.
 */

export interface OverviewInput {
  readonly rows: readonly OverviewRow[];
  readonly triggerIds: readonly string[];
  readonly basis: TimeBasis;
  readonly period: OverviewPeriod;
}

function series<K extends string>(
  rows: readonly OverviewRow[],
  kind: OverviewRow['series'],
  names: readonly K[],
  days: readonly string[],
): Record<K, number[]> {
  const index = new Map(days.map((day, i) => [day, i]));
  const out = Object.fromEntries(names.map((name) => [name, days.map(() => 0)])) as Record<K, number[]>;
  for (const row of rows) {
    if (row.series !== kind) continue;
    const at = index.get(row.day);
    const values = (out as Record<string, number[] | undefined>)[row.name];
    if (at === undefined || values === undefined) continue;
    values[at] = (values[at] ?? 0) + row.n;
  }
  return out;
}

export function overview(input: OverviewInput): PrivacyOverview {
  const { rows, basis, period } = input;
  const counts: OverviewCounts = {
    outcomes: series<Outcome>(rows, 'outcome', OUTCOMES, period.days),
    reasons: series(rows, 'reason', OVERVIEW_REASONS, period.days),
    triggers: series(rows, 'trigger', overviewTriggerIds(input.triggerIds), period.days),
  };
  return overviewAnswer(basis, period, counts);
}

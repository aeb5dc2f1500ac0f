import type { Outcome } from '#core/decision.js';
import {
  NO_TRIGGER,
  SUPPRESSION_REASONS,
  type SuppressionReason,
  type TimeBasis,
} from '#shared/audit-index.js';
import { InvalidQueryError } from './errors.query.js';
import { checkedPeriod } from './query-params.js';

/**
 * The privacy overview's pure part (issue 14): its period and days, and the small-cell rule. Counts of 1 to
 * 9 become the string "< 10" here, in the service, so a small count (which could single out a customer)
 * never reaches a browser; 0 stays 0 and every other count is exact. Totals are summed from the exact daily
 * counts and then suppressed the same way.
 */

export const SMALL_COUNT_THRESHOLD = 10;
export const SMALL_COUNT_CELL = `< ${SMALL_COUNT_THRESHOLD}` as const;
/** A count as the overview shows it. */
export type Cell = number | typeof SMALL_COUNT_CELL;

/** Without `from`: the days up to `to` (or now), today included. */
export const OVERVIEW_DEFAULT_DAYS = 30;
/** The most UTC days one overview covers. */
export const OVERVIEW_MAX_DAYS = 92;

const DAY_MS = 86_400_000;

/** A count with the small-cell rule applied. */
export function cellOf(count: number): Cell {
  return count >= 1 && count < SMALL_COUNT_THRESHOLD ? SMALL_COUNT_CELL : count;
}

/** The UTC calendar day (YYYY-MM-DD) of an instant as the audit stores it. */
export function utcDayOf(instant: string): string {
  const ms = Date.parse(instant);
  return Number.isNaN(ms) ? instant.slice(0, 10) : new Date(ms).toISOString().slice(0, 10);
}

export interface OverviewPeriod {
  /** Normalised UTC instants, both inclusive. */
  readonly from: string;
  readonly to: string;
  /** Every UTC day the period touches, in order. */
  readonly days: readonly string[];
}

/**
 * The period of an overview: `to` defaults to now, `from` to the start of the UTC day OVERVIEW_DEFAULT_DAYS
 * − 1 days before `to`'s. An InvalidQueryError names the bound that is not one, `to` before `from`, or a
 * period touching more than OVERVIEW_MAX_DAYS days (naming `to`).
 */
export function overviewPeriod(
  query: { readonly from?: string | undefined; readonly to?: string | undefined },
  now: Date,
): OverviewPeriod {
  const checked = checkedPeriod(query);
  const to = checked.to ?? now.toISOString();
  const lastDay = Date.parse(`${utcDayOf(to)}T00:00:00.000Z`);
  const from = checked.from ?? new Date(lastDay - (OVERVIEW_DEFAULT_DAYS - 1) * DAY_MS).toISOString();
  if (to < from) throw new InvalidQueryError('to', 'not before from');
  const firstDay = Date.parse(`${utcDayOf(from)}T00:00:00.000Z`);
  const count = Math.round((lastDay - firstDay) / DAY_MS) + 1;
  if (count > OVERVIEW_MAX_DAYS) {
    throw new InvalidQueryError(
      'to',
      `a period of at most ${OVERVIEW_MAX_DAYS} days (UTC calendar days, from included)`,
    );
  }
  const days = Array.from({ length: count }, (_, i) =>
    new Date(firstDay + i * DAY_MS).toISOString().slice(0, 10),
  );
  return { from, to, days };
}

/** Exact counts per day, in the order of the period's days. */
export type DailyCounts = readonly number[];

/** What the service counted, exactly, per series. */
export interface OverviewCounts {
  readonly outcomes: Readonly<Record<Outcome, DailyCounts>>;
  readonly reasons: Readonly<Record<SuppressionReason, DailyCounts>>;
  /** Per trigger id of the catalog, and `none` (payments screened out as sensitive). */
  readonly triggers: Readonly<Record<string, DailyCounts>>;
}

type CellsOf<K extends string> = Record<K, Cell[]>;
type TotalsOf<K extends string> = Record<K, Cell>;

export interface PrivacyOverview {
  readonly timeBasis: TimeBasis;
  readonly from: string;
  readonly to: string;
  readonly bucket: 'day';
  readonly days: readonly string[];
  readonly smallCountThreshold: typeof SMALL_COUNT_THRESHOLD;
  readonly outcomes: CellsOf<Outcome>;
  readonly reasons: CellsOf<SuppressionReason>;
  readonly triggers: Record<string, Cell[]>;
  /**
   * Suppressions of triggers no longer in the catalog, per day (suppressed minus the catalog's triggers and
   * `none`), so the trigger rows add up to the suppressed outcome.
   */
  readonly notInCatalog: Cell[];
  readonly totals: {
    readonly outcomes: TotalsOf<Outcome>;
    readonly reasons: TotalsOf<SuppressionReason>;
    readonly triggers: Record<string, Cell>;
    readonly notInCatalog: Cell;
  };
}

const sum = (counts: DailyCounts) => counts.reduce((a, b) => a + b, 0);
const cells = (counts: DailyCounts) => counts.map(cellOf);

function mapRecord<K extends string, A, B>(
  record: Readonly<Record<K, A>>,
  fn: (value: A) => B,
): Record<K, B> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, fn(value as A)])) as Record<
    K,
    B
  >;
}

/** The overview's answer from exact daily counts: every cell and total with the small-cell rule. */
export function overviewAnswer(
  basis: TimeBasis,
  period: OverviewPeriod,
  counts: OverviewCounts,
): PrivacyOverview {
  const { days } = period;
  const suppressed = counts.outcomes.suppressed;
  const notInCatalog = days.map((_, i) =>
    Math.max(
      0,
      (suppressed[i] ?? 0) - Object.values(counts.triggers).reduce((a, series) => a + (series[i] ?? 0), 0),
    ),
  );
  return {
    timeBasis: basis,
    from: period.from,
    to: period.to,
    bucket: 'day',
    days: [...days],
    smallCountThreshold: SMALL_COUNT_THRESHOLD,
    outcomes: mapRecord(counts.outcomes, cells),
    reasons: mapRecord(counts.reasons, cells),
    triggers: mapRecord(counts.triggers, cells),
    notInCatalog: cells(notInCatalog),
    totals: {
      outcomes: mapRecord(counts.outcomes, (series) => cellOf(sum(series))),
      reasons: mapRecord(counts.reasons, (series) => cellOf(sum(series))),
      triggers: mapRecord(counts.triggers, (series) => cellOf(sum(series))),
      notInCatalog: cellOf(sum(notInCatalog)),
    },
  };
}

/** The rows of the per-trigger series: the catalog's triggers and `none`, each once. */
export const overviewTriggerIds = (triggerIds: readonly string[]): string[] => [
  ...new Set([...triggerIds, NO_TRIGGER]),
];

/** Every suppression reason, in its fixed order (the keys of the answer's `reasons`). */
export const OVERVIEW_REASONS: readonly SuppressionReason[] = SUPPRESSION_REASONS;

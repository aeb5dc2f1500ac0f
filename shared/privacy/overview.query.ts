import type { Outcome } from '#core/decision.js';
import { OUTCOME_PARTITION_OUTCOMES, type TimeBasis } from '#shared/audit-index.js';
import { gatherGroups } from './counts.query.js';
import {
  OVERVIEW_REASONS,
  type OverviewCounts,
  type OverviewPeriod,
  overviewAnswer,
  overviewTriggerIds,
  type PrivacyOverview,
} from './overview.js';
import {
  outcomeStreams,
  ownedStreams,
  type Period,
  reasonStreams,
  type StreamSpec,
  triggerStreams,
} from './streams.query.js';

/**
 * The privacy overview's reads (GET /privacy/overview): decisions per outcome, suppressions per reason and
 * per trigger, per UTC day of the period, on one time basis. Each series is a set of index partitions
 * (shared/audit-index.ts, ./streams.query.ts):
 *   - emitted, no_trigger, rejected: their `outcome_<outcome>#<shard>` partitions of the shared index;
 *   - suppressed: every suppressed decision once (`ownedStreams`, as the unfiltered suppressed listing);
 *   - a reason: its own index, or every set of the shared index that contains it;
 *   - a trigger (or `none`): its partitions of the trigger index.
 * Each distinct partition is read once over the whole period (a key range on its time), its records counted
 * per day: exact, and a bounded number of requests whatever the number of days (at most `concurrency` at
 * once). On the payment basis only records with a payment time are counted: a payment screened out as
 * sensitive and a rejected event have none, and are counted on the decision basis only.
 */

/** Per UTC day (YYYY-MM-DD), how many records of one index partition match in the period. */
export type CountByDay = (spec: StreamSpec) => Promise<ReadonlyMap<string, number>>;

export interface OverviewInput {
  readonly countByDay: CountByDay;
  readonly triggerIds: readonly string[];
  readonly basis: TimeBasis;
  readonly period: OverviewPeriod;
  readonly concurrency: number;
}

/** The period as the readers take it (both bounds). */
export const overviewReadPeriod = (period: OverviewPeriod): Period => ({ from: period.from, to: period.to });

/** A record of `keys`, each given its value. */
function keyed<K extends string, V>(keys: readonly K[], value: (key: K, i: number) => V): Record<K, V> {
  const record = {} as Record<K, V>;
  keys.forEach((key, i) => {
    record[key] = value(key, i);
  });
  return record;
}

export async function overview(input: OverviewInput): Promise<PrivacyOverview> {
  const { basis, period } = input;
  const outcomeGroups: Array<[Outcome, StreamSpec[]]> = [
    ...OUTCOME_PARTITION_OUTCOMES.map((o): [Outcome, StreamSpec[]] => [o, outcomeStreams(basis, o)]),
    ['suppressed', ownedStreams(basis)],
  ];
  const triggerIds = overviewTriggerIds(input.triggerIds);
  const groups = [
    ...outcomeGroups.map(([, streams]) => streams),
    ...OVERVIEW_REASONS.map((reason) => reasonStreams(basis, reason)),
    ...triggerIds.map((id) => triggerStreams(basis, id, [])),
  ];
  const read = await gatherGroups(groups, input.countByDay, input.concurrency);
  const series = (i: number): number[] =>
    period.days.map((day) => (read[i] ?? []).reduce((sum, byDay) => sum + (byDay.get(day) ?? 0), 0));

  const reasonsAt = outcomeGroups.length;
  const triggersAt = reasonsAt + OVERVIEW_REASONS.length;
  const counts: OverviewCounts = {
    outcomes: keyed(
      outcomeGroups.map(([outcome]) => outcome),
      (_, i) => series(i),
    ),
    reasons: keyed(OVERVIEW_REASONS, (_, i) => series(reasonsAt + i)),
    triggers: keyed(triggerIds, (_, i) => series(triggersAt + i)),
  };
  return overviewAnswer(basis, period, counts);
}

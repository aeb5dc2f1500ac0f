import {
  NO_TRIGGER,
  SUPPRESSION_REASONS,
  type SuppressionReason,
  type TimeBasis,
} from '#shared/audit-index.js';
import { mapLimit } from '#shared/concurrency.js';
import { optional } from './record-views.js';
import {
  ownedStreams,
  type Period,
  reasonStreams,
  type StreamSpec,
  triggerStreams,
} from './streams.query.js';

/**
 * The counts of a suppressed-offers query: per reason, per trigger and in total, over the records the query
 * matches (its trigger and reason filters and its period), on the query's time basis — each from COUNT
 * queries over every shard of the index partitions that hold them.
 */

export interface SuppressedCounts {
  /** Which time the period is on: `payment` (occurredAt) or `decided` (decidedAt). */
  readonly timeBasis: TimeBasis;
  readonly from?: string;
  readonly to?: string;
  /** Suppressed decisions matching the query's filters in the period (a multi-reason decision once). */
  readonly total: number;
  /** Per reason: matching decisions carrying it (a decision with two reasons counts for both). */
  readonly byReason: Readonly<Record<SuppressionReason, number>>;
  /**
   * Per trigger of the catalog (or the queried one), and `none` for payments screened out as sensitive.
   */
  readonly byTrigger: Readonly<Record<string, number>>;
  /** Matching decisions of triggers no longer in the catalog (total minus the sum of byTrigger). */
  readonly notInCatalog: number;
}

export interface CountInput {
  readonly count: (spec: StreamSpec) => Promise<number>;
  /** The catalog's trigger ids: the rows of the per-trigger counts (besides `none`). */
  readonly triggerIds: readonly string[];
  readonly trigger: string | undefined;
  readonly reason: SuppressionReason | undefined;
  readonly period: Period;
  readonly basis: TimeBasis;
  readonly concurrency: number;
}

/**
 * Reads several groups of streams, each distinct stream once (the same partition and filter may be asked
 * for twice, e.g. the first reason's streams own all of its records); per group, its streams' results.
 */
export async function gatherGroups<T>(
  groups: readonly (readonly StreamSpec[])[],
  read: (spec: StreamSpec) => Promise<T>,
  concurrency: number,
): Promise<T[][]> {
  const keyOf = (spec: StreamSpec) =>
    JSON.stringify([
      spec.partition,
      spec.shard,
      spec.basis,
      spec.require,
      spec.exclude,
      spec.withoutPaymentTime ?? false,
    ]);
  const distinct = [...new Map(groups.flat().map((spec) => [keyOf(spec), spec])).values()];
  const results = await mapLimit(distinct, concurrency, read);
  const byKey = new Map(distinct.map((spec, i) => [keyOf(spec), results[i] as T]));
  return groups.map((group) => group.map((spec) => byKey.get(keyOf(spec)) as T));
}

/** Counts several groups of streams, each distinct stream once; the sum per group, in order. */
export async function countGroups(
  groups: readonly (readonly StreamSpec[])[],
  count: (spec: StreamSpec) => Promise<number>,
  concurrency: number,
): Promise<number[]> {
  const counted = await gatherGroups(groups, count, concurrency);
  return counted.map((group) => group.reduce((sum, n) => sum + n, 0));
}

export async function suppressedCounts(input: CountInput): Promise<SuppressedCounts> {
  const { trigger, reason, period, basis } = input;
  const withReason = (r: SuppressionReason) => [...new Set<SuppressionReason>(reason ? [r, reason] : [r])];
  const reasonSpecs = SUPPRESSION_REASONS.map((r) =>
    trigger !== undefined
      ? triggerStreams(basis, trigger, withReason(r))
      : reason === undefined || r === reason
        ? reasonStreams(basis, r)
        : reasonStreams(basis, r, [reason]),
  );
  const triggerIds = trigger !== undefined ? [trigger] : [...new Set([...input.triggerIds, NO_TRIGGER])];
  const triggerSpecs = triggerIds.map((id) => triggerStreams(basis, id, reason ? [reason] : []));
  const totalSpecs = trigger === undefined && reason === undefined ? [ownedStreams(basis)] : [];

  const groups = [...reasonSpecs, ...triggerSpecs, ...totalSpecs];
  const sums = await countGroups(groups, input.count, input.concurrency);
  const byReason = Object.fromEntries(SUPPRESSION_REASONS.map((r, i) => [r, sums[i] ?? 0])) as Record<
    SuppressionReason,
    number
  >;
  const byTrigger = Object.fromEntries(
    triggerIds.map((id, i) => [id, sums[SUPPRESSION_REASONS.length + i] ?? 0]),
  );
  const total =
    trigger !== undefined
      ? (byTrigger[trigger] ?? 0)
      : reason !== undefined
        ? byReason[reason]
        : (sums[groups.length - 1] ?? 0);
  const inCatalog = Object.values(byTrigger).reduce((a, b) => a + b, 0);
  return {
    timeBasis: basis,
    ...optional('from', period.from),
    ...optional('to', period.to),
    total,
    byReason,
    byTrigger,
    notInCatalog: trigger !== undefined ? 0 : Math.max(0, total - inCatalog),
  };
}

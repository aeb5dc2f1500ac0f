import {
  AUDIT_SHARDS,
  SUPPRESSION_REASONS,
  type SuppressionReason,
  type TimeBasis,
} from '#shared/audit-index.js';

/**
 * Which index partitions ("streams") hold the records of a suppressed-offers query (shared/audit-index.ts):
 *   - trigger given: `suppressedByTrigger`, partitions `<trigger>#0..7` (with a reason: a filter on the
 *     reason's index attribute);
 *   - only a reason: `suppressedBy-<reason>`, partitions `0..7`;
 *   - neither: the reason indexes, 7 × 8 partitions. A decision with several reasons sits in several of
 *     them; it is read only from the index of its first reason in SUPPRESSION_REASONS order (each stream of
 *     a later reason filters out decisions that carry an earlier one), so it is returned once and the
 *     cursor stays a plain position per partition. This needs no list of trigger ids, so decisions of
 *     triggers since removed from the catalog are found too.
 * Each of these indexes exists once per time basis: sorted by decision time, or by payment time (only the
 * decisions that have one). `withoutPaymentTime` streams read the decision-time indexes for the decisions
 * the payment-time indexes do not hold, so a payment-time answer can say how many it could not place.
 */

/** An inclusive period on the basis's time (`decidedAt` or `paidAt`), as normalised UTC ISO strings. */
export interface Period {
  readonly from?: string;
  readonly to?: string;
}

/** One index partition to read, and which reasons a record there must carry or must not carry. */
export interface StreamSpec {
  readonly partition:
    | { readonly index: 'trigger'; readonly triggerId: string }
    | { readonly index: 'reason'; readonly reason: SuppressionReason };
  readonly shard: number;
  /** Which of the partition key's two indexes: sorted (and the period applied) by this time. */
  readonly basis: TimeBasis;
  readonly require: readonly SuppressionReason[];
  readonly exclude: readonly SuppressionReason[];
  /** Only records that have no payment time (read from a decision-time index). */
  readonly withoutPaymentTime?: true;
}

const shards = Array.from({ length: AUDIT_SHARDS }, (_, shard) => shard);

export function triggerStreams(
  basis: TimeBasis,
  triggerId: string,
  require: readonly SuppressionReason[],
): StreamSpec[] {
  return shards.map((shard) => ({
    partition: { index: 'trigger', triggerId },
    shard,
    basis,
    require,
    exclude: [],
  }));
}

export function reasonStreams(
  basis: TimeBasis,
  reason: SuppressionReason,
  require: readonly SuppressionReason[] = [],
  exclude: readonly SuppressionReason[] = [],
): StreamSpec[] {
  return shards.map((shard) => ({ partition: { index: 'reason', reason }, shard, basis, require, exclude }));
}

/** Every suppressed decision once: each from the index of its first reason (see the module comment). */
export function ownedStreams(basis: TimeBasis): StreamSpec[] {
  return SUPPRESSION_REASONS.flatMap((reason, i) =>
    reasonStreams(basis, reason, [], SUPPRESSION_REASONS.slice(0, i)),
  );
}

/** The partitions that hold exactly the records of a query, each record in one of them. */
export function streamsFor(
  query: { readonly trigger?: string | undefined; readonly reason?: SuppressionReason | undefined },
  basis: TimeBasis,
): StreamSpec[] {
  if (query.trigger !== undefined) {
    return triggerStreams(basis, query.trigger, query.reason === undefined ? [] : [query.reason]);
  }
  if (query.reason !== undefined) return reasonStreams(basis, query.reason);
  return ownedStreams(basis);
}

/**
 * The records of a query that the payment-time indexes do not hold (no payment time: a payment screened out
 * as sensitive, or a record written before payment times were indexed), by their decision time.
 */
export function withoutPaymentTimeStreams(query: {
  readonly trigger?: string | undefined;
  readonly reason?: SuppressionReason | undefined;
}): StreamSpec[] {
  return streamsFor(query, 'decided').map((spec) => ({ ...spec, withoutPaymentTime: true }));
}

import {
  AUDIT_SHARDS,
  isSharedIndexReason,
  OWN_INDEX_REASONS,
  outcomeIndexValue,
  type PartitionedOutcome,
  reasonIndexKey,
  reasonIndexName,
  SHARED_INDEX_KEY,
  type SharedIndexReason,
  type SuppressionReason,
  sharedIndexName,
  sharedIndexValue,
  sharedReasonSets,
  type TimeBasis,
  TRIGGER_INDEX_KEY,
  timeKeyOf,
  triggerIndexName,
  triggerIndexValue,
} from '#shared/audit-index.js';

/**
 * Which index partitions ("streams") hold the records of a suppressed-offers query (shared/audit-index.ts):
 *   - trigger given: `suppressedByTrigger`, partitions `<trigger>#0..7` (with a reason: a filter on the
 *     reason's index attribute);
 *   - only a reason with an index of its own: `suppressedBy-<reason>`, partitions `0..7`;
 *   - only a reason of the shared index (SHARED_INDEX_REASONS): `suppressedByShared`, the partitions of
 *     every set of shared reasons that contains it, `<set>#0..7` (4 sets × 8); a decision sits under its
 *     one set, so it is read once;
 *   - neither: the own reason indexes (7 × 8 partitions) and every set of the shared index (7 × 8). A
 *     decision with several reasons sits in several of them; it is read only from the index of its first
 *     own reason in OWN_INDEX_REASONS order (each stream of a later reason filters out decisions that carry
 *     an earlier one), or, with no own reason, from its set's partition of the shared index (which filters
 *     out decisions carrying any own reason), so it is returned once and the cursor stays a plain position
 *     per partition. This needs no list of trigger ids, so decisions of triggers since removed from the
 *     catalog are found too.
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
    | { readonly index: 'reason'; readonly reason: SuppressionReason }
    | { readonly index: 'shared'; readonly reasons: readonly SharedIndexReason[] }
    /** The decisions of another outcome (emitted, no_trigger, rejected): their partitions of the shared index. */
    | { readonly index: 'outcome'; readonly outcome: PartitionedOutcome };
  readonly shard: number;
  /** Which of the partition key's two indexes: sorted (and the period applied) by this time. */
  readonly basis: TimeBasis;
  readonly require: readonly SuppressionReason[];
  readonly exclude: readonly SuppressionReason[];
  /** Only records that have no payment time (read from a decision-time index). */
  readonly withoutPaymentTime?: true;
}

/** Where a stream's records are: the index, its partition key attribute and value, and its sort key. */
export interface StreamKey {
  readonly indexName: string;
  readonly keyName: string;
  readonly keyValue: string;
  readonly sortName: string;
}

/** The one mapping of a stream to its index partition (the DynamoDB reader and the test double use it). */
export function streamKey(stream: StreamSpec): StreamKey {
  const { partition, shard, basis } = stream;
  const sortName = timeKeyOf(basis);
  switch (partition.index) {
    case 'trigger':
      return {
        indexName: triggerIndexName(basis),
        keyName: TRIGGER_INDEX_KEY,
        keyValue: triggerIndexValue(partition.triggerId, shard),
        sortName,
      };
    case 'shared':
      return {
        indexName: sharedIndexName(basis),
        keyName: SHARED_INDEX_KEY,
        keyValue: sharedIndexValue(partition.reasons, shard),
        sortName,
      };
    case 'outcome':
      return {
        indexName: sharedIndexName(basis),
        keyName: SHARED_INDEX_KEY,
        keyValue: outcomeIndexValue(partition.outcome, shard),
        sortName,
      };
    case 'reason':
      return {
        indexName: reasonIndexName(partition.reason, basis),
        keyName: reasonIndexKey(partition.reason),
        keyValue: String(shard),
        sortName,
      };
  }
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

/** The streams of every given set of shared reasons, each on every shard. */
function sharedStreams(
  basis: TimeBasis,
  sets: ReadonlyArray<readonly SharedIndexReason[]>,
  require: readonly SuppressionReason[],
  exclude: readonly SuppressionReason[],
): StreamSpec[] {
  return sets.flatMap((reasons) =>
    shards.map((shard) => ({ partition: { index: 'shared', reasons }, shard, basis, require, exclude })),
  );
}

/** Every decision carrying `reason` once (with the extra filters), from its own index or the shared one. */
export function reasonStreams(
  basis: TimeBasis,
  reason: SuppressionReason,
  require: readonly SuppressionReason[] = [],
  exclude: readonly SuppressionReason[] = [],
): StreamSpec[] {
  if (isSharedIndexReason(reason)) return sharedStreams(basis, sharedReasonSets(reason), require, exclude);
  return shards.map((shard) => ({ partition: { index: 'reason', reason }, shard, basis, require, exclude }));
}

/** Every decision of an outcome other than `suppressed` once (the overview's outcome counts). */
export function outcomeStreams(basis: TimeBasis, outcome: PartitionedOutcome): StreamSpec[] {
  return shards.map((shard) => ({
    partition: { index: 'outcome', outcome },
    shard,
    basis,
    require: [],
    exclude: [],
  }));
}

/**
 * Every suppressed decision once: from the index of its first own reason, or, without one, from its set of
 * shared reasons (see the module comment).
 */
export function ownedStreams(basis: TimeBasis): StreamSpec[] {
  return [
    ...OWN_INDEX_REASONS.flatMap((reason, i) =>
      reasonStreams(basis, reason, [], OWN_INDEX_REASONS.slice(0, i)),
    ),
    ...sharedStreams(basis, sharedReasonSets(), [], OWN_INDEX_REASONS),
  ];
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

import { type Outcome, REASONS, type Reason } from './core/decision.js';

/**
 * ISSUE 15: the hot audit table has NO global index any more and no item carries the index attributes
 * below (the writer, shared/adapters/dynamodb/decision-writer.ts, no longer calls auditIndexAttributes):
 * counts, lists, exports and customer histories run as SQL on the archive (shared/archive/sql/). What stays
 * in use: the reason and time-basis vocabulary (SUPPRESSION_REASONS, REJECTION_REASONS, TIME_BASES,
 * DEFAULT_TIME_BASIS, NO_TRIGGER, paymentTimeOf). The index helpers remain only until the pre-archive
 * readers that still import them (shared/privacy/*.query.ts, audit-reader.ts, infra/local/audit/*, their
 * tests) are replaced; then they go. The description below is of the design before issue 15.
 *
 * How the audit table was indexed for privacy officers' questions ("suppressed offers by trigger, reason
 * and period"), shared by the stack definition (infra/definitions.ts), the writer and the readers.
 *
 * Every suppressed decision carries sparse index attributes:
 * - `suppTrigger` = `<triggerId>#<shard>` (`none#<shard>` for a sensitive screen, which has no trigger),
 *   the partition key of the `suppressedByTrigger` indexes;
 * - `supp_<reason>` = `<shard>` for each of its reasons, the partition key of the `suppressedBy-<reason>`
 *   indexes (for a reason of SHARED_INDEX_REASONS no index reads it: it only serves as a filter);
 * - `suppShared` = `<its shared reasons, sorted, joined by "+">#<shard>` when it carries any of
 *   SHARED_INDEX_REASONS (`active_offer_limit+repeated_dismissals#3`), the partition key of the
 *   `suppressedByShared` indexes;
 * - `paidAt`: the payment time (`occurredAt` in UTC with milliseconds, as `decidedAt` is stored), when the
 *   decision has one.
 * Each partition key has two indexes, one per time basis: sorted by `decidedAt` (every suppressed
 * decision) and sorted by `paidAt` (`…-byPaymentTime`: only decisions with a payment time; a payment
 * screened out as sensitive has none, nor has a record written before the payment time was indexed). The
 * shard (0–7, from the decision id's hash) spreads one popular trigger or reason over eight partitions, so
 * a busy trigger cannot make a hot partition; readers query the eight shards and merge them newest first.
 *
 * The shared index also counts the other outcomes (issue 14, the privacy overview): every `emitted`,
 * `no_trigger` and `rejected` decision carries `suppShared` = `outcome_<outcome>#<shard>`
 * (OUTCOME_PARTITION_OUTCOMES, `outcomeIndexValue`) and, when it has a payment time, `paidAt`, so "decisions
 * per outcome per day" is a COUNT-able key range of eight partitions per outcome on either time basis. No
 * set of shared reasons can be spelled `outcome_…` (they are reason names joined by "+"), so no suppression
 * query ever reads these partitions, and no other index is keyed by an attribute they carry.
 *
 * Why a shared index: DynamoDB allows 20 global indexes per table, and a pair per reason for the reasons
 * of issue 13 would need 24. The reasons of SHARED_INDEX_REASONS share one pair. A decision may carry
 * several of them (`active_offer_limit` with `repeated_dismissals`), and an item has one value per
 * attribute, so the value is the decision's whole set of shared reasons: each decision sits in exactly one
 * partition, and a query for one shared reason reads every set that contains it (`sharedReasonSets`, four
 * sets of three reasons, each on eight shards) — no decision missed, none twice, and no record read that
 * does not carry the reason (no filter). Keep the group small: the sets that contain a reason double with
 * every reason added.
 */
export const AUDIT_SHARDS = 8;

/** The reasons only `rejected` decisions carry: they get no suppression index. */
export const REJECTION_REASONS = ['invalid_event', 'duplicate_event_id'] as const;
type RejectionReason = (typeof REJECTION_REASONS)[number];

/** Every reason a suppressed decision can carry (all but the rejection reasons). */
export type SuppressionReason = Exclude<Reason, RejectionReason>;
export const SUPPRESSION_REASONS: readonly SuppressionReason[] = REASONS.filter(
  (reason): reason is SuppressionReason => !(REJECTION_REASONS as readonly string[]).includes(reason),
);

/**
 * Which time a period and an order refer to: `payment` (the payment's `occurredAt`: what a replay of last
 * month's payments or a cap of "2 per 7 days" is about) or `decided` (when the pipeline decided).
 */
export const TIME_BASES = ['payment', 'decided'] as const;
export type TimeBasis = (typeof TIME_BASES)[number];
export const DEFAULT_TIME_BASIS: TimeBasis = 'payment';

/** The attribute holding the payment time of a suppressed decision (sort key of the payment-time indexes). */
export const PAYMENT_TIME_KEY = 'paidAt';
export const DECISION_TIME_KEY = 'decidedAt';

/** The sort-key attribute of the indexes of a time basis. */
export const timeKeyOf = (basis: TimeBasis): string =>
  basis === 'payment' ? PAYMENT_TIME_KEY : DECISION_TIME_KEY;

const PAYMENT_SUFFIX = '-byPaymentTime';

export const TRIGGER_INDEX = 'suppressedByTrigger';
export const TRIGGER_INDEX_KEY = 'suppTrigger';
export const NO_TRIGGER = 'none';

export const triggerIndexName = (basis: TimeBasis = 'decided'): string =>
  basis === 'decided' ? TRIGGER_INDEX : `${TRIGGER_INDEX}${PAYMENT_SUFFIX}`;
export const reasonIndexName = (reason: SuppressionReason, basis: TimeBasis = 'decided'): string =>
  `suppressedBy-${reason}${basis === 'decided' ? '' : PAYMENT_SUFFIX}`;
export const reasonIndexKey = (reason: SuppressionReason): string => `supp_${reason}`;

/** The reasons that share one index pair (see the module comment); every other reason has its own. */
export const SHARED_INDEX_REASONS = [
  'arbitration_lost',
  'active_offer_limit',
  'repeated_dismissals',
] as const satisfies readonly SuppressionReason[];
export type SharedIndexReason = (typeof SHARED_INDEX_REASONS)[number];
/** The reasons with an index pair of their own. */
export const OWN_INDEX_REASONS: readonly SuppressionReason[] = SUPPRESSION_REASONS.filter(
  (reason) => !isSharedIndexReason(reason),
);

export function isSharedIndexReason(reason: string): reason is SharedIndexReason {
  return (SHARED_INDEX_REASONS as readonly string[]).includes(reason);
}

export const SHARED_INDEX = 'suppressedByShared';
export const SHARED_INDEX_KEY = 'suppShared';
export const sharedIndexName = (basis: TimeBasis = 'decided'): string =>
  basis === 'decided' ? SHARED_INDEX : `${SHARED_INDEX}${PAYMENT_SUFFIX}`;

/** A set of shared reasons as the index key writes it: in SHARED_INDEX_REASONS order, joined by "+". */
export function sharedReasonSet(reasons: readonly string[]): readonly SharedIndexReason[] {
  return SHARED_INDEX_REASONS.filter((reason) => reasons.includes(reason));
}

export function sharedIndexValue(set: readonly SharedIndexReason[], shard: number): string {
  return `${sharedReasonSet(set).join('+')}#${shard}`;
}

/**
 * Every non-empty set of shared reasons, in a fixed order (by size, then SHARED_INDEX_REASONS order); with
 * `reason`, only the sets that contain it. Together they are every partition value a decision can have.
 */
export function sharedReasonSets(reason?: SharedIndexReason): ReadonlyArray<readonly SharedIndexReason[]> {
  const all: SharedIndexReason[][] = [];
  for (let mask = 1; mask < 1 << SHARED_INDEX_REASONS.length; mask++) {
    all.push(SHARED_INDEX_REASONS.filter((_, i) => (mask & (1 << i)) !== 0));
  }
  all.sort((a, b) => a.length - b.length);
  return reason === undefined ? all : all.filter((set) => set.includes(reason));
}

/** One sparse suppression index: its name, partition key attribute and sort key attribute. */
export interface SuppressionIndex {
  readonly indexName: string;
  readonly partitionKey: string;
  readonly sortKey: string;
}

/** Every suppression index of the audit table, both time bases (the stack creates them, readers query them). */
export const SUPPRESSION_INDEXES: readonly SuppressionIndex[] = TIME_BASES.flatMap((basis) => [
  { indexName: triggerIndexName(basis), partitionKey: TRIGGER_INDEX_KEY, sortKey: timeKeyOf(basis) },
  { indexName: sharedIndexName(basis), partitionKey: SHARED_INDEX_KEY, sortKey: timeKeyOf(basis) },
  ...OWN_INDEX_REASONS.map((reason) => ({
    indexName: reasonIndexName(reason, basis),
    partitionKey: reasonIndexKey(reason),
    sortKey: timeKeyOf(basis),
  })),
]);

/** Decision ids are `d_` + hex of a hash: the first hex digit spreads them evenly over the shards. */
export function shardOf(decisionId: string): number {
  const digit = Number.parseInt(decisionId.charAt(2), 16);
  return Number.isNaN(digit) ? 0 : digit % AUDIT_SHARDS;
}

export function triggerIndexValue(triggerId: string | undefined, shard: number): string {
  return `${triggerId ?? NO_TRIGGER}#${shard}`;
}

/**
 * The payment time as the payment-time indexes store and compare it: `occurredAt` in UTC with milliseconds
 * (`2026-07-03T18:22:05.000Z`, the form of `decidedAt` and of a normalised period bound), so that string
 * order is time order whatever offset the payment system sent. Undefined without a readable `occurredAt`.
 */
export function paymentTimeOf(occurredAt: string | undefined): string | undefined {
  if (occurredAt === undefined) return undefined;
  const ms = Date.parse(occurredAt);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/**
 * The outcomes counted in partitions of the shared index (a suppressed decision is counted through its
 * suppression partitions, which it is already in).
 */
export const OUTCOME_PARTITION_OUTCOMES = [
  'emitted',
  'no_trigger',
  'rejected',
] as const satisfies readonly Exclude<Outcome, 'suppressed'>[];
export type PartitionedOutcome = (typeof OUTCOME_PARTITION_OUTCOMES)[number];

function isPartitionedOutcome(outcome: string): outcome is PartitionedOutcome {
  return (OUTCOME_PARTITION_OUTCOMES as readonly string[]).includes(outcome);
}

/** The shared index's partition of one outcome's decisions on one shard: `outcome_<outcome>#<shard>`. */
export function outcomeIndexValue(outcome: PartitionedOutcome, shard: number): string {
  return `outcome_${outcome}#${shard}`;
}

/**
 * The sparse index attributes of one decision: a suppressed decision's suppression partitions, another
 * decision's outcome partition of the shared index; `paidAt` for either when it has a payment time.
 */
export function auditIndexAttributes(decision: {
  readonly decisionId: string;
  readonly outcome: string;
  readonly triggerId?: string;
  readonly reasons: readonly string[];
  readonly occurredAt?: string;
}): Record<string, string> {
  const shard = shardOf(decision.decisionId);
  const paidAt = paymentTimeOf(decision.occurredAt);
  const timed: Record<string, string> = paidAt === undefined ? {} : { [PAYMENT_TIME_KEY]: paidAt };
  if (isPartitionedOutcome(decision.outcome)) {
    return { [SHARED_INDEX_KEY]: outcomeIndexValue(decision.outcome, shard), ...timed };
  }
  if (decision.outcome !== 'suppressed') return {};
  const attributes: Record<string, string> = {
    [TRIGGER_INDEX_KEY]: triggerIndexValue(decision.triggerId, shard),
    ...timed,
  };
  for (const reason of decision.reasons) {
    if ((SUPPRESSION_REASONS as readonly string[]).includes(reason)) {
      attributes[reasonIndexKey(reason as SuppressionReason)] = String(shard);
    }
  }
  const shared = sharedReasonSet(decision.reasons);
  if (shared.length > 0) attributes[SHARED_INDEX_KEY] = sharedIndexValue(shared, shard);
  return attributes;
}

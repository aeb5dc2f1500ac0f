import { REASONS, type Reason } from './core/decision.js';

/**
 * The vocabulary the privacy officers' queries share across the writer, the archive's SQL, the HTTP routes
 * and the CLI: which reasons a suppression can carry, which time a period is on, and how a payment time is
 * normalised. (Before issue 15 this file also defined the audit table's sparse, sharded suppression indexes;
 * the hot table has no index any more — counts, lists and histories are SQL on the archive,
 * shared/archive/sql/ — and those helpers are gone with them.)
 */

/** The reasons only `rejected` decisions carry: never a suppression. */
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

/** The trigger filter that means "screened out as sensitive" (such a decision has no trigger). */
export const NO_TRIGGER = 'none';

/**
 * A payment time normalised for comparison: `occurredAt` in UTC with milliseconds
 * (`2026-07-03T18:22:05.000Z`, the form of `decidedAt` and of a normalised period bound), so that string
 * order is time order whatever offset the payment system sent. Undefined without a readable `occurredAt`.
 */
export function paymentTimeOf(occurredAt: string | undefined): string | undefined {
  if (occurredAt === undefined) return undefined;
  const ms = Date.parse(occurredAt);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

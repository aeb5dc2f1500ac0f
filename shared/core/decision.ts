import * as z from 'zod';
import { OFFER_CATEGORIES } from './catalog/catalog.js';
import { ProductCodeSchema } from './customer.js';
import { sha256Hex } from './hash.js';
import type { Problem } from './payment-event.js';
import { CONSENT_REGIMES } from './policy-defaults.js';

/**
 * Decision (contracts.md): the audit record of what happened to one payment event, and why. Also the
 * offer instance an emitted decision creates. Both are public contracts, so both are zod schemas.
 */

export const REASONS = [
  'sensitive_category',
  'no_consent',
  'objected',
  'customer_excluded',
  'unsuitable',
  'frequency_capped',
  'invalid_event',
  // Added later, never renamed (contracts.md):
  'stale_event',
  'duplicate_event_id',
  // Issue 13 (arbitration, active-offer limit, feedback that protects the customer):
  'arbitration_lost',
  'active_offer_limit',
  'repeated_dismissals',
] as const;
export const ReasonSchema = z.enum(REASONS);
export type Reason = z.infer<typeof ReasonSchema>;

export const OUTCOMES = ['emitted', 'suppressed', 'no_trigger', 'rejected'] as const;
export const OutcomeSchema = z.enum(OUTCOMES);
export type Outcome = z.infer<typeof OutcomeSchema>;

/**
 * The gates a matched trigger passes through, in order; all are evaluated, every failure recorded.
 *  - `active_offers`: the customer already has `maxActiveOffers` active offers (reason active_offer_limit);
 *  - `dismissal_pause`: repeated dismissals paused all offers for this customer (reason repeated_dismissals);
 *  - `arbitration`: only for a trigger that passed every other gate: it won one of the payment's
 *    `maxOffersPerEvent` slots, or lost to a higher-priority one (reason arbitration_lost).
 */
export const GATES = [
  'consent',
  'objection',
  'customer_exclusion',
  'suitability',
  'contact_policy',
  'active_offers',
  'dismissal_pause',
  'arbitration',
] as const;
export const GateSchema = z.enum(GATES);
export type Gate = z.infer<typeof GateSchema>;

export const GateResultSchema = z.object({
  gate: GateSchema,
  passed: z.boolean(),
  reason: ReasonSchema.optional(),
});
export type GateResult = z.infer<typeof GateResultSchema>;

export const ProblemSchema = z.object({ field: z.string(), expected: z.string() });

const DecisionIdSchema = z.string().regex(/^d_[0-9a-f]{32}$/);

/**
 * Optional fields by outcome:
 *  - sensitive (suppressed, reason sensitive_category): nothing beyond ids, outcome, reasons, decidedAt
 *    and policyVersion. Nothing about the payment, not even when it happened.
 *  - emitted / suppressed by a gate: triggerId, triggerVersion, offerId, consentRegime, occurredAt,
 *    gates; emitted also offerInstanceId.
 *  - no_trigger: occurredAt.
 *  - rejected: messageId, problems; eventId and customerId only when the message yielded valid ones.
 *    A reused event id (reason duplicate_event_id) carries the same and nothing about either payment.
 *  - stale (suppressed, reason stale_event): occurredAt, no trigger and no gates (no customer was read).
 */
export const DecisionSchema = z.object({
  decisionId: DecisionIdSchema,
  eventId: z.string().min(1).max(128).optional(),
  customerId: z.string().min(1).max(64).optional(),
  messageId: z.string().min(1).optional(),
  outcome: OutcomeSchema,
  triggerId: z.string().optional(),
  triggerVersion: z.number().int().optional(),
  offerId: z.string().optional(),
  /** Every reason that applied, sorted alphabetically; empty for emitted and no_trigger. */
  reasons: z.array(ReasonSchema),
  decidedAt: z.iso.datetime({ offset: true }),
  policyVersion: z.string(),
  consentRegime: z.enum(CONSENT_REGIMES).optional(),
  occurredAt: z.iso.datetime({ offset: true }).optional(),
  offerInstanceId: z.string().optional(),
  gates: z.array(GateResultSchema).optional(),
  problems: z.array(ProblemSchema).optional(),
  /** arbitration_lost: the decision (same event) whose offer won the payment's slot. */
  winningDecisionId: DecisionIdSchema.optional(),
});
export type Decision = z.infer<typeof DecisionSchema>;

export const OfferInstanceSchema = z.object({
  offerInstanceId: z.string(),
  customerId: z.string(),
  offerId: z.string(),
  productCode: ProductCodeSchema,
  category: z.enum(OFFER_CATEGORIES),
  text: z.string(),
  disclosures: z.array(z.string()),
  triggerId: z.string(),
  triggerVersion: z.number().int(),
  /** The trigger version's priority (reviewed in the lifecycle): the banner API ranks active offers by it. */
  priority: z.number().int().optional(),
  /**
   * Why the customer sees this offer: the trigger version's approved explanation, copied verbatim (never
   * filled in from the payment). Absent only on offers emitted before explanations existed.
   */
  explanation: z.object({ nl: z.string(), en: z.string() }).optional(),
  decisionId: DecisionIdSchema,
  createdAt: z.iso.datetime({ offset: true }),
  expiresAt: z.iso.datetime({ offset: true }),
});
export type OfferInstance = z.infer<typeof OfferInstanceSchema>;

/**
 * Deterministic decision id: the same event (and trigger version) always yields the same id, so a
 * redelivered or replayed event collides with its earlier audit record instead of duplicating it.
 * A hash rather than the raw ids: fixed length, and no event id text inside a key that may be logged.
 */
export function decisionIdFor(eventId: string, triggerId?: string, triggerVersion?: number): string {
  // Length-prefixed parts: unambiguous whatever characters the ids contain, and cheaper than JSON.
  const event = `decision/v1|${eventId.length}:${eventId}`;
  const input =
    triggerId === undefined ? event : `${event}|${triggerId.length}:${triggerId}|${triggerVersion ?? ''}`;
  return `d_${sha256Hex(input).slice(0, 32)}`;
}

/** For a rejected message that did not even yield an event id. Never equal to an event-based id. */
function decisionIdForMessage(messageId: string): string {
  return `d_${sha256Hex(`decision/v1/message|${messageId.length}:${messageId}`).slice(0, 32)}`;
}

/**
 * The decision recording that `eventId` arrived again with other content (`contentHash`): its own id per
 * (event id, content), so a redelivery of that same other content collides with it and stays a duplicate.
 */
export function duplicateEventIdDecisionId(eventId: string, contentHash: string): string {
  return `d_${sha256Hex(`decision/v1/reused|${eventId.length}:${eventId}|${contentHash}`).slice(0, 32)}`;
}

/** One offer instance per emitting decision, so the offer id follows from the decision id. */
export function offerInstanceIdFor(decisionId: string): string {
  return `o_${decisionId.slice(2)}`;
}

/** Unique reasons in a stable (alphabetical) order. */
export function sortReasons(reasons: readonly Reason[]): Reason[] {
  if (reasons.length < 2) return [...reasons];
  return [...new Set(reasons)].sort();
}

export interface RejectedDecisionInput {
  readonly eventId?: string;
  readonly customerId?: string;
  /** Absent only when the core refuses an already parsed event (decide() called without a message). */
  readonly messageId?: string;
  readonly problems: readonly Problem[];
  readonly policyVersion: string;
  readonly now: Date;
}

/** The decision for a message that is not a valid PaymentEvent: recorded, never retried. */
export function rejectedDecision(input: RejectedDecisionInput): Decision {
  const { eventId, customerId, messageId } = input;
  return {
    decisionId: eventId === undefined ? decisionIdForMessage(messageId ?? '') : decisionIdFor(eventId),
    ...(eventId === undefined ? {} : { eventId }),
    ...(customerId === undefined ? {} : { customerId }),
    ...(messageId === undefined ? {} : { messageId }),
    outcome: 'rejected',
    reasons: ['invalid_event'],
    decidedAt: input.now.toISOString(),
    policyVersion: input.policyVersion,
    problems: input.problems.map((problem) => ({ field: problem.field, expected: problem.expected })),
  };
}

export interface DuplicateEventIdInput {
  readonly eventId: string;
  readonly customerId?: string;
  readonly messageId: string;
  /** The content hash of the message that reused the id (see contentHashOf). */
  readonly contentHash: string;
  readonly policyVersion: string;
  readonly now: Date;
}

/**
 * A message whose event id was already used for a different event: recorded as its own `rejected`
 * decision (reason duplicate_event_id) and nothing else. It says which field and why, never anything
 * about either payment.
 */
export function duplicateEventIdDecision(input: DuplicateEventIdInput): Decision {
  return {
    decisionId: duplicateEventIdDecisionId(input.eventId, input.contentHash),
    eventId: input.eventId,
    ...(input.customerId === undefined ? {} : { customerId: input.customerId }),
    messageId: input.messageId,
    outcome: 'rejected',
    reasons: ['duplicate_event_id'],
    decidedAt: input.now.toISOString(),
    policyVersion: input.policyVersion,
    problems: [
      {
        field: 'eventId',
        expected: 'an event id not used before for a different event (this one was, with other content)',
      },
    ],
  };
}

/** The order in which a suppressed event's reasons are "main": the first gate that would have stopped it. */
const MAIN_REASON_ORDER = {
  sensitive_category: 0,
  stale_event: 1,
  objected: 2,
  no_consent: 3,
  customer_excluded: 4,
  unsuitable: 5,
  repeated_dismissals: 6,
  frequency_capped: 7,
  active_offer_limit: 8,
  arbitration_lost: 9,
  invalid_event: 10,
  duplicate_event_id: 11,
} as const satisfies Record<Reason, number>;

/** The main reason of a suppressed event: the most fundamental of its decisions' reasons. */
export function mainReason(reasons: readonly Reason[]): Reason | undefined {
  let main: Reason | undefined;
  for (const reason of reasons) {
    if (main === undefined || MAIN_REASON_ORDER[reason] < MAIN_REASON_ORDER[main]) main = reason;
  }
  return main;
}

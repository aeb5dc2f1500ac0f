import type { Catalog, Trigger } from './catalog/catalog.js';
import { type ClockGuard, checkInstant, DEFAULT_CLOCK_GUARD, futureInstantProblem } from './clock-guard.js';
import type { ContactState } from './contact-policy.js';
import { holdingsOf, NO_HOLDINGS } from './customer.js';
import { type DecideInput, type DecideResult, decideMatched } from './decide-matched.js';
import { type Decision, decisionIdFor, rejectedDecision } from './decision.js';
import type { PaymentEvent, Problem } from './payment-event.js';
import { type Policy, policyVersion } from './policy.js';
import { screenSensitive } from './sensitive.js';
import { instantMs, isoOf } from './time.js';

export type { DecideInput, DecideResult };
export { rejectedDecision };

/**
 * The decision core: one payment event in, its decisions, offers and updated contact state out.
 * Pure and deterministic: no clock (`now` is an argument), no randomness, no I/O. The same input
 * always gives deep-equal output with the same ids, which is what makes replays and backtests honest.
 */

export type ScreenResult =
  | { readonly sensitive: true }
  | { readonly sensitive: false; readonly candidates: readonly Trigger[] };

const SENSITIVE: ScreenResult = Object.freeze({ sensitive: true });

/** The triggers that could fire on the event, or undefined when the event is sensitive. */
function candidatesFor(
  event: PaymentEvent,
  policy: Policy,
  catalog: Catalog,
): readonly Trigger[] | undefined {
  if (screenSensitive(event, policy.sensitive)) return undefined;
  return catalog.candidates(event);
}

/**
 * The first look at an event, using nothing but the event: is it sensitive, and which triggers could
 * fire on it (catalog.candidates)? Call it before reading any customer data; a sensitive event, or one
 * without candidates, is decided without a customer read.
 */
export function screen(event: PaymentEvent, policy: Policy, catalog: Catalog): ScreenResult {
  const candidates = candidatesFor(event, policy, catalog);
  return candidates === undefined ? SENSITIVE : { sensitive: false, candidates };
}

/**
 * occurredAt beyond the allowed future skew of the receive time: the field problem to reject the event
 * with (nobody games caps and cooldowns with a date in the future). Undefined when the instant is fine.
 */
export function occurredAtProblem(
  event: Pick<PaymentEvent, 'occurredAt'>,
  now: Date,
  guard: ClockGuard = DEFAULT_CLOCK_GUARD,
): Problem | undefined {
  return futureInstantProblem('occurredAt', event.occurredAt, now, guard);
}

/** Older than the stale horizon at receive time: decided without an offer (stale_event). */
export function isStale(
  event: Pick<PaymentEvent, 'occurredAt'>,
  now: Date,
  guard: ClockGuard = DEFAULT_CLOCK_GUARD,
): boolean {
  return checkInstant(instantMs(event.occurredAt), now.getTime(), guard) === 'stale';
}

/** Customer state handed in for another customer than the event's: an adapter bug, never decided on. */
export class CustomerMismatchError extends Error {
  override readonly name = 'CustomerMismatchError';
}

function noTrigger(
  event: PaymentEvent,
  decidedAt: string,
  version: string,
  contact: ContactState,
): DecideResult {
  const decision: Decision = {
    decisionId: decisionIdFor(event.eventId),
    eventId: event.eventId,
    customerId: event.customerId,
    outcome: 'no_trigger',
    reasons: [],
    decidedAt,
    policyVersion: version,
    occurredAt: event.occurredAt,
  };
  return { decisions: [decision], offers: [], contact };
}

/**
 * Order of the checks: an occurredAt beyond the future skew is refused (rejected, invalid_event, naming
 * occurredAt: it is bad input); then the sensitive screen (a sensitive event says only
 * sensitive_category, however old); then a stale event (older than the horizon) is suppressed with
 * stale_event without any customer data; then the trigger index and the gates.
 */
export function decide(input: DecideInput): DecideResult {
  const { event, customer, contact, catalog, policy, now } = input;
  const guard = input.clockGuard ?? DEFAULT_CLOCK_GUARD;
  const { eventId, customerId } = event;
  const recordedAt = input.recordedAt ?? now;
  const decidedAt = isoOf(recordedAt);
  const version = policyVersion(policy, catalog);

  const future = occurredAtProblem(event, now, guard);
  if (future !== undefined) {
    const decision = rejectedDecision({
      eventId,
      customerId,
      problems: [future],
      policyVersion: version,
      now: recordedAt,
    });
    return { decisions: [decision], offers: [], contact };
  }

  const candidates = candidatesFor(event, policy, catalog);
  if (candidates === undefined) {
    // Nothing that describes the payment: no trigger, no gates, no occurredAt. The customer is not read.
    const decision: Decision = {
      decisionId: decisionIdFor(eventId),
      eventId,
      customerId,
      outcome: 'suppressed',
      reasons: ['sensitive_category'],
      decidedAt,
      policyVersion: version,
    };
    return { decisions: [decision], offers: [], contact };
  }
  if (isStale(event, now, guard)) {
    // Too old to act on: one suppressed decision for the event, no trigger, no gates, no customer read.
    const decision: Decision = {
      decisionId: decisionIdFor(eventId),
      eventId,
      customerId,
      outcome: 'suppressed',
      reasons: ['stale_event'],
      decidedAt,
      policyVersion: version,
      occurredAt: event.occurredAt,
    };
    return { decisions: [decision], offers: [], contact };
  }
  // No trigger can fire on this event: decided without looking at the customer either.
  if (candidates.length === 0) return noTrigger(event, decidedAt, version, contact);

  // Only now, past the sensitive screen and the index, is customer state looked at.
  if (contact.customerId !== customerId || (customer !== undefined && customer.customerId !== customerId)) {
    throw new CustomerMismatchError('customer or contact state does not belong to the event');
  }
  const holdings = customer === undefined ? NO_HOLDINGS : holdingsOf(customer.holdings);
  let matched: Trigger[] | undefined;
  for (const trigger of candidates) {
    if (!trigger.matches(event, holdings)) continue;
    matched ??= [];
    matched.push(trigger);
  }
  if (matched === undefined) return noTrigger(event, decidedAt, version, contact);

  return decideMatched({
    event,
    customer,
    contact,
    catalog,
    policy,
    now,
    recordedAt,
    decidedAt,
    policyVersion: version,
    matched,
  });
}

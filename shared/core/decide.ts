import { ARBITRATION, arbitrate, type Contender } from './arbitration.js';
import { type Catalog, type Trigger, triggerPriority } from './catalog/catalog.js';
import { type ClockGuard, checkInstant, DEFAULT_CLOCK_GUARD, futureInstantProblem } from './clock-guard.js';
import {
  activeOfferGate,
  type ContactState,
  contactGate,
  dismissalPauseGate,
  type Emission,
  longestValidityDays,
} from './contact-policy.js';
import { type CustomerState, holdingsOf, NO_HOLDINGS } from './customer.js';
import {
  type Decision,
  decisionIdFor,
  type GateResult,
  type OfferInstance,
  offerInstanceIdFor,
  type Reason,
  rejectedDecision,
  sortReasons,
} from './decision.js';
import {
  consentGate,
  exclusionGate,
  latestConsents,
  mayBeMinor,
  objectionGate,
  suitabilityGate,
} from './gates.js';
import type { PaymentEvent, Problem } from './payment-event.js';
import { type Policy, policyVersion } from './policy.js';
import { screenSensitive } from './sensitive.js';
import { addDaysIso, instantMs, isoOf } from './time.js';

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

export interface DecideInput {
  readonly event: PaymentEvent;
  /** Undefined when the bank has no profile: no holdings, no consents, and excluded (age unknown). */
  readonly customer: CustomerState | undefined;
  readonly contact: ContactState;
  readonly catalog: Catalog;
  readonly policy: Policy;
  /**
   * The receive time: when the pipeline got the event (live), or the event's own occurredAt (replays and
   * simulations decide past events on their own clock, as live traffic would have at the time).
   */
  readonly now: Date;
  /** Future skew and stale horizon for occurredAt (default DEFAULT_CLOCK_GUARD). */
  readonly clockGuard?: ClockGuard;
  /**
   * When the decision is recorded (decidedAt, the offer's createdAt and expiry); default `now`. Differs
   * from `now` only for a replay on the event's clock: it is decided as at the time, recorded as today,
   * so its offers are servable and its audit records say when they were really made.
   */
  readonly recordedAt?: Date;
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

export interface DecideResult {
  readonly decisions: Decision[];
  readonly offers: OfferInstance[];
  /**
   * The contact state with this event's emissions appended (version untouched: the adapter bumps it on
   * write). The very same object as the input when nothing was emitted.
   */
  readonly contact: ContactState;
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

  // Customer-level gates are the same for every matched trigger of this event.
  const consents = latestConsents(customer?.consents ?? []);
  const consent = consentGate(consents, policy.consentRegime);
  const objection = objectionGate(consents);
  const minor = mayBeMinor(customer, event.occurredAt);
  const exclusion = exclusionGate(customer, minor);
  const occurredMs = instantMs(event.occurredAt);
  const nowMs = now.getTime();
  const pause = dismissalPauseGate(contact, occurredMs, nowMs, policy.dismissalPause);
  const fallbackValidity = longestValidityDays(catalog);

  // Each matched trigger is gated on its own against the contact state as it was before this event.
  const decisions: Decision[] = [];
  let contenders: Draft[] | undefined;
  for (const trigger of matched) {
    const offer = trigger.offer;
    const gates: GateResult[] = [
      consent,
      objection,
      exclusion,
      suitabilityGate(customer, minor, offer),
      contactGate(contact, occurredMs, nowMs, offer, policy.frequencyCap),
      activeOfferGate(contact, nowMs, offer.validityDays, policy.arbitration, fallbackValidity),
      pause,
    ];
    const reasons: Reason[] = [];
    for (const gate of gates) if (gate.reason !== undefined) reasons.push(gate.reason);
    const decisionId = decisionIdFor(eventId, trigger.id, trigger.version);
    const decision: Decision = {
      decisionId,
      eventId,
      customerId,
      outcome: reasons.length === 0 ? 'emitted' : 'suppressed',
      triggerId: trigger.id,
      triggerVersion: trigger.version,
      offerId: offer.offerId,
      reasons: sortReasons(reasons),
      decidedAt,
      policyVersion: version,
      consentRegime: policy.consentRegime,
      occurredAt: event.occurredAt,
      gates,
    };
    decisions.push(decision);
    if (reasons.length > 0) continue;
    contenders ??= [];
    contenders.push({ trigger, decisionId, decision, gates });
  }
  if (contenders === undefined) return { decisions, offers: [], contact };

  // Arbitration: the best-ranked contenders win, each fitting cap and active-offer limit next to the
  // winners ranked above it; every other contender loses to the first winner.
  const emissionOf = (draft: Draft): Emission => ({
    offerId: draft.trigger.offer.offerId,
    at: event.occurredAt,
    // The contact policy's second time line is the decision clock (`now`), also for a replay; the
    // emission's expiry is on that line too (the offer's own expiresAt is on the recording clock).
    decidedAt: isoOf(now),
    offerInstanceId: offerInstanceIdFor(draft.decisionId),
    expiresAt: addDaysIso(now, draft.trigger.offer.validityDays),
  });
  const withEmissions = (drafts: readonly Draft[]): ContactState => ({
    ...contact,
    emissions: [...contact.emissions, ...drafts.map(emissionOf)],
  });
  const winners = arbitrate(contenders, policy.arbitration.maxOffersPerEvent, (draft, above) => {
    if (above.length === 0) return true; // it passed every gate against `contact` already
    const state = withEmissions(above);
    const offer = draft.trigger.offer;
    return (
      contactGate(state, occurredMs, nowMs, offer, policy.frequencyCap).passed &&
      activeOfferGate(state, nowMs, offer.validityDays, policy.arbitration, fallbackValidity).passed
    );
  });
  const winningDecisionId = winners[0]?.decisionId;

  // Decisions, offers and emissions stay in trigger-id order.
  const offers: OfferInstance[] = [];
  const won: Draft[] = [];
  for (const draft of contenders) {
    const { trigger, decision, gates } = draft;
    if (!winners.includes(draft)) {
      gates.push(ARBITRATION.fail);
      decision.outcome = 'suppressed';
      decision.reasons = ['arbitration_lost'];
      if (winningDecisionId !== undefined) decision.winningDecisionId = winningDecisionId;
      continue;
    }
    gates.push(ARBITRATION.pass);
    won.push(draft);
    const offer = trigger.offer;
    const offerInstanceId = offerInstanceIdFor(draft.decisionId);
    decision.offerInstanceId = offerInstanceId;
    offers.push({
      offerInstanceId,
      customerId,
      offerId: offer.offerId,
      productCode: offer.productCode,
      category: offer.category,
      text: offer.text,
      disclosures: [...offer.disclosures],
      triggerId: trigger.id,
      triggerVersion: trigger.version,
      priority: triggerPriority(trigger),
      ...(trigger.explanation === undefined
        ? {}
        : { explanation: { nl: trigger.explanation.nl, en: trigger.explanation.en } }),
      decisionId: draft.decisionId,
      createdAt: decidedAt,
      expiresAt: addDaysIso(recordedAt, offer.validityDays),
    });
  }
  return { decisions, offers, contact: won.length === 0 ? contact : withEmissions(won) };
}

/** A matched trigger that passed its gates alone: its decision, completed by arbitration. */
interface Draft extends Contender {
  readonly decision: Decision;
  readonly gates: GateResult[];
}

import { ARBITRATION, arbitrate, type Contender } from './arbitration.js';
import { type Catalog, type Trigger, triggerPriority } from './catalog/catalog.js';
import type { ClockGuard } from './clock-guard.js';
import {
  activeOfferGate,
  type ContactState,
  contactGate,
  dismissalPauseGate,
  type Emission,
  longestValidityDays,
} from './contact-policy.js';
import type { CustomerState } from './customer.js';
import {
  type Decision,
  decisionIdFor,
  type GateResult,
  type OfferInstance,
  offerInstanceIdFor,
  type Reason,
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
import type { PaymentEvent } from './payment-event.js';
import type { Policy } from './policy.js';
import { addDaysIso, DAY_MS, instantMs, isoOf } from './time.js';

/**
 * decide() past the screens: the triggers that matched the event, through their gates and arbitration, to
 * decisions, offers and the next contact state. Each matched trigger is first gated on its own against the
 * contact state as it was before this event (consent, objection, exclusion, suitability, contact policy,
 * active-offer limit, dismissal pause); those that pass compete in arbitration (./arbitration.ts): the best
 * ranked win, up to `maxOffersPerEvent`, each later winner fitting the cap and the active-offer limit next
 * to the winners above it. The others are suppressed with arbitration_lost and the first winner's decision
 * id. Decisions, offers and emissions stay in trigger-id order (stable ids and outputs).
 */

export interface DecideResult {
  readonly decisions: Decision[];
  readonly offers: OfferInstance[];
  /**
   * The contact state with this event's emissions appended (version untouched: the adapter bumps it on
   * write). The very same object as the input when nothing was emitted.
   */
  readonly contact: ContactState;
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

/** decide()'s input past the screens: the recording instant and version settled, the matched triggers. */
export interface MatchedInput extends Omit<DecideInput, 'clockGuard' | 'recordedAt'> {
  readonly recordedAt: Date;
  readonly decidedAt: string;
  readonly policyVersion: string;
  /** The matched triggers, sorted by trigger id (catalog.candidates order); at least one. */
  readonly matched: readonly Trigger[];
}

export function decideMatched(input: MatchedInput): DecideResult {
  const { event, customer, contact, catalog, policy, now, recordedAt, decidedAt, matched } = input;
  const { eventId, customerId } = event;
  const version = input.policyVersion;
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
      activeOfferGate(contact, nowMs, expiryMs(recordedAt, offer), policy.arbitration, fallbackValidity),
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
  // winners ranked above it; every other contender loses to the first winner. A lone contender wins.
  const slots = policy.arbitration.maxOffersPerEvent;
  const winners =
    contenders.length === 1
      ? slots >= 1
        ? contenders
        : []
      : arbitrate(contenders, slots, (draft, above) => {
          if (above.length === 0) return true; // it passed every gate against `contact` already
          const state: ContactState = {
            ...contact,
            emissions: [...contact.emissions, ...above.map((w) => emissionOf(w, event, now, recordedAt))],
          };
          const offer = draft.trigger.offer;
          return (
            contactGate(state, occurredMs, nowMs, offer, policy.frequencyCap).passed &&
            activeOfferGate(state, nowMs, expiryMs(recordedAt, offer), policy.arbitration, fallbackValidity)
              .passed
          );
        });
  const winningDecisionId = winners[0]?.decisionId;

  // Decisions, offers and emissions stay in trigger-id order.
  const offers: OfferInstance[] = [];
  const emissions: Emission[] = [];
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
    const offer = trigger.offer;
    const offerInstanceId = offerInstanceIdFor(draft.decisionId);
    decision.offerInstanceId = offerInstanceId;
    emissions.push(emissionOf(draft, event, now, recordedAt, offerInstanceId));
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
      ...explanationOf(trigger),
      decisionId: draft.decisionId,
      createdAt: decidedAt,
      expiresAt: addDaysIso(recordedAt, offer.validityDays),
    });
  }
  const next =
    emissions.length === 0 ? contact : { ...contact, emissions: [...contact.emissions, ...emissions] };
  return { decisions, offers, contact: next };
}

/** A matched trigger that passed its gates alone: its decision, completed by arbitration. */
interface Draft extends Contender {
  readonly decision: Decision;
  readonly gates: GateResult[];
}

/**
 * The emission a winner adds to the contact state: decided on the decision clock (`now`, the contact
 * policy's second time line, also for a replay), expiring when its offer does (`recordedAt` + validity,
 * the offer's own expiresAt). So it counts as active for exactly as long as the banner can serve the offer:
 * a replay recorded today holds its offers against the limit until they really expire.
 */
function emissionOf(
  draft: Contender,
  event: PaymentEvent,
  now: Date,
  recordedAt: Date,
  offerInstanceId = offerInstanceIdFor(draft.decisionId),
): Emission {
  return {
    offerId: draft.trigger.offer.offerId,
    at: event.occurredAt,
    decidedAt: isoOf(now),
    offerInstanceId,
    expiresAt: addDaysIso(recordedAt, draft.trigger.offer.validityDays),
  };
}

/** When an offer decided now would expire (epoch ms): its offer instance's expiresAt. */
function expiryMs(recordedAt: Date, offer: Trigger['offer']): number {
  return recordedAt.getTime() + offer.validityDays * DAY_MS;
}

const NO_EXPLANATION = Object.freeze({});

/** The trigger's approved explanation, copied verbatim; nothing when it has none (never invented). */
function explanationOf(trigger: Trigger): { explanation?: { nl: string; en: string } } {
  const explanation = trigger.explanation;
  return explanation === undefined
    ? NO_EXPLANATION
    : { explanation: { nl: explanation.nl, en: explanation.en } };
}

import type { Offer } from './catalog/catalog.js';
import type { ConsentRecord, ConsentStatus, ContactState, CustomerState } from './customer.js';
import type { Gate, GateResult, Reason } from './decision.js';
import type { ConsentRegime, Policy } from './policy.js';
import { DAY_MS, instantMs, isYoungerThan, localDateOf } from './time.js';

/**
 * The gates between a matched trigger and an emitted offer (domain.md points 1 and 3). Each returns a
 * GateResult; decide() evaluates all of them and records every failure. Gate results are shared frozen
 * constants: the hot path allocates nothing for them.
 */

function result(gate: Gate, reason: Reason): { pass: GateResult; fail: GateResult } {
  return {
    pass: Object.freeze({ gate, passed: true }),
    fail: Object.freeze({ gate, passed: false, reason }),
  };
}

const CONSENT = result('consent', 'no_consent');
const OBJECTION = result('objection', 'objected');
const EXCLUSION = result('customer_exclusion', 'customer_excluded');
const SUITABILITY = result('suitability', 'unsuitable');
const CONTACT = result('contact_policy', 'frequency_capped');

export const ADULT_AGE = 18;

/** When several records share the latest instant, the most restrictive one counts. */
const RESTRICTIVENESS: Readonly<Record<ConsentStatus, number>> = { granted: 0, withdrawn: 1, objected: 2 };

export interface LatestConsents {
  readonly transactionOffers: ConsentStatus | undefined;
  readonly directMarketing: ConsentStatus | undefined;
}

/** The status that counts per purpose: the record with the latest `at` (undefined: never asked). */
export function latestConsents(consents: readonly ConsentRecord[]): LatestConsents {
  let txAt = Number.NEGATIVE_INFINITY;
  let tx: ConsentStatus | undefined;
  let dmAt = Number.NEGATIVE_INFINITY;
  let dm: ConsentStatus | undefined;
  for (const record of consents) {
    const at = instantMs(record.at);
    if (record.purpose === 'transaction-offers') {
      if (tx === undefined || at > txAt || (at === txAt && stricter(record.status, tx))) {
        txAt = at;
        tx = record.status;
      }
    } else if (dm === undefined || at > dmAt || (at === dmAt && stricter(record.status, dm))) {
      dmAt = at;
      dm = record.status;
    }
  }
  return { transactionOffers: tx, directMarketing: dm };
}

function stricter(candidate: ConsentStatus, current: ConsentStatus): boolean {
  return RESTRICTIVENESS[candidate] > RESTRICTIVENESS[current];
}

/**
 * Consent (purpose binding). opt-in: `transaction-offers` must be granted; a missing record means no.
 * opt-out: allowed unless `transaction-offers` was withdrawn or objected to. In both regimes a withdrawn
 * `direct-marketing` consent also fails this gate: an in-app offer is marketing, and the customer said
 * no to marketing. (Objections are the objection gate's business.)
 */
export function consentGate(consents: LatestConsents, regime: ConsentRegime): GateResult {
  if (consents.directMarketing === 'withdrawn') return CONSENT.fail;
  const tx = consents.transactionOffers;
  const allowed = regime === 'opt-in' ? tx === 'granted' : tx !== 'withdrawn' && tx !== 'objected';
  return allowed ? CONSENT.pass : CONSENT.fail;
}

/** GDPR art. 21: an objection on either purpose blocks every offer, in every regime. */
export function objectionGate(consents: LatestConsents): GateResult {
  const objected = consents.transactionOffers === 'objected' || consents.directMarketing === 'objected';
  return objected ? OBJECTION.fail : OBJECTION.pass;
}

/**
 * Whether the customer is, or may be, a minor on the event's local calendar date. Without a birth date
 * we cannot rule it out, so "may be" counts as yes: duty of care fails closed.
 */
export function mayBeMinor(customer: CustomerState | undefined, occurredAt: string): boolean {
  const birthDate = customer?.birthDate;
  return birthDate === undefined || isYoungerThan(birthDate, ADULT_AGE, localDateOf(occurredAt));
}

/**
 * Customer exclusions (duty of care): minors, deceased and vulnerable customers get no offers. An
 * unknown customer (no profile) is excluded too: nothing shows they are an adult who is alive.
 */
export function exclusionGate(customer: CustomerState | undefined, minor: boolean): GateResult {
  if (customer === undefined || minor) return EXCLUSION.fail;
  const excluded = customer.flags.includes('deceased') || customer.flags.includes('vulnerable');
  return excluded ? EXCLUSION.fail : EXCLUSION.pass;
}

/** Suitability: credit never goes to (possible) minors or customers in financial difficulty or fraud registers. */
export function suitabilityGate(
  customer: CustomerState | undefined,
  minor: boolean,
  offer: Offer,
): GateResult {
  if (offer.category !== 'credit') return SUITABILITY.pass;
  if (customer === undefined || minor) return SUITABILITY.fail;
  const unsuitable =
    customer.flags.includes('financial-difficulty') || customer.flags.includes('fraud-register');
  return unsuitable ? SUITABILITY.fail : SUITABILITY.pass;
}

/**
 * Contact policy. It holds in any processing order (retries, redeliveries, events arriving late), on two
 * time lines: event time (`at` = occurredAt, so replays decide as live traffic did) and decision time
 * (`decidedAt` = the receive time, what the customer actually sees):
 *  - frequency cap: no closed window of `windowDays` on either line may hold more than `maxOffers`
 *    emissions, this one included: emissions before AND after this one count;
 *  - cooldown: not the same offer if it was emitted within `cooldownDays` of this event, before or after,
 *    on either line (so never twice for one event), nor while an emission of it may still be active
 *    (decided less than `validityDays` ago), nor while `cooldownUntil[offerId]` (a dismissal) is after
 *    the event or the receive time.
 */
export function contactGate(
  contact: ContactState,
  occurredMs: number,
  nowMs: number,
  offer: Offer,
  cap: Policy['frequencyCap'],
): GateResult {
  const window = cap.windowDays * DAY_MS;
  const cooldown = offer.cooldownDays * DAY_MS;
  const validity = offer.validityDays * DAY_MS;
  const nearByEvent: number[] = [];
  const nearByDecision: number[] = [];
  let cooling = false;
  for (const emission of contact.emissions) {
    const at = instantMs(emission.at);
    const decided = emission.decidedAt === undefined ? at : instantMs(emission.decidedAt);
    const eventGap = Math.abs(at - occurredMs);
    const decisionGap = Math.abs(decided - nowMs);
    if (
      emission.offerId === offer.offerId &&
      (eventGap <= cooldown || decisionGap <= cooldown || decisionGap < validity)
    ) {
      cooling = true;
    }
    if (eventGap <= window) nearByEvent.push(at);
    if (decisionGap <= window) nearByDecision.push(decided);
  }
  if (Object.hasOwn(contact.cooldownUntil, offer.offerId)) {
    const until = contact.cooldownUntil[offer.offerId];
    if (until !== undefined && instantMs(until) > Math.min(occurredMs, nowMs)) cooling = true;
  }
  const capped =
    wouldExceedCap(nearByEvent, occurredMs, window, cap.maxOffers) ||
    wouldExceedCap(nearByDecision, nowMs, window, cap.maxOffers);
  return capped || cooling ? CONTACT.fail : CONTACT.pass;
}

/**
 * Whether one more emission at `t` would put more than `max` emissions into some closed window of length
 * `window`. Only windows containing t matter, i.e. starting in [t - window, t]; the fullest of them starts
 * at t or at one of the existing emissions in that range (sliding a window right until its start meets an
 * emission loses none and may gain some). `times` holds the emissions within `window` of t.
 */
export function wouldExceedCap(times: readonly number[], t: number, window: number, max: number): boolean {
  if (times.length < max) return false;
  const starts = [t];
  for (const x of times) if (x >= t - window && x <= t) starts.push(x);
  for (const start of starts) {
    let inside = 0;
    for (const x of times) if (x >= start && x <= start + window) inside++;
    if (inside >= max) return true;
  }
  return false;
}

/**
 * Whether the customer's consents allow any offer now, under the regime: the consent and objection gates
 * together. Used for the second point of the two-point check (at read time) and on consent changes.
 */
export function offersAllowed(consents: readonly ConsentRecord[], regime: ConsentRegime): boolean {
  const latest = latestConsents(consents);
  return consentGate(latest, regime).passed && objectionGate(latest).passed;
}

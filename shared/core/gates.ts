import type { Offer } from './catalog/catalog.js';
import type { ConsentRecord, ConsentStatus, CustomerState } from './customer.js';
import type { Gate, GateResult, Reason } from './decision.js';
import type { ConsentRegime } from './policy.js';
import { instantMs, isYoungerThan, localDateOf } from './time.js';

/**
 * The gates between a matched trigger and an emitted offer (domain.md points 1 and 3). Each returns a
 * GateResult; decide() evaluates all of them and records every failure. Gate results are shared frozen
 * constants: the hot path allocates nothing for them. The contact-policy gate lives with the state it
 * reads, in contact-policy.ts.
 */

/** The pass and fail results of one gate, frozen once. */
export function gateResults(gate: Gate, reason: Reason): { pass: GateResult; fail: GateResult } {
  return {
    pass: Object.freeze({ gate, passed: true }),
    fail: Object.freeze({ gate, passed: false, reason }),
  };
}

const CONSENT = gateResults('consent', 'no_consent');
const OBJECTION = gateResults('objection', 'objected');
const EXCLUSION = gateResults('customer_exclusion', 'customer_excluded');
const SUITABILITY = gateResults('suitability', 'unsuitable');

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
 * Whether the customer's consents allow any offer now, under the regime: the consent and objection gates
 * together. Used for the second point of the two-point check (at read time) and on consent changes.
 */
export function offersAllowed(consents: readonly ConsentRecord[], regime: ConsentRegime): boolean {
  const latest = latestConsents(consents);
  return consentGate(latest, regime).passed && objectionGate(latest).passed;
}

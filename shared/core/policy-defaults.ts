/**
 * The parts of the policy a deployment may choose, with their defaults: the one list of consent regimes and
 * the one default contact cap ("2 offers per 7 days"). Free of imports on purpose, so that the handlers'
 * environment schemas (shared/config/) and the CDK settings can use them without bundling the sensitive
 * screen that shared/core/policy.ts (which re-exports these) carries in DEFAULT_POLICY.
 */

export const CONSENT_REGIMES = ['opt-in', 'opt-out'] as const;
/**
 * opt-in (default): an offer needs a granted `transaction-offers` consent.
 * opt-out: allowed unless the customer withdrew or objected; exists only as explicit configuration.
 */
export type ConsentRegime = (typeof CONSENT_REGIMES)[number];

/** Opt-in unless a deployment explicitly chooses otherwise (domain rule 1). */
export const DEFAULT_CONSENT_REGIME: ConsentRegime = 'opt-in';

/** At most `maxOffers` emitted offers per customer within any `windowDays`. */
export interface FrequencyCap {
  readonly maxOffers: number;
  readonly windowDays: number;
}

export const DEFAULT_FREQUENCY_CAP: FrequencyCap = Object.freeze({ maxOffers: 2, windowDays: 7 });

/**
 * Arbitration for the one banner slot (issue 13): at most `maxOffersPerEvent` offers are emitted for one
 * payment (the highest trigger priority wins, ties by trigger id; the others are suppressed with
 * arbitration_lost), and at most `maxActiveOffers` offers are active for a customer at once (a new one
 * beyond that is suppressed with active_offer_limit). An offer is active from its decision until it expires,
 * is clicked or dismissed, or is withdrawn.
 */
export interface ArbitrationLimits {
  readonly maxOffersPerEvent: number;
  readonly maxActiveOffers: number;
}

export const DEFAULT_ARBITRATION: ArbitrationLimits = Object.freeze({
  maxOffersPerEvent: 1,
  maxActiveOffers: 2,
});

/**
 * Feedback that protects the customer (issue 13): `dismissals` dismissals within any `withinDays` stop all
 * offers to that customer for `pauseDays` after the last of them (reason repeated_dismissals).
 */
export interface DismissalPause {
  readonly dismissals: number;
  readonly withinDays: number;
  readonly pauseDays: number;
}

export const DEFAULT_DISMISSAL_PAUSE: DismissalPause = Object.freeze({
  dismissals: 3,
  withinDays: 30,
  pauseDays: 90,
});

/**
 * What a consent-regime setting expects, derived from the list (the default first), e.g.
 * `expected "opt-in" (the default) or "opt-out"`; `extra` notes what a choice needs.
 */
export function consentRegimeExpectation(extra: Partial<Record<ConsentRegime, string>> = {}): string {
  const choices = CONSENT_REGIMES.map((regime) => {
    const notes = [regime === DEFAULT_CONSENT_REGIME ? 'the default' : undefined, extra[regime]].filter(
      (note) => note !== undefined,
    );
    return notes.length > 0 ? `"${regime}" (${notes.join('; ')})` : `"${regime}"`;
  });
  return `expected ${choices.slice(0, -1).join(', ')}${choices.length > 1 ? ' or ' : ''}${choices.at(-1) ?? ''}`;
}

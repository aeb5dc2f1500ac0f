import type { ConsentRegime } from '#core/policy.js';

/**
 * The second point of the two-point consent check: at read time, the customer's current consent records
 * decide whether any offer may be shown, with the very gates the decision core applies (`offersAllowed` in
 * shared/core/gates.ts: opt-in needs a granted `transaction-offers` consent, opt-out allows unless withdrawn
 * or objected, a withdrawn `direct-marketing` consent blocks, an objection blocks everything, always).
 */
export { offersAllowed } from '#core/gates.js';

/**
 * The regimes, for the handler's environment schema. Written out rather than imported from core/policy.ts
 * (whose module pulls the sensitive-payment rules into a bundle); `satisfies` and a unit test keep it equal.
 */
export const CONSENT_REGIME_VALUES = ['opt-in', 'opt-out'] as const satisfies readonly ConsentRegime[];

/**
 * The second point of the two-point consent check: at read time, the customer's current consent records
 * decide whether any offer may be shown, with the very gates the decision core applies (`offersAllowed` in
 * shared/core/gates.ts: opt-in needs a granted `transaction-offers` consent, opt-out allows unless withdrawn
 * or objected, a withdrawn `direct-marketing` consent blocks, an objection blocks everything, always). The
 * regimes are listed once, in shared/core/policy-defaults.ts (re-exported by shared/core/policy.ts).
 */
export { offersAllowed } from '#core/gates.js';

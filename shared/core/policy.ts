import type { Catalog } from './catalog/catalog.js';
import {
  type ArbitrationLimits,
  type ConsentRegime,
  DEFAULT_ARBITRATION,
  DEFAULT_CONSENT_REGIME,
  DEFAULT_DISMISSAL_PAUSE,
  DEFAULT_FREQUENCY_CAP,
  type DismissalPause,
  type FrequencyCap,
} from './policy-defaults.js';
import { DEFAULT_SENSITIVE_RULES, type SensitiveRules } from './sensitive.js';

export {
  type ArbitrationLimits,
  CONSENT_REGIMES,
  type ConsentRegime,
  DEFAULT_ARBITRATION,
  DEFAULT_CONSENT_REGIME,
  DEFAULT_DISMISSAL_PAUSE,
  DEFAULT_FREQUENCY_CAP,
  type DismissalPause,
  type FrequencyCap,
} from './policy-defaults.js';

/**
 * The deployment's choices that shape decisions. Every decision records them (policyVersion,
 * consentRegime) so a privacy officer can show which rules applied to any one decision.
 */

export interface Policy {
  /** Version of these policy settings; bump when a deployment changes its policy. */
  readonly version: string;
  readonly consentRegime: ConsentRegime;
  /** At most `maxOffers` emitted offers per customer within any `windowDays` (on event time). */
  readonly frequencyCap: FrequencyCap;
  /** Offers per payment and active offers per customer (issue 13). */
  readonly arbitration: ArbitrationLimits;
  /** Repeated dismissals pause all offers to the customer (issue 13). */
  readonly dismissalPause: DismissalPause;
  readonly sensitive: SensitiveRules;
}

export const DEFAULT_POLICY: Policy = {
  version: '2026-11-21.1',
  consentRegime: DEFAULT_CONSENT_REGIME,
  frequencyCap: DEFAULT_FREQUENCY_CAP,
  arbitration: DEFAULT_ARBITRATION,
  dismissalPause: DEFAULT_DISMISSAL_PAUSE,
  sensitive: DEFAULT_SENSITIVE_RULES,
};

const cache = new WeakMap<Policy, WeakMap<Catalog, string>>();

/**
 * The version stamp on every decision: policy settings (including the regime and cap actually in force,
 * since deployments derive policies from DEFAULT_POLICY), catalog and sensitive-screen versions, e.g.
 *   policy=2026-11-21.1;regime=opt-in;cap=2/7d;arb=1/2;pause=3/30d/90d;catalog=r-…;sensitive=2026-11-21.1
 * (arb = maxOffersPerEvent/maxActiveOffers; pause = dismissals/withinDays/pauseDays)
 * Trigger versions are recorded separately on each decision.
 */
export function policyVersion(policy: Policy, catalog: Catalog): string {
  let byCatalog = cache.get(policy);
  const cached = byCatalog?.get(catalog);
  if (cached !== undefined) return cached;
  const { maxOffers, windowDays } = policy.frequencyCap;
  const { maxOffersPerEvent, maxActiveOffers } = policy.arbitration;
  const { dismissals, withinDays, pauseDays } = policy.dismissalPause;
  const version =
    `policy=${policy.version};regime=${policy.consentRegime};cap=${maxOffers}/${windowDays}d;` +
    `arb=${maxOffersPerEvent}/${maxActiveOffers};pause=${dismissals}/${withinDays}d/${pauseDays}d;` +
    `catalog=${catalog.version};sensitive=${policy.sensitive.version}`;
  if (byCatalog === undefined) {
    byCatalog = new WeakMap();
    cache.set(policy, byCatalog);
  }
  byCatalog.set(catalog, version);
  return version;
}

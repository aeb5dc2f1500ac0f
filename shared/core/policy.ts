import type { Catalog } from './catalog/catalog.js';
import {
  type ConsentRegime,
  DEFAULT_CONSENT_REGIME,
  DEFAULT_FREQUENCY_CAP,
  type FrequencyCap,
} from './policy-defaults.js';
import { DEFAULT_SENSITIVE_RULES, type SensitiveRules } from './sensitive.js';

export {
  CONSENT_REGIMES,
  type ConsentRegime,
  DEFAULT_CONSENT_REGIME,
  DEFAULT_FREQUENCY_CAP,
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
  readonly sensitive: SensitiveRules;
}

export const DEFAULT_POLICY: Policy = {
  version: '2026-11-21.1',
  consentRegime: DEFAULT_CONSENT_REGIME,
  frequencyCap: DEFAULT_FREQUENCY_CAP,
  sensitive: DEFAULT_SENSITIVE_RULES,
};

const cache = new WeakMap<Policy, WeakMap<Catalog, string>>();

/**
 * The version stamp on every decision: policy settings (including the regime and cap actually in force,
 * since deployments derive policies from DEFAULT_POLICY), catalog and sensitive-screen versions, e.g.
 *   policy=2026-11-21.1;regime=opt-in;cap=2/7d;catalog=2026-11-21.1;sensitive=2026-11-21.1
 * Trigger versions are recorded separately on each decision.
 */
export function policyVersion(policy: Policy, catalog: Catalog): string {
  let byCatalog = cache.get(policy);
  const cached = byCatalog?.get(catalog);
  if (cached !== undefined) return cached;
  const { maxOffers, windowDays } = policy.frequencyCap;
  const version =
    `policy=${policy.version};regime=${policy.consentRegime};cap=${maxOffers}/${windowDays}d;` +
    `catalog=${catalog.version};sensitive=${policy.sensitive.version}`;
  if (byCatalog === undefined) {
    byCatalog = new WeakMap();
    cache.set(policy, byCatalog);
  }
  byCatalog.set(catalog, version);
  return version;
}

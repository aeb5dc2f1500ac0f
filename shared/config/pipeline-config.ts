import { DEFAULT_POLICY, type Policy } from '#core/policy.js';
import type { SettingValues } from './settings.js';

/**
 * The policy built from a function's validated settings (./settings.ts), once at cold start. (The clock
 * guard is in ./clock-guard.ts; the catalog is read live from the catalog table, shared/app/catalog-snapshot.ts.)
 */

export function policyFrom(
  settings: SettingValues<'CONSENT_REGIME' | 'FREQUENCY_CAP_MAX_OFFERS' | 'FREQUENCY_CAP_WINDOW_DAYS'>,
): Policy {
  return {
    ...DEFAULT_POLICY,
    consentRegime: settings.CONSENT_REGIME,
    frequencyCap: {
      maxOffers: settings.FREQUENCY_CAP_MAX_OFFERS,
      windowDays: settings.FREQUENCY_CAP_WINDOW_DAYS,
    },
  };
}

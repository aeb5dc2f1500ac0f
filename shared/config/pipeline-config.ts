import { DEFAULT_POLICY, type Policy } from '#core/policy.js';
import type { SettingValues } from './settings.js';

/**
 * The policy built from a function's validated settings (./settings.ts), once at cold start. (The clock
 * guard is in ./clock-guard.ts; the catalog is read live from the catalog table, shared/app/catalog-snapshot.ts.)
 */

/** The settings the policy is made of; policyFrom reads each one a function declares. */
export const POLICY_SETTINGS = [
  'CONSENT_REGIME',
  'FREQUENCY_CAP_MAX_OFFERS',
  'FREQUENCY_CAP_WINDOW_DAYS',
  'MAX_OFFERS_PER_EVENT',
  'MAX_ACTIVE_OFFERS',
  'DISMISSAL_PAUSE_COUNT',
  'DISMISSAL_PAUSE_WITHIN_DAYS',
  'DISMISSAL_PAUSE_DAYS',
] as const;
export type PolicySettingName = (typeof POLICY_SETTINGS)[number];

/**
 * The policy of a function from the policy settings it declares in its definition; a part it does not
 * declare keeps DEFAULT_POLICY's value, which that function must not rely on (the banner API declares only
 * the consent regime and the dismissal pause; evaluate-payments declares them all, and
 * test/infra/definitions.test.ts holds that).
 */
export function policyFrom(settings: Partial<SettingValues<PolicySettingName>>): Policy {
  const { frequencyCap, arbitration, dismissalPause } = DEFAULT_POLICY;
  return {
    ...DEFAULT_POLICY,
    consentRegime: settings.CONSENT_REGIME ?? DEFAULT_POLICY.consentRegime,
    frequencyCap: {
      maxOffers: settings.FREQUENCY_CAP_MAX_OFFERS ?? frequencyCap.maxOffers,
      windowDays: settings.FREQUENCY_CAP_WINDOW_DAYS ?? frequencyCap.windowDays,
    },
    arbitration: {
      maxOffersPerEvent: settings.MAX_OFFERS_PER_EVENT ?? arbitration.maxOffersPerEvent,
      maxActiveOffers: settings.MAX_ACTIVE_OFFERS ?? arbitration.maxActiveOffers,
    },
    dismissalPause: {
      dismissals: settings.DISMISSAL_PAUSE_COUNT ?? dismissalPause.dismissals,
      withinDays: settings.DISMISSAL_PAUSE_WITHIN_DAYS ?? dismissalPause.withinDays,
      pauseDays: settings.DISMISSAL_PAUSE_DAYS ?? dismissalPause.pauseDays,
    },
  };
}

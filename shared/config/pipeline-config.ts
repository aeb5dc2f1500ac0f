import { defaultCatalogDir, loadCatalogFromDir } from '#config/catalog-folder.js';
import type { Catalog } from '#core/catalog/catalog.js';
import { DEFAULT_POLICY, type Policy } from '#core/policy.js';
import type { SettingValues } from './settings.js';

/**
 * The policy and catalog built from a function's validated settings (./settings.ts), once at cold start.
 * (The clock guard is in ./clock-guard.ts: this module bundles the sensitive screen with DEFAULT_POLICY.)
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

/** The catalog folder CATALOG_DIR names (the repository's catalog/ when unset); a broken catalog throws. */
export function catalogFrom(settings: SettingValues<'CATALOG_DIR'>): Catalog {
  return loadCatalogFromDir(settings.CATALOG_DIR ?? defaultCatalogDir());
}

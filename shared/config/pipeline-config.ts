import type { Catalog } from '#core/catalog/catalog.js';
import { defaultCatalogDir, loadCatalogFromDir } from '#core/catalog/load-from-dir.js';
import type { ClockGuard } from '#core/clock-guard.js';
import { DEFAULT_POLICY, type Policy } from '#core/policy.js';
import type { SettingValues } from './settings.js';

/**
 * The domain values built from a function's validated settings (./settings.ts), once at cold start.
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

/** The future-skew part of the clock guard, for the functions that judge instants of changes and feedback. */
export function futureSkewFrom(
  settings: SettingValues<'MAX_FUTURE_SKEW_SECONDS'>,
): Pick<ClockGuard, 'maxFutureSkewSeconds'> {
  return { maxFutureSkewSeconds: settings.MAX_FUTURE_SKEW_SECONDS };
}

export function clockGuardFrom(
  settings: SettingValues<'MAX_FUTURE_SKEW_SECONDS' | 'STALE_EVENT_HORIZON_DAYS'>,
): ClockGuard {
  return {
    maxFutureSkewSeconds: settings.MAX_FUTURE_SKEW_SECONDS,
    staleEventHorizonDays: settings.STALE_EVENT_HORIZON_DAYS,
  };
}

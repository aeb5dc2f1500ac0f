import * as z from 'zod';
import { defaultCatalogDir, loadCatalogFromDir } from '#adapters/fs/catalog-folder.js';
import type { Catalog } from '#core/catalog/catalog.js';
import { DEFAULT_POLICY, type Policy } from '#core/policy.js';
import { positiveIntFromEnv } from './env.js';

/**
 * The policy settings a deployment may choose. Opt-in is the default; opt-out exists only when configured
 * explicitly, and every decision records which regime applied.
 */
export const PolicyEnv = z.object({
  CONSENT_REGIME: z
    .enum(['opt-in', 'opt-out'], { error: 'expected "opt-in" (the default) or "opt-out"' })
    .default('opt-in'),
  FREQUENCY_CAP_MAX_OFFERS: positiveIntFromEnv('the most offers per customer per window', 2),
  FREQUENCY_CAP_WINDOW_DAYS: positiveIntFromEnv('the frequency window in days', 7),
  CATALOG_DIR: z.string().min(1).optional(),
});

export function policyFrom(env: z.output<typeof PolicyEnv>): Policy {
  return {
    ...DEFAULT_POLICY,
    consentRegime: env.CONSENT_REGIME,
    frequencyCap: { maxOffers: env.FREQUENCY_CAP_MAX_OFFERS, windowDays: env.FREQUENCY_CAP_WINDOW_DAYS },
  };
}

export function catalogFrom(env: z.output<typeof PolicyEnv>): Catalog {
  return loadCatalogFromDir(env.CATALOG_DIR ?? defaultCatalogDir());
}

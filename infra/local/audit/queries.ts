import { catalogTriggerIds, privacyQueryServices } from '#functions/privacy-api/privacy-services.js';
import { TABLES, type Target } from './target.js';

/**
 * The privacy officers' services on a target, wired as the privacy Lambdas wire them
 * (functions/privacy-api/privacy-services.ts) and recorded in its access log.
 */
export function servicesOn(target: Target) {
  return privacyQueryServices(target.documents, TABLES, {
    triggerIds: catalogTriggerIds(process.env.CATALOG_DIR),
  });
}

/** The privacy officers' queries on a target. */
export const queriesOn = (target: Target) => servicesOn(target).queries;

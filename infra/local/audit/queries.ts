import { defaultCatalogDir, loadCatalogFromDir } from '#config/catalog-folder.js';
import { privacyQueryServices } from '#functions/privacy-api/privacy-services.js';
import { TABLES, type Target } from './target.js';

/**
 * The privacy officers' services on a target, wired as the privacy Lambdas wire them
 * (functions/privacy-api/privacy-services.ts) and recorded in its access log.
 */
export function servicesOn(target: Target) {
  return privacyQueryServices(target.documents, TABLES, {
    // The catalog folder's trigger ids (read when a query needs them). After the issue 12 merge this could
    // read the local pipeline's live catalog table instead.
    catalog: { current: async () => loadCatalogFromDir(process.env.CATALOG_DIR ?? defaultCatalogDir()) },
  });
}

/** The privacy officers' queries on a target. */
export const queriesOn = (target: Target) => servicesOn(target).queries;

import { DynamoCatalogStore } from '#adapters/dynamodb/catalog-store.js';
import { loadLiveCatalog } from '#app/catalog-snapshot.js';
import { privacyQueryServices } from '#functions/privacy-api/privacy-services.js';
import { CatalogUnavailableError } from '#shared/errors.js';
import { TABLES, type Target } from './target.js';

/**
 * The privacy officers' services on a target, wired as the privacy Lambdas wire them
 * (functions/privacy-api/privacy-services.ts) and recorded in its access log.
 */
export function servicesOn(target: Target) {
  const catalogStore = new DynamoCatalogStore(target.documents, TABLES.catalog);
  return privacyQueryServices(target.documents, TABLES, {
    // The local pipeline's live catalog (its trigger ids, read when a query needs them), and every version
    // ever approved (explain's trigger provenance), as the privacy Lambda reads them.
    catalog: {
      current: async () => {
        const live = await loadLiveCatalog(catalogStore, new Date());
        if (live.ok) return live.catalog;
        throw new CatalogUnavailableError(
          `The local pipeline has no valid live catalog (${live.kind}): start it with npm start first.`,
        );
      },
    },
    catalogRecords: catalogStore,
    // DuckDB over the local archive folder (target.ts archiveDirOf).
    engine: target.archive,
  });
}

/** The privacy officers' queries on a target. */
export const queriesOn = (target: Target) => servicesOn(target).queries;

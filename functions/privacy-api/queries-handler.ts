import { lazyArchiveEngine } from '#adapters/archive/engine-from-env.js';
import { DynamoCatalogStore } from '#adapters/dynamodb/catalog-store.js';
import { loadLiveCatalog } from '#app/catalog-snapshot.js';
import { readFunctionEnv } from '#config/function-env.js';
import { documentClient } from '#functions/handler-kit/aws-clients.js';
import { liveCatalogSource } from '#functions/handler-kit/catalog-source.js';
import { observability } from '#functions/handler-kit/powertools.js';
import { privacyQueries } from '#infra/definitions/functions.js';
import { createQueriesHandler } from './create-queries-handler.js';
import { privacyQueryServices } from './privacy-services.js';

// Cold start: the environment is read and validated once; the live catalog (its trigger ids are the rows
// of the per-trigger counts) is read when a query needs it and refreshed (handler-kit/catalog-source.ts).
const { tables, settings } = readFunctionEnv(privacyQueries);
const client = documentClient();
const obs = observability(privacyQueries.name);
// The live catalog (trigger ids) and every version ever approved (explain's trigger provenance).
const catalogStore = new DynamoCatalogStore(client, tables.catalog);

export const handler = createQueriesHandler({
  ...obs,
  ...privacyQueryServices(
    client,
    {
      audit: tables.audit,
      consentHistory: tables['consent-history'],
      offers: tables.offers,
      offerEvents: tables['offer-events'],
      accessLog: tables['audit-access-log'],
      customerKeys: tables['customer-keys'],
    },
    {
      // The archive's engine by environment (Athena in AWS), opened on the first query of a cold start.
      engine: lazyArchiveEngine(settings),
      catalog: liveCatalogSource({
        ...obs,
        refreshSeconds: settings.CATALOG_REFRESH_SECONDS,
        load: (now) => loadLiveCatalog(catalogStore, now),
      }),
      catalogRecords: catalogStore,
    },
  ),
});

import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoCatalogStore } from '#adapters/dynamodb/catalog-store.js';
import {
  CatalogSnapshotCache,
  type CatalogSource,
  type LiveCatalog,
  loadLiveCatalog,
} from '#app/catalog-snapshot.js';
import { CatalogUnavailableError } from '#shared/errors.js';
import { METRIC } from './metric-names.js';
import type { Observability } from './powertools.js';

/**
 * The live catalog of a function that decides or answers with it (evaluate-payments, banner-offer-events,
 * privacy-queries): read from the catalog table at the first call after a cold start, again at most every
 * CATALOG_REFRESH_SECONDS (shared/app/catalog-snapshot.ts). Counted and logged here, the same for all three:
 * catalog_refreshed per good read, catalog_snapshot_refused per refused or unreadable read (the last good
 * catalog stays in use; logged with its problems, which name catalog items and fields, never a customer),
 * catalog_unavailable per call that found no good catalog at all (the caller fails closed). The last two
 * alarm (infra/cdk/alarms.ts).
 */
export interface LiveCatalogDeps extends Observability {
  readonly refreshSeconds: number;
  readonly load: (now: Date) => Promise<LiveCatalog>;
  readonly now?: () => Date;
}

export function liveCatalogSource(deps: LiveCatalogDeps): CatalogSource {
  const { logger, metrics } = deps;
  const cache = new CatalogSnapshotCache({
    load: deps.load,
    refreshSeconds: deps.refreshSeconds,
    now: deps.now ?? (() => new Date()),
    onRefused: (problems) => {
      metrics.addMetric(METRIC.catalogSnapshotRefused, MetricUnit.Count, 1);
      logger.error('Catalog snapshot refused; the last good catalog, if any, stays in use', { problems });
    },
    onRefreshed: (revision, previous) => {
      metrics.addMetric(METRIC.catalogRefreshed, MetricUnit.Count, 1);
      if (revision !== previous) logger.info('Catalog snapshot in use', { revision, previous });
    },
  });
  return {
    current: async () => {
      try {
        return await cache.current();
      } catch (error) {
        if (error instanceof CatalogUnavailableError) {
          metrics.addMetric(METRIC.catalogUnavailable, MetricUnit.Count, 1);
        }
        throw error;
      }
    },
  };
}

/** One read of the live catalog from the catalog table (its sparse versions index), through the one gate. */
export function catalogTableReader(
  client: DynamoDBDocumentClient,
  tableName: string,
): (now: Date) => Promise<LiveCatalog> {
  const store = new DynamoCatalogStore(client, tableName);
  return (now) => loadLiveCatalog(store, now);
}

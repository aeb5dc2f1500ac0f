import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoAccessLog, DynamoAccessLogReader } from '#adapters/dynamodb/access-log-store.js';
import { DynamoPrivacyReader } from '#adapters/dynamodb/audit-reader.js';
import { DynamoCustomerKeyStore } from '#adapters/dynamodb/customer-key-store.js';
import { createDynamoErasureDeps, type ErasureTables } from '#adapters/dynamodb/erasure-store.js';
import type { CatalogRepository } from '#app/catalog-ports.js';
import type { CatalogSource } from '#app/catalog-snapshot.js';
import type { ArchiveEngine } from '#archive/ports.js';
import { AccessLogQueries } from '#privacy/access-log.query.js';
import { EngineAuditArchive } from '#privacy/archive.query.js';
import type { ErasureArchiveDeps, ErasureDeps } from '#privacy/erasure.js';
import { PrivacyQueries } from '#privacy/queries.js';

/**
 * Which privacy service reads and writes which table through which adapter: the one wiring of the privacy
 * Lambdas (./queries-handler.ts, ./erasure-handler.ts) and the privacy officers' CLI
 * (infra/local/audit/), so `npm run audit` answers exactly as the HTTP API does. Callers give a document
 * client, the physical table names (from the environment, or the definitions for the local runtime) and
 * the archive engine (shared/adapters/archive/engine-from-env.ts: DuckDB locally, Athena in AWS); the
 * customers' archive keys open the archived rows.
 */

/** The tables the queries read, the customers' archive keys, and the access log every read is recorded in. */
export type QueryTables = Pick<
  ErasureTables,
  'audit' | 'consentHistory' | 'offers' | 'offerEvents' | 'accessLog'
> & { readonly customerKeys: string };

export interface PrivacyQueryServices {
  readonly queries: Pick<PrivacyQueries, 'suppressed' | 'history' | 'explain' | 'overview'>;
  /** Reading the access log (itself recorded in it). */
  readonly accessLog: AccessLogQueries;
}

export function privacyQueryServices(
  client: DynamoDBDocumentClient,
  tables: QueryTables,
  /**
   * `catalog`: its trigger ids are the rows of the per-trigger counts (read by `suppressed` and
   * `overview` only);
   * `catalogRecords`: the governed catalog's versions, for the trigger provenance `explain` shows.
   */
  options: {
    readonly catalog: CatalogSource;
    readonly catalogRecords?: Pick<CatalogRepository, 'load'>;
    readonly now?: () => Date;
    /** The SQL engine over the archive (counts, lists, overview, histories, older explains). */
    readonly engine: ArchiveEngine;
  },
): PrivacyQueryServices {
  const now = options.now ?? (() => new Date());
  const accessLog = new DynamoAccessLog(client, tables.accessLog);
  const reader = new DynamoPrivacyReader(client, tables);
  const archive = new EngineAuditArchive(
    options.engine,
    new DynamoCustomerKeyStore(client, tables.customerKeys),
    now,
  );
  const queriesWith = (triggerIds: readonly string[]) =>
    new PrivacyQueries({
      reader,
      archive,
      accessLog,
      triggerIds,
      now,
      ...(options.catalogRecords === undefined ? {} : { catalog: options.catalogRecords }),
    });
  // A history or an explanation reads no trigger list: it is answered even when the catalog is not.
  const byRecord = queriesWith([]);
  return {
    queries: {
      suppressed: async (caller, query) => {
        const catalog = await options.catalog.current();
        return queriesWith(catalog.triggers.map((trigger) => trigger.id)).suppressed(caller, query);
      },
      overview: async (caller, query) => {
        const catalog = await options.catalog.current();
        return queriesWith(catalog.triggers.map((trigger) => trigger.id)).overview(caller, query);
      },
      history: (caller, customerId, query) => byRecord.history(caller, customerId, query),
      explain: (caller, recordId, options) => byRecord.explain(caller, recordId, options),
    },
    accessLog: new AccessLogQueries({
      reader: new DynamoAccessLogReader(client, tables.accessLog),
      accessLog,
      now,
    }),
  };
}

/**
 * The erasure service's stores (every table an erasure touches, the erasure log and the access log) and the
 * archive it searches and crypto-shreds (the customer keys and the archive engine).
 */
export function privacyErasureDeps(
  client: DynamoDBDocumentClient,
  tables: ErasureTables,
  archive: ErasureArchiveDeps,
): ErasureDeps {
  return createDynamoErasureDeps(client, tables, archive);
}

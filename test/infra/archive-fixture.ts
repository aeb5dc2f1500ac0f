/**
 * The definitions with the archive wired in (issue 15), for the template tests of the archive while the
 * archiver's own definitions (H-arch: customer-keys, the five streams, archive-records) are not merged yet.
 * Adds only what is missing, so once the project's definitions have them this returns them unchanged and
 * the tests check the real thing.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { tableEnvVar } from '#config/function-env.js';
import type { AppDefinition, FunctionDefinition, TableDefinition } from '#infra/definitions.js';
import { REPO_ROOT } from '#infra/stack.js';

export const ARCHIVER = 'archive-records';
export const KEYS_TABLE = 'customer-keys';
/** The tables whose streams the archiver reads (common brief). */
export const ARCHIVED_STREAMS = ['audit', 'consent-history', 'catalog', 'erasure-log', 'audit-access-log'];
/** The functions that query the archive. */
export const ARCHIVE_QUERIERS = ['privacy-queries'];

const ARCHIVER_ENTRY = 'functions/archive-records/handler.ts';

const customerKeys: TableDefinition = {
  name: KEYS_TABLE,
  envVar: tableEnvVar(KEYS_TABLE),
  purpose: 'Per-customer archive keys (crypto-shredding): erasure deletes the key',
  partitionKey: { name: 'customerId', type: 'S' },
  globalIndexes: [
    { indexName: 'byRef', partitionKey: { name: 'customerRef', type: 'S' }, projection: 'KEYS_ONLY' },
  ],
  holdsCustomerData: true,
};

const archiver = (): FunctionDefinition => ({
  name: ARCHIVER,
  purpose: 'Copies audit records from the tables streams into the archive (Parquet, Object Lock)',
  // Until the archiver's handler exists, any handler of the repository stands in (the template is the same).
  entry: existsSync(path.join(REPO_ROOT, ARCHIVER_ENTRY))
    ? ARCHIVER_ENTRY
    : 'functions/publish-offers/handler.ts',
  handler: 'handler',
  timeoutSeconds: 60,
  memoryMb: 1024,
  tables: { [KEYS_TABLE]: { operations: ['BatchGetItem', 'PutItem'] } },
  queues: {},
  archive: 'write',
  // The local default (the stack adds ARCHIVE_BUCKET, which the archiver prefers).
  environment: { ARCHIVE_DIR: '.local/archive' },
  events: ARCHIVED_STREAMS.map((table) => ({
    kind: 'dynamodb-stream' as const,
    table,
    batchSize: 1000,
    maxBatchingWindowSeconds: 5,
    retryAttempts: 10,
    reportBatchItemFailures: true as const,
  })),
});

export function withArchive(definition: AppDefinition): AppDefinition {
  const tables = definition.tables.map((t) =>
    ARCHIVED_STREAMS.includes(t.name) && !t.stream ? { ...t, stream: 'NEW_IMAGE' as const } : t,
  );
  if (!tables.some((t) => t.name === KEYS_TABLE)) tables.push(customerKeys);
  const functions = definition.functions.map((f) =>
    ARCHIVE_QUERIERS.includes(f.name) && f.archive === undefined
      ? { ...f, archive: 'query' as const, environment: { ...f.environment, AUDIT_ENGINE: 'duckdb' } }
      : f,
  );
  if (!functions.some((f) => f.name === ARCHIVER)) functions.push(archiver());
  return { ...definition, tables, functions };
}

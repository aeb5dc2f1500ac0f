/**
 * The archiver's function definition (issue 15), listed in ./functions.ts FUNCTIONS: the streams of every
 * audit table into the Object Lock archive.
 */

import { defineFunction } from './define-function.js';

/** The tables whose streams are archived (shared/archive/records.ts ARCHIVED_TABLES). */
const ARCHIVED_STREAMS = ['audit', 'consent-history', 'catalog', 'erasure-log', 'audit-access-log'] as const;

export const archiveRecords = defineFunction({
  name: 'archive-records',
  purpose:
    "Archiver: copies every new audit record (decisions, withdrawals, consent evidence, catalog transitions, erasures, access log) from the tables' streams into the Object Lock archive as Parquet",
  entry: 'functions/archive-records/handler.ts',
  timeoutSeconds: 60,
  memoryMb: 1024,
  tables: {
    // The customers' keys: one consistent BatchGetItem per batch; a missing key created by a conditional Put.
    'customer-keys': { operations: ['BatchGetItem', 'PutItem'] },
  },
  queues: {},
  archive: 'write',
  settings: ['ARCHIVE_BUCKET', 'ARCHIVE_DIR'],
  // Large batches, few objects: up to 1000 records or 5 s per object group; a failed batch is retried whole
  // (object keys derive from its records, so a retry rewrites the same keys) and bisected.
  events: ARCHIVED_STREAMS.map((table) => ({
    kind: 'dynamodb-stream' as const,
    table,
    batchSize: 1000,
    maxBatchingWindowSeconds: 5,
    retryAttempts: 10,
    reportBatchItemFailures: true as const,
  })),
});

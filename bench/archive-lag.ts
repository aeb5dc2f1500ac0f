import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDecisionWriter } from '#adapters/dynamodb/decision-writer.js';
import { documentClient } from '#functions/handler-kit/aws-clients.js';
import { app } from '#infra/definitions.js';
import { startDynamoDbLocal } from '#local/dynamodb-local.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '#local/local-aws.js';
import { freePort } from '#local/ports.js';
import { provisionTables } from '#local/provision.js';
import { tableNames } from '#local/targets.js';
import type { AuditRecord } from '#shared/ports.js';
import { compareWithArchive, percentile, type WrittenDecision } from './archive-check.js';
import { DemoAuditSource } from './archive-decisions.js';
import { CUSTOMER_KEYS_TABLE, customerKeyStore, loadStartArchiving } from './archive-pending.js';
import type { BenchFigure } from './result.js';

const RATE = 500;
const TICK_MS = 20;
/** Events per writeBulk call. */
const CHUNK = 25;
const WRITERS = 8;
const TARGET_P99_MS = 120_000;
const DRAIN_TIMEOUT_MS = 600_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface ArchiveLagOptions {
  /** How long to write at 500 events/s (default 60). */
  readonly seconds?: number;
}

/**
 * The issue's lag target: archive lag p99 under 2 minutes locally at 500 events/s. DynamoDB Local with the
 * definitions' tables; the demo stream decided by the core and written with the real DynamoDecisionWriter
 * (writeBulk) at 500 payment events a second by a few concurrent writers of 25 events at a time; the
 * local archiver (`startArchiving`: the audit table's stream into a temporary archive folder) running
 * meanwhile. Lag per record = archived_at of its first archived copy - the decision's decidedAt (stamped
 * when it is written), read back from the Parquet files with DuckDB and matched by keyed record id.
 */
export async function runArchiveLagBench(options: ArchiveLagOptions = {}): Promise<BenchFigure[]> {
  const seconds = options.seconds ?? 60;
  const events = Math.ceil(seconds * RATE);
  const local = await startDynamoDbLocal({ port: await freePort() });
  const client = new DynamoDBClient({
    endpoint: local.endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
  });
  const archiveDir = mkdtempSync(join(tmpdir(), 'archive-lag-'));
  try {
    await provisionTables(client, app);
    const tables = tableNames();
    const documents = documentClient(client);
    const writer = new DynamoDecisionWriter(documents, tables);
    // 2,000 customers: most have an archive key after the first seconds, as in steady state (a key is
    // created once per customer, ever).
    const source = new DemoAuditSource({ events, customers: 2_000, seed: 15 });
    const startArchiving = await loadStartArchiving();
    const archiving = await startArchiving({
      endpoint: local.endpoint,
      region: LOCAL_REGION,
      tables: { audit: tables.audit },
      archiveDir,
      keysTable: CUSTOMER_KEYS_TABLE,
    });
    const stored = new Map<string, WrittenDecision>();
    const write = async (records: readonly AuditRecord[]) => {
      const outcomes = await writer.writeBulk(records);
      for (const { decision } of records) {
        if (outcomes.get(decision.decisionId) === 'stored') stored.set(decision.decisionId, decision);
      }
    };
    // WRITERS workers share the schedule: each takes the next events that are due (at most CHUNK), stamps
    // them decided now and writes them, so decidedAt is the write time even when the store falls behind.
    const began = performance.now();
    let sent = 0;
    let backlog = 0;
    const worker = async () => {
      while (sent < events) {
        const due = Math.min(events, Math.floor(((performance.now() - began) / 1000) * RATE)) - sent;
        backlog = Math.max(backlog, due);
        if (due <= 0) {
          await sleep(TICK_MS);
          continue;
        }
        const count = Math.min(due, CHUNK);
        sent += count;
        await write(source.take(count, new Date()));
      }
    };
    await Promise.all(Array.from({ length: WRITERS }, worker));
    const writeSeconds = (performance.now() - began) / 1000;
    const drainBegan = performance.now();
    await archiving.drain(DRAIN_TIMEOUT_MS);
    const drainSeconds = (performance.now() - drainBegan) / 1000;
    await archiving.stop();

    const keys = await customerKeyStore(documents, CUSTOMER_KEYS_TABLE);
    const comparison = await compareWithArchive(archiveDir, [...stored.values()], keys);
    const lags = [...comparison.lagsMs].sort((a, b) => a - b);
    const p99 = percentile(lags, 99);
    const exact = comparison.missing === 0 && comparison.unexpected === 0;
    return [
      { name: 'payment events written', value: sent, unit: 'events' },
      {
        name: 'achieved write rate',
        value: sent / writeSeconds,
        unit: 'events/s',
        target: `>= ${RATE * 0.95} (else the lag below is not at ${RATE}/s)`,
        pass: sent / writeSeconds >= RATE * 0.95,
      },
      { name: 'largest backlog of the writers (events overdue)', value: backlog, unit: 'events' },
      { name: 'audit records stored (hot table)', value: comparison.written, unit: 'records' },
      { name: 'archive rows (raw, redeliveries included)', value: comparison.rawRows, unit: 'rows' },
      {
        name: 'archive records (distinct record ids)',
        value: comparison.distinctRows,
        unit: 'records',
        target: 'equal to the records stored, none missing or unexpected',
        pass: exact && comparison.distinctRows === comparison.written,
      },
      { name: 'records missing from the archive', value: comparison.missing, unit: 'records' },
      { name: 'drain after the last write', value: drainSeconds, unit: 's' },
      { name: 'archive lag p50', value: percentile(lags, 50) / 1000, unit: 's' },
      {
        name: 'archive lag p99',
        value: p99 / 1000,
        unit: 's',
        target: `< ${TARGET_P99_MS / 1000} s`,
        pass: p99 < TARGET_P99_MS,
      },
      { name: 'archive lag max', value: (lags.at(-1) ?? Number.NaN) / 1000, unit: 's' },
      {
        name: 'machine load average (1 min) at the end',
        value: loadavg()[0] ?? Number.NaN,
        unit: `runnable tasks on ${availableParallelism()} cores`,
      },
    ];
  } finally {
    client.destroy();
    await local.stop();
    rmSync(archiveDir, { recursive: true, force: true });
  }
}

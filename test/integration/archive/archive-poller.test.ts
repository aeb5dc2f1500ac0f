import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbArchiveEngine } from '#adapters/archive/duckdb-engine.js';
import { FolderArchiveSink } from '#adapters/archive/fs-sink.js';
import { DynamoCustomerKeyStore } from '#adapters/dynamodb/customer-key-store.js';
import type { ArchiveObject, ArchiveSink } from '#archive/ports.js';
import { pseudonymiser } from '#archive/pseudonym.js';
import { decisionIdFor } from '#core/decision.js';
import { documentClient } from '#functions/handler-kit/aws-clients.js';
import { app } from '#infra/definitions.js';
import { startArchiving } from '#local/archive-poller.js';
import { type DynamoDbLocal, startDynamoDbLocal } from '#local/dynamodb-local.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '#local/local-aws.js';
import { freePort } from '#local/ports.js';
import { provisionTables } from '#local/provision.js';

const ARCHIVED = ['audit', 'consent-history', 'catalog', 'erasure-log', 'audit-access-log'];
const TABLES = Object.fromEntries(ARCHIVED.map((name) => [name, name]));

let local: DynamoDbLocal;
let client: DynamoDBClient;
const dirs: string[] = [];
/** Decisions written to the audit table so far (each test's archiver reads the whole stream). */
let written = 0;

beforeAll(async () => {
  local = await startDynamoDbLocal({ port: await freePort() });
  client = new DynamoDBClient({
    endpoint: local.endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
  });
  await provisionTables(client, {
    tables: app.tables.filter((t) => [...ARCHIVED, 'customer-keys'].includes(t.name)),
    queues: [],
    functions: [],
  });
});

afterAll(async () => {
  client?.destroy();
  await local?.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'archive-poller-'));
  dirs.push(dir);
  return dir;
};

/** `n` decision items of no-trigger and rejected outcomes (two objects per day), customers c-0..c-4. */
async function writeDecisions(prefix: string, n: number): Promise<void> {
  const documents = documentClient(client);
  for (let i = 0; i < n; i++) {
    const eventId = `${prefix}-${i}`;
    await documents.send(
      new PutCommand({
        TableName: 'audit',
        Item: {
          decisionId: decisionIdFor(eventId),
          eventId,
          customerId: `c-${i % 5}`,
          outcome: i % 2 === 0 ? 'no_trigger' : 'rejected',
          reasons: i % 2 === 0 ? [] : ['invalid_event'],
          decidedAt: '2026-11-30T12:00:00.000Z',
          policyVersion: 'catalog-1',
          contentHash: `h-${i}`,
          ttl: 1_900_000_000,
        },
        ConditionExpression: 'attribute_not_exists(decisionId)',
      }),
    );
    written++;
  }
}

async function count(dir: string, where = 'record_id IS NOT NULL'): Promise<{ copies: number; n: number }> {
  const engine = await DuckDbArchiveEngine.open(dir);
  try {
    const [row] = await engine.run({
      name: 'test.count',
      sql: `SELECT count(*) AS copies, count(DISTINCT record_id) AS n FROM decisions WHERE ${where}`,
      params: [],
    });
    return { copies: Number(row?.copies ?? 0), n: Number(row?.n ?? 0) };
  } finally {
    await engine.close();
  }
}

describe('startArchiving (DynamoDB Local streams -> archive folder)', () => {
  it('archives every record written before drain, sealed under keys it creates', async () => {
    const dir = tempDir();
    await writeDecisions('first', 40);
    const documents = documentClient(client);
    await documents.send(
      new PutCommand({
        TableName: 'consent-history',
        Item: {
          customerId: 'c-1',
          recordId: 'r-1',
          purpose: 'transaction-offers',
          status: 'granted',
          at: '2026-11-30T11:00:00.000Z',
          receivedAt: '2026-11-30T11:00:01.000Z',
          applied: true,
        },
      }),
    );
    const archiving = await startArchiving({
      endpoint: local.endpoint,
      tables: TABLES,
      archiveDir: dir,
      keysTable: 'customer-keys',
      pollIntervalMs: 20,
    });
    try {
      await archiving.drain(30_000);
      expect(await count(dir)).toEqual({ copies: 40, n: 40 });
      // The keys were created by the archiver; a customer's rows are found by their ref.
      const keys = await new DynamoCustomerKeyStore(documents, 'customer-keys').keysOf(['c-1'], {
        create: false,
      });
      const key = keys.get('c-1');
      if (key === undefined) throw new Error('no key for c-1');
      const stored = await documents.send(
        new GetCommand({ TableName: 'customer-keys', Key: { customerId: 'c-1' } }),
      );
      expect(stored.Item?.customerRef).toBe(pseudonymiser(key).customerRef);
      expect(await count(dir, `customer_ref = '${pseudonymiser(key).customerRef}'`)).toEqual({
        copies: 8,
        n: 8,
      });
      const engine = await DuckDbArchiveEngine.open(dir);
      const consents = await engine.run({
        name: 'test.consents',
        sql: 'SELECT count(*) AS n FROM consent_changes',
        params: [],
      });
      await engine.close();
      expect(consents).toEqual([{ n: 1 }]);
      // Written after a drain: archived by the next one.
      await writeDecisions('later', 3);
      await archiving.drain(30_000);
      expect((await count(dir)).n).toBe(43);
    } finally {
      await archiving.stop();
    }
  });

  it('is exactly once in effect when the archiver dies mid-batch and the batch is redelivered', async () => {
    const dir = tempDir();
    await writeDecisions('redelivered', 10);
    const folder = new FolderArchiveSink(dir);
    let failures = 0;
    const puts: string[] = [];
    // The "killed" archiver: its first batch fails after writing one object.
    const sink: ArchiveSink = {
      async put(object: ArchiveObject) {
        await folder.put(object);
        puts.push(object.key);
        if (failures === 0) {
          failures++;
          throw new Error('archiver killed after its first object');
        }
      },
    };
    const errors: unknown[] = [];
    const archiving = await startArchiving({
      endpoint: local.endpoint,
      tables: { audit: 'audit' },
      archiveDir: dir,
      keysTable: 'customer-keys',
      pollIntervalMs: 20,
      sink,
      onError: (error) => errors.push(error),
    });
    try {
      await archiving.drain(30_000);
      expect(failures).toBe(1);
      expect(errors).toHaveLength(1);
      // The redelivered batch wrote the same object keys again: its first object was replaced, not doubled.
      expect(puts.filter((key) => key === puts[0])).toHaveLength(2);
      // Every decision of the audit table (both tests' writes) is there exactly once.
      expect(await count(dir)).toEqual({ copies: written, n: written });
    } finally {
      await archiving.stop();
    }
  });
});

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbArchiveEngine } from '#adapters/archive/duckdb-engine.js';
import { createDynamoErasureDeps } from '#adapters/dynamodb/erasure-store.js';
import { objectKey } from '#archive/layout.js';
import { encodeRows } from '#archive/parquet.js';
import type { CustomerKeyStore } from '#archive/ports.js';
import { type CustomerKey, newKeyMaterial, pseudonymiser, SealError } from '#archive/pseudonym.js';
import { type ArchiveRow, decisionRow, openContent, withdrawalRow } from '#archive/rows.js';
import { DATASETS, type DatasetName } from '#archive/schema.js';
import { customerRowsStatement } from '#archive/sql/customer.sql.js';
import type { Decision } from '#core/decision.js';
import { documentClient } from '#functions/handler-kit/aws-clients.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '#local/local-aws.js';
import { type ErasureReport, pseudonymousRecordId } from '#privacy/erasure.js';
import { eraseCustomer } from '#privacy/erasure-service.js';
import { EVENT_ITEM_KIND, WITHDRAWAL_KIND } from '#shared/audit-items.js';
import { DynamoHarness } from '#test/integration/support/dynamo-harness.js';

/**
 * Issue 15: an erasure that an immutable archive can honour, on DynamoDB Local and DuckDB over real Parquet
 * files. The hot audit items are stored in their issue-15 shapes (shared/audit-items.ts) and archived as the
 * archiver does (shared/archive rows, Parquet, the object layout), under keys of a customer-keys table.
 * After the erasure: the hot copies the archive leads to are gone, the key item is gone, nothing links or
 * opens the archived rows any more, and no archived byte names the customer or the payment event.
 */

const ERASED = 'erase-me-7c1f';
const BYSTANDER = 'stays-4d2e';
const KEYS_TABLE = 'customer-keys';
const NOW = new Date();
const ago = (hours: number) => new Date(NOW.getTime() - hours * 3_600_000).toISOString();
const hex = (n: number) => n.toString(16).padStart(32, '0');

/** A minimal customer-keys store (the archiver's own, H-arch, has the same semantics for these two calls). */
class TestKeyStore implements Pick<CustomerKeyStore, 'keysOf' | 'destroy'> {
  constructor(private readonly docs: DynamoDBDocumentClient) {}

  async keysOf(ids: readonly string[], options: { readonly create: boolean }) {
    const keys = new Map<string, CustomerKey>();
    for (const customerId of ids) {
      if (options.create) {
        const material = newKeyMaterial();
        const customerRef = pseudonymiser({ customerId, material }).customerRef;
        try {
          await this.docs.send(
            new PutCommand({
              TableName: KEYS_TABLE,
              Item: { customerId, material, customerRef, createdAt: NOW.toISOString() },
              ConditionExpression: 'attribute_not_exists(customerId)',
            }),
          );
        } catch (error) {
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
        }
      }
      const got = await this.docs.send(
        new GetCommand({ TableName: KEYS_TABLE, Key: { customerId }, ConsistentRead: true }),
      );
      const material = got.Item?.material;
      if (material instanceof Uint8Array) keys.set(customerId, { customerId, material });
    }
    return keys;
  }

  async destroy(customerId: string) {
    const gone = await this.docs.send(
      new DeleteCommand({ TableName: KEYS_TABLE, Key: { customerId }, ReturnValues: 'ALL_OLD' }),
    );
    return gone.Attributes === undefined ? ('absent' as const) : ('destroyed' as const);
  }
}

describe('erasure through the archive: hot copies deleted, archive key destroyed (crypto-shredding)', () => {
  let harness: DynamoHarness;
  let docs: DynamoDBDocumentClient;
  let keys: TestKeyStore;
  let archiveDir: string;
  let report: ErasureReport;
  let erasedKey: CustomerKey;
  let batch = 0;
  const eventIds: string[] = [];
  const hot = {
    event: hex(1),
    noTrigger: hex(2),
    withdrawal: `w_${hex(3)}`,
    fresh: hex(4),
    bystander: hex(5),
  };

  const get = async (TableName: string, Key: Record<string, string>) =>
    (await docs.send(new GetCommand({ TableName, Key, ConsistentRead: true }))).Item;
  const partition = async (TableName: string, customerId: string) =>
    (
      await docs.send(
        new QueryCommand({
          TableName,
          KeyConditionExpression: 'customerId = :c',
          ExpressionAttributeValues: { ':c': customerId },
        }),
      )
    ).Items ?? [];

  /** Writes rows as the archiver does: one Parquet object per batch, under the layout's key. */
  function writeObject(dataset: DatasetName, rows: readonly ArchiveRow[], day: string, days: number) {
    const file = join(archiveDir, objectKey(dataset, day, days, `b${batch++}`));
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, encodeRows(DATASETS[dataset], rows));
  }

  async function keyed(customerId: string) {
    const key = (await keys.keysOf([customerId], { create: true })).get(customerId);
    if (key === undefined) throw new Error('no key');
    return pseudonymiser(key);
  }

  async function storeDecisions(hotKey: string, decisions: Decision[], archived = true) {
    const [first] = decisions;
    if (first === undefined) throw new Error('no decision');
    const customerId = first.customerId ?? '';
    const item =
      decisions.length > 1
        ? {
            decisionId: hotKey,
            kind: EVENT_ITEM_KIND,
            contentHash: 'h',
            eventId: first.eventId,
            customerId,
            decidedAt: first.decidedAt,
            decisions,
            ttl: 2_000_000_000,
          }
        : { ...first, decisionId: hotKey, contentHash: 'h', ttl: 2_000_000_000 };
    await docs.send(new PutCommand({ TableName: 'audit', Item: item }));
    if (!archived) return;
    // The archiver copies it twice (a redelivered stream batch): the query counts it once.
    const k = await keyed(customerId);
    for (let copy = 0; copy < 2; copy++) {
      const rows = decisions.map((d) => decisionRow(d, hotKey, k, NOW));
      writeObject('decisions', rows, first.decidedAt.slice(0, 10), 730);
    }
  }

  function decision(n: number, customerId: string, outcome: Decision['outcome'], at: string, extra = {}) {
    const eventId = `evt-erase-${n}-${Date.now()}`;
    eventIds.push(eventId);
    return {
      decisionId: `d_${hex(100 + n)}`,
      eventId,
      customerId,
      outcome,
      reasons: outcome === 'suppressed' ? ['arbitration_lost' as const] : [],
      decidedAt: at,
      policyVersion: 'catalog-1',
      ...extra,
    } satisfies Decision;
  }

  beforeAll(async () => {
    harness = await DynamoHarness.start();
    docs = harness.documents;
    // The definitions' tables include customer-keys (the archiver's key store): DynamoHarness provisioned it.
    keys = new TestKeyStore(
      documentClient(
        new DynamoDBClient({
          endpoint: harness.endpoint,
          region: LOCAL_REGION,
          credentials: LOCAL_CREDENTIALS,
        }),
      ),
    );
    archiveDir = mkdtempSync(join(tmpdir(), 'erasure-archive-'));

    const put = (TableName: string, Item: Record<string, unknown>) =>
      docs.send(new PutCommand({ TableName, Item }));
    for (const customerId of [ERASED, BYSTANDER]) {
      await put('customers', { customerId, sk: 'PROFILE', birthDate: '1990-04-01', holdings: [], flags: [] });
      await put('customers', { customerId, sk: 'CONSENTS', consents: {} });
      await put('contact-policy', { customerId, emissions: [] });
    }
    await put('offers', { customerId: ERASED, offerInstanceId: 'o_1', status: 'withdrawn' });
    await put('offer-events', { offerInstanceId: 'o_1', clientEventId: 'banner-1', customerId: ERASED });
    // An offer long expired: its row is gone, its event is not (found through the byCustomer index).
    await put('offer-events', { offerInstanceId: 'o_old', clientEventId: 'banner-2', customerId: ERASED });
    await put('consent-history', {
      customerId: ERASED,
      recordId: '2026-07-08T09:00:00.000Z#transaction-offers#0123456789abcdef',
      status: 'withdrawn',
      ttl: 1_950_000_000,
    });

    await storeDecisions(hot.event, [
      decision(1, ERASED, 'emitted', ago(30), { offerInstanceId: 'o_1', triggerId: 't', triggerVersion: 1 }),
      decision(2, ERASED, 'suppressed', ago(30), { triggerId: 't2', triggerVersion: 1 }),
    ]);
    await storeDecisions(hot.noTrigger, [decision(3, ERASED, 'no_trigger', ago(5))]);
    await storeDecisions(hot.fresh, [decision(4, ERASED, 'no_trigger', ago(0))], false);
    await storeDecisions(hot.bystander, [decision(5, BYSTANDER, 'no_trigger', ago(2))]);
    const withdrawal = {
      decisionId: hot.withdrawal,
      kind: WITHDRAWAL_KIND,
      customerId: ERASED,
      offerInstanceId: 'o_1',
      offerId: 'worldwide-travel-cover',
      triggerId: 't',
      triggerVersion: 1,
      withdrawalReason: 'consent_withdrawn',
      decidedAt: ago(3),
    } as const;
    await put('audit', { ...withdrawal, ttl: 2_000_000_000 });
    writeObject(
      'withdrawals',
      [withdrawalRow(withdrawal, await keyed(ERASED), NOW)],
      ago(3).slice(0, 10),
      730,
    );

    const key = (await keys.keysOf([ERASED], { create: false })).get(ERASED);
    if (key === undefined) throw new Error('no key');
    erasedKey = key;

    const engine = await DuckDbArchiveEngine.open(archiveDir, { threads: 1 });
    try {
      const deps = createDynamoErasureDeps(
        docs,
        {
          customers: 'customers',
          contactPolicy: 'contact-policy',
          offers: 'offers',
          offerEvents: 'offer-events',
          audit: 'audit',
          consentHistory: 'consent-history',
          erasureLog: 'erasure-log',
          accessLog: 'audit-access-log',
        },
        { keys, engine, hotAuditDays: 35 },
        { newId: () => 'erasure-1' },
      );
      report = await eraseCustomer({ customerId: ERASED, requestedBy: 'local:test', now: NOW }, deps);
    } finally {
      await engine.close();
    }
  });

  afterAll(async () => {
    await harness?.stop();
    if (archiveDir !== undefined) rmSync(archiveDir, { recursive: true, force: true });
  });

  it('deletes the hot audit copies the archive leads to, and only those of the customer', async () => {
    expect(await get('audit', { decisionId: hot.event })).toBeUndefined();
    expect(await get('audit', { decisionId: hot.noTrigger })).toBeUndefined();
    expect(await get('audit', { decisionId: hot.withdrawal })).toBeUndefined();
    // Not archived yet: the erasure cannot find it (the report's limit); it expires with its hot TTL.
    expect(await get('audit', { decisionId: hot.fresh })).toMatchObject({ customerId: ERASED });
    expect(await get('audit', { decisionId: hot.bystander })).toMatchObject({ customerId: BYSTANDER });
  });

  it('deletes the customer state, offers and offer events (also of an expired offer), pseudonymises the consent history', async () => {
    expect(await partition('customers', ERASED)).toEqual([]);
    expect(await partition('customers', BYSTANDER)).toHaveLength(2);
    expect(await get('contact-policy', { customerId: ERASED })).toBeUndefined();
    expect(await partition('offers', ERASED)).toEqual([]);
    expect(await get('offer-events', { offerInstanceId: 'o_1', clientEventId: 'banner-1' })).toBeUndefined();
    expect(
      await get('offer-events', { offerInstanceId: 'o_old', clientEventId: 'banner-2' }),
    ).toBeUndefined();
    expect(await partition('consent-history', ERASED)).toEqual([]);
    const [moved] = await partition('consent-history', 'erased:erasure-1');
    expect(moved?.recordId).toBe(
      pseudonymousRecordId(
        '2026-07-08T09:00:00.000Z#transaction-offers#0123456789abcdef',
        'erased:erasure-1',
      ),
    );
  });

  it('destroys the key: the key item is gone and no query by the old pseudonym can be formed', async () => {
    expect(await get(KEYS_TABLE, { customerId: ERASED })).toBeUndefined();
    expect(await keys.keysOf([ERASED], { create: false })).toEqual(new Map());
    expect(await get(KEYS_TABLE, { customerId: BYSTANDER })).toBeDefined();
    // Should the customer appear again, the archiver creates a new key: unrelated pseudonyms, nothing found.
    const fresh = await keyed(ERASED);
    expect(fresh.customerRef).not.toBe(pseudonymiser(erasedKey).customerRef);
    const engine = await DuckDbArchiveEngine.open(archiveDir, { threads: 1 });
    try {
      for (const dataset of ['decisions', 'withdrawals'] as const) {
        const found = await engine.run(
          customerRowsStatement(dataset, fresh.customerRef, { fromDay: '2000-01-01', toDay: '2100-01-01' }),
        );
        expect(found).toEqual([]);
      }
      // The rows are still there (Object Lock: kept until their retention), and open with no key at hand.
      const all = await engine.run({
        name: 'test.all',
        sql: 'SELECT customer_ref, content FROM decisions',
        params: [],
      });
      expect(all.length).toBe(8);
      for (const row of all) {
        const content = row.content;
        if (!(content instanceof Uint8Array)) throw new Error('no content');
        expect(() => openContent({ content, customer_ref: String(row.customer_ref) }, fresh)).toThrow(
          SealError,
        );
      }
    } finally {
      await engine.close();
    }
  });

  it('no archived byte names the customer or a payment event in clear', () => {
    const files = readdirSync(archiveDir, { recursive: true, encoding: 'utf8' }).filter((f) =>
      f.endsWith('.parquet'),
    );
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const bytes = readFileSync(join(archiveDir, file)).toString('latin1');
      expect(bytes, file).not.toContain(ERASED);
      expect(bytes, file).not.toContain(BYSTANDER);
      for (const eventId of eventIds) expect(bytes, file).not.toContain(eventId);
      expect(file).not.toContain(ERASED);
    }
  });

  it('reports the crypto-shredding, the hot copies deleted and the limit, and logs it without the customer', async () => {
    expect(report.archive.key).toBe('destroyed');
    expect(
      Object.fromEntries(
        report.archive.kinds.map((k) => [k.kind, [k.hotCopiesDeleted, k.archivedRowsFound]]),
      ),
    ).toEqual({
      decisionEmitted: [1, 1],
      decisionSuppressed: [1, 1],
      offerWithdrawal: [1, 1],
      decisionNoTrigger: [1, 1],
    });
    expect(Object.fromEntries(report.removed.map((r) => [r.kind, `${r.count} ${r.how}`]))).toMatchObject({
      offerEvent: '2 deleted',
      decisionEmitted: '1 deleted',
      decisionSuppressed: '1 deleted',
      decisionNoTrigger: '1 deleted',
      offerWithdrawal: '1 deleted',
      consentHistory: '1 pseudonymised',
    });
    expect(report.archive.summary.join('\n')).toContain(
      "no longer linkable: the customer's key was destroyed",
    );
    expect(report.archive.notYetArchived.why).toContain('a few minutes later');
    const entry = await get('erasure-log', { erasureId: 'erasure-1' });
    expect(entry).toMatchObject({ report });
    expect(await get('erasure-log', { erasureId: 'erasure-1#audit#deleted#0' })).toMatchObject({
      table: 'audit',
      how: 'deleted',
      counts: { decisionEmitted: 1, decisionSuppressed: 1, decisionNoTrigger: 1, offerWithdrawal: 1 },
    });
    expect(JSON.stringify(entry)).not.toContain(ERASED);
  });
});

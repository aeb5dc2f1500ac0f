import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDecisionWriter } from '#adapters/dynamodb/decision-writer.js';
import { BillingMeter } from '#bench/billing.js';
import { seedCatalog } from '#core/catalog/seed.js';
import { emptyContactState } from '#core/contact-policy.js';
import { type DecideResult, decide } from '#core/decide.js';
import { decisionIdFor } from '#core/decision.js';
import { parsePaymentEvent } from '#core/payment-event.js';
import { DEFAULT_POLICY } from '#core/policy.js';
import { documentClient } from '#functions/handler-kit/aws-clients.js';
import { app } from '#infra/definitions.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '#local/local-aws.js';
import { parseAuditItem } from '#shared/audit-items.js';
import type { EventDecisionCommit } from '#shared/ports.js';
import { DEFAULT_HOT_AUDIT_DAYS } from '#shared/retention.js';
import { DynamoHarness } from '#test/integration/support/dynamo-harness.js';
import { scanAudit } from '#test/integration/support/store-reads.js';
import { atmAbroad, type EventJson, groceries, NOW, traveller } from '#test/support/builders.js';

/**
 * The hot audit writer on DynamoDB Local (issue 15): one item per payment event, no index, single
 * conditional PutItems for what emits nothing, one transaction for what emits; and what AWS bills for it,
 * by the bench's billing meter on the very requests the writer sends.
 */

const HASH = 'c'.repeat(64);
const OTHER = 'd'.repeat(64);
let harness: DynamoHarness;
let meter: BillingMeter;
let writer: DynamoDecisionWriter;
let client: DynamoDBClient;

function decided(event: EventJson, contact = emptyContactState(event.customerId)): DecideResult {
  const parsed = parsePaymentEvent(JSON.stringify(event));
  if (!parsed.ok) throw new Error('invalid builder event');
  return decide({
    event: parsed.event,
    customer: traveller(event.customerId),
    contact,
    catalog: seedCatalog(),
    policy: DEFAULT_POLICY,
    now: NOW,
  });
}

function commitOf(eventId: string, result: DecideResult, hash = HASH): EventDecisionCommit {
  const emits = result.offers.length > 0;
  return {
    claim: { key: decisionIdFor(eventId), contentHash: hash },
    decisions: result.decisions,
    offers: result.offers,
    ...(emits
      ? {
          contact: { state: result.contact, readVersion: 0 },
          consents: { customerId: result.contact.customerId, readRevision: 0 },
        }
      : {}),
  };
}

/** Write units billed by the requests `run` sends. */
async function billed(run: () => Promise<unknown>): Promise<number> {
  const before = meter.total('wru');
  await run();
  return meter.total('wru') - before;
}

beforeAll(async () => {
  harness = await DynamoHarness.start();
  client = new DynamoDBClient({
    endpoint: harness.endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
  });
  meter = new BillingMeter(app.tables);
  meter.attach(client);
  writer = new DynamoDecisionWriter(documentClient(client), harness.tables, { attempts: 3, baseDelayMs: 1 });
});

afterAll(async () => {
  client?.destroy();
  await harness?.stop();
});

describe('DynamoDecisionWriter on DynamoDB Local', () => {
  it('a record decided without a trigger: one item, one PutItem, one write unit; a repeat is a duplicate, another digest a reuse', async () => {
    const [decision] = decided(groceries('w-none', 'c-1')).decisions;
    if (decision === undefined) throw new Error('no decision');
    expect(await billed(() => writer.writeBulk([{ decision, contentHash: HASH }]))).toBe(1);
    const stored = await harness.documents.send(
      new GetCommand({ TableName: harness.tables.audit, Key: { decisionId: decision.decisionId } }),
    );
    const { contentHash, ttl, ...rest } = stored.Item ?? {};
    expect(rest).toEqual(decision);
    expect(contentHash).toBe(HASH);
    expect(ttl).toBe(Date.parse(decision.decidedAt) / 1000 + DEFAULT_HOT_AUDIT_DAYS * 86_400);

    expect(await writer.writeBulk([{ decision, contentHash: HASH }])).toEqual(
      new Map([[decision.decisionId, 'duplicate']]),
    );
    expect(await writer.writeBulk([{ decision, contentHash: OTHER }])).toEqual(
      new Map([[decision.decisionId, 'reused']]),
    );
  });

  it('a matched event that emits nothing: one event item by one PutItem (1 WRU), read back as its decisions', async () => {
    const capped = emptyContactState('c-2');
    const result = decided(atmAbroad('w-capped', 'c-2'), {
      ...capped,
      emissions: [{ offerId: 'worldwide-travel-cover', at: '2026-07-08T10:00:00Z' }],
    });
    expect(result.offers).toEqual([]);
    expect(await billed(() => writer.commit(commitOf('w-capped', result)))).toBe(1);
    const items = await scanAudit(harness.documents, harness.tables.audit, { eventId: 'w-capped' });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      kind: 'event',
      decisionId: decisionIdFor('w-capped'),
      contentHash: HASH,
    });
    expect(parseAuditItem(items[0] ?? {})).toMatchObject({ kind: 'decisions', decisions: result.decisions });
    await expect(writer.commit(commitOf('w-capped', result))).resolves.toBe('duplicate');
    await expect(writer.commit(commitOf('w-capped', result, OTHER))).resolves.toBe('reused');
  });

  it('an emitting event: one transaction of event item, offer, contact state and consents check (8 WRU)', async () => {
    const result = decided(atmAbroad('w-emits', 'c-3'));
    expect(result.offers).toHaveLength(1);
    expect(await billed(() => writer.commit(commitOf('w-emits', result)))).toBe(8);
    const items = await scanAudit(harness.documents, harness.tables.audit, { eventId: 'w-emits' });
    expect(items).toHaveLength(1);
    const [offer] = await harness.offersOf('c-3');
    expect(offer).toMatchObject({ decisionId: result.decisions[0]?.decisionId, status: 'active' });
    // A redelivery writes nothing: the event item is the claim.
    await expect(writer.commit(commitOf('w-emits', result))).resolves.toBe('duplicate');
    expect(await scanAudit(harness.documents, harness.tables.audit, { eventId: 'w-emits' })).toHaveLength(1);
  });

  it('the audit table has no index: no item carries an index attribute', async () => {
    const table = app.tables.find((t) => t.name === 'audit');
    expect(table?.globalIndexes ?? []).toEqual([]);
    for (const item of await scanAudit(harness.documents, harness.tables.audit)) {
      expect(Object.keys(item).filter((k) => /^supp|^paidAt$/.test(k))).toEqual([]);
    }
  });
});

import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { PutCommandInput, TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import {
  auditItem,
  CONTENT_HASH,
  DynamoDecisionWriter,
  eventItem,
  offerItem,
} from '#adapters/dynamodb/decision-writer.js';
import type { RetryPolicy } from '#adapters/dynamodb/retry.js';
import { seedCatalog } from '#core/catalog/seed.js';
import { type ContactState, emptyContactState } from '#core/contact-policy.js';
import { type DecideResult, decide } from '#core/decide.js';
import { type Decision, decisionIdFor, rejectedDecision } from '#core/decision.js';
import { parsePaymentEvent } from '#core/payment-event.js';
import { DEFAULT_POLICY, type Policy, policyVersion } from '#core/policy.js';
import { parseAuditItem } from '#shared/audit-items.js';
import { DecisionStoreError } from '#shared/errors.js';
import type { EventDecisionCommit } from '#shared/ports.js';
import { DEFAULT_HOT_AUDIT_DAYS, RETENTION_DAYS } from '#shared/retention.js';
import {
  atmAbroad,
  type EventJson,
  groceries,
  largePurchase,
  NOW,
  pharmacyPayment,
  traveller,
} from '#test/support/builders.js';
import { fakeDocumentClient } from '#test/support/fake-aws.js';
import { TABLES } from '#test/support/fake-dynamo-tables.js';

const FAST: RetryPolicy = { attempts: 3, baseDelayMs: 0 };
const DAY_S = 86_400;
const epochS = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/** Decides an event with the real core, for a consenting traveller. */
function decided(
  event: EventJson,
  contact: ContactState = emptyContactState(event.customerId),
  policy: Policy = DEFAULT_POLICY,
): DecideResult {
  const parsed = parsePaymentEvent(JSON.stringify(event));
  if (!parsed.ok) throw new Error('builder made an invalid event');
  return decide({
    event: parsed.event,
    customer: traveller(event.customerId),
    contact,
    catalog: seedCatalog(),
    policy,
    now: NOW,
  });
}

function onlyDecision(result: DecideResult): Decision {
  const [decision] = result.decisions;
  if (decision === undefined || result.decisions.length !== 1) throw new Error('expected one decision');
  return decision;
}

const rejected = (messageId: string) =>
  rejectedDecision({
    messageId,
    problems: [{ field: '(body)', expected: 'a JSON object' }],
    policyVersion: policyVersion(DEFAULT_POLICY, seedCatalog()),
    now: NOW,
  });

const emitted = () => onlyDecision(decided(atmAbroad('evt-emitted', 'c-1')));
const sensitive = () => onlyDecision(decided(pharmacyPayment('evt-sensitive', 'c-1')));
const noTrigger = () => onlyDecision(decided(groceries('evt-none', 'c-1')));

/**
 * A card payment of EUR 1,500 in the USA, under a policy of two offers per payment: both card-abroad and
 * large-purchase emit (one transaction carries every offer of an event).
 */
const twoOffers = () =>
  decided(
    {
      ...largePurchase('evt-two', 'c-1', '2026-07-03T14:00:00-04:00'),
      merchant: { name: 'Apple Fifth Avenue', mcc: '5732', country: 'US', city: 'New York' },
    },
    undefined,
    { ...DEFAULT_POLICY, arbitration: { ...DEFAULT_POLICY.arbitration, maxOffersPerEvent: 2 } },
  );

const HASH = 'a'.repeat(64);

function commitOf(result: DecideResult, readVersion: number, consentsRevision = 3): EventDecisionCommit {
  const eventId = result.decisions[0]?.eventId ?? 'evt-?';
  return {
    claim: { key: decisionIdFor(eventId), contentHash: HASH },
    decisions: result.decisions,
    offers: result.offers,
    ...(result.offers.length > 0
      ? {
          contact: { state: result.contact, readVersion },
          consents: { customerId: 'c-1', readRevision: consentsRevision },
        }
      : {}),
  };
}

const record = (decision: Decision, contentHash = HASH) => ({ decision, contentHash });

function fakeWriter(respond: (call: number, name: string) => unknown = () => ({}), hotDays?: number) {
  const fake = fakeDocumentClient((command, call) => respond(call, command.constructor.name));
  const writer = new DynamoDecisionWriter(fake.client, TABLES, {
    retry: FAST,
    ...(hotDays === undefined ? {} : { hotDays }),
  });
  const transactions = () => fake.inputsOf<TransactWriteCommandInput>('TransactWriteCommand');
  const puts = () => fake.inputsOf<PutCommandInput>('PutCommand');
  return { fake, writer, transactions, puts };
}

function canceled(...codes: string[]): TransactionCanceledException {
  return new TransactionCanceledException({
    message: 'Transaction cancelled, please refer cancellation reasons for specific reasons',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });
}

const conditionFailed = () =>
  new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });

/** DynamoDB's item size: names + values (strings, numbers ≈ digits/2 + 1, lists and maps 3 + 1 per element). */
function approxSize(value: unknown): number {
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (typeof value === 'number') return Math.ceil(String(value).replace(/[-.]/g, '').length / 2) + 1;
  if (typeof value === 'boolean') return 1;
  if (Array.isArray(value)) return 3 + value.reduce((n: number, v) => n + 1 + approxSize(v), 0);
  if (value !== null && typeof value === 'object') {
    return 3 + Object.entries(value).reduce((n, [k, v]) => n + 1 + Buffer.byteLength(k) + approxSize(v), 0);
  }
  return 1;
}
const itemSize = (item: Record<string, unknown>) =>
  Object.entries(item).reduce((n, [k, v]) => n + Buffer.byteLength(k) + approxSize(v), 0);

describe('auditItem: the hot item of a decision decided without a trigger', () => {
  it.each([
    ['emitted', emitted],
    ['suppressed', sensitive],
    ['no_trigger', noTrigger],
    ['rejected', () => rejected('m-1')],
  ] as const)('a %s decision: exactly its fields plus the hot TTL, no index attribute', (outcome, make) => {
    const decision = make();
    expect(decision.outcome).toBe(outcome);
    const item = auditItem(decision);
    expect(Object.keys(item).sort()).toEqual([...Object.keys(decision), 'ttl'].sort());
    const { ttl, ...rest } = item;
    expect(rest).toEqual(decision);
    expect(ttl).toBe(epochS(decision.decidedAt) + DEFAULT_HOT_AUDIT_DAYS * DAY_S);
  });

  it('lives the shorter of its retention and the hot window (HOT_AUDIT_DAYS)', () => {
    const start = epochS(NOW.toISOString());
    expect(auditItem(noTrigger(), undefined, 200).ttl).toBe(start + RETENTION_DAYS.decisionNoTrigger * DAY_S);
    expect(auditItem(emitted(), undefined, 200).ttl).toBe(start + 200 * DAY_S);
    expect(auditItem(sensitive(), undefined, 31).ttl).toBe(start + 31 * DAY_S);
  });

  it('a sensitive decision’s item carries nothing about the payment', () => {
    expect(JSON.stringify(auditItem(sensitive(), HASH)).toLowerCase()).not.toMatch(
      /walgreens|5912|4321|boston|pharmac/,
    );
  });

  it('stays under 1 KB (one write unit) with its digest', () => {
    for (const d of [emitted(), sensitive(), noTrigger(), rejected('m-1')]) {
      expect(itemSize(auditItem(d, HASH))).toBeLessThan(1024);
    }
  });
});

describe('eventItem: one item per matched event', () => {
  it('holds the claim and every decision once, the event ids on the item only; parses back to the decisions', () => {
    const result = twoOffers();
    const claim = { key: decisionIdFor('evt-two'), contentHash: HASH };
    const item = eventItem(claim, result.decisions);
    expect(item).toMatchObject({
      decisionId: claim.key,
      kind: 'event',
      contentHash: HASH,
      eventId: 'evt-two',
      customerId: 'c-1',
      decidedAt: result.decisions[0]?.decidedAt,
      ttl: epochS(NOW.toISOString()) + DEFAULT_HOT_AUDIT_DAYS * DAY_S,
    });
    for (const embedded of item.decisions as Record<string, unknown>[]) {
      expect(embedded).not.toHaveProperty('eventId');
      expect(embedded).not.toHaveProperty('customerId');
    }
    expect(parseAuditItem(item)).toEqual({ kind: 'decisions', key: claim.key, decisions: result.decisions });
  });

  it('stays under 1 KB for one decision (one write unit), under 2 KB for two', () => {
    const claim = { key: decisionIdFor('evt-1'), contentHash: HASH };
    expect(itemSize(eventItem(claim, [emitted()]))).toBeLessThan(1024);
    expect(itemSize(eventItem(claim, twoOffers().decisions))).toBeLessThan(2048);
  });
});

describe('offerItem', () => {
  it('is the offer, active, expiring (ttl) when the offer does', () => {
    const [offer] = decided(atmAbroad('evt-1', 'c-1')).offers;
    if (offer === undefined) throw new Error('expected an offer');
    const item = offerItem(offer);
    expect(item).toEqual({ ...offer, status: 'active', ttl: epochS(offer.expiresAt) });
    // worldwide-travel-cover is valid for 14 days.
    expect(item.ttl).toBe(epochS(NOW.toISOString()) + 14 * DAY_S);
  });
});

describe('DynamoDecisionWriter.writeBulk: append-only, one conditional PutItem per record', () => {
  it('puts every record on its own, conditionally, with its digest (never a transaction or BatchWriteItem)', async () => {
    const { fake, writer, puts } = fakeWriter(() => ({}), 40);
    const decisions = [sensitive(), noTrigger(), rejected('m-1')];
    const outcomes = await writer.writeBulk(decisions.map((d) => record(d)));
    expect([...outcomes.values()]).toEqual(['stored', 'stored', 'stored']);
    expect(fake.sent.map((c) => c.name)).toEqual(['PutCommand', 'PutCommand', 'PutCommand']);
    expect(puts()).toEqual(
      decisions.map((d) => ({
        TableName: TABLES.audit,
        Item: auditItem(d, HASH, 40),
        ConditionExpression: 'attribute_not_exists(decisionId)',
      })),
    );
  });

  it('keeps at most 16 puts in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const fake = fakeDocumentClient(async () => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((r) => setTimeout(r, 1));
      inFlight--;
      return {};
    });
    const writer = new DynamoDecisionWriter(fake.client, TABLES, FAST);
    await writer.writeBulk(Array.from({ length: 40 }, (_, i) => record(rejected(`m-${i}`))));
    expect(fake.sent).toHaveLength(40);
    expect(most).toBe(16);
  });

  it('tells a redelivery from a reused id by a one-item condition on the digest', async () => {
    const [taken, reused, fresh] = [sensitive(), noTrigger(), rejected('m-1')];
    const { writer, transactions, fake } = fakeWriter((call, name) => {
      const input = fake.sent[call]?.input as PutCommandInput & TransactWriteCommandInput;
      if (name === 'PutCommand') {
        if (input.Item?.decisionId === fresh.decisionId) return {};
        throw conditionFailed();
      }
      const key = input.TransactItems?.[0]?.ConditionCheck?.Key?.decisionId;
      if (key === reused.decisionId) throw canceled('ConditionalCheckFailed');
      return {};
    });
    const outcomes = await writer.writeBulk([record(taken), record(reused), record(fresh)]);
    expect(outcomes).toEqual(
      new Map([
        [taken.decisionId, 'duplicate'],
        [reused.decisionId, 'reused'],
        [fresh.decisionId, 'stored'],
      ]),
    );
    expect(transactions()).toHaveLength(2);
    for (const t of transactions()) {
      expect(t.TransactItems).toHaveLength(1);
      expect(t.TransactItems?.[0]?.ConditionCheck).toMatchObject({
        TableName: TABLES.audit,
        ConditionExpression: '#hash = :hash OR attribute_not_exists(#hash)',
        ExpressionAttributeNames: { '#hash': CONTENT_HASH },
        ExpressionAttributeValues: { ':hash': HASH },
      });
    }
  });

  it('retries a put that met a transaction in flight on the same key', async () => {
    const { writer, puts } = fakeWriter((call) => {
      if (call === 0) throw Object.assign(new Error('conflict'), { name: 'TransactionConflictException' });
      return {};
    });
    await expect(writer.writeBulk([record(noTrigger())])).resolves.toEqual(
      new Map([[noTrigger().decisionId, 'stored']]),
    );
    expect(puts()).toHaveLength(2);
  });

  it('throws a DecisionStoreError, with the SDK error as its cause, when the call fails', async () => {
    const { writer } = fakeWriter(() => {
      throw Object.assign(new Error('Internal server error'), { name: 'InternalServerError' });
    });
    const error = await writer.writeBulk([record(rejected('m-1'))]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DecisionStoreError);
    expect((error as DecisionStoreError).cause).toMatchObject({ name: 'InternalServerError' });
  });
});

describe('DynamoDecisionWriter.commit: an emitting event, one transaction', () => {
  it('the event item, offers, versioned contact state and the consents revision check', async () => {
    const { writer, transactions } = fakeWriter();
    const result = twoOffers();
    expect(result.decisions.map((d) => d.outcome)).toEqual(['emitted', 'emitted']);
    const previous = { offerId: 'savings-account', at: '2026-06-20T10:00:00Z' };
    const state: ContactState = { ...result.contact, emissions: [previous, ...result.contact.emissions] };
    const commit = { ...commitOf(result, 4), contact: { state, readVersion: 4 } };
    await expect(writer.commit(commit)).resolves.toBe('committed');

    expect(transactions()).toHaveLength(1);
    expect(transactions()[0]).toEqual({
      TransactItems: [
        {
          Put: {
            TableName: TABLES.audit,
            Item: eventItem(commit.claim, result.decisions),
            ConditionExpression: 'attribute_not_exists(decisionId)',
          },
        },
        ...result.offers.map((o) => ({
          Put: {
            TableName: TABLES.offers,
            Item: offerItem(o),
            ConditionExpression: 'attribute_not_exists(offerInstanceId)',
          },
        })),
        {
          Put: {
            TableName: TABLES.contactPolicy,
            Item: {
              customerId: 'c-1',
              version: 5,
              emissions: state.emissions,
              cooldownUntil: {},
              // From the newest instant it remembers (the decision time, NOW), kept one year.
              ttl: epochS(NOW.toISOString()) + RETENTION_DAYS.contactPolicy * DAY_S,
            },
            ConditionExpression: '#version = :read',
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: { ':read': 4 },
          },
        },
        {
          ConditionCheck: {
            TableName: TABLES.customers,
            Key: { customerId: 'c-1', sk: 'CONSENTS' },
            ConditionExpression: 'revision = :revision',
            ExpressionAttributeValues: { ':revision': 3 },
          },
        },
      ],
    });
  });

  it('requires consents never stored when it read none (revision 0), and a new contact state', async () => {
    const { writer, transactions } = fakeWriter();
    await writer.commit(commitOf(decided(atmAbroad('evt-1', 'c-1')), 0, 0));
    const items = transactions()[0]?.TransactItems ?? [];
    expect(items.at(-2)?.Put?.ConditionExpression).toBe(
      'attribute_not_exists(customerId) OR #version = :read',
    );
    expect(items.at(-2)?.Put?.ExpressionAttributeValues).toEqual({ ':read': 0 });
    expect(items.at(-1)?.ConditionCheck?.ConditionExpression).toBe('attribute_not_exists(revision)');
  });
});

describe('DynamoDecisionWriter.commit: an event that emits nothing', () => {
  const capped = () =>
    decided(atmAbroad('evt-1', 'c-1'), {
      ...emptyContactState('c-1'),
      emissions: [{ offerId: 'worldwide-travel-cover', at: '2026-07-01T10:00:00Z' }],
    });

  it('is one conditional PutItem of the event item: no transaction, no offer, contact state or consents check', async () => {
    const { fake, writer, puts } = fakeWriter();
    const result = capped();
    expect(onlyDecision(result).reasons).toEqual(['frequency_capped']);
    const commit = commitOf(result, 1);
    await expect(writer.commit(commit)).resolves.toBe('committed');
    expect(fake.sent.map((c) => c.name)).toEqual(['PutCommand']);
    expect(puts()[0]).toEqual({
      TableName: TABLES.audit,
      Item: eventItem(commit.claim, result.decisions),
      ConditionExpression: 'attribute_not_exists(decisionId)',
    });
  });

  it('is a duplicate or a reuse by the digest when the key is taken', async () => {
    for (const [checkFails, outcome] of [
      [false, 'duplicate'],
      [true, 'reused'],
    ] as const) {
      const { writer } = fakeWriter((_, name) => {
        if (name === 'PutCommand') throw conditionFailed();
        if (checkFails) throw canceled('ConditionalCheckFailed');
        return {};
      });
      await expect(writer.commit(commitOf(capped(), 1))).resolves.toBe(outcome);
    }
  });
});

describe('DynamoDecisionWriter.commit: a cancelled transaction', () => {
  it('is a duplicate when the claim exists with the same digest (a redelivery)', async () => {
    const { writer } = fakeWriter((call) => {
      if (call === 0) throw canceled('ConditionalCheckFailed', 'None', 'None', 'None');
      return {};
    });
    await expect(writer.commit(commitOf(decided(atmAbroad('evt-1', 'c-1')), 0))).resolves.toBe('duplicate');
  });

  it('is reused when the claim holds another digest (the event id was used for another event)', async () => {
    const { writer } = fakeWriter(() => {
      throw canceled('ConditionalCheckFailed', 'None', 'None', 'None');
    });
    await expect(writer.commit(commitOf(decided(atmAbroad('evt-1', 'c-1')), 0))).resolves.toBe('reused');
  });

  it('is a conflict when the contact state or the consents moved', async () => {
    for (const codes of [
      ['None', 'None', 'ConditionalCheckFailed', 'None'],
      ['None', 'None', 'None', 'ConditionalCheckFailed'],
      ['TransactionConflict', 'None', 'None', 'None'],
    ]) {
      const { writer } = fakeWriter(() => {
        throw canceled(...codes);
      });
      await expect(writer.commit(commitOf(decided(atmAbroad('evt-1', 'c-1')), 2))).resolves.toBe('conflict');
    }
  });

  it('is a DecisionStoreError when an offer condition failed', async () => {
    const { writer } = fakeWriter(() => {
      throw canceled('None', 'ConditionalCheckFailed', 'None', 'None');
    });
    await expect(writer.commit(commitOf(decided(atmAbroad('evt-1', 'c-1')), 2))).rejects.toBeInstanceOf(
      DecisionStoreError,
    );
  });

  it('wraps any other failure in a DecisionStoreError, keeping the cause', async () => {
    const failure = Object.assign(new Error('Internal server error'), { name: 'InternalServerError' });
    const { writer } = fakeWriter(() => {
      throw failure;
    });
    const error = await writer
      .commit(commitOf(decided(atmAbroad('evt-1', 'c-1')), 1))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DecisionStoreError);
    expect((error as Error).cause).toBe(failure);
  });
});

import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { BatchWriteCommandInput, TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import {
  auditItem,
  DynamoDecisionWriter,
  offerItem,
} from '../../../shared/adapters/dynamodb/decision-writer.js';
import type { RetryPolicy } from '../../../shared/adapters/dynamodb/retry.js';
import { auditIndexAttributes } from '../../../shared/audit-index.js';
import { seedCatalog } from '../../../shared/core/catalog/seed.js';
import { type ContactState, emptyContactState } from '../../../shared/core/customer.js';
import { type DecideResult, decide } from '../../../shared/core/decide.js';
import { type Decision, rejectedDecision } from '../../../shared/core/decision.js';
import { parsePaymentEvent } from '../../../shared/core/payment-event.js';
import { DEFAULT_POLICY, policyVersion } from '../../../shared/core/policy.js';
import { ContactStateConflictError, DecisionStoreError } from '../../../shared/errors.js';
import type { EventDecisionCommit } from '../../../shared/ports.js';
import { RETENTION_DAYS } from '../../../shared/retention.js';
import {
  atmAbroad,
  type EventJson,
  groceries,
  largePurchase,
  NOW,
  pharmacyPayment,
  traveller,
} from '../../support/builders.js';
import { fakeDocumentClient } from '../../support/fake-aws.js';
import { FakeDynamoTables, TABLE_KEYS, TABLES } from '../../support/fake-dynamo-tables.js';

const FAST: RetryPolicy = { attempts: 3, baseDelayMs: 0 };
const DAY_S = 86_400;
const epochS = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/** Decides an event with the real core, for a consenting traveller. */
function decided(
  event: EventJson,
  contact: ContactState = emptyContactState(event.customerId),
): DecideResult {
  const parsed = parsePaymentEvent(JSON.stringify(event));
  if (!parsed.ok) throw new Error('builder made an invalid event');
  return decide({
    event: parsed.event,
    customer: traveller(event.customerId),
    contact,
    catalog: seedCatalog(),
    policy: DEFAULT_POLICY,
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

/** A card payment of EUR 1,500 in the USA: both card-abroad and large-purchase emit. */
const twoOffers = () =>
  decided({
    ...largePurchase('evt-two', 'c-1', '2026-07-03T14:00:00-04:00'),
    merchant: { name: 'Apple Fifth Avenue', mcc: '5732', country: 'US', city: 'New York' },
  });

function commitOf(result: DecideResult, readVersion: number): EventDecisionCommit {
  return {
    decisions: result.decisions,
    offers: result.offers,
    ...(result.offers.length > 0 ? { contact: { state: result.contact, readVersion } } : {}),
  };
}

function transactWriter(respond: () => unknown = () => ({})) {
  const fake = fakeDocumentClient(() => respond());
  const writer = new DynamoDecisionWriter(fake.client, TABLES, FAST);
  const transactions = () => fake.inputsOf<TransactWriteCommandInput>('TransactWriteCommand');
  return { fake, writer, transactions };
}

function canceled(...codes: string[]): TransactionCanceledException {
  return new TransactionCanceledException({
    message: 'Transaction cancelled, please refer cancellation reasons for specific reasons',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });
}

describe('auditItem: what goes into the audit table', () => {
  it.each([
    ['emitted', emitted, RETENTION_DAYS.decisionEmitted],
    ['suppressed', sensitive, RETENTION_DAYS.decisionSuppressed],
    ['no_trigger', noTrigger, RETENTION_DAYS.decisionNoTrigger],
    ['rejected', () => rejected('m-1'), RETENTION_DAYS.decisionRejected],
  ] as const)(
    'a %s decision: exactly its fields plus a ttl of its retention period',
    (outcome, make, days) => {
      const decision = make();
      expect(decision.outcome).toBe(outcome);
      const item = auditItem(decision);
      const index = auditIndexAttributes(decision);
      expect(Object.keys(item).sort()).toEqual(
        [...Object.keys(decision), ...Object.keys(index), 'ttl'].sort(),
      );
      const { ttl, ...rest } = item;
      expect(rest).toEqual({ ...decision, ...index });
      expect(ttl).toBe(epochS(decision.decidedAt) + days * DAY_S);
    },
  );

  it('indexes only suppressed decisions, by trigger and by each reason, in one of eight shards', () => {
    expect(auditIndexAttributes(emitted())).toEqual({});
    expect(auditIndexAttributes(noTrigger())).toEqual({});
    const screened = sensitive();
    const shard = String(Number.parseInt(screened.decisionId.charAt(2), 16) % 8);
    expect(auditItem(screened)).toMatchObject({
      suppTrigger: `none#${shard}`,
      supp_sensitive_category: shard,
    });
  });

  it('keeps short-lived records short: no_trigger and rejected 90 days, emitted and suppressed 730', () => {
    const start = epochS(NOW.toISOString());
    expect(auditItem(noTrigger()).ttl).toBe(start + 90 * DAY_S);
    expect(auditItem(rejected('m-1')).ttl).toBe(start + 90 * DAY_S);
    expect(auditItem(emitted()).ttl).toBe(start + 730 * DAY_S);
    expect(auditItem(sensitive()).ttl).toBe(start + 730 * DAY_S);
  });

  it('a sensitive decision’s item carries nothing about the payment', () => {
    expect(JSON.stringify(auditItem(sensitive())).toLowerCase()).not.toMatch(
      /walgreens|5912|4321|boston|pharmac/,
    );
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

describe('DynamoDecisionWriter.writeBulk', () => {
  function bulkWriter(unprocessed?: (item: Record<string, unknown>) => boolean) {
    const tables = new FakeDynamoTables({
      keys: TABLE_KEYS,
      ...(unprocessed
        ? { unprocessed: (_: string, item: Record<string, unknown>) => unprocessed(item) }
        : {}),
    });
    const fake = fakeDocumentClient(tables.respond);
    return {
      tables,
      writer: new DynamoDecisionWriter(fake.client, TABLES, FAST),
      writes: () => fake.inputsOf<BatchWriteCommandInput>('BatchWriteCommand'),
    };
  }

  it('stores each decision as its audit item in the audit table', async () => {
    const { tables, writer, writes } = bulkWriter();
    const decisions = [sensitive(), noTrigger(), rejected('m-1')];
    await expect(writer.writeBulk(decisions)).resolves.toEqual(new Set());
    expect(Object.keys(writes()[0]?.RequestItems ?? {})).toEqual([TABLES.audit]);
    for (const decision of decisions) {
      expect(tables.get(TABLES.audit, { decisionId: decision.decisionId })).toEqual(auditItem(decision));
    }
  });

  it('chunks at 25 decisions per call', async () => {
    const { tables, writer, writes } = bulkWriter();
    const decisions = Array.from({ length: 60 }, (_, i) => rejected(`m-${i}`));
    await expect(writer.writeBulk(decisions)).resolves.toEqual(new Set());
    expect(writes().map((w) => w.RequestItems?.[TABLES.audit]?.length)).toEqual([25, 25, 10]);
    expect(tables.items(TABLES.audit)).toHaveLength(60);
  });

  it('resolves with the ids of the decisions left unprocessed after the retries', async () => {
    const stuck = rejected('m-stuck');
    const { tables, writer, writes } = bulkWriter((item) => item.decisionId === stuck.decisionId);
    const decisions = [rejected('m-1'), stuck, rejected('m-2')];
    await expect(writer.writeBulk(decisions)).resolves.toEqual(new Set([stuck.decisionId]));
    expect(writes()).toHaveLength(FAST.attempts);
    expect(tables.items(TABLES.audit)).toHaveLength(2);
  });

  it('throws a DecisionStoreError, with the SDK error as its cause, when the call fails', async () => {
    const fake = fakeDocumentClient(() => {
      throw Object.assign(new Error('Internal server error'), { name: 'InternalServerError' });
    });
    const writer = new DynamoDecisionWriter(fake.client, TABLES, FAST);
    const error = await writer.writeBulk([rejected('m-1')]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DecisionStoreError);
    expect((error as DecisionStoreError).cause).toMatchObject({ name: 'InternalServerError' });
  });
});

describe('DynamoDecisionWriter.commit: the transaction', () => {
  it('builds one TransactWriteItems: conditional audit puts, offer puts, versioned contact-policy put', async () => {
    const { writer, transactions } = transactWriter();
    const result = twoOffers();
    expect(result.decisions.map((d) => d.outcome)).toEqual(['emitted', 'emitted']);
    const previous = { offerId: 'savings-account', at: '2026-06-20T10:00:00Z' };
    const state: ContactState = { ...result.contact, emissions: [previous, ...result.contact.emissions] };

    await expect(
      writer.commit({
        decisions: result.decisions,
        offers: result.offers,
        contact: { state, readVersion: 4 },
      }),
    ).resolves.toBe('committed');

    expect(transactions()).toHaveLength(1);
    expect(transactions()[0]).toEqual({
      TransactItems: [
        ...result.decisions.map((d) => ({
          Put: {
            TableName: TABLES.audit,
            Item: auditItem(d),
            ConditionExpression: 'attribute_not_exists(decisionId)',
          },
        })),
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
              // From the newest emission (the event's, 2026-07-03T18:00Z), kept one year.
              ttl: epochS('2026-07-03T18:00:00Z') + RETENTION_DAYS.contactPolicy * DAY_S,
            },
            ConditionExpression: 'version = :readVersion',
            ExpressionAttributeValues: { ':readVersion': 4 },
          },
        },
      ],
    });
  });

  it('creates the contact state only if none exists when it was read as new (version 0)', async () => {
    const { writer, transactions } = transactWriter();
    await writer.commit(commitOf(decided(atmAbroad('evt-1', 'c-1')), 0));
    const contactPut = transactions()[0]?.TransactItems?.at(-1)?.Put;
    expect(contactPut?.TableName).toBe(TABLES.contactPolicy);
    expect(contactPut?.ConditionExpression).toBe('attribute_not_exists(customerId)');
    expect(contactPut).not.toHaveProperty('ExpressionAttributeValues');
    expect(contactPut?.Item?.version).toBe(1);
  });

  it('counts the contact TTL from the newest emission as an instant, not as text', async () => {
    const { writer, transactions } = transactWriter();
    const result = decided(atmAbroad('evt-1', 'c-1'));
    // 23:00 at -05:00 is 04:00Z the next day: the newest, although its text sorts first.
    const emissions = [
      { offerId: 'savings-account', at: '2026-07-05T23:00:00-05:00' },
      { offerId: 'credit-card', at: '2026-07-06T02:00:00+00:00' },
    ];
    await writer.commit({
      decisions: result.decisions,
      offers: result.offers,
      contact: { state: { ...result.contact, emissions }, readVersion: 2 },
    });
    const item = transactions()[0]?.TransactItems?.at(-1)?.Put?.Item;
    expect(item?.ttl).toBe(epochS('2026-07-06T04:00:00Z') + RETENTION_DAYS.contactPolicy * DAY_S);
  });

  it('writes suppressed decisions alone: no offer, no contact-policy item', async () => {
    const { writer, transactions } = transactWriter();
    const result = decided(atmAbroad('evt-1', 'c-1'), {
      ...emptyContactState('c-1'),
      emissions: [{ offerId: 'worldwide-travel-cover', at: '2026-07-01T00:00:00Z' }],
    });
    expect(onlyDecision(result).outcome).toBe('suppressed');
    await expect(writer.commit(commitOf(result, 1))).resolves.toBe('committed');
    expect(transactions()[0]?.TransactItems).toEqual([
      {
        Put: {
          TableName: TABLES.audit,
          Item: auditItem(onlyDecision(result)),
          ConditionExpression: 'attribute_not_exists(decisionId)',
        },
      },
    ]);
  });
});

describe('DynamoDecisionWriter.commit: a cancelled transaction', () => {
  it('is a duplicate when an audit record already exists (a redelivery)', async () => {
    const { writer } = transactWriter(() => {
      throw canceled('ConditionalCheckFailed', 'None', 'None');
    });
    await expect(writer.commit(commitOf(decided(atmAbroad('evt-1', 'c-1')), 0))).resolves.toBe('duplicate');
  });

  it('is a duplicate when any of several audit records exists, even if the contact check failed too', async () => {
    const { writer } = transactWriter(() => {
      throw canceled('None', 'ConditionalCheckFailed', 'None', 'None', 'ConditionalCheckFailed');
    });
    await expect(writer.commit(commitOf(twoOffers(), 3))).resolves.toBe('duplicate');
  });

  it('is a duplicate for a suppressed-only commit whose audit record exists', async () => {
    const { writer } = transactWriter(() => {
      throw canceled('ConditionalCheckFailed');
    });
    await expect(writer.commit({ decisions: [sensitive()], offers: [] })).resolves.toBe('duplicate');
  });

  it('is a ContactStateConflictError when only the contact-policy condition failed', async () => {
    const exception = canceled('None', 'None', 'ConditionalCheckFailed');
    const { writer } = transactWriter(() => {
      throw exception;
    });
    const error = await writer
      .commit(commitOf(decided(atmAbroad('evt-1', 'c-1')), 2))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContactStateConflictError);
    expect((error as Error).cause).toBe(exception);
  });

  it('is a DecisionStoreError when an offer condition failed', async () => {
    const { writer } = transactWriter(() => {
      throw canceled('None', 'ConditionalCheckFailed', 'None');
    });
    const error = await writer
      .commit(commitOf(decided(atmAbroad('evt-1', 'c-1')), 2))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DecisionStoreError);
    expect(error).not.toBeInstanceOf(ContactStateConflictError);
  });

  it('is not mistaken for a contact conflict when the last item is an offer (no contact in the commit)', async () => {
    const result = decided(atmAbroad('evt-1', 'c-1'));
    const { writer } = transactWriter(() => {
      throw canceled('None', 'ConditionalCheckFailed');
    });
    const error = await writer
      .commit({ decisions: result.decisions, offers: result.offers })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DecisionStoreError);
  });

  it('is a DecisionStoreError for other cancellation reasons (a conflicting transaction, throttling)', async () => {
    const { writer } = transactWriter(() => {
      throw canceled('None', 'TransactionConflict', 'None');
    });
    await expect(writer.commit(commitOf(decided(atmAbroad('evt-1', 'c-1')), 1))).rejects.toBeInstanceOf(
      DecisionStoreError,
    );
  });

  it('wraps any other failure in a DecisionStoreError, keeping the cause', async () => {
    const failure = Object.assign(new Error('Internal server error'), { name: 'InternalServerError' });
    const { writer } = transactWriter(() => {
      throw failure;
    });
    const error = await writer
      .commit(commitOf(decided(atmAbroad('evt-1', 'c-1')), 1))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DecisionStoreError);
    expect((error as Error).cause).toBe(failure);
  });
});

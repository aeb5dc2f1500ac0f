import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import {
  auditItem,
  CONTENT_HASH,
  claimItem,
  DynamoDecisionWriter,
  offerItem,
} from '#adapters/dynamodb/decision-writer.js';
import type { RetryPolicy } from '#adapters/dynamodb/retry.js';
import { seedCatalog } from '#core/catalog/seed.js';
import { type ContactState, emptyContactState } from '#core/contact-policy.js';
import { type DecideResult, decide } from '#core/decide.js';
import { type Decision, decisionIdFor, rejectedDecision } from '#core/decision.js';
import { parsePaymentEvent } from '#core/payment-event.js';
import { DEFAULT_POLICY, type Policy, policyVersion } from '#core/policy.js';
import { auditIndexAttributes } from '#shared/audit-index.js';
import { DecisionStoreError } from '#shared/errors.js';
import type { EventDecisionCommit } from '#shared/ports.js';
import { RETENTION_DAYS } from '#shared/retention.js';
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

function transactWriter(respond: (call: number) => unknown = () => ({})) {
  const fake = fakeDocumentClient((_, call) => respond(call));
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

  it('indexes suppressed decisions by trigger and by each reason, the others by outcome, in one of eight shards', () => {
    // Other outcomes: only their outcome partition of the shared index (the privacy overview's counts).
    expect(Object.keys(auditIndexAttributes(emitted())).sort()).toEqual(['paidAt', 'suppShared']);
    expect(auditIndexAttributes(noTrigger()).suppShared).toMatch(/^outcome_no_trigger#[0-7]$/);
    const screened = sensitive();
    const shard = String(Number.parseInt(screened.decisionId.charAt(2), 16) % 8);
    expect(auditItem(screened)).toMatchObject({
      suppTrigger: `none#${shard}`,
      supp_sensitive_category: shard,
    });
    // A sensitive screen keeps no payment time: not even the index's copy of it.
    expect(auditItem(screened)).not.toHaveProperty('paidAt');
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

describe('DynamoDecisionWriter.writeBulk: append-only', () => {
  it('puts every record conditionally, with its content digest, in one transaction (never BatchWriteItem)', async () => {
    const { fake, writer, transactions } = transactWriter();
    const decisions = [sensitive(), noTrigger(), rejected('m-1')];
    const outcomes = await writer.writeBulk(decisions.map((d) => record(d)));
    expect([...outcomes.values()]).toEqual(['stored', 'stored', 'stored']);
    expect(fake.sent.map((c) => c.name)).toEqual(['TransactWriteCommand']);
    expect(transactions()[0]?.TransactItems).toEqual(
      decisions.map((d) => ({
        Put: {
          TableName: TABLES.audit,
          Item: auditItem(d, HASH),
          ConditionExpression: 'attribute_not_exists(decisionId)',
        },
      })),
    );
  });

  it('chunks at 100 records per transaction', async () => {
    const { writer, transactions } = transactWriter();
    await writer.writeBulk(Array.from({ length: 130 }, (_, i) => record(rejected(`m-${i}`))));
    expect(transactions().map((t) => t.TransactItems?.length)).toEqual([100, 30]);
  });

  it('tells a redelivery from a reused id by a condition on the digest, then puts the rest', async () => {
    const [taken, reused, fresh] = [sensitive(), noTrigger(), rejected('m-1')];
    const { writer, transactions } = transactWriter((call) => {
      if (call === 0) throw canceled('ConditionalCheckFailed', 'ConditionalCheckFailed', 'None');
      const input = transactions()[call]?.TransactItems?.[0];
      const key = input?.ConditionCheck?.Key?.decisionId;
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
    const checks = transactions()
      .flatMap((t) => t.TransactItems ?? [])
      .filter((i) => i.ConditionCheck);
    expect(checks[0]?.ConditionCheck).toMatchObject({
      TableName: TABLES.audit,
      ConditionExpression: '#hash = :hash OR attribute_not_exists(#hash)',
      ExpressionAttributeNames: { '#hash': CONTENT_HASH },
      ExpressionAttributeValues: { ':hash': HASH },
    });
    // The last transaction puts only the record whose id was free; nothing was ever overwritten.
    expect(
      transactions()
        .at(-1)
        ?.TransactItems?.map((i) => i.Put?.Item?.decisionId),
    ).toEqual([fresh.decisionId]);
  });

  it('throws a DecisionStoreError, with the SDK error as its cause, when the call fails', async () => {
    const { writer } = transactWriter(() => {
      throw Object.assign(new Error('Internal server error'), { name: 'InternalServerError' });
    });
    const error = await writer.writeBulk([record(rejected('m-1'))]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DecisionStoreError);
    expect((error as DecisionStoreError).cause).toMatchObject({ name: 'InternalServerError' });
  });
});

describe('DynamoDecisionWriter.commit: the transaction', () => {
  it('claim, conditional audit puts, offers, versioned contact state and the consents revision check', async () => {
    const { writer, transactions } = transactWriter();
    const result = twoOffers();
    expect(result.decisions.map((d) => d.outcome)).toEqual(['emitted', 'emitted']);
    const previous = { offerId: 'savings-account', at: '2026-06-20T10:00:00Z' };
    const state: ContactState = { ...result.contact, emissions: [previous, ...result.contact.emissions] };
    const commit = { ...commitOf(result, 4), contact: { state, readVersion: 4 } };
    await expect(writer.commit(commit)).resolves.toBe('committed');

    expect(transactions()).toHaveLength(1);
    const decidedAt = result.decisions[0]?.decidedAt ?? '';
    expect(transactions()[0]).toEqual({
      TransactItems: [
        {
          Put: {
            TableName: TABLES.audit,
            Item: claimItem(commit.claim, decidedAt),
            ConditionExpression: 'attribute_not_exists(decisionId)',
          },
        },
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

  it('the claim carries no event id, customer id or payment field', () => {
    const item = claimItem({ key: decisionIdFor('evt-1'), contentHash: HASH }, NOW.toISOString());
    expect(Object.keys(item).sort()).toEqual(['contentHash', 'decisionId', 'kind', 'ttl']);
  });

  it('requires consents never stored when it read none (revision 0), and a new contact state', async () => {
    const { writer, transactions } = transactWriter();
    await writer.commit(commitOf(decided(atmAbroad('evt-1', 'c-1')), 0, 0));
    const items = transactions()[0]?.TransactItems ?? [];
    expect(items.at(-2)?.Put?.ConditionExpression).toBe(
      'attribute_not_exists(customerId) OR #version = :read',
    );
    expect(items.at(-2)?.Put?.ExpressionAttributeValues).toEqual({ ':read': 0 });
    expect(items.at(-1)?.ConditionCheck?.ConditionExpression).toBe('attribute_not_exists(revision)');
  });

  it('writes suppressed decisions with the claim only: no offer, contact state or consents check', async () => {
    const { writer, transactions } = transactWriter();
    const result = decided(atmAbroad('evt-1', 'c-1'), {
      ...emptyContactState('c-1'),
      emissions: [{ offerId: 'worldwide-travel-cover', at: '2026-07-01T10:00:00Z' }],
    });
    expect(onlyDecision(result).reasons).toEqual(['frequency_capped']);
    await expect(writer.commit(commitOf(result, 1))).resolves.toBe('committed');
    expect(transactions()[0]?.TransactItems?.map((i) => Object.keys(i)[0])).toEqual(['Put', 'Put']);
  });
});

describe('DynamoDecisionWriter.commit: a cancelled transaction', () => {
  it('is a duplicate when the claim exists with the same digest (a redelivery)', async () => {
    const { writer } = transactWriter((call) => {
      if (call === 0) throw canceled('ConditionalCheckFailed', 'None', 'None', 'None', 'None');
      return {};
    });
    await expect(writer.commit(commitOf(decided(atmAbroad('evt-1', 'c-1')), 0))).resolves.toBe('duplicate');
  });

  it('is reused when the claim holds another digest (the event id was used for another event)', async () => {
    const { writer } = transactWriter(() => {
      throw canceled('ConditionalCheckFailed', 'None', 'None', 'None', 'None');
    });
    await expect(writer.commit(commitOf(decided(atmAbroad('evt-1', 'c-1')), 0))).resolves.toBe('reused');
  });

  it('is a conflict when the contact state or the consents moved', async () => {
    for (const codes of [
      ['None', 'None', 'None', 'ConditionalCheckFailed', 'None'],
      ['None', 'None', 'None', 'None', 'ConditionalCheckFailed'],
      ['None', 'TransactionConflict', 'None', 'None', 'None'],
    ]) {
      const { writer } = transactWriter(() => {
        throw canceled(...codes);
      });
      await expect(writer.commit(commitOf(decided(atmAbroad('evt-1', 'c-1')), 2))).resolves.toBe('conflict');
    }
  });

  it('is a DecisionStoreError when an offer condition failed', async () => {
    const { writer } = transactWriter(() => {
      throw canceled('None', 'None', 'ConditionalCheckFailed', 'None', 'None');
    });
    await expect(writer.commit(commitOf(decided(atmAbroad('evt-1', 'c-1')), 2))).rejects.toBeInstanceOf(
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

import { DeleteTableCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OfferMessageSchema } from '#core/offer-message.js';
import { screenedContentHashOf } from '#core/payment-event.js';
import { app } from '#infra/definitions.js';
import { provisionTables } from '#local/provision.js';
import {
  atmAbroad,
  childBenefit,
  highBalance,
  largePurchase,
  studentFinance,
  ticket,
} from '#test/integration/support/events.js';
import {
  consentGranted,
  customer,
  nextEventId,
  PipelineHarness,
} from '#test/integration/support/pipeline.js';
import { auditRecordById } from '#test/integration/support/store-reads.js';
import { eventually, sleep } from '#test/integration/support/wait.js';

const WARNING = 'Let op! Geld lenen kost geld';

describe('the payment-event pipeline on DynamoDB Local and the SQS emulator', () => {
  let pipeline: PipelineHarness;

  beforeAll(async () => {
    pipeline = await PipelineHarness.start();
    await pipeline.loadCustomers([
      customer('travel', { holdings: ['current-account', 'travel-insurance-europe'] }),
      customer('parent'),
      customer('flyer'),
      customer('student', { birthDate: '2005-09-01' }),
      customer('saver'),
      customer('buyer'),
      customer('no-consent', { holdings: ['travel-insurance-europe'], consents: [] }),
      customer('withdrawn', {
        holdings: ['travel-insurance-europe'],
        consents: [
          consentGranted('2026-01-10T10:00:00Z'),
          { ...consentGranted('2026-03-01T10:00:00Z'), status: 'withdrawn' },
        ],
      }),
      customer('objector', {
        holdings: ['travel-insurance-europe'],
        consents: [
          consentGranted(),
          {
            purpose: 'direct-marketing',
            status: 'objected',
            at: '2026-02-01T09:00:00Z',
            source: 'letter',
            noticeVersion: '2026-01',
          },
        ],
      }),
      customer('minor', { birthDate: '2012-05-01', holdings: ['travel-insurance-europe'] }),
      customer('struggling', { flags: ['financial-difficulty'] }),
      customer('busy', { holdings: ['current-account'] }),
      customer('twice', { holdings: ['travel-insurance-europe'] }),
      customer('fragile', { holdings: ['travel-insurance-europe'] }),
    ]);
  });

  afterAll(async () => {
    await pipeline?.stop();
  });

  describe('each seed trigger emits for an eligible customer', () => {
    it.each([
      ['card-abroad-worldwide-cover', 'worldwide-travel-cover', () => atmAbroad('travel')],
      ['child-benefit-child-account', 'child-savings-account', () => childBenefit('parent')],
      ['ticket-travel-insurance', 'travel-insurance', () => ticket('flyer')],
      ['student-finance-student-account', 'student-account', () => studentFinance('student')],
      ['high-balance-savings', 'savings-account', () => highBalance('saver')],
      ['large-purchase-credit-card', 'credit-card', () => largePurchase('buyer')],
    ])('%s', async (triggerId, offerId, makeEvent) => {
      const event = makeEvent();
      const decisions = await pipeline.decide(event);
      const decision = decisions.find((d) => d.triggerId === triggerId);
      expect(decision).toMatchObject({ outcome: 'emitted', offerId, reasons: [], eventId: event.eventId });
      expect(decision?.policyVersion).toEqual(expect.any(String));
      expect(decision?.triggerVersion).toEqual(expect.any(Number));
      const offers = await pipeline.offersOf(event.customerId);
      const offer = offers.find((o) => o.decisionId === decision?.decisionId);
      expect(offer).toMatchObject({ offerId, status: 'active' });
      if (offerId === 'credit-card') expect(offer?.disclosures).toContain(WARNING);
    });

    it('publishes emitted offers to offer-suggestions after the commit (outbox)', async () => {
      const bodies = await eventually(async () => {
        const got = await pipeline.receiveAll('offer-suggestions', 1000);
        return got.length > 0 ? got : undefined;
      });
      const suggestion = OfferMessageSchema.parse(JSON.parse(bodies[0] ?? '{}'));
      expect(suggestion).toMatchObject({ specversion: '1.0', type: 'offer.suggested' });
      expect(suggestion.data).toHaveProperty('text');
      expect(JSON.stringify(suggestion)).not.toMatch(/Chase|6011|20000|New York/);
    });
  });

  describe('suppression reasons', () => {
    it.each([
      ['no consent record', 'no-consent', ['no_consent']],
      ['withdrawn consent', 'withdrawn', ['no_consent']],
      ['art. 21 objection', 'objector', ['objected']],
      ['a minor', 'minor', ['customer_excluded']],
    ])('%s', async (_label, customerId, reasons) => {
      const decisions = await pipeline.decide(atmAbroad(customerId));
      expect(decisions).toHaveLength(1);
      expect(decisions[0]).toMatchObject({
        outcome: 'suppressed',
        triggerId: 'card-abroad-worldwide-cover',
        reasons,
      });
      expect(await pipeline.offersOf(customerId)).toEqual([]);
    });

    it('credit offer to a customer in financial difficulty', async () => {
      const decisions = await pipeline.decide(largePurchase('struggling'));
      expect(decisions[0]).toMatchObject({ outcome: 'suppressed', reasons: ['unsuitable'] });
      expect(await pipeline.offersOf('struggling')).toEqual([]);
    });

    it('frequency cap: a third offer within 7 days is capped', async () => {
      const first = await pipeline.decide(childBenefit('busy', '2026-07-01T09:00:00+02:00'));
      const second = await pipeline.decide(studentFinance('busy', '2026-07-02T09:00:00+02:00'));
      const third = await pipeline.decide(highBalance('busy', '2026-07-03T09:00:00+02:00'));
      expect(first[0]?.outcome).toBe('emitted');
      expect(second[0]?.outcome).toBe('emitted');
      // Two offers within 7 days fill the cap, and both are still active: the default limit of 2 holds too.
      expect(third[0]).toMatchObject({
        outcome: 'suppressed',
        reasons: ['active_offer_limit', 'frequency_capped'],
      });
      expect(await pipeline.offersOf('busy')).toHaveLength(2);
    });
  });

  it('a sensitive payment leaves nothing that describes it', async () => {
    const event = {
      eventId: nextEventId('evt'),
      occurredAt: '2026-07-03T10:00:00-04:00',
      customerId: 'travel',
      type: 'card_payment',
      amount: { minor: 4321, currency: 'USD' },
      merchant: { name: 'Walgreens Pharmacy', mcc: '5912', country: 'US', city: 'Boston' },
    };
    const decisions = await pipeline.decide(event);
    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toMatchObject({ outcome: 'suppressed', reasons: ['sensitive_category'] });
    expect(decisions[0]?.triggerId).toBeUndefined();
    // The stored item, with the attributes the adapter adds (digest, TTL) beside the decision.
    const record: Record<string, unknown> =
      (await auditRecordById(pipeline.documents, pipeline.tables.audit, decisions[0]?.decisionId ?? '')) ??
      {};
    // The digest is of the ids only (nothing to test guesses against); ids, digest, TTL and times are
    // opaque numbers and hex, which may spell any digits by chance, so the text check skips them.
    expect(record.contentHash).toBe(
      screenedContentHashOf({ eventId: event.eventId, customerId: event.customerId }),
    );
    const { decisionId, eventId, contentHash, ttl, decidedAt, ...rest } = record;
    expect([decisionId, eventId, contentHash, ttl, decidedAt].every((v) => v !== undefined)).toBe(true);
    const stored = JSON.stringify(rest);
    for (const detail of ['Walgreens', '5912', '4321', 'USD', 'Boston', '"US"', 'pharmac', 'health']) {
      expect(stored.toLowerCase()).not.toContain(detail.toLowerCase());
    }
  });

  it('a duplicate delivery yields one audit record per decision and at most one offer', async () => {
    const event = atmAbroad('twice');
    await pipeline.decide(event);
    await pipeline.send(event);
    await pipeline.send(event);
    await sleep(500);
    await pipeline.runtime.idle(20_000);
    const decisions = await pipeline.decisionsForEvent(event.eventId);
    expect(decisions).toHaveLength(1);
    expect(decisions[0]?.outcome).toBe('emitted');
    expect(await pipeline.offersOf('twice')).toHaveLength(1);
  });

  it('a malformed message is rejected with the field named, and does not fail its batch', async () => {
    const bad = { ...atmAbroad('travel'), merchant: { name: 'ATM', mcc: '12', country: 'US' } };
    const decisions = await pipeline.decide(bad);
    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toMatchObject({ outcome: 'rejected', reasons: ['invalid_event'] });
    expect(JSON.stringify(decisions[0]?.problems)).toContain('merchant.mcc');

    const notJson = await pipeline.send('{"eventId": "half');
    await pipeline.runtime.idle(20_000);
    const scan = await pipeline.runtime.dynamodb.send(new ScanCommand({ TableName: pipeline.tables.audit }));
    const rejected = (scan.Items ?? []).filter((item) => item.messageId?.S === notJson);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.outcome?.S).toBe('rejected');
    // Neither is retried into the DLQ: a rejection is a decision, not a failure.
    const dlq = await pipeline.runtime.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: pipeline.queue('payment-events').dlqUrl, WaitTimeSeconds: 0 }),
    );
    expect(dlq.Messages ?? []).toEqual([]);
  });

  it('decides on a stored contact state at version 0 (what "nothing read" looks like too) instead of conflicting forever', async () => {
    await pipeline.loadCustomers([customer('version-zero', { holdings: ['travel-insurance-europe'] })]);
    await pipeline.documents.send(
      new PutCommand({
        TableName: pipeline.tables.contactPolicy,
        Item: { customerId: 'version-zero', version: 0, emissions: [], cooldownUntil: {} },
      }),
    );
    const decisions = await pipeline.decide(atmAbroad('version-zero'));
    expect(decisions.map((d) => d.outcome)).toEqual(['emitted']);
    const stored = await pipeline.documents.send(
      new GetCommand({ TableName: pipeline.tables.contactPolicy, Key: { customerId: 'version-zero' } }),
    );
    expect(stored.Item).toMatchObject({ version: 1, emissions: [{ offerId: decisions[0]?.offerId }] });
  });

  it('fails closed when customer state cannot be read: nothing decided, retried, nothing lost', async () => {
    const poller = pipeline.runtime.sqsPollers[0];
    if (!poller) throw new Error('no poller');
    await pipeline.runtime.dynamodb.send(new DeleteTableCommand({ TableName: pipeline.tables.customers }));
    const failedBefore = poller.stats.failed;
    const event = atmAbroad('fragile');
    await pipeline.send(event);
    await eventually(async () => (poller.stats.failed > failedBefore ? true : undefined));
    expect(await pipeline.decisionsForEvent(event.eventId)).toEqual([]);

    // The store comes back; the retried message is decided exactly once.
    await provisionTables(pipeline.runtime.dynamodb, app);
    await pipeline.loadCustomers([customer('fragile', { holdings: ['travel-insurance-europe'] })]);
    const decisions = await eventually(async () => {
      const found = await pipeline.decisionsForEvent(event.eventId);
      return found.length > 0 ? found : undefined;
    }, 30_000);
    expect(decisions).toHaveLength(1);
    expect(decisions[0]?.outcome).toBe('emitted');
    expect(await pipeline.offersOf('fragile')).toHaveLength(1);
  });
});

import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withdrawalRecordId } from '#adapters/dynamodb/offer-withdrawer.js';
import { type OfferMessage, OfferMessageSchema } from '#core/offer-message.js';
import { atmAbroad, largePurchase } from '#test/integration/support/events.js';
import { consentGranted, customer, PipelineHarness } from '#test/integration/support/pipeline.js';
import { eventually } from '#test/integration/support/wait.js';

const change = (
  customerId: string,
  status: 'granted' | 'withdrawn' | 'objected',
  at: string,
  purpose = 'transaction-offers',
) => ({
  customerId,
  purpose,
  status,
  at,
  source: 'app-privacy-settings',
  noticeVersion: '2026-01',
});

describe('consent changes and customer updates through the local queues', () => {
  let pipeline: PipelineHarness;

  beforeAll(async () => {
    pipeline = await PipelineHarness.start();
    const europe = { holdings: ['current-account', 'travel-insurance-europe'] as const };
    await pipeline.loadCustomers([
      customer('late-joiner', { ...europe, holdings: [...europe.holdings], consents: [] }),
      customer('leaver', { holdings: [...europe.holdings] }),
      customer('objector', { holdings: [...europe.holdings] }),
      customer('out-of-order', { holdings: [...europe.holdings], consents: [] }),
      customer('upgrader', { holdings: [...europe.holdings] }),
      customer('borrower'),
      customer('regranter', { holdings: [...europe.holdings] }),
      customer('future-granter', { holdings: [...europe.holdings], consents: [] }),
    ]);
  });

  afterAll(async () => {
    await pipeline?.stop();
  });

  const consents = async (customerId: string) =>
    (
      await pipeline.documents.send(
        new GetCommand({ TableName: 'customers', Key: { customerId, sk: 'CONSENTS' } }),
      )
    ).Item;
  const history = async (customerId: string) =>
    (
      await pipeline.documents.send(
        new QueryCommand({
          TableName: 'consent-history',
          KeyConditionExpression: 'customerId = :c',
          ExpressionAttributeValues: { ':c': customerId },
        }),
      )
    ).Items ?? [];
  const auditRecord = async (decisionId: string) =>
    (await pipeline.documents.send(new GetCommand({ TableName: 'audit', Key: { decisionId } }))).Item;

  it('a consent grant lets a later qualifying event emit', async () => {
    const before = await pipeline.decide(atmAbroad('late-joiner'));
    expect(before[0]).toMatchObject({ outcome: 'suppressed', reasons: ['no_consent'] });
    await pipeline.sendTo('consent-changes', change('late-joiner', 'granted', '2026-07-04T08:00:00Z'));
    await eventually(async () => ((await consents('late-joiner'))?.records?.length ? true : undefined));
    const after = await pipeline.decide(atmAbroad('late-joiner'));
    expect(after[0]).toMatchObject({ outcome: 'emitted', triggerId: 'card-abroad-worldwide-cover' });
    const entries = await history('late-joiner');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      purpose: 'transaction-offers',
      status: 'granted',
      collectionSource: 'app-privacy-settings',
      noticeVersion: '2026-01',
      applied: true,
    });
  });

  it('a withdrawal withdraws the active offers at once, each with an audit record', async () => {
    await pipeline.decide(atmAbroad('leaver'));
    const [offer] = await pipeline.offersOf('leaver');
    expect(offer?.status).toBe('active');
    await pipeline.sendTo('consent-changes', change('leaver', 'withdrawn', '2026-07-10T08:00:00Z'));
    const withdrawn = await eventually(async () => {
      const [o] = await pipeline.offersOf('leaver');
      return o?.status === 'withdrawn' ? o : undefined;
    });
    expect(withdrawn.withdrawalReason).toBe('consent_withdrawn');
    const served = await fetch(`${pipeline.runtime.endpoints.http}/customers/leaver/offers`);
    expect(await served.json()).toEqual({ offers: [] });
    const record = await auditRecord(withdrawalRecordId(String(offer?.offerInstanceId)));
    expect(record).toMatchObject({
      kind: 'offer_withdrawal',
      withdrawalReason: 'consent_withdrawn',
      customerId: 'leaver',
    });
  });

  it('an objection to direct marketing withdraws offers too', async () => {
    await pipeline.decide(atmAbroad('objector'));
    await pipeline.sendTo(
      'consent-changes',
      change('objector', 'objected', '2026-07-10T08:00:00Z', 'direct-marketing'),
    );
    const withdrawn = await eventually(async () => {
      const [o] = await pipeline.offersOf('objector');
      return o?.status === 'withdrawn' ? o : undefined;
    });
    expect(withdrawn.withdrawalReason).toBe('objected');
  });

  it('a stale consent update is recorded as evidence but not applied', async () => {
    await pipeline.sendTo('consent-changes', change('out-of-order', 'withdrawn', '2026-07-10T08:00:00Z'));
    await eventually(async () => ((await history('out-of-order')).length === 1 ? true : undefined));
    // The older grant arrives late: it must not resurrect the consent.
    await pipeline.sendTo('consent-changes', change('out-of-order', 'granted', '2026-07-01T08:00:00Z'));
    const entries = await eventually(async () => {
      const found = await history('out-of-order');
      return found.length === 2 ? found : undefined;
    });
    const stale = entries.find((e) => e.status === 'granted');
    expect(stale).toMatchObject({ applied: false, ignoredBecause: 'stale' });
    expect((await consents('out-of-order'))?.records).toEqual([
      expect.objectContaining({ purpose: 'transaction-offers', status: 'withdrawn' }),
    ]);
    const decisions = await pipeline.decide(atmAbroad('out-of-order'));
    expect(decisions[0]).toMatchObject({ outcome: 'suppressed', reasons: ['no_consent'] });
  });

  it('an invalid consent change is rejected to the DLQ and nothing is applied', async () => {
    await pipeline.sendTo('consent-changes', {
      ...change('upgrader', 'maybe' as 'granted', '2026-07-10T08:00:00Z'),
    });
    const dead = await eventually(async () => {
      const got = await pipeline.runtime.sqs.send(
        new ReceiveMessageCommand({ QueueUrl: pipeline.queue('consent-changes').dlqUrl, WaitTimeSeconds: 0 }),
      );
      return got.Messages?.[0];
    }, 30_000);
    expect(JSON.parse(dead.Body ?? '{}')).toMatchObject({ customerId: 'upgrader', status: 'maybe' });
    expect(await history('upgrader')).toEqual([]);
    expect((await consents('upgrader'))?.records).toEqual([consentGranted()]);
  });

  it('coming to hold travel-insurance-worldwide withdraws an open worldwide-cover offer', async () => {
    await pipeline.decide(atmAbroad('upgrader'));
    expect((await pipeline.offersOf('upgrader'))[0]?.status).toBe('active');
    await pipeline.sendTo('customer-updates', {
      customerId: 'upgrader',
      at: '2026-07-06T09:00:00Z',
      holdings: ['current-account', 'travel-insurance-europe', 'travel-insurance-worldwide'],
    });
    const withdrawn = await eventually(async () => {
      const [o] = await pipeline.offersOf('upgrader');
      return o?.status === 'withdrawn' ? o : undefined;
    });
    expect(withdrawn.withdrawalReason).toBe('product_held');
    // Consent still allows offers, yet the withdrawn offer is no longer served.
    const served = await fetch(`${pipeline.runtime.endpoints.http}/customers/upgrader/offers`);
    expect(await served.json()).toEqual({ offers: [] });
  });

  it('a new financial-difficulty flag withdraws open credit offers; an older update is ignored', async () => {
    await pipeline.decide(largePurchase('borrower'));
    const [credit] = await pipeline.offersOf('borrower');
    expect(credit).toMatchObject({ category: 'credit', status: 'active' });
    await pipeline.sendTo('customer-updates', {
      customerId: 'borrower',
      at: '2026-07-06T09:00:00Z',
      flags: ['financial-difficulty'],
    });
    const withdrawn = await eventually(async () => {
      const [o] = await pipeline.offersOf('borrower');
      return o?.status === 'withdrawn' ? o : undefined;
    });
    expect(withdrawn.withdrawalReason).toBe('credit_unsuitable');
    // An older CRM update arriving late does not clear the flag.
    await pipeline.sendTo('customer-updates', {
      customerId: 'borrower',
      at: '2026-07-01T09:00:00Z',
      flags: [],
    });
    await pipeline.runtime.idle(20_000);
    const profile = (
      await pipeline.documents.send(
        new GetCommand({ TableName: 'customers', Key: { customerId: 'borrower', sk: 'PROFILE' } }),
      )
    ).Item;
    expect(profile?.flags).toEqual(['financial-difficulty']);
  });

  it('a withdrawal publishes a retraction per active offer; a re-grant afterwards serves none of them', async () => {
    const recent = new Date(Date.now() - 60_000).toISOString();
    await pipeline.decide(atmAbroad('regranter', recent));
    const purchase = { ...largePurchase('regranter'), occurredAt: recent };
    await pipeline.decide(purchase);
    const active = (await pipeline.offersOf('regranter')).filter((o) => o.status === 'active');
    expect(active).toHaveLength(2);
    const ids = active.map((o) => String(o.offerInstanceId)).sort();

    // Withdrawn ten minutes ago (the message took its time), so that a grant now is clearly newer.
    const withdrawnAt = new Date(Date.now() - 10 * 60_000).toISOString();
    await pipeline.sendTo('consent-changes', change('regranter', 'withdrawn', withdrawnAt));
    const messages: OfferMessage[] = [];
    const retracted = await eventually(async () => {
      for (const body of await pipeline.receiveAll('offer-suggestions', 500)) {
        const message = OfferMessageSchema.parse(JSON.parse(body));
        if (ids.includes(message.subject)) messages.push(message);
      }
      const found = new Set(messages.filter((m) => m.type === 'offer.withdrawn').map((m) => m.subject));
      return found.size === ids.length ? [...found].sort() : undefined;
    }, 30_000);
    expect(retracted).toEqual(ids);
    for (const message of messages.filter((m) => m.type === 'offer.withdrawn')) {
      // Nothing about the payment, not even the offer text: the key and when.
      expect(Object.keys(message.data).sort()).toEqual(['customerId', 'offerInstanceId', 'withdrawnAt']);
    }
    const item = await consents('regranter');
    expect(item?.lastWithdrawnAt?.['transaction-offers']).toBeDefined();

    // A race left one of them active (as if its transaction had slipped past the withdrawal).
    await pipeline.documents.send(
      new UpdateCommand({
        TableName: 'offers',
        Key: { customerId: 'regranter', offerInstanceId: ids[0] },
        UpdateExpression: 'SET #s = :active',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':active': 'active' },
      }),
    );
    await pipeline.sendTo('consent-changes', change('regranter', 'granted', new Date().toISOString()));
    await eventually(async () =>
      (await consents('regranter'))?.records?.[0]?.status === 'granted' ? true : undefined,
    );
    const served = await fetch(`${pipeline.runtime.endpoints.http}/customers/regranter/offers`);
    expect(served.status).toBe(200);
    expect(await served.json()).toEqual({ offers: [] });
  });

  it('a consent change dated beyond the future skew is refused to the DLQ, nothing applied', async () => {
    await pipeline.sendTo('consent-changes', change('future-granter', 'granted', '2099-01-01T00:00:00Z'));
    const dead = await eventually(async () => {
      const got = await pipeline.runtime.sqs.send(
        new ReceiveMessageCommand({ QueueUrl: pipeline.queue('consent-changes').dlqUrl, WaitTimeSeconds: 0 }),
      );
      const found = (got.Messages ?? []).find((m) => (m.Body ?? '').includes('future-granter'));
      return found;
    }, 30_000);
    expect(JSON.parse(dead.Body ?? '{}')).toMatchObject({ at: '2099-01-01T00:00:00Z' });
    expect(await history('future-granter')).toEqual([]);
    // The fixture's empty consents item is untouched: no record, no revision.
    expect(await consents('future-granter')).toMatchObject({ records: [] });
    expect((await consents('future-granter'))?.revision).toBeUndefined();
  });
});

import type { QueryCommandInput, TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoConsentStore } from '#adapters/dynamodb/consent-store.js';
import { DynamoOfferWithdrawer } from '#adapters/dynamodb/offer-withdrawer.js';
import { applyConsentChangeMessage } from '#app/apply-consent-change.js';
import { InfrastructureError } from '#shared/errors.js';
import { fakeDocumentClient } from '#test/support/fake-aws.js';
import { InMemoryConsentStore, InMemoryOfferWithdrawer } from '#test/support/in-memory-consents.js';

const GRANT = {
  purpose: 'transaction-offers' as const,
  status: 'granted' as const,
  at: '2026-07-01T00:00:00Z',
  source: 'app',
  noticeVersion: '2026-01',
};

describe('DynamoConsentStore', () => {
  it('loads records, withdrawal instants and revision with a strongly consistent read', async () => {
    const withdrawn = { 'transaction-offers': '2026-06-01T00:00:00.000Z' };
    const fake = fakeDocumentClient(() => ({
      Item: { records: [GRANT], lastWithdrawnAt: withdrawn, revision: 4 },
    }));
    const store = new DynamoConsentStore(fake.client, { customers: 'customers', consentHistory: 'history' });
    expect(await store.load('c-1')).toEqual({ records: [GRANT], lastWithdrawnAt: withdrawn, revision: 4 });
    const get = fake.sent[0];
    expect(get?.name).toBe('GetCommand');
    expect(get?.input).toMatchObject({ Key: { customerId: 'c-1', sk: 'CONSENTS' }, ConsistentRead: true });
  });

  it('fails on withdrawal instants that do not validate (never decides on a corrupt item)', async () => {
    const fake = fakeDocumentClient(() => ({
      Item: { records: [], lastWithdrawnAt: { 'transaction-offers': 5 } },
    }));
    const store = new DynamoConsentStore(fake.client, { customers: 'customers', consentHistory: 'history' });
    await expect(store.load('c-1')).rejects.toBeInstanceOf(InfrastructureError);
  });

  it('saves records and withdrawal instants with the next revision, conditional on the one read', async () => {
    const fake = fakeDocumentClient(() => ({}));
    const store = new DynamoConsentStore(fake.client, { customers: 'customers', consentHistory: 'history' });
    const state = { records: [GRANT], lastWithdrawnAt: { 'direct-marketing': '2026-06-01T00:00:00.000Z' } };
    await store.save('c-1', state, 3, {
      customerId: 'c-1',
      recordId: 'r-1',
      record: GRANT,
      receivedAt: '2026-07-01T00:00:01.000Z',
      applied: true,
    });
    const transaction = fake.sent[0];
    expect(transaction?.name).toBe('TransactWriteCommand');
    const put = (transaction?.input as TransactWriteCommandInput | undefined)?.TransactItems?.[1]?.Put;
    expect(put?.Item).toEqual({
      customerId: 'c-1',
      sk: 'CONSENTS',
      records: [GRANT],
      lastWithdrawnAt: state.lastWithdrawnAt,
      revision: 4,
    });
    expect(put?.ConditionExpression).toBe('revision = :revision');
  });
});

describe('DynamoOfferWithdrawer.openOffers', () => {
  it('queries the base table strongly consistently, page by page: no offer committed before escapes', async () => {
    let page = 0;
    const fake = fakeDocumentClient(() => {
      page++;
      const item = (n: number) => ({
        customerId: 'c-1',
        offerInstanceId: `o_${n}`,
        offerId: 'credit-card',
        productCode: 'credit-card',
        category: 'credit',
        triggerId: 't',
        triggerVersion: 1,
        status: 'active',
      });
      return page === 1 ? { Items: [item(1)], LastEvaluatedKey: { k: 1 } } : { Items: [item(2)] };
    });
    const withdrawer = new DynamoOfferWithdrawer(fake.client, { offers: 'offers', audit: 'audit' });
    expect((await withdrawer.openOffers('c-1')).map((o) => o.offerInstanceId)).toEqual(['o_1', 'o_2']);
    for (const sent of fake.sent) {
      expect(sent.name).toBe('QueryCommand');
      expect(sent.input).toMatchObject({ TableName: 'offers', ConsistentRead: true });
      expect((sent.input as QueryCommandInput).IndexName).toBeUndefined();
    }
  });
});

describe('applyConsentChangeMessage', () => {
  it('reads the open offers only after the withdrawal was saved', async () => {
    const calls: string[] = [];
    const consents = new InMemoryConsentStore();
    const offers = new InMemoryOfferWithdrawer();
    const save = consents.save.bind(consents);
    consents.save = async (...args) => {
      calls.push('save');
      return save(...args);
    };
    const open = offers.openOffers.bind(offers);
    offers.openOffers = async (customerId) => {
      calls.push('openOffers');
      return open(customerId);
    };
    const report = await applyConsentChangeMessage(
      { customerId: 'c-1', ...GRANT, status: 'withdrawn', at: '2026-07-02T00:00:00Z' },
      {
        consents,
        offers,
        regime: 'opt-in',
        clockGuard: { maxFutureSkewSeconds: 300 },
        now: () => new Date('2026-07-02T00:00:05Z'),
      },
    );
    expect(report).toEqual({ outcome: 'applied', offersWithdrawn: 0 });
    expect(calls).toEqual(['save', 'openOffers']);
  });
});

import { GetCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import {
  DynamoConsentReader,
  DynamoOfferReader,
  OfferStoreUnavailableError,
} from '#adapters/dynamodb/offer-reader.js';
import { CustomerStateUnavailableError } from '#shared/errors.js';
import { grant } from '#test/support/builders.js';
import { fakeDocumentClient } from '#test/support/fake-aws.js';

/** The input of the index-th command sent (failing the test if there was none). */
function inputAt<T>(sent: ReadonlyArray<{ input: unknown }>, index: number): T {
  const entry = sent[index];
  if (entry === undefined) throw new Error(`no command #${index} was sent`);
  return entry.input as T;
}

const row = (offerInstanceId: string, extra: Record<string, unknown> = {}) => ({
  customerId: 'c-1',
  offerInstanceId,
  offerId: 'worldwide-travel-cover',
  text: 'Op reis?',
  disclosures: [],
  createdAt: '2026-07-05T08:00:00.000Z',
  expiresAt: '2026-07-20T08:00:00.000Z',
  status: 'active',
  ...extra,
});

describe('DynamoOfferReader', () => {
  it("queries the customer's active offers, page by page, projected and strongly consistent", async () => {
    const fake = fakeDocumentClient((cmd) => {
      if (!(cmd instanceof QueryCommand)) throw new Error('unexpected');
      return cmd.input.ExclusiveStartKey === undefined
        ? { Items: [row('o_1'), row('o_bad', { disclosures: 'nope' })], LastEvaluatedKey: { k: 1 } }
        : { Items: [row('o_2')] };
    });
    const result = await new DynamoOfferReader(fake.client, { offers: 'offers' }).activeOffers('c-1');
    expect(result.offers.map((o) => o.offerInstanceId)).toEqual(['o_1', 'o_2']);
    expect(result.skipped).toBe(1);
    const first = fake.sent[0]?.input as QueryCommandInput;
    expect(first).toMatchObject({ TableName: 'offers', ConsistentRead: true });
    expect(first.ExpressionAttributeValues).toEqual({ ':customerId': 'c-1', ':active': 'active' });
    const names = Object.values(first.ExpressionAttributeNames ?? {});
    expect(names.sort()).toEqual(
      [
        'createdAt',
        'customerId',
        'disclosures',
        'expiresAt',
        'offerId',
        'offerInstanceId',
        'status',
        'text',
        'priority',
        'explanation',
      ].sort(),
    );
    expect(inputAt<QueryCommandInput>(fake.sent, 1).ExclusiveStartKey).toEqual({ k: 1 });
  });

  it('reads priority and explanation; an offer without them (emitted before issue 13) is served without', async () => {
    const explanation = { nl: 'Omdat u in het buitenland betaalde.', en: 'Because you paid abroad.' };
    const fake = fakeDocumentClient(() => ({
      Items: [
        row('o_new', { priority: 7, explanation }),
        row('o_old'),
        // Present but broken: never served (no offer rather than a wrong or half text).
        row('o_half', { explanation: { nl: 'Omdat…' } }),
        row('o_extra', { explanation: { ...explanation, merchant: 'Chase' } }),
        row('o_fraction', { priority: 1.5 }),
      ],
    }));
    const result = await new DynamoOfferReader(fake.client, { offers: 'offers' }).activeOffers('c-1');
    expect(result.offers).toEqual([{ ...row('o_new'), priority: 7, explanation }, row('o_old')]);
    expect(result.skipped).toBe(3);
  });

  it('finds one offer of the customer by key', async () => {
    const fake = fakeDocumentClient((cmd) =>
      cmd instanceof GetCommand && cmd.input.Key?.offerInstanceId === 'o_1' ? { Item: row('o_1') } : {},
    );
    const reader = new DynamoOfferReader(fake.client, { offers: 'offers' });
    expect((await reader.findOffer('c-1', 'o_1'))?.offerId).toBe('worldwide-travel-cover');
    expect(await reader.findOffer('c-1', 'o_2')).toBeUndefined();
    expect(fake.sent[0]?.input).toMatchObject({
      Key: { customerId: 'c-1', offerInstanceId: 'o_1' },
      ConsistentRead: true,
    });
  });

  it('turns store failures into OfferStoreUnavailableError', async () => {
    const fake = fakeDocumentClient(() => {
      throw new Error('throttled');
    });
    const reader = new DynamoOfferReader(fake.client, { offers: 'offers' });
    await expect(reader.activeOffers('c-1')).rejects.toBeInstanceOf(OfferStoreUnavailableError);
    await expect(reader.findOffer('c-1', 'o_1')).rejects.toBeInstanceOf(OfferStoreUnavailableError);
  });
});

describe('DynamoConsentReader', () => {
  const reader = (respond: (cmd: object) => unknown) => {
    const fake = fakeDocumentClient(respond);
    return { fake, reader: new DynamoConsentReader(fake.client, { customers: 'customers' }) };
  };

  it("reads the CONSENTS item's records and withdrawal instants, strongly consistent", async () => {
    const { fake, reader: consents } = reader(() => ({ Item: { records: [grant()] } }));
    expect(await consents.consentState('c-1')).toEqual({ records: [grant()], lastWithdrawnAt: {} });
    const withdrawnAt = { 'transaction-offers': '2026-07-01T10:00:00.000Z' };
    const withInstants = reader(() => ({ Item: { records: [grant()], lastWithdrawnAt: withdrawnAt } }));
    expect(await withInstants.reader.consentState('c-1')).toEqual({
      records: [grant()],
      lastWithdrawnAt: withdrawnAt,
    });
    expect(fake.sent[0]?.input).toMatchObject({
      TableName: 'customers',
      Key: { customerId: 'c-1', sk: 'CONSENTS' },
      ConsistentRead: true,
    });
  });

  it('no item: no consent', async () => {
    expect(await reader(() => ({})).reader.consentState('nobody')).toEqual({
      records: [],
      lastWithdrawnAt: {},
    });
  });

  it('fails closed on records that do not validate or a failed read', async () => {
    const invalid = reader(() => ({
      Item: { records: [{ purpose: 'transaction-offers', status: 'maybe' }] },
    }));
    await expect(invalid.reader.consentState('c-1')).rejects.toBeInstanceOf(CustomerStateUnavailableError);
    const badInstant = reader(() => ({
      Item: { records: [grant()], lastWithdrawnAt: { 'transaction-offers': 'yesterday' } },
    }));
    await expect(badInstant.reader.consentState('c-1')).rejects.toBeInstanceOf(CustomerStateUnavailableError);
    const down = reader(() => {
      throw new Error('down');
    });
    await expect(down.reader.consentState('c-1')).rejects.toBeInstanceOf(CustomerStateUnavailableError);
  });
});

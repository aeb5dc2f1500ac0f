import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoOfferWithdrawer, withdrawalRecordId } from '#adapters/dynamodb/offer-withdrawer.js';
import { DEFAULT_HOT_AUDIT_DAYS } from '#shared/retention.js';
import { fakeDocumentClient } from '#test/support/fake-aws.js';

const NOW = new Date('2026-07-10T08:00:00.000Z');
const OFFER = {
  customerId: 'c-1',
  offerInstanceId: 'o_1',
  offerId: 'worldwide-travel-cover',
  productCode: 'TRAVEL_INSURANCE',
  category: 'insurance' as const,
  triggerId: 'card-abroad-worldwide-cover',
  triggerVersion: 1,
};

/** The withdrawal's audit item lives in the hot table HOT_AUDIT_DAYS; the archive keeps its 730 days. */
describe('DynamoOfferWithdrawer: the withdrawal record’s hot TTL (issue 15)', () => {
  it.each([
    [undefined, DEFAULT_HOT_AUDIT_DAYS],
    [60, 60],
  ] as const)('hot days %s: the record expires from the hot table after %i days', async (hotDays, days) => {
    const fake = fakeDocumentClient(() => ({}));
    const tables = { offers: 'offers', audit: 'audit' };
    const withdrawer =
      hotDays === undefined
        ? new DynamoOfferWithdrawer(fake.client, tables)
        : new DynamoOfferWithdrawer(fake.client, tables, hotDays);
    await expect(withdrawer.withdraw(OFFER, 'consent_withdrawn', NOW)).resolves.toBe('withdrawn');
    const [transaction] = fake.inputsOf<TransactWriteCommandInput>('TransactWriteCommand');
    const put = transaction?.TransactItems?.find((i) => i.Put?.TableName === 'audit')?.Put;
    expect(put?.Item?.decisionId).toBe(withdrawalRecordId('o_1'));
    expect(put?.Item?.ttl).toBe(NOW.getTime() / 1000 + days * 86_400);
  });
});

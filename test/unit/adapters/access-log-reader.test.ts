import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoAccessLogReader } from '#adapters/dynamodb/access-log-store.js';
import { accessLogEntry } from '#privacy/access-log.js';
import { AccessLogReadError } from '#privacy/access-log.query.js';
import { fakeDocumentClient } from '#test/support/fake-aws.js';

const entry = (i: number, who = 'local:alice') =>
  accessLogEntry(
    { who, via: 'cli' },
    'history',
    { customerId: 'c-1' },
    new Date(Date.parse('2026-07-10T08:00:00Z') - i * 1000),
    `id-${i}`,
  );
const RANGE = { low: '2026-07-01T00:00:00.000Z', high: '2026-07-10T23:59:59.999Z#~' };

describe('DynamoAccessLogReader', () => {
  it('a customer: Query on byCustomer, newest first, between the bounds, actor as a filter; follows pages to the limit', async () => {
    const fake = fakeDocumentClient((_command, call) =>
      call === 0
        ? {
            Items: [entry(1)],
            LastEvaluatedKey: { day: '2026-07-10', accessId: entry(1).accessId, customerId: 'c-1' },
          }
        : { Items: [entry(2), entry(3)] },
    );
    const reader = new DynamoAccessLogReader(fake.client, 'audit-access-log');
    const before = entry(0).accessId;
    const found = await reader.entries(
      { kind: 'customer', customerId: 'c-1', who: 'local:alice' },
      RANGE,
      before,
      2,
    );
    expect(found.map((f) => f.accessId)).toEqual([entry(1).accessId, entry(2).accessId]);
    const [first, second] = fake.inputsOf<QueryCommandInput>('QueryCommand');
    expect(first).toEqual({
      TableName: 'audit-access-log',
      IndexName: 'byCustomer',
      KeyConditionExpression: '#p = :p AND #sk BETWEEN :low AND :high',
      FilterExpression: '#who = :who',
      ExpressionAttributeNames: { '#p': 'customerId', '#sk': 'accessId', '#who': 'who' },
      ExpressionAttributeValues: {
        ':p': 'c-1',
        ':low': RANGE.low,
        ':high': RANGE.high,
        ':who': 'local:alice',
      },
      ScanIndexForward: false,
      Limit: 2,
      ExclusiveStartKey: { day: '2026-07-10', accessId: before, customerId: 'c-1' },
    });
    expect(second?.Limit).toBe(1);
    expect(fake.sent.map((s) => s.name)).toEqual(['QueryCommand', 'QueryCommand']);
  });

  it('an actor: Query on byActor; a day: the table partition, strongly consistent', async () => {
    const fake = fakeDocumentClient(() => ({ Items: [] }));
    const reader = new DynamoAccessLogReader(fake.client, 't');
    await reader.entries({ kind: 'actor', who: 'local:bob' }, RANGE, undefined, 5);
    await reader.entries({ kind: 'day', day: '2026-07-09' }, RANGE, undefined, 5);
    const [actor, day] = fake.inputsOf<QueryCommandInput>('QueryCommand');
    expect(actor).toMatchObject({ IndexName: 'byActor', ExpressionAttributeValues: { ':p': 'local:bob' } });
    expect(actor).not.toHaveProperty('ExclusiveStartKey');
    expect(day).toMatchObject({ ConsistentRead: true, ExpressionAttributeNames: { '#p': 'day' } });
    expect(day).not.toHaveProperty('IndexName');
  });

  it('an item that is not an entry, or a failed call, is an AccessLogReadError', async () => {
    const odd = new DynamoAccessLogReader(fakeDocumentClient(() => ({ Items: [{ day: 'x' }] })).client, 't');
    await expect(odd.entries({ kind: 'day', day: '2026-07-09' }, RANGE, undefined, 5)).rejects.toThrow(
      AccessLogReadError,
    );
    const down = new DynamoAccessLogReader(
      fakeDocumentClient(() => {
        throw new Error('no such index');
      }).client,
      't',
    );
    await expect(down.entries({ kind: 'actor', who: 'x' }, RANGE, undefined, 5)).rejects.toThrow(
      AccessLogReadError,
    );
  });
});

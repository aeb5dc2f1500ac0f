import type { BatchWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { batchPutAll, type Item } from '#adapters/dynamodb/batch-write.js';
import type { RetryPolicy } from '#adapters/dynamodb/retry.js';
import { fakeDocumentClient } from '#test/support/fake-aws.js';
import { FakeDynamoTables, TABLE_KEYS, TABLES } from '#test/support/fake-dynamo-tables.js';

const FAST: RetryPolicy = { attempts: 3, baseDelayMs: 0 };
const TABLE = TABLES.audit;

const items = (n: number): Item[] =>
  Array.from({ length: n }, (_, i) => ({ decisionId: `d-${String(i).padStart(3, '0')}`, n: i }));

function setup(unprocessed?: (item: Item, call: number) => boolean) {
  const tables = new FakeDynamoTables({
    keys: TABLE_KEYS,
    ...(unprocessed ? { unprocessed: (_: string, item: Item, call: number) => unprocessed(item, call) } : {}),
  });
  const fake = fakeDocumentClient(tables.respond);
  const writes = () => fake.inputsOf<BatchWriteCommandInput>('BatchWriteCommand');
  const sizes = () => writes().map((w) => w.RequestItems?.[TABLE]?.length ?? 0);
  return { tables, fake, writes, sizes };
}

describe('batchPutAll', () => {
  it('puts every item with PutRequests to the table and resolves with nothing left over', async () => {
    const { tables, fake, writes } = setup();
    const all = items(3);
    await expect(batchPutAll(fake.client, TABLE, all, FAST)).resolves.toEqual([]);
    expect(writes()).toEqual([{ RequestItems: { [TABLE]: all.map((Item) => ({ PutRequest: { Item } })) } }]);
    expect(tables.items(TABLE)).toEqual(all);
  });

  it.each([
    [25, [25]],
    [26, [25, 1]],
    [60, [25, 25, 10]],
  ])('chunks %i items at 25 per call: %j', async (n, chunks) => {
    const { tables, fake, sizes } = setup();
    await expect(batchPutAll(fake.client, TABLE, items(n), FAST)).resolves.toEqual([]);
    expect(sizes()).toEqual(chunks);
    expect(tables.items(TABLE)).toHaveLength(n);
  });

  it('makes no call for no items', async () => {
    const { fake } = setup();
    await expect(batchPutAll(fake.client, TABLE, [], FAST)).resolves.toEqual([]);
    expect(fake.sent).toHaveLength(0);
  });

  it('retries unprocessed items, sending only those again', async () => {
    const { tables, fake, writes } = setup((item, call) => call === 0 && item.n === 1);
    await expect(batchPutAll(fake.client, TABLE, items(3), FAST)).resolves.toEqual([]);
    expect(writes()[1]).toEqual({
      RequestItems: { [TABLE]: [{ PutRequest: { Item: { decisionId: 'd-001', n: 1 } } }] },
    });
    expect(tables.items(TABLE)).toHaveLength(3);
  });

  it('resolves with the items still unprocessed after the attempts, and goes on with the next chunk', async () => {
    const { tables, fake, sizes } = setup((item) => item.n === 3 || item.n === 27);
    const left = await batchPutAll(fake.client, TABLE, items(30), FAST);
    expect(left).toEqual([
      { decisionId: 'd-003', n: 3 },
      { decisionId: 'd-027', n: 27 },
    ]);
    // Chunk one: 25, then the one item twice more; chunk two: 5, then the one item twice more.
    expect(sizes()).toEqual([25, 1, 1, 5, 1, 1]);
    expect(tables.items(TABLE)).toHaveLength(28);
  });

  it('with a single attempt, does not retry', async () => {
    const { fake, sizes } = setup((item) => item.n === 0);
    const left = await batchPutAll(fake.client, TABLE, items(2), { attempts: 1, baseDelayMs: 0 });
    expect(left).toEqual([{ decisionId: 'd-000', n: 0 }]);
    expect(sizes()).toEqual([2]);
  });

  it('throws when a call fails', async () => {
    const failure = Object.assign(new Error('Throughput exceeds the current capacity'), {
      name: 'ProvisionedThroughputExceededException',
    });
    const fake = fakeDocumentClient(() => {
      throw failure;
    });
    await expect(batchPutAll(fake.client, TABLE, items(2), FAST)).rejects.toBe(failure);
  });
});

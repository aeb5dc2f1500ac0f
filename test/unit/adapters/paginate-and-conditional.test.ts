import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { QueryCommandInput, QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONDITION_FAILED, transactConditionally } from '#adapters/dynamodb/conditional.js';
import { queryItems, queryPages, type SendQuery } from '#adapters/dynamodb/paginate.js';
import { fakeDocumentClient } from '#test/support/fake-aws.js';

/** A partition of `total` items served `pageSize` at a time, keyed by position; records every input. */
function pagedPartition(total: number, pageSize: number) {
  const inputs: QueryCommandInput[] = [];
  const send: SendQuery = async (input) => {
    inputs.push(input);
    const from = Number((input.ExclusiveStartKey as { n?: number } | undefined)?.n ?? -1) + 1;
    const items = Array.from({ length: Math.max(0, Math.min(pageSize, total - from)) }, (_, i) => ({
      n: from + i,
    }));
    const last = from + items.length - 1;
    return {
      Items: items,
      ...(last < total - 1 ? { LastEvaluatedKey: { n: last } } : {}),
      $metadata: {},
    } as QueryCommandOutput;
  };
  return { send, inputs };
}

describe('queryPages / queryItems (the one paginator)', () => {
  it('returns every item exactly once, in order, however the pages are cut', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(60), fc.integer({ min: 1, max: 7 }), async (total, size) => {
        const { send, inputs } = pagedPartition(total, size);
        const items = await queryItems(send, { TableName: 't' });
        expect(items.map((item) => item.n)).toEqual(Array.from({ length: total }, (_, i) => i));
        expect(inputs).toHaveLength(Math.max(1, Math.ceil(total / size)));
        expect(inputs[0]).toEqual({ TableName: 't' });
      }),
    );
  });

  it('stops quietly after maxPages without tooMany, and throws tooMany when more pages remain', async () => {
    const quiet = pagedPartition(10, 2);
    expect(await queryItems(quiet.send, { TableName: 't' }, { maxPages: 3 })).toHaveLength(6);
    const strict = pagedPartition(10, 2);
    const error = new Error('too many');
    await expect(
      queryItems(strict.send, { TableName: 't' }, { maxPages: 3, tooMany: () => error }),
    ).rejects.toBe(error);
    // Exactly maxPages pages and nothing after them: no fault.
    const exact = pagedPartition(6, 2);
    expect(
      await queryItems(exact.send, { TableName: 't' }, { maxPages: 3, tooMany: () => error }),
    ).toHaveLength(6);
  });

  it('starts from the input ExclusiveStartKey and hands each page over as it comes', async () => {
    const { send } = pagedPartition(5, 2);
    const pages: number[][] = [];
    for await (const page of queryPages(send, { TableName: 't', ExclusiveStartKey: { n: 0 } })) {
      pages.push((page.Items ?? []).map((item) => Number(item.n)));
    }
    expect(pages).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });
});

describe('transactConditionally', () => {
  const cancelled = (...codes: string[]) =>
    new TransactionCanceledException({
      message: 'cancelled',
      $metadata: {},
      CancellationReasons: codes.map((Code) => ({ Code })),
    });

  it('resolves with no indexes when the transaction commits', async () => {
    const fake = fakeDocumentClient(() => ({}));
    await expect(
      transactConditionally(fake.client, [
        { ConditionCheck: { TableName: 't', Key: {}, ConditionExpression: 'x' } },
      ]),
    ).resolves.toEqual([]);
    expect(fake.inputsOf('TransactWriteCommand')).toHaveLength(1);
  });

  it('resolves with the items whose condition failed', async () => {
    const fake = fakeDocumentClient(() => {
      throw cancelled('None', CONDITION_FAILED, CONDITION_FAILED);
    });
    await expect(transactConditionally(fake.client, [])).resolves.toEqual([1, 2]);
  });

  it('throws every other failure: a conflict, throttling, a fault', async () => {
    for (const failure of [
      cancelled('TransactionConflict', 'None'),
      cancelled('ThrottlingError'),
      new Error('down'),
    ]) {
      const fake = fakeDocumentClient(() => {
        throw failure;
      });
      await expect(transactConditionally(fake.client, [])).rejects.toBe(failure);
    }
  });
});

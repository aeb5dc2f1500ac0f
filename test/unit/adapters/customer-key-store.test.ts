import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type BatchGetCommandInput,
  DeleteCommand,
  PutCommand,
  type PutCommandInput,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoCustomerKeyStore } from '#adapters/dynamodb/customer-key-store.js';
import type { RetryPolicy } from '#adapters/dynamodb/retry.js';
import { CustomerKeyStoreError } from '#archive/errors.js';
import { newKeyMaterial, pseudonymiser } from '#archive/pseudonym.js';
import { fakeDocumentClient } from '#test/support/fake-aws.js';

const FAST: RetryPolicy = { attempts: 3, baseDelayMs: 0 };
const TABLE = 'customer-keys';

/** A fake table: BatchGet answers what is stored (the first call leaves `unprocessedOnce` unprocessed). */
function fakeTable(
  stored: Map<string, Uint8Array>,
  options: { unprocessedOnce?: string; racedBy?: string } = {},
) {
  let unprocessed = options.unprocessedOnce;
  return fakeDocumentClient((command) => {
    if (command instanceof BatchGetCommand) {
      const keys = (command.input.RequestItems?.[TABLE]?.Keys ?? []) as Array<{ customerId: string }>;
      const held = keys.filter((k) => k.customerId !== unprocessed);
      const left = keys.filter((k) => k.customerId === unprocessed);
      unprocessed = undefined;
      return {
        Responses: {
          [TABLE]: held.flatMap((k) => {
            const material = stored.get(k.customerId);
            return material === undefined ? [] : [{ customerId: k.customerId, material }];
          }),
        },
        UnprocessedKeys: left.length === 0 ? {} : { [TABLE]: { Keys: left } },
      };
    }
    if (command instanceof PutCommand) {
      const item = command.input.Item as { customerId: string; material: Uint8Array };
      if (item.customerId === options.racedBy) {
        stored.set(item.customerId, newKeyMaterial());
        throw new ConditionalCheckFailedException({ message: 'exists', $metadata: {} });
      }
      stored.set(item.customerId, item.material);
      return {};
    }
    if (command instanceof QueryCommand) {
      const ref = command.input.ExpressionAttributeValues?.[':ref'];
      const owner = [...stored].find(
        ([id, material]) => pseudonymiser({ customerId: id, material }).customerRef === ref,
      );
      return { Items: owner === undefined ? [] : [{ customerId: owner[0], customerRef: ref }] };
    }
    if (command instanceof DeleteCommand) {
      const id = (command.input.Key as { customerId: string }).customerId;
      const had = stored.delete(id);
      return had ? { Attributes: { customerId: id } } : {};
    }
    throw new Error(`unexpected ${command.constructor.name}`);
  });
}

describe('DynamoCustomerKeyStore', () => {
  it('reads keys consistently, retries unprocessed keys, and creates missing ones without replacing', async () => {
    const existing = newKeyMaterial();
    const stored = new Map([['c-1', existing]]);
    const fake = fakeTable(stored, { unprocessedOnce: 'c-1', racedBy: 'c-3' });
    const store = new DynamoCustomerKeyStore(fake.client, TABLE, FAST);
    const keys = await store.keysOf(['c-1', 'c-2', 'c-3', 'c-1'], { create: true });
    expect([...keys.keys()].sort()).toEqual(['c-1', 'c-2', 'c-3']);
    expect(keys.get('c-1')?.material).toEqual(existing);
    // c-3 was created by another archiver first: its key, re-read, is the key.
    expect(keys.get('c-3')?.material).toEqual(stored.get('c-3'));
    const puts = fake.inputsOf<PutCommandInput>('PutCommand');
    expect(puts.map((p) => p.ConditionExpression)).toEqual([
      'attribute_not_exists(customerId)',
      'attribute_not_exists(customerId)',
    ]);
    const put = puts.find((p) => p.Item?.customerId === 'c-2');
    expect(put?.Item?.customerRef).toBe(
      pseudonymiser({ customerId: 'c-2', material: stored.get('c-2') ?? new Uint8Array() }).customerRef,
    );
    expect(
      fake
        .inputsOf<BatchGetCommandInput>('BatchGetCommand')
        .every((b) => b.RequestItems?.[TABLE]?.ConsistentRead),
    ).toBe(true);
  });

  it('creates nothing without create, and reads in chunks of 100', async () => {
    const fake = fakeTable(new Map());
    const store = new DynamoCustomerKeyStore(fake.client, TABLE, FAST);
    const ids = Array.from({ length: 250 }, (_, i) => `c-${i}`);
    expect((await store.keysOf(ids, { create: false })).size).toBe(0);
    expect(
      fake
        .inputsOf<BatchGetCommandInput>('BatchGetCommand')
        .map((b) => b.RequestItems?.[TABLE]?.Keys?.length),
    ).toEqual([100, 100, 50]);
    expect(fake.inputsOf('PutCommand')).toEqual([]);
  });

  it('finds keys by customer ref through the byRef index, and destroys them', async () => {
    const stored = new Map([['c-1', newKeyMaterial()]]);
    const store = new DynamoCustomerKeyStore(fakeTable(stored).client, TABLE, FAST);
    const ref = pseudonymiser({
      customerId: 'c-1',
      material: stored.get('c-1') ?? new Uint8Array(),
    }).customerRef;
    expect((await store.keysOfRefs([ref, 'f'.repeat(32)])).get(ref)?.customerId).toBe('c-1');
    expect(await store.destroy('c-1')).toBe('destroyed');
    expect(await store.destroy('c-1')).toBe('absent');
    expect((await store.keysOfRefs([ref])).size).toBe(0);
  });

  it('reports failures as CustomerKeyStoreError, and a corrupt key too', async () => {
    const failing = fakeDocumentClient(() => {
      throw new Error('throttled');
    });
    const store = new DynamoCustomerKeyStore(failing.client, TABLE, FAST);
    await expect(store.keysOf(['c-1'], { create: true })).rejects.toThrow(CustomerKeyStoreError);
    await expect(store.destroy('c-1')).rejects.toThrow(CustomerKeyStoreError);
    const corrupt = fakeDocumentClient(() => ({
      Responses: { [TABLE]: [{ customerId: 'c-1', material: new Uint8Array(3) }] },
    }));
    await expect(
      new DynamoCustomerKeyStore(corrupt.client, TABLE, FAST).keysOf(['c-1'], { create: false }),
    ).rejects.toThrow(CustomerKeyStoreError);
    const stuck = fakeTable(new Map(), { unprocessedOnce: 'never' });
    expect(
      (await new DynamoCustomerKeyStore(stuck.client, TABLE, FAST).keysOf(['x'], { create: false })).size,
    ).toBe(0);
  });
});

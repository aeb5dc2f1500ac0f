import {
  BatchGetCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { CustomerKeyStoreError } from '#archive/errors.js';
import type { CustomerKeyStore } from '#archive/ports.js';
import { type CustomerKey, KEY_BYTES, newKeyMaterial, pseudonymiser } from '#archive/pseudonym.js';
import { mapLimit } from '#shared/concurrency.js';
import { isConditionFailure } from './conditional.js';
import { backoff, chunk, DEFAULT_RETRY, type RetryPolicy } from './retry.js';

/** The customer-keys table's index from a customer ref to the customer (KEYS_ONLY). */
export const CUSTOMER_KEYS_BY_REF = 'byRef';
const BATCH_GET_MAX = 100;
const PARALLEL_WRITES = 8;

type Item = Record<string, unknown>;

/**
 * The customers' archive keys in DynamoDB (table `customer-keys`: pk `customerId`; `material` 32 random
 * bytes, `customerRef` the customer's pseudonym under that key, `createdAt`; index `byRef`). A key is
 * created once (conditional PutItem: never replaced, so two archivers racing agree on the one that won) and
 * lives until the customer's erasure deletes it (crypto-shredding). Reads are consistent: a key just created
 * by another archiver is seen. Every failure is a CustomerKeyStoreError; logs and messages carry counts only.
 */
export class DynamoCustomerKeyStore implements CustomerKeyStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
  ) {}

  async keysOf(
    customerIds: readonly string[],
    options: { readonly create: boolean },
  ): Promise<ReadonlyMap<string, CustomerKey>> {
    const ids = [...new Set(customerIds)];
    const found = await this.read(ids);
    if (!options.create) return found;
    const missing = ids.filter((id) => !found.has(id));
    const raced: string[] = [];
    await mapLimit(missing, PARALLEL_WRITES, async (customerId) => {
      const key = await this.create(customerId);
      if (key === undefined) raced.push(customerId);
      else found.set(customerId, key);
    });
    // Another archiver created these first: its key is the key.
    for (const [id, key] of await this.read(raced)) found.set(id, key);
    return found;
  }

  async keysOfRefs(refs: readonly string[]): Promise<ReadonlyMap<string, CustomerKey>> {
    const owners = await mapLimit([...new Set(refs)], PARALLEL_WRITES, async (ref) => {
      try {
        const page = await this.client.send(
          new QueryCommand({
            TableName: this.table,
            IndexName: CUSTOMER_KEYS_BY_REF,
            KeyConditionExpression: 'customerRef = :ref',
            ExpressionAttributeValues: { ':ref': ref },
          }),
        );
        return (page.Items ?? []).flatMap((item) =>
          typeof item.customerId === 'string' ? [item.customerId] : [],
        );
      } catch (error) {
        throw new CustomerKeyStoreError('Finding customer keys by ref failed', { cause: error });
      }
    });
    const keys = await this.read([...new Set(owners.flat())]);
    const byRef = new Map<string, CustomerKey>();
    for (const key of keys.values()) byRef.set(pseudonymiser(key).customerRef, key);
    return byRef;
  }

  async destroy(customerId: string): Promise<'destroyed' | 'absent'> {
    try {
      const deleted = await this.client.send(
        new DeleteCommand({ TableName: this.table, Key: { customerId }, ReturnValues: 'ALL_OLD' }),
      );
      return deleted.Attributes === undefined ? 'absent' : 'destroyed';
    } catch (error) {
      throw new CustomerKeyStoreError('Destroying a customer key failed', { cause: error });
    }
  }

  /** Creates a key; undefined when one exists already (the condition failed). */
  private async create(customerId: string): Promise<CustomerKey | undefined> {
    const key: CustomerKey = { customerId, material: newKeyMaterial() };
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            customerId,
            material: key.material,
            customerRef: pseudonymiser(key).customerRef,
            createdAt: new Date().toISOString(),
          },
          ConditionExpression: 'attribute_not_exists(customerId)',
        }),
      );
      return key;
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw new CustomerKeyStoreError('Creating a customer key failed', { cause: error });
    }
  }

  /** The stored keys of these customers (consistent BatchGetItem in chunks, unprocessed keys retried). */
  private async read(customerIds: readonly string[]): Promise<Map<string, CustomerKey>> {
    const found = new Map<string, CustomerKey>();
    for (const part of chunk(customerIds, BATCH_GET_MAX)) {
      let keys: Item[] = part.map((customerId) => ({ customerId }));
      for (let attempt = 0; keys.length > 0; attempt++) {
        if (attempt >= this.retry.attempts) {
          throw new CustomerKeyStoreError(
            `Customer keys still unprocessed after ${this.retry.attempts} attempts`,
          );
        }
        if (attempt > 0) await backoff(attempt - 1, this.retry);
        let response: Awaited<ReturnType<typeof this.batchGet>>;
        try {
          response = await this.batchGet(keys);
        } catch (error) {
          throw new CustomerKeyStoreError('Reading customer keys failed', { cause: error });
        }
        for (const item of response.Responses?.[this.table] ?? []) {
          const key = keyOf(item);
          found.set(key.customerId, key);
        }
        keys = response.UnprocessedKeys?.[this.table]?.Keys ?? [];
      }
    }
    return found;
  }

  private batchGet(keys: Item[]) {
    return this.client.send(
      new BatchGetCommand({ RequestItems: { [this.table]: { Keys: keys, ConsistentRead: true } } }),
    );
  }
}

function keyOf(item: Item): CustomerKey {
  const { customerId, material } = item;
  if (typeof customerId !== 'string' || !(material instanceof Uint8Array) || material.length !== KEY_BYTES) {
    throw new CustomerKeyStoreError('A stored customer key does not have the expected shape');
  }
  return { customerId, material: new Uint8Array(material) };
}

import {
  BatchWriteCommand,
  type BatchWriteCommandOutput,
  type DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { NativeAttributeValue } from '@aws-sdk/util-dynamodb';
import { InfrastructureError } from '#shared/errors.js';
import { backoff, chunk, type RetryPolicy } from './retry.js';

/** Shared plumbing of the erasure adapters (./erasure-store.ts, ./erasure-changes.ts). */

/** A store call failed: the erasure stops (a re-run finishes it) and the API answers 503. */
export class ErasureStoreError extends InfrastructureError {
  override readonly name = 'ErasureStoreError';
}

/** The tables an erasure touches (physical names). */
export interface ErasureTables {
  readonly customers: string;
  readonly contactPolicy: string;
  readonly offers: string;
  readonly offerEvents: string;
  readonly audit: string;
  readonly consentHistory: string;
  readonly erasureLog: string;
  readonly accessLog: string;
}

/** The audit table's index by customer (infra/definitions.ts). */
export const BY_CUSTOMER_INDEX = 'byCustomer';

export type Item = Record<string, NativeAttributeValue>;

const MAX_BATCH_WRITE = 25;
/** Parallel calls for per-item work (offer-event queries, audit updates): well below any throttle. */
export const PARALLEL = 8;

/** Runs `work` on every item with at most `limit` in flight; resolves with the results in input order. */
export async function inParallel<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>) {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) {
      results[i] = await work(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export class DynamoErasureIo {
  constructor(
    readonly client: DynamoDBDocumentClient,
    private readonly retry: RetryPolicy,
  ) {}

  /** Every item of a Query, all pages. */
  async queryAll(input: QueryCommandInput, what: string): Promise<Item[]> {
    const items: Item[] = [];
    let start: Record<string, NativeAttributeValue> | undefined;
    try {
      do {
        const page = await this.client.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
        items.push(...(page.Items ?? []));
        start = page.LastEvaluatedKey;
      } while (start);
    } catch (error) {
      throw new ErasureStoreError(`Reading ${what} failed`, { cause: error });
    }
    return items;
  }

  /** Deletes the keys with BatchWriteItem; throws if any is still unprocessed after the retries. */
  async deleteAll(table: string, keys: readonly Item[], what: string): Promise<void> {
    for (const part of chunk(keys, MAX_BATCH_WRITE)) {
      let requests = part.map((Key) => ({ DeleteRequest: { Key } }));
      for (let attempt = 0; requests.length > 0; attempt++) {
        let response: BatchWriteCommandOutput;
        try {
          response = await this.client.send(new BatchWriteCommand({ RequestItems: { [table]: requests } }));
        } catch (error) {
          throw new ErasureStoreError(`Deleting ${what} failed`, { cause: error });
        }
        requests = (response.UnprocessedItems?.[table] ?? []).flatMap((r) =>
          r.DeleteRequest?.Key ? [{ DeleteRequest: { Key: r.DeleteRequest.Key } }] : [],
        );
        if (requests.length > 0 && attempt + 1 >= this.retry.attempts) {
          throw new ErasureStoreError(`${requests.length} ${what} could not be deleted; erase again`);
        }
        if (requests.length > 0) await backoff(attempt, this.retry);
      }
    }
  }
}

export const stringOf = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined;
export const numberOf = (value: unknown): number | undefined =>
  typeof value === 'number' ? value : undefined;

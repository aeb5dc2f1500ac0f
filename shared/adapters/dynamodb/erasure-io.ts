import type { DynamoDBDocumentClient, QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { InfrastructureError } from '#shared/errors.js';
import { batchWriteAll, type Item, type WriteRequest } from './batch-write.js';
import { queryItems, sendQueryWith } from './paginate.js';
import type { RetryPolicy } from './retry.js';

/** Shared plumbing of the erasure adapters (./erasure-store.ts, ./erasure-changes.ts, ./erasure-commit.ts). */

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

/** The offer-events table's index by customer (infra/definitions/tables.ts; KEYS_ONLY). */
export const OFFER_EVENTS_BY_CUSTOMER = 'byCustomer';

/** Parallel calls for per-item work (offer-event queries, audit updates): well below any throttle. */
export const PARALLEL = 8;

export class DynamoErasureIo {
  constructor(
    readonly client: DynamoDBDocumentClient,
    private readonly retry: RetryPolicy,
  ) {}

  /** Every item of a Query, all pages. */
  async queryAll(input: QueryCommandInput, what: string): Promise<Item[]> {
    try {
      return await queryItems(sendQueryWith(this.client), input);
    } catch (error) {
      throw new ErasureStoreError(`Reading ${what} failed`, { cause: error });
    }
  }

  /**
   * Every item of one customer's (or one offer's) partition of a table, strongly consistent; only the
   * projected attributes when a projection is given.
   */
  partition(
    table: string,
    key: { readonly customerId: string } | { readonly offerInstanceId: string },
    what: string,
    projection?: { readonly expression: string; readonly names?: Record<string, string> },
  ): Promise<Item[]> {
    const [condition, values] =
      'customerId' in key
        ? ['customerId = :c', { ':c': key.customerId }]
        : ['offerInstanceId = :o', { ':o': key.offerInstanceId }];
    return this.queryAll(
      {
        TableName: table,
        KeyConditionExpression: condition,
        ExpressionAttributeValues: values,
        ...(projection === undefined ? {} : { ProjectionExpression: projection.expression }),
        ...(projection?.names === undefined ? {} : { ExpressionAttributeNames: projection.names }),
        ConsistentRead: true,
      },
      what,
    );
  }

  /** Deletes the keys with BatchWriteItem; throws if any is still unprocessed after the retries. */
  async deleteAll(table: string, keys: readonly Item[], what: string): Promise<void> {
    let left: WriteRequest[];
    try {
      const requests = keys.map((Key) => ({ DeleteRequest: { Key } }));
      left = await batchWriteAll(this.client, table, requests, this.retry);
    } catch (error) {
      throw new ErasureStoreError(`Deleting ${what} failed`, { cause: error });
    }
    if (left.length > 0) {
      throw new ErasureStoreError(`${left.length} ${what} could not be deleted; erase again`);
    }
  }
}

export const stringOf = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined;
export const numberOf = (value: unknown): number | undefined =>
  typeof value === 'number' ? value : undefined;

import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { NativeAttributeValue } from '@aws-sdk/util-dynamodb';
import { backoff, chunk, DEFAULT_RETRY, type RetryPolicy } from './retry.js';

export type Item = Record<string, NativeAttributeValue>;

/** BatchWriteItem takes at most 25 requests. */
const MAX_BATCH_WRITE = 25;

/** One request of a BatchWriteItem: a put or a delete. */
export type WriteRequest =
  | { readonly PutRequest: { Item: Item } }
  | { readonly DeleteRequest: { Key: Item } };

/**
 * The one BatchWriteItem loop: the requests in chunks of 25, unprocessed ones sent again with backoff.
 * Resolves with the requests still unprocessed after the last attempt (empty when all were written); a
 * failed call throws.
 */
export async function batchWriteAll(
  client: DynamoDBDocumentClient,
  table: string,
  requests: readonly WriteRequest[],
  retry: RetryPolicy = DEFAULT_RETRY,
): Promise<WriteRequest[]> {
  const leftOver: WriteRequest[] = [];
  for (const part of chunk(requests, MAX_BATCH_WRITE)) {
    let pending: WriteRequest[] = part;
    for (let attempt = 0; pending.length > 0; attempt++) {
      const response = await client.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
      pending = (response.UnprocessedItems?.[table] ?? []).flatMap((r): WriteRequest[] => {
        if (r.PutRequest?.Item) return [{ PutRequest: { Item: r.PutRequest.Item } }];
        if (r.DeleteRequest?.Key) return [{ DeleteRequest: { Key: r.DeleteRequest.Key } }];
        return [];
      });
      if (pending.length > 0 && attempt + 1 >= retry.attempts) {
        leftOver.push(...pending);
        break;
      }
      if (pending.length > 0) await backoff(attempt, retry);
    }
  }
  return leftOver;
}

/**
 * Puts items with BatchWriteItem (batchWriteAll). Resolves with the items still unprocessed after the last
 * attempt (empty when all were written); a failed call throws.
 */
export async function batchPutAll(
  client: DynamoDBDocumentClient,
  table: string,
  items: readonly Item[],
  retry: RetryPolicy = DEFAULT_RETRY,
): Promise<Item[]> {
  const left = await batchWriteAll(
    client,
    table,
    items.map((Item) => ({ PutRequest: { Item } })),
    retry,
  );
  return left.flatMap((request) => ('PutRequest' in request ? [request.PutRequest.Item] : []));
}

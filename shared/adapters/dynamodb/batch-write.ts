import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { NativeAttributeValue } from '@aws-sdk/util-dynamodb';
import { backoff, chunk, DEFAULT_RETRY, type RetryPolicy } from './retry.js';

export type Item = Record<string, NativeAttributeValue>;

/** BatchWriteItem takes at most 25 requests. */
const MAX_BATCH_WRITE = 25;

/**
 * Puts items with BatchWriteItem in chunks of 25, retrying unprocessed items with backoff. Resolves with
 * the items still unprocessed after the last attempt (empty when all were written); a failed call throws.
 */
export async function batchPutAll(
  client: DynamoDBDocumentClient,
  table: string,
  items: readonly Item[],
  retry: RetryPolicy = DEFAULT_RETRY,
): Promise<Item[]> {
  const leftOver: Item[] = [];
  for (const part of chunk(items, MAX_BATCH_WRITE)) {
    let requests = part.map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; requests.length > 0; attempt++) {
      const response = await client.send(new BatchWriteCommand({ RequestItems: { [table]: requests } }));
      requests = (response.UnprocessedItems?.[table] ?? []).flatMap((r) =>
        r.PutRequest?.Item ? [{ PutRequest: { Item: r.PutRequest.Item } }] : [],
      );
      if (requests.length > 0 && attempt + 1 >= retry.attempts) {
        leftOver.push(...requests.map((r) => r.PutRequest.Item));
        break;
      }
      if (requests.length > 0) await backoff(attempt, retry);
    }
  }
  return leftOver;
}

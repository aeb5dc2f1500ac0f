import {
  type DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
  type QueryCommandOutput,
} from '@aws-sdk/lib-dynamodb';

/**
 * The one paginator of the DynamoDB adapters: a Query followed page by page through LastEvaluatedKey.
 * Callers pass the call that sends one page, so each keeps its own fault translation (the error class its
 * port promises) and its own bound on the loop.
 */

export type SendQuery = (input: QueryCommandInput) => Promise<QueryCommandOutput>;

/** One page, sent as it is through the document client. */
export const sendQueryWith =
  (client: DynamoDBDocumentClient): SendQuery =>
  (input) =>
    client.send(new QueryCommand(input));

export interface PageBound {
  /** At most this many pages are read. */
  readonly maxPages: number;
  /** Thrown when the Query has further pages after `maxPages`; without it the reading stops quietly. */
  readonly tooMany?: () => Error;
}

/** Every page of the Query, in order, from the input's ExclusiveStartKey (if any) on. */
export async function* queryPages(
  send: SendQuery,
  input: QueryCommandInput,
  bound?: PageBound,
): AsyncGenerator<QueryCommandOutput> {
  let start = input.ExclusiveStartKey;
  let pages = 0;
  do {
    if (bound !== undefined && pages >= bound.maxPages) {
      if (bound.tooMany !== undefined) throw bound.tooMany();
      return;
    }
    const page = await send(start === undefined ? input : { ...input, ExclusiveStartKey: start });
    pages++;
    yield page;
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
}

/** Every item of every page of the Query. */
export async function queryItems(
  send: SendQuery,
  input: QueryCommandInput,
  bound?: PageBound,
): Promise<Array<Record<string, unknown>>> {
  const items: Array<Record<string, unknown>> = [];
  for await (const page of queryPages(send, input, bound)) items.push(...(page.Items ?? []));
  return items;
}

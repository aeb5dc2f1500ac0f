import { type DynamoDBDocumentClient, GetCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { parseAuditItem } from '#shared/audit-items.js';

/**
 * Reads of what the pipeline stored, shared by the integration harnesses (the code under test never reads
 * so). The hot audit table has no index (issue 15) and holds one item per payment event, a matched
 * event's trigger decisions embedded in its event item (shared/audit-items.ts): these reads Scan the (small)
 * test table and flatten every item into the decisions it holds, as parseAuditItem reads them.
 */

type Item = Record<string, unknown>;

/** Every item of the audit table, strongly consistent, all pages. */
export async function scanAudit(
  documents: DynamoDBDocumentClient,
  auditTable: string,
  filter?: { readonly eventId: string },
): Promise<Item[]> {
  const items: Item[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(
      new ScanCommand({
        TableName: auditTable,
        ConsistentRead: true,
        ...(filter === undefined
          ? {}
          : { FilterExpression: 'eventId = :e', ExpressionAttributeValues: { ':e': filter.eventId } }),
        ...(start === undefined ? {} : { ExclusiveStartKey: start }),
      }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return items;
}

/** The decisions these audit items hold (event items flattened; claims and withdrawals left out). */
export function decisionsOf(items: readonly Item[]): Item[] {
  return items.flatMap((item) => {
    const parsed = parseAuditItem(item);
    return parsed.kind === 'decisions' ? parsed.decisions.map((d) => ({ ...d })) : [];
  });
}

/** The decisions of one payment event, the record of a reused event id included. */
export async function auditItemsForEvent(
  documents: DynamoDBDocumentClient,
  auditTable: string,
  eventId: string,
): Promise<Item[]> {
  return decisionsOf(await scanAudit(documents, auditTable, { eventId }));
}

/**
 * The stored record with this id: the item under that key (a decision decided without a trigger, an
 * event item, a withdrawal), else the trigger decision of that id embedded in its event's item.
 */
export async function auditRecordById(
  documents: DynamoDBDocumentClient,
  auditTable: string,
  id: string,
): Promise<Item | undefined> {
  const got = await documents.send(
    new GetCommand({ TableName: auditTable, Key: { decisionId: id }, ConsistentRead: true }),
  );
  if (got.Item !== undefined) return got.Item;
  return decisionsOf(await scanAudit(documents, auditTable)).find((d) => d.decisionId === id);
}

/** Every offer item of one customer, read strongly consistently. */
export async function offerItemsOf(
  documents: DynamoDBDocumentClient,
  offersTable: string,
  customerId: string,
): Promise<Array<Record<string, unknown>>> {
  const page = await documents.send(
    new QueryCommand({
      TableName: offersTable,
      KeyConditionExpression: 'customerId = :c',
      ExpressionAttributeValues: { ':c': customerId },
      ConsistentRead: true,
    }),
  );
  return page.Items ?? [];
}

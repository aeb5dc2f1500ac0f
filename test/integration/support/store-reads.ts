import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';

/** Reads of what the pipeline stored, shared by the integration harnesses (the code under test never reads so). */

/** The audit records of one payment event (index byEvent). */
export async function auditItemsForEvent(
  documents: DynamoDBDocumentClient,
  auditTable: string,
  eventId: string,
): Promise<Array<Record<string, unknown>>> {
  const page = await documents.send(
    new QueryCommand({
      TableName: auditTable,
      IndexName: 'byEvent',
      KeyConditionExpression: 'eventId = :e',
      ExpressionAttributeValues: { ':e': eventId },
    }),
  );
  return page.Items ?? [];
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

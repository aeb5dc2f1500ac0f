import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { type AccessLog, type AccessLogEntry, AccessLogUnavailableError } from '../../privacy/access-log.js';

/**
 * The audit access log in DynamoDB (table `audit-access-log`: pk `day`, sk `accessId`, TTL `ttl`). Append
 * only: one conditional PutItem per entry (`attribute_not_exists`), so an entry can never be overwritten,
 * and this class has no other operation. Any failure — the condition included — is an
 * AccessLogUnavailableError: the query that wanted to log must not run.
 */
export class DynamoAccessLog implements AccessLog {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async append(entry: AccessLogEntry): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...entry },
          ConditionExpression: 'attribute_not_exists(#accessId)',
          ExpressionAttributeNames: { '#accessId': 'accessId' },
        }),
      );
    } catch (error) {
      throw new AccessLogUnavailableError('The audit access log could not be written', { cause: error });
    }
  }
}

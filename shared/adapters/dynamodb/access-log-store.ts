import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type AccessLog, type AccessLogEntry, AccessLogUnavailableError } from '#privacy/access-log.js';
import {
  ACCESS_LOG_BY_ACTOR,
  ACCESS_LOG_BY_CUSTOMER,
  type AccessIdRange,
  AccessLogReadError,
  type AccessLogReader,
  type AccessLogSource,
  type AccessRecord,
} from '#privacy/access-log.query.js';
import { accessRecordOf } from '#privacy/stored-records.js';

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

/**
 * Reads the access log (shared/privacy/access-log.query.ts) by Query only: a customer's entries on the
 * `byCustomer` index (an actor filter applied by DynamoDB), an actor's on `byActor`, or one day's
 * partition of the table (a query-name filter applied by DynamoDB on any of them) — each between two `accessId` bounds, newest first. Pages of the SDK are followed
 * until `limit` entries are found (a filter can make pages short). Any failure, or an item that is not an
 * entry, is an AccessLogReadError.
 */
export class DynamoAccessLogReader implements AccessLogReader {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async entries(
    source: AccessLogSource,
    range: AccessIdRange,
    before: string | undefined,
    limit: number,
  ): Promise<readonly AccessRecord[]> {
    const partition =
      source.kind === 'customer'
        ? { index: ACCESS_LOG_BY_CUSTOMER, key: 'customerId', value: source.customerId }
        : source.kind === 'actor'
          ? { index: ACCESS_LOG_BY_ACTOR, key: 'who', value: source.who }
          : { index: undefined, key: 'day', value: source.day };
    const filterWho = source.kind === 'customer' ? source.who : undefined;
    // Filters the store applies after the key range (a short page is followed by the next one).
    const filters = [
      ...(filterWho === undefined ? [] : [{ name: 'who', value: filterWho }]),
      ...(source.query === undefined ? [] : [{ name: 'query', value: source.query }]),
    ];
    const filter =
      filters.length === 0
        ? {}
        : {
            FilterExpression: filters.map((f) => `#${f.name} = :${f.name}`).join(' AND '),
            names: Object.fromEntries(filters.map((f) => [`#${f.name}`, f.name])),
            values: Object.fromEntries(filters.map((f) => [`:${f.name}`, f.value])),
          };
    // A start position is a whole key: the table's (day, accessId) and, on an index, its partition key.
    let start: Record<string, string> | undefined =
      before === undefined
        ? undefined
        : { day: before.slice(0, 10), accessId: before, [partition.key]: partition.value };
    const found: AccessRecord[] = [];
    try {
      do {
        const page = await this.client.send(
          new QueryCommand({
            TableName: this.table,
            ...(partition.index === undefined ? { ConsistentRead: true } : { IndexName: partition.index }),
            KeyConditionExpression: '#p = :p AND #sk BETWEEN :low AND :high',
            ...('FilterExpression' in filter ? { FilterExpression: filter.FilterExpression } : {}),
            ExpressionAttributeNames: {
              '#p': partition.key,
              '#sk': 'accessId',
              ...('names' in filter ? filter.names : {}),
            },
            ExpressionAttributeValues: {
              ':p': partition.value,
              ':low': range.low,
              ':high': range.high,
              ...('values' in filter ? filter.values : {}),
            },
            ScanIndexForward: false,
            Limit: limit - found.length,
            ...(start === undefined ? {} : { ExclusiveStartKey: start }),
          }),
        );
        for (const item of page.Items ?? []) {
          const record = accessRecordOf(item);
          if (record === undefined) throw new Error('An access-log item does not have the shape of an entry');
          found.push(record);
        }
        start = page.LastEvaluatedKey as Record<string, string> | undefined;
      } while (start !== undefined && found.length < limit);
    } catch (error) {
      throw new AccessLogReadError('The audit access log could not be read', { cause: error });
    }
    return found.slice(0, limit);
  }
}

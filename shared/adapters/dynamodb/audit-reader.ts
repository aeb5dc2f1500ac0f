import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
  type QueryCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import type * as z from 'zod';
import { utcDayOf } from '#privacy/overview.js';
import type { Position } from '#privacy/page-merge.js';
import type { Period, PrivacyReader, StreamSpec } from '#privacy/queries.js';
import {
  AuditDataError,
  type AuditRecord,
  StoredConsentEntrySchema,
  StoredDecisionSchema,
  StoredOfferEventSchema,
  StoredOfferSchema,
  StoredWithdrawalSchema,
} from '#privacy/stored-records.js';
import { streamKey } from '#privacy/streams.query.js';
import {
  AUDIT_SHARDS,
  PAYMENT_TIME_KEY,
  reasonIndexKey,
  TRIGGER_INDEX_KEY,
  triggerIndexName,
  triggerIndexValue,
} from '#shared/audit-index.js';
import { InfrastructureError } from '#shared/errors.js';
import { queryItems, queryPages } from './paginate.js';

/**
 * Reads for the privacy officers' queries: Query and GetItem only, never Scan.
 *  - suppressed offers: the audit table's sparse, sharded indexes (shared/audit-index.ts) of the stream's
 *    time basis, newest first (ScanIndexForward false), the period as a key condition on the index's sort
 *    key (`decidedAt` or `paidAt`);
 *  - a customer's history: the audit's `byCustomer` index, the consent-history and offers tables (pk
 *    customerId) and the offer-events table (pk offerInstanceId);
 *  - explain: GetItem on the audit table.
 * Every stored item is parsed with its schema (shared/privacy/stored-records.ts): only named fields come
 * out, and an item that does not match is an AuditDataError, never silently left out.
 */

export interface PrivacyTables {
  readonly audit: string;
  readonly consentHistory: string;
  readonly offers: string;
  readonly offerEvents: string;
}

/** A store did not answer: the API answers 503 (retry). */
export class AuditStoreUnavailableError extends InfrastructureError {
  override readonly name = 'AuditStoreUnavailableError';
}

/** Pages of one partition for history reads: only bounds the loop (1 MB a page). */
const MAX_PAGES = 1_000;

function parse<S extends z.ZodType>(schema: S, item: unknown, what: string): z.output<S> {
  const result = schema.safeParse(item);
  if (!result.success) {
    const fields = [...new Set(result.error.issues.map((issue) => issue.path.join('.') || '(item)'))];
    throw new AuditDataError(
      `A stored ${what} does not have the expected shape (fields: ${fields.join(', ')})`,
    );
  }
  return result.data;
}

function auditRecordOf(item: Record<string, unknown>): AuditRecord {
  if (item.kind === 'offer_withdrawal') {
    return { kind: 'offer_withdrawal', withdrawal: parse(StoredWithdrawalSchema, item, 'offer withdrawal') };
  }
  return { kind: 'decision', decision: parse(StoredDecisionSchema, item, 'decision') };
}

/** The Query input of one stream: key condition on partition and period, filter on required/excluded reasons. */
export function streamQuery(stream: StreamSpec, period: Period, table: string): QueryCommandInput {
  const { indexName, keyName, keyValue, sortName } = streamKey(stream);
  const names: Record<string, string> = { '#pk': keyName };
  const values: Record<string, unknown> = { ':pk': keyValue };
  let keyCondition = '#pk = :pk';
  if (period.from !== undefined || period.to !== undefined) names['#at'] = sortName;
  if (period.from !== undefined && period.to !== undefined) {
    keyCondition += ' AND #at BETWEEN :from AND :to';
    values[':from'] = period.from;
    values[':to'] = period.to;
  } else if (period.from !== undefined) {
    keyCondition += ' AND #at >= :from';
    values[':from'] = period.from;
  } else if (period.to !== undefined) {
    keyCondition += ' AND #at <= :to';
    values[':to'] = period.to;
  }
  const filters: string[] = [];
  stream.require.forEach((reason, i) => {
    names[`#req${i}`] = reasonIndexKey(reason);
    filters.push(`attribute_exists(#req${i})`);
  });
  stream.exclude.forEach((reason, i) => {
    names[`#exc${i}`] = reasonIndexKey(reason);
    filters.push(`attribute_not_exists(#exc${i})`);
  });
  if (stream.withoutPaymentTime) {
    names['#paid'] = PAYMENT_TIME_KEY;
    filters.push('attribute_not_exists(#paid)');
  }
  return {
    TableName: table,
    IndexName: indexName,
    KeyConditionExpression: keyCondition,
    ...(filters.length === 0 ? {} : { FilterExpression: filters.join(' AND ') }),
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
    ScanIndexForward: false,
  };
}

export class DynamoPrivacyReader implements PrivacyReader {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tables: PrivacyTables,
  ) {}

  private async query(input: QueryCommandInput): Promise<QueryCommandOutput> {
    try {
      return await this.client.send(new QueryCommand(input));
    } catch (error) {
      throw new AuditStoreUnavailableError(`Querying ${input.IndexName ?? input.TableName} failed`, {
        cause: error,
      });
    }
  }

  /** Every item of a Query, page after page (a partition of more than MAX_PAGES pages is a fault). */
  private queryAll(input: QueryCommandInput): Promise<Array<Record<string, unknown>>> {
    return queryItems((page) => this.query(page), input, {
      maxPages: MAX_PAGES,
      tooMany: () =>
        new AuditStoreUnavailableError(`More than ${MAX_PAGES} pages in one partition; giving up`),
    });
  }

  /** Every item of one partition of a table (strongly consistent), each parsed with its schema. */
  private async partition<S extends z.ZodType>(
    table: string,
    key: 'customerId' | 'offerInstanceId',
    value: string,
    schema: S,
    what: string,
  ): Promise<Array<z.output<S>>> {
    const items = await this.queryAll({
      TableName: table,
      KeyConditionExpression: key === 'customerId' ? 'customerId = :c' : 'offerInstanceId = :o',
      ExpressionAttributeValues: { [key === 'customerId' ? ':c' : ':o']: value },
      ConsistentRead: true,
    });
    return items.map((item) => parse(schema, item, what));
  }

  async suppressedPage(stream: StreamSpec, period: Period, after: Position | undefined, limit: number) {
    const input = streamQuery(stream, period, this.tables.audit);
    const { keyName, keyValue, sortName } = streamKey(stream);
    const page = await this.query({
      ...input,
      Limit: limit,
      ...(after === undefined
        ? {}
        : {
            // An index's ExclusiveStartKey: the table key plus the index key of the record to resume after.
            ExclusiveStartKey: {
              decisionId: after.decisionId,
              [sortName]: after.at,
              [keyName]: keyValue,
            },
          }),
    });
    const items = (page.Items ?? []).map((item) => parse(StoredDecisionSchema, item, 'decision'));
    const lek = page.LastEvaluatedKey;
    const last =
      lek === undefined ? undefined : { at: String(lek[sortName]), decisionId: String(lek.decisionId) };
    return { items, ...(last === undefined ? {} : { last }) };
  }

  async countSuppressed(stream: StreamSpec, period: Period): Promise<number> {
    const input: QueryCommandInput = { ...streamQuery(stream, period, this.tables.audit), Select: 'COUNT' };
    let count = 0;
    for await (const page of queryPages((next) => this.query(next), input)) count += page.Count ?? 0;
    return count;
  }

  async countByDay(stream: StreamSpec, period: Period): Promise<ReadonlyMap<string, number>> {
    // The same key range and filter as a COUNT (the same items read, the same read units), returning only
    // each matching record's sort key, counted per UTC day.
    const input = streamQuery(stream, period, this.tables.audit);
    const { sortName } = streamKey(stream);
    const byDay = new Map<string, number>();
    for await (const page of queryPages((next) => this.query(next), {
      ...input,
      ProjectionExpression: '#sortKey',
      ExpressionAttributeNames: { ...input.ExpressionAttributeNames, '#sortKey': sortName },
    })) {
      for (const item of page.Items ?? []) {
        const at = item[sortName];
        if (typeof at !== 'string') continue;
        const day = utcDayOf(at);
        byDay.set(day, (byDay.get(day) ?? 0) + 1);
      }
    }
    return byDay;
  }

  async hasSuppressedOf(triggerId: string): Promise<boolean> {
    // Decision-time index: it holds every suppressed decision, with or without a payment time.
    for (let shard = 0; shard < AUDIT_SHARDS; shard++) {
      const page = await this.query({
        TableName: this.tables.audit,
        IndexName: triggerIndexName('decided'),
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': TRIGGER_INDEX_KEY },
        ExpressionAttributeValues: { ':pk': triggerIndexValue(triggerId, shard) },
        ProjectionExpression: 'decisionId',
        Limit: 1,
      });
      if ((page.Items ?? []).length > 0) return true;
    }
    return false;
  }

  async auditRecord(recordId: string): Promise<AuditRecord | undefined> {
    let item: Record<string, unknown> | undefined;
    try {
      item = (
        await this.client.send(
          new GetCommand({
            TableName: this.tables.audit,
            Key: { decisionId: recordId },
            ConsistentRead: true,
          }),
        )
      ).Item;
    } catch (error) {
      throw new AuditStoreUnavailableError('Reading an audit record failed', { cause: error });
    }
    return item === undefined ? undefined : auditRecordOf(item);
  }

  async auditRecordsOf(customerId: string): Promise<AuditRecord[]> {
    const items = await this.queryAll({
      TableName: this.tables.audit,
      IndexName: 'byCustomer',
      KeyConditionExpression: 'customerId = :c',
      ExpressionAttributeValues: { ':c': customerId },
    });
    return items.map(auditRecordOf);
  }

  consentHistoryOf(customerId: string) {
    return this.partition(
      this.tables.consentHistory,
      'customerId',
      customerId,
      StoredConsentEntrySchema,
      'consent-history entry',
    );
  }

  offersOf(customerId: string) {
    return this.partition(this.tables.offers, 'customerId', customerId, StoredOfferSchema, 'offer');
  }

  offerEventsOf(offerInstanceId: string) {
    return this.partition(
      this.tables.offerEvents,
      'offerInstanceId',
      offerInstanceId,
      StoredOfferEventSchema,
      'offer event',
    );
  }
}

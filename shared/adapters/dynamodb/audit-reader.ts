import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type * as z from 'zod';
import type { PrivacyReader } from '#privacy/queries.js';
import {
  AuditDataError,
  type AuditRecord,
  StoredConsentEntrySchema,
  StoredOfferEventSchema,
  StoredOfferSchema,
} from '#privacy/stored-records.js';
import { AuditItemShapeError, parseAuditItem } from '#shared/audit-items.js';
import { InfrastructureError } from '#shared/errors.js';
import { queryItems } from './paginate.js';

/**
 * The DynamoDB reads of the privacy officers' queries: GetItem and Query on table keys only (the audit table
 * has no index since issue 15: counts, lists and the audit part of a customer's history are read from the
 * archive, shared/privacy/archive.query.ts).
 *  - explain: GetItem on the hot audit table (the last weeks) by the record id: an item holding that
 *    decision (a decision item, or an event item holding the event's trigger decisions) or a withdrawal;
 *  - a customer's history: the consent-history and offers tables (pk customerId) and the offer-events table
 *    (pk offerInstanceId).
 * Every stored item is parsed with its schema: only named fields come out, and an item that does not
 * match is an AuditDataError, never silently left out.
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

/**
 * The record `recordId` names in a hot audit item: the decision with that id; for the event-level id of a
 * matched event (the key of its event item), its emitted decision, else its first.
 */
export function recordInHotItem(item: Record<string, unknown>, recordId: string): AuditRecord | undefined {
  let parsed: ReturnType<typeof parseAuditItem>;
  try {
    parsed = parseAuditItem(item);
  } catch (error) {
    if (error instanceof AuditItemShapeError) throw new AuditDataError(error.message, { cause: error });
    throw error;
  }
  switch (parsed.kind) {
    case 'claim':
      return undefined;
    case 'withdrawal': {
      const { ttl: _ttl, ...withdrawal } = parsed.withdrawal;
      return { kind: 'offer_withdrawal', withdrawal };
    }
    case 'decisions': {
      const decision =
        parsed.decisions.find((d) => d.decisionId === recordId) ??
        parsed.decisions.find((d) => d.outcome === 'emitted') ??
        parsed.decisions[0];
      return decision === undefined ? undefined : { kind: 'decision', decision };
    }
  }
}

export class DynamoPrivacyReader implements PrivacyReader {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tables: PrivacyTables,
  ) {}

  /** Every item of one partition of a table (strongly consistent), each parsed with its schema. */
  private async partition<S extends z.ZodType>(
    table: string,
    key: 'customerId' | 'offerInstanceId',
    value: string,
    schema: S,
    what: string,
  ): Promise<Array<z.output<S>>> {
    const query = async (input: QueryCommandInput) => {
      try {
        return await this.client.send(new QueryCommand(input));
      } catch (error) {
        throw new AuditStoreUnavailableError(`Querying ${input.TableName} failed`, { cause: error });
      }
    };
    const items = await queryItems(
      query,
      {
        TableName: table,
        KeyConditionExpression: key === 'customerId' ? 'customerId = :c' : 'offerInstanceId = :o',
        ExpressionAttributeValues: { [key === 'customerId' ? ':c' : ':o']: value },
        ConsistentRead: true,
      },
      {
        maxPages: MAX_PAGES,
        tooMany: () =>
          new AuditStoreUnavailableError(`More than ${MAX_PAGES} pages in one partition; giving up`),
      },
    );
    return items.map((item) => parse(schema, item, what));
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
    return item === undefined ? undefined : recordInHotItem(item, recordId);
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

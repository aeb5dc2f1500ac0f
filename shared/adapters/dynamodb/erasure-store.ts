import { randomUUID } from 'node:crypto';
import {
  BatchWriteCommand,
  type BatchWriteCommandOutput,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { NativeAttributeValue } from '@aws-sdk/util-dynamodb';
import type * as z from 'zod';
import { nonEmpty } from '../../config/env.js';
import { InfrastructureError } from '../../errors.js';
import type {
  AuditRecordRef,
  AuditRecordsPort,
  ConsentEvidencePort,
  ConsentEvidenceRef,
  CustomerStatePort,
  ErasureDeps,
  ErasureLogEntry,
  ErasureLogPort,
  OfferEventKey,
} from '../../privacy/erasure.js';
import { DynamoAccessLog } from './access-log-store.js';
import { isConditionFailure } from './conditional.js';
import { backoff, chunk, DEFAULT_RETRY, type RetryPolicy } from './retry.js';
import { TableNamesEnv } from './tables.js';

/**
 * DynamoDB adapters of the erasure service (shared/privacy/erasure-service.ts). Reads use keys and the
 * audit table's byCustomer index only: an erasure never scans a table. Deletes go out with BatchWriteItem
 * (25 per call, unprocessed items retried); audit records are pseudonymised one conditional UpdateItem
 * each; the erasure log is appended with a conditional PutItem.
 */

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

/** The privacy-erasure function's environment (infra/definitions.ts gives it exactly these tables). */
export const ErasureTablesEnv = TableNamesEnv.extend({
  OFFER_EVENTS_TABLE: nonEmpty('the offer-events table name'),
  CONSENT_HISTORY_TABLE: nonEmpty('the consent-history table name'),
  ERASURE_LOG_TABLE: nonEmpty('the erasure-log table name'),
  AUDIT_ACCESS_LOG_TABLE: nonEmpty('the audit-access-log table name'),
});

export function erasureTablesFrom(env: z.output<typeof ErasureTablesEnv>): ErasureTables {
  return {
    customers: env.CUSTOMERS_TABLE,
    contactPolicy: env.CONTACT_POLICY_TABLE,
    offers: env.OFFERS_TABLE,
    offerEvents: env.OFFER_EVENTS_TABLE,
    audit: env.AUDIT_TABLE,
    consentHistory: env.CONSENT_HISTORY_TABLE,
    erasureLog: env.ERASURE_LOG_TABLE,
    accessLog: env.AUDIT_ACCESS_LOG_TABLE,
  };
}

/** The audit table's index by customer (infra/definitions.ts). */
export const BY_CUSTOMER_INDEX = 'byCustomer';

/** A store call failed: the erasure stops (a re-run finishes it) and the API answers 503. */
export class ErasureStoreError extends InfrastructureError {
  override readonly name = 'ErasureStoreError';
}

type Item = Record<string, NativeAttributeValue>;

const MAX_BATCH_WRITE = 25;
/** Parallel calls for per-item work (offer-event queries, audit updates): well below any throttle. */
const PARALLEL = 8;

/** Runs `work` on every item with at most `limit` in flight; resolves with the results in input order. */
async function inParallel<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>) {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) {
      results[i] = await work(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

class DynamoErasureIo {
  constructor(
    readonly client: DynamoDBDocumentClient,
    private readonly retry: RetryPolicy,
  ) {}

  /** Every item of a Query, all pages. */
  async queryAll(input: QueryCommandInput, what: string): Promise<Item[]> {
    const items: Item[] = [];
    let start: Record<string, NativeAttributeValue> | undefined;
    try {
      do {
        const page = await this.client.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
        items.push(...(page.Items ?? []));
        start = page.LastEvaluatedKey;
      } while (start);
    } catch (error) {
      throw new ErasureStoreError(`Reading ${what} failed`, { cause: error });
    }
    return items;
  }

  /** Deletes the keys with BatchWriteItem; throws if any is still unprocessed after the retries. */
  async deleteAll(table: string, keys: readonly Item[], what: string): Promise<void> {
    for (const part of chunk(keys, MAX_BATCH_WRITE)) {
      let requests = part.map((Key) => ({ DeleteRequest: { Key } }));
      for (let attempt = 0; requests.length > 0; attempt++) {
        let response: BatchWriteCommandOutput;
        try {
          response = await this.client.send(new BatchWriteCommand({ RequestItems: { [table]: requests } }));
        } catch (error) {
          throw new ErasureStoreError(`Deleting ${what} failed`, { cause: error });
        }
        requests = (response.UnprocessedItems?.[table] ?? []).flatMap((r) =>
          r.DeleteRequest?.Key ? [{ DeleteRequest: { Key: r.DeleteRequest.Key } }] : [],
        );
        if (requests.length > 0 && attempt + 1 >= this.retry.attempts) {
          throw new ErasureStoreError(`${requests.length} ${what} could not be deleted; erase again`);
        }
        if (requests.length > 0) await backoff(attempt, this.retry);
      }
    }
  }
}

const stringOf = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const numberOf = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

/** Customers, contact-policy, offers and offer-events: everything here is deleted by an erasure. */
export class DynamoCustomerStateEraser implements CustomerStatePort {
  private readonly io: DynamoErasureIo;

  constructor(
    client: DynamoDBDocumentClient,
    private readonly tables: Pick<ErasureTables, 'customers' | 'contactPolicy' | 'offers' | 'offerEvents'>,
    retry: RetryPolicy = DEFAULT_RETRY,
  ) {
    this.io = new DynamoErasureIo(client, retry);
  }

  async customerItems(customerId: string): Promise<string[]> {
    const items = await this.io.queryAll(
      {
        TableName: this.tables.customers,
        KeyConditionExpression: 'customerId = :c',
        ExpressionAttributeValues: { ':c': customerId },
        ProjectionExpression: 'sk',
        ConsistentRead: true,
      },
      'customer items',
    );
    return items.flatMap((item) => (typeof item.sk === 'string' ? [item.sk] : []));
  }

  async deleteCustomerItems(customerId: string, sortKeys: readonly string[]): Promise<void> {
    await this.io.deleteAll(
      this.tables.customers,
      sortKeys.map((sk) => ({ customerId, sk })),
      'customer items',
    );
  }

  async hasContactPolicy(customerId: string): Promise<boolean> {
    try {
      const got = await this.io.client.send(
        new GetCommand({
          TableName: this.tables.contactPolicy,
          Key: { customerId },
          ProjectionExpression: 'customerId',
          ConsistentRead: true,
        }),
      );
      return got.Item !== undefined;
    } catch (error) {
      throw new ErasureStoreError('Reading the contact-policy state failed', { cause: error });
    }
  }

  async deleteContactPolicy(customerId: string): Promise<void> {
    await this.io.deleteAll(this.tables.contactPolicy, [{ customerId }], 'contact-policy state');
  }

  async offers(customerId: string): Promise<string[]> {
    const items = await this.io.queryAll(
      {
        TableName: this.tables.offers,
        KeyConditionExpression: 'customerId = :c',
        ExpressionAttributeValues: { ':c': customerId },
        ProjectionExpression: 'offerInstanceId',
        ConsistentRead: true,
      },
      'offers',
    );
    return items.flatMap((item) => {
      const id = stringOf(item.offerInstanceId);
      return id === undefined ? [] : [id];
    });
  }

  async deleteOffers(customerId: string, offerInstanceIds: readonly string[]): Promise<void> {
    await this.io.deleteAll(
      this.tables.offers,
      offerInstanceIds.map((offerInstanceId) => ({ customerId, offerInstanceId })),
      'offers',
    );
  }

  async offerEvents(offerInstanceIds: readonly string[]): Promise<OfferEventKey[]> {
    const perOffer = await inParallel(offerInstanceIds, PARALLEL, (offerInstanceId) =>
      this.io.queryAll(
        {
          TableName: this.tables.offerEvents,
          KeyConditionExpression: 'offerInstanceId = :o',
          ExpressionAttributeValues: { ':o': offerInstanceId },
          ProjectionExpression: 'offerInstanceId, clientEventId',
          ConsistentRead: true,
        },
        'offer events',
      ),
    );
    return perOffer.flat().flatMap((item) => {
      const offerInstanceId = stringOf(item.offerInstanceId);
      const clientEventId = stringOf(item.clientEventId);
      return offerInstanceId === undefined || clientEventId === undefined
        ? []
        : [{ offerInstanceId, clientEventId }];
    });
  }

  async deleteOfferEvents(keys: readonly OfferEventKey[]): Promise<void> {
    await this.io.deleteAll(
      this.tables.offerEvents,
      keys.map(({ offerInstanceId, clientEventId }) => ({ offerInstanceId, clientEventId })),
      'offer events',
    );
  }
}

/** The audit table: found through the byCustomer index, deleted or pseudonymised by key. */
export class DynamoAuditEraser implements AuditRecordsPort {
  private readonly io: DynamoErasureIo;

  constructor(
    client: DynamoDBDocumentClient,
    private readonly tables: Pick<ErasureTables, 'audit'>,
    retry: RetryPolicy = DEFAULT_RETRY,
  ) {
    this.io = new DynamoErasureIo(client, retry);
  }

  async byCustomer(customerId: string): Promise<AuditRecordRef[]> {
    // A global index is read eventually consistently: a record written a moment ago may be missed; a
    // repeated erasure finds it.
    const items = await this.io.queryAll(
      {
        TableName: this.tables.audit,
        IndexName: BY_CUSTOMER_INDEX,
        KeyConditionExpression: 'customerId = :c',
        ExpressionAttributeValues: { ':c': customerId },
        ProjectionExpression: 'decisionId, #kind, #outcome, offerInstanceId, #ttl',
        ExpressionAttributeNames: { '#kind': 'kind', '#outcome': 'outcome', '#ttl': 'ttl' },
      },
      'audit records',
    );
    return items.flatMap((item): AuditRecordRef[] => {
      const decisionId = stringOf(item.decisionId);
      if (decisionId === undefined) return [];
      const kind = stringOf(item.kind);
      const outcome = stringOf(item.outcome);
      const offerInstanceId = stringOf(item.offerInstanceId);
      const ttl = numberOf(item.ttl);
      return [
        {
          decisionId,
          ...(kind === undefined ? {} : { kind }),
          ...(outcome === undefined ? {} : { outcome }),
          ...(offerInstanceId === undefined ? {} : { offerInstanceId }),
          ...(ttl === undefined ? {} : { ttl }),
        },
      ];
    });
  }

  async delete(decisionIds: readonly string[]): Promise<void> {
    await this.io.deleteAll(
      this.tables.audit,
      decisionIds.map((decisionId) => ({ decisionId })),
      'audit records',
    );
  }

  async pseudonymise(
    decisionIds: readonly string[],
    customerId: string,
    pseudonym: string,
  ): Promise<string[]> {
    const changed = await inParallel(decisionIds, PARALLEL, async (decisionId) => {
      try {
        await this.io.client.send(
          new UpdateCommand({
            TableName: this.tables.audit,
            Key: { decisionId },
            UpdateExpression: 'SET customerId = :pseudonym',
            // Only a record that still names the customer: never one changed meanwhile (or deleted by TTL).
            ConditionExpression: 'customerId = :customer',
            ExpressionAttributeValues: { ':pseudonym': pseudonym, ':customer': customerId },
          }),
        );
        return decisionId;
      } catch (error) {
        if (isConditionFailure(error)) return undefined;
        throw new ErasureStoreError('Pseudonymising an audit record failed', { cause: error });
      }
    });
    return changed.filter((id): id is string => id !== undefined);
  }
}

/** The consent history is only read: it is kept as proof of consent and objection. */
export class DynamoConsentEvidenceReader implements ConsentEvidencePort {
  private readonly io: DynamoErasureIo;

  constructor(
    client: DynamoDBDocumentClient,
    private readonly tables: Pick<ErasureTables, 'consentHistory'>,
    retry: RetryPolicy = DEFAULT_RETRY,
  ) {
    this.io = new DynamoErasureIo(client, retry);
  }

  async history(customerId: string): Promise<ConsentEvidenceRef[]> {
    const items = await this.io.queryAll(
      {
        TableName: this.tables.consentHistory,
        KeyConditionExpression: 'customerId = :c',
        ExpressionAttributeValues: { ':c': customerId },
        ProjectionExpression: 'recordId, #ttl',
        ExpressionAttributeNames: { '#ttl': 'ttl' },
        ConsistentRead: true,
      },
      'consent history',
    );
    return items.flatMap((item): ConsentEvidenceRef[] => {
      const recordId = stringOf(item.recordId);
      const ttl = numberOf(item.ttl);
      if (recordId === undefined) return [];
      return [ttl === undefined ? { recordId } : { recordId, ttl }];
    });
  }
}

/** The erasure log: append-only, one item per erasure, no customer id. */
export class DynamoErasureLog implements ErasureLogPort {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tables: Pick<ErasureTables, 'erasureLog'>,
  ) {}

  async append(entry: ErasureLogEntry): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tables.erasureLog,
          Item: {
            erasureId: entry.erasureId,
            at: entry.at,
            requestedBy: entry.requestedBy,
            report: entry.report,
            ttl: entry.ttl,
          },
          ConditionExpression: 'attribute_not_exists(erasureId)',
        }),
      );
    } catch (error) {
      const message = isConditionFailure(error)
        ? 'An erasure with this id is already logged; the log is never overwritten'
        : 'Appending to the erasure log failed';
      throw new ErasureStoreError(message, { cause: error });
    }
  }
}

/** The erasure service's dependencies on DynamoDB. */
export function createDynamoErasureDeps(
  client: DynamoDBDocumentClient,
  tables: ErasureTables,
  options: { readonly retry?: RetryPolicy; readonly newId?: () => string } = {},
): ErasureDeps {
  const retry = options.retry ?? DEFAULT_RETRY;
  return {
    customerState: new DynamoCustomerStateEraser(client, tables, retry),
    audit: new DynamoAuditEraser(client, tables, retry),
    consentEvidence: new DynamoConsentEvidenceReader(client, tables, retry),
    erasureLog: new DynamoErasureLog(client, tables),
    accessLog: new DynamoAccessLog(client, tables.accessLog),
    newId: options.newId ?? randomUUID,
  };
}

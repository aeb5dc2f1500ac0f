import { randomUUID } from 'node:crypto';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type {
  CustomerStatePort,
  ErasureArchiveDeps,
  ErasureDeps,
  ErasureLogEntry,
  ErasureLogPort,
  OfferEventKey,
} from '#privacy/erasure.js';
import { mapLimit } from '#shared/concurrency.js';
import { DynamoAccessLog } from './access-log-store.js';
import { isConditionFailure } from './conditional.js';
import { DynamoAuditEraser, DynamoConsentEvidenceEraser } from './erasure-changes.js';
import {
  DynamoErasureIo,
  ErasureStoreError,
  type ErasureTables,
  OFFER_EVENTS_BY_CUSTOMER,
  PARALLEL,
  stringOf,
} from './erasure-io.js';
import { DEFAULT_RETRY, type RetryPolicy } from './retry.js';

export { DynamoAuditEraser, DynamoConsentEvidenceEraser } from './erasure-changes.js';
export { ErasureStoreError, type ErasureTables, OFFER_EVENTS_BY_CUSTOMER } from './erasure-io.js';

/**
 * DynamoDB adapters of the erasure service (shared/privacy/erasure-service.ts). Reads use keys and the
 * offer-events table's byCustomer index only: an erasure never scans a table (the hot audit items are found
 * through the archive, shared/privacy/erasure-archive.ts). The customer's operational state (customers,
 * contact-policy, offers, offer-events) is deleted with BatchWriteItem (25 per call, unprocessed items
 * retried). The append-only tables are changed only through ./erasure-changes.ts: hot audit items deleted
 * (conditional DeleteItem), consent records moved to the pseudonym (conditional Put + Delete), every
 * transaction with its change record in the erasure log. The report is appended to the erasure log with a
 * conditional PutItem.
 */

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
    const items = await this.io.partition(this.tables.customers, { customerId }, 'customer items', {
      expression: 'sk',
    });
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
    const items = await this.io.partition(this.tables.offers, { customerId }, 'offers', {
      expression: 'offerInstanceId',
    });
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

  async offerEvents(offerInstanceIds: readonly string[], customerId: string): Promise<OfferEventKey[]> {
    const [byCustomer, perOffer] = await Promise.all([
      // Events outlive their offers: the index finds those of offers already expired (keys only).
      this.io.queryAll(
        {
          TableName: this.tables.offerEvents,
          IndexName: OFFER_EVENTS_BY_CUSTOMER,
          KeyConditionExpression: 'customerId = :c',
          ExpressionAttributeValues: { ':c': customerId },
        },
        'offer events by customer',
      ),
      mapLimit(offerInstanceIds, PARALLEL, (offerInstanceId) =>
        this.io.partition(this.tables.offerEvents, { offerInstanceId }, 'offer events', {
          expression: 'offerInstanceId, clientEventId',
        }),
      ),
    ]);
    const keys = new Map<string, OfferEventKey>();
    for (const item of [...byCustomer, ...perOffer.flat()]) {
      const offerInstanceId = stringOf(item.offerInstanceId);
      const clientEventId = stringOf(item.clientEventId);
      if (offerInstanceId !== undefined && clientEventId !== undefined)
        keys.set(JSON.stringify([offerInstanceId, clientEventId]), { offerInstanceId, clientEventId });
    }
    return [...keys.values()];
  }

  async deleteOfferEvents(keys: readonly OfferEventKey[]): Promise<void> {
    await this.io.deleteAll(
      this.tables.offerEvents,
      keys.map(({ offerInstanceId, clientEventId }) => ({ offerInstanceId, clientEventId })),
      'offer events',
    );
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
  /** The customer keys (customer-keys table) and the archive engine (DuckDB locally, Athena in AWS). */
  archive: ErasureArchiveDeps,
  options: { readonly retry?: RetryPolicy; readonly newId?: () => string } = {},
): ErasureDeps {
  const retry = options.retry ?? DEFAULT_RETRY;
  return {
    customerState: new DynamoCustomerStateEraser(client, tables, retry),
    audit: new DynamoAuditEraser(client, tables, retry),
    archive,
    consentEvidence: new DynamoConsentEvidenceEraser(client, tables, retry),
    erasureLog: new DynamoErasureLog(client, tables),
    accessLog: new DynamoAccessLog(client, tables.accessLog),
    newId: options.newId ?? randomUUID,
  };
}

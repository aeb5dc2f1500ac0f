import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  type GetCommandInput,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import * as z from 'zod';
import type {
  OfferEventRecord,
  OfferEventsStore,
  RecordOfferEventCommand,
  RecordOfferEventOutcome,
} from '#api/ports.js';
import { OFFER_EVENT_TYPES } from '#api/schemas.js';
import { InfrastructureError } from '#shared/errors.js';
import { RETENTION_DAYS, ttlEpoch } from '#shared/retention.js';
import { cancellationCodes, failedConditions, type TransactItem } from './conditional.js';
import { DynamoContactPolicyStore, type ParsedContact, type StoredContact } from './contact-policy-store.js';
import { backoff, DEFAULT_RETRY, type RetryPolicy } from './retry.js';
import type { TableNames } from './tables.js';

/**
 * Offer events reported by the banner service (table offer-events: pk offerInstanceId, sk clientEventId)
 * and their effects, all in one TransactWriteItems:
 *   0. the event record, conditional on `attribute_not_exists` (one record per offer and client event id);
 *   1. clicked / dismissed: the offer's status, conditional on it still being 'active';
 *   2. dismissed: the customer's contact-policy cooldownUntil[offerId], conditional on the version read
 *      (contact-policy-store.ts, whose optimistic concurrency evaluate-payments uses too, so neither
 *      overwrites the other).
 * A repeated event fails condition 0 and so changes nothing; the stored record comes back with the
 * cancellation (ReturnValuesOnConditionCheckFailure), without a read of the table. Conditions 1 and 2 failing
 * means someone else wrote meanwhile: re-read and try again, a bounded number of times.
 */

export interface OfferEventsTables extends Pick<TableNames, 'offers' | 'contactPolicy'> {
  readonly offerEvents: string;
}

/**
 * How long an offer event is kept: as long as the contact-policy state it may have changed (a dismissal is
 * the evidence for a cooldown), i.e. RETENTION_DAYS.contactPolicy.
 */
export const OFFER_EVENT_RETENTION_DAYS = RETENTION_DAYS.offerEvent;

/** The store failed or answered something unexpected: the API answers 503. */
export class OfferEventStoreError extends InfrastructureError {
  override readonly name = 'OfferEventStoreError';
}

/** Concurrent writers kept changing the offer or the contact-policy state: the API answers 503 (retry). */
export class OfferEventConflictError extends InfrastructureError {
  override readonly name = 'OfferEventConflictError';
}

const StoredEventSchema = z.object({
  offerInstanceId: z.string(),
  clientEventId: z.string(),
  type: z.enum(OFFER_EVENT_TYPES),
  at: z.string(),
  recordedAt: z.string(),
});

export interface OfferEventsStoreOptions {
  /** Transactions in all, the first included, before giving up on conflicts. */
  readonly attempts?: number;
  readonly retry?: RetryPolicy;
}

export class DynamoOfferEventsStore implements OfferEventsStore {
  private readonly attempts: number;
  private readonly retry: RetryPolicy;
  private readonly contacts: DynamoContactPolicyStore;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tables: OfferEventsTables,
    options: OfferEventsStoreOptions = {},
  ) {
    this.attempts = options.attempts ?? 3;
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.contacts = new DynamoContactPolicyStore(client, tables.contactPolicy);
  }

  async record(command: RecordOfferEventCommand): Promise<RecordOfferEventOutcome> {
    let offerStatus: string | undefined = command.offerStatus;
    for (let attempt = 0; attempt < this.attempts; attempt++) {
      if (attempt > 0) {
        await backoff(attempt - 1, this.retry);
        offerStatus = await this.readOfferStatus(command);
      }
      const items: TransactItem[] = [this.eventPut(command)];
      if (command.endsActiveLife !== undefined && offerStatus === 'active') {
        items.push(this.offerUpdate(command, command.endsActiveLife));
      }
      if (command.cooldown !== undefined) {
        const stored = await this.readContact(command.customerId);
        items.push(this.contacts.dismissalUpdate(stored, command.cooldown, command.now));
      }
      try {
        await this.client.send(new TransactWriteCommand({ TransactItems: items }));
        return { outcome: 'recorded', record: command.record };
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) {
          throw new OfferEventStoreError('Recording the offer event failed', { cause: error });
        }
        const failed = failedConditions(error);
        if (failed.includes(0)) {
          return {
            outcome: 'duplicate',
            record: this.storedRecord(error.CancellationReasons?.[0]?.Item, error),
          };
        }
        const racing = cancellationCodes(error)?.includes('TransactionConflict') ?? false;
        if (failed.length === 0 && !racing) {
          throw new OfferEventStoreError('Recording the offer event was cancelled', { cause: error });
        }
      }
    }
    throw new OfferEventConflictError(
      `The offer or contact-policy state kept changing; gave up after ${this.attempts} attempts`,
    );
  }

  private eventPut(command: RecordOfferEventCommand): TransactItem {
    const { record } = command;
    return {
      Put: {
        TableName: this.tables.offerEvents,
        Item: {
          offerInstanceId: record.offerInstanceId,
          clientEventId: record.eventId,
          customerId: command.customerId,
          offerId: command.offerId,
          type: record.type,
          at: record.at,
          recordedAt: record.recordedAt,
          ttl: ttlEpoch(command.now, OFFER_EVENT_RETENTION_DAYS),
        },
        ConditionExpression: 'attribute_not_exists(offerInstanceId)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    };
  }

  private offerUpdate(command: RecordOfferEventCommand, ended: 'clicked' | 'dismissed'): TransactItem {
    return {
      Update: {
        TableName: this.tables.offers,
        Key: { customerId: command.customerId, offerInstanceId: command.record.offerInstanceId },
        // clickedAt / dismissedAt, as the withdrawals of offer-withdrawer.ts set withdrawnAt.
        UpdateExpression: 'SET #status = :ended, #endedAt = :at',
        ConditionExpression: '#status = :active',
        ExpressionAttributeNames: { '#status': 'status', '#endedAt': `${ended}At` },
        ExpressionAttributeValues: { ':ended': ended, ':at': command.record.at, ':active': 'active' },
      },
    };
  }

  private async readContact(customerId: string): Promise<StoredContact> {
    let parsed: ParsedContact;
    try {
      parsed = await this.contacts.read(customerId);
    } catch (error) {
      throw new OfferEventStoreError('Reading state for the offer event failed', { cause: error });
    }
    if (!parsed.valid) throw new OfferEventStoreError(parsed.problem);
    return parsed.stored;
  }

  private async readOfferStatus(command: RecordOfferEventCommand): Promise<string | undefined> {
    const item = await this.get({
      TableName: this.tables.offers,
      Key: { customerId: command.customerId, offerInstanceId: command.record.offerInstanceId },
      ProjectionExpression: '#status',
      ExpressionAttributeNames: { '#status': 'status' },
      ConsistentRead: true,
    });
    return typeof item?.status === 'string' ? item.status : undefined;
  }

  private async get(input: GetCommandInput): Promise<Record<string, unknown> | undefined> {
    try {
      return (await this.client.send(new GetCommand(input))).Item;
    } catch (error) {
      throw new OfferEventStoreError('Reading state for the offer event failed', { cause: error });
    }
  }

  /** The record stored under the repeated event id, as the cancellation returned it. */
  private storedRecord(item: unknown, cause: unknown): OfferEventRecord {
    const parsed = StoredEventSchema.safeParse(
      item === undefined ? undefined : unmarshall(item as Parameters<typeof unmarshall>[0]),
    );
    if (!parsed.success) {
      throw new OfferEventStoreError('The stored offer event could not be read back', { cause });
    }
    const { offerInstanceId, clientEventId, type, at, recordedAt } = parsed.data;
    return { offerInstanceId, eventId: clientEventId, type, at, recordedAt };
  }
}

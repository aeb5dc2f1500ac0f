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
import {
  type Feedback,
  type FeedbackOffer,
  type FeedbackRefusal,
  feedbackEffect,
  judgeFeedback,
} from '#core/offer-feedback.js';
import { InfrastructureError } from '#shared/errors.js';
import { RETENTION_DAYS, ttlEpoch } from '#shared/retention.js';
import { cancellationCodes, failedConditions, type TransactItem } from './conditional.js';
import { DynamoContactPolicyStore, type ParsedContact, type StoredContact } from './contact-policy-store.js';
import { backoff, DEFAULT_RETRY, type RetryPolicy } from './retry.js';
import type { TableNames } from './tables.js';

/**
 * Offer events reported by the banner service (table offer-events: pk offerInstanceId, sk clientEventId)
 * and their effects, all in one TransactWriteItems, only for a feedback that is possible
 * (judgeFeedback, shared/core/offer-feedback.ts, on the offer's status and expiry as read):
 *   0. the event record, conditional on `attribute_not_exists` (one record per offer and client event id);
 *   1. the offer, conditional on its status still being 'active' and its expiry the one judged (so `at`
 *      is still before it): clicked / dismissed update its status (and clickedAt / dismissedAt), shown is a
 *      ConditionCheck;
 *   2. clicked / dismissed: the customer's contact-policy state after the feedback (feedbackEffect: the
 *      emission's endedAt, the dismissal, the cooldown), conditional on the version read
 *      (contact-policy-store.ts, whose optimistic concurrency evaluate-payments uses too, so neither
 *      overwrites the other).
 * A repeated event fails condition 0 and so changes nothing; the stored record comes back with the
 * cancellation (ReturnValuesOnConditionCheckFailure), without a read of the table. Condition 1 failing means
 * the offer ended meanwhile: it is re-read and judged again (a refusal, since an ended life never resumes).
 * A feedback judged impossible writes nothing: the event is read (GetItem) only to answer a repeated eventId
 * with its first record. Condition 2 failing, or a conflict, means someone else wrote meanwhile: re-read and
 * try again, a bounded number of times.
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
    const feedback: Feedback = { type: command.record.type, at: command.record.at };
    let offer: FeedbackOffer | undefined = {
      status: command.offerStatus,
      expiresAt: command.offerExpiresAt,
    };
    for (let attempt = 0; attempt < this.attempts; attempt++) {
      if (attempt > 0) {
        await backoff(attempt - 1, this.retry);
        offer = await this.readOffer(command);
      }
      if (offer === undefined) return { outcome: 'offer_not_found' };
      const verdict = judgeFeedback(offer, feedback);
      if (!verdict.allowed) return this.refusal(command, verdict.refusal);
      const items: TransactItem[] = [this.eventPut(command), this.offerGuard(command, offer)];
      if (feedback.type !== 'shown') {
        const stored = await this.readContact(command.customerId);
        const target = { offerId: command.offerId, offerInstanceId: command.record.offerInstanceId };
        const next = feedbackEffect(stored.state, target, feedback, command.effect, command.now);
        // A click on an offer whose emission the state does not know (written before issue 13) changes nothing.
        if (next !== stored.state) items.push(this.contacts.feedbackUpdate(stored, next, command.now));
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
        if (failed.includes(1)) {
          // The offer ended (or went) since it was read: judge it again as it is now, at once.
          offer = await this.readOffer(command);
          if (offer === undefined) return { outcome: 'offer_not_found' };
          const again = judgeFeedback(offer, feedback);
          if (!again.allowed) return this.refusal(command, again.refusal);
          continue;
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

  /**
   * A feedback judged impossible: nothing is written. A repeat of an eventId recorded before (while the
   * offer was active) is still answered with its first record.
   */
  private async refusal(
    command: RecordOfferEventCommand,
    refusal: FeedbackRefusal,
  ): Promise<RecordOfferEventOutcome> {
    const item = await this.get({
      TableName: this.tables.offerEvents,
      Key: { offerInstanceId: command.record.offerInstanceId, clientEventId: command.record.eventId },
      ConsistentRead: true,
    });
    if (item === undefined) return { outcome: 'refused', refusal };
    return { outcome: 'duplicate', record: this.parseRecord(item, undefined) };
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

  /**
   * The offer as judged: still active, with the expiry the feedback's `at` was found to be before (it never
   * changes; the condition makes the judgement hold at the write). Clicked / dismissed end its active life
   * (clickedAt / dismissedAt, as the withdrawals of offer-withdrawer.ts set withdrawnAt); shown only checks.
   */
  private offerGuard(command: RecordOfferEventCommand, offer: FeedbackOffer): TransactItem {
    const guard = {
      TableName: this.tables.offers,
      Key: { customerId: command.customerId, offerInstanceId: command.record.offerInstanceId },
      ConditionExpression: '#status = :active AND #expiresAt = :expiresAt',
    };
    const names = { '#status': 'status', '#expiresAt': 'expiresAt' };
    const values = { ':active': 'active', ':expiresAt': offer.expiresAt };
    const { type, at } = command.record;
    if (type === 'shown') {
      return {
        ConditionCheck: { ...guard, ExpressionAttributeNames: names, ExpressionAttributeValues: values },
      };
    }
    return {
      Update: {
        ...guard,
        UpdateExpression: 'SET #status = :ended, #endedAt = :at',
        ExpressionAttributeNames: { ...names, '#endedAt': `${type}At` },
        ExpressionAttributeValues: { ...values, ':ended': type, ':at': at },
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

  /** The offer's status and expiry now (strongly consistent); undefined when the row is gone. */
  private async readOffer(command: RecordOfferEventCommand): Promise<FeedbackOffer | undefined> {
    const item = await this.get({
      TableName: this.tables.offers,
      Key: { customerId: command.customerId, offerInstanceId: command.record.offerInstanceId },
      ProjectionExpression: '#status, #expiresAt',
      ExpressionAttributeNames: { '#status': 'status', '#expiresAt': 'expiresAt' },
      ConsistentRead: true,
    });
    if (item === undefined) return undefined;
    // A row without a readable status or expiry is judged as ended / expired (fail closed).
    return {
      status: typeof item.status === 'string' ? item.status : '',
      expiresAt: typeof item.expiresAt === 'string' ? item.expiresAt : '',
    };
  }

  private async get(input: GetCommandInput): Promise<Record<string, unknown> | undefined> {
    try {
      return (await this.client.send(new GetCommand(input))).Item;
    } catch (error) {
      throw new OfferEventStoreError('Reading state for the offer event failed', { cause: error });
    }
  }

  /** The record stored under the repeated event id, as the cancellation returned it (marshalled). */
  private storedRecord(item: unknown, cause: unknown): OfferEventRecord {
    return this.parseRecord(
      item === undefined ? undefined : unmarshall(item as Parameters<typeof unmarshall>[0]),
      cause,
    );
  }

  private parseRecord(item: Record<string, unknown> | undefined, cause: unknown): OfferEventRecord {
    const parsed = StoredEventSchema.safeParse(item);
    if (!parsed.success) {
      throw new OfferEventStoreError('The stored offer event could not be read back', { cause });
    }
    const { offerInstanceId, clientEventId, type, at, recordedAt } = parsed.data;
    return { offerInstanceId, eventId: clientEventId, type, at, recordedAt };
  }
}

import { type DynamoDBDocumentClient, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { CONTENT_HASH } from '#shared/audit-items.js';
import { mapLimit } from '#shared/concurrency.js';
import { DecisionStoreError } from '#shared/errors.js';
import type { AuditRecord, AuditWriteOutcome, DecisionWriter, EventDecisionCommit } from '#shared/ports.js';
import { DEFAULT_HOT_AUDIT_DAYS } from '#shared/retention.js';
import { auditItem, eventItem, offerItem } from './audit-item-builders.js';
import type { Item } from './batch-write.js';
import {
  cancellationCodes,
  failedConditions,
  isConditionFailure,
  type TransactItem,
  transactConditionally,
} from './conditional.js';
import { DynamoContactPolicyStore } from './contact-policy-store.js';
import { backoff, DEFAULT_RETRY, type RetryPolicy } from './retry.js';
import { CUSTOMER_SK, type TableNames } from './tables.js';

export {
  auditItem,
  CONTENT_HASH,
  EVENT_CLAIM_KIND,
  eventItem,
  offerItem,
} from './audit-item-builders.js';

const NOT_EXISTS = 'attribute_not_exists(decisionId)';
/** Conditional puts of one bulk in flight at once (each its own HTTP request on the keep-alive pool). */
export const BULK_PUT_CONCURRENCY = 16;

export interface DecisionWriterOptions {
  readonly retry?: RetryPolicy;
  /** HOT_AUDIT_DAYS: how long the hot table keeps an item (the archive keeps the retention period). */
  readonly hotDays?: number;
}

/**
 * Writes decisions to the hot audit table (shared/audit-items.ts: one item per payment event) and offers to
 * the offers table, append-only: every audit write is conditional on its key not existing, never replaced,
 * never a BatchWriteItem (which cannot carry conditions and whose permission also deletes).
 * - A record without offer or contact state (no trigger, sensitive, stale, rejected): ONE conditional
 *   PutItem (1 write unit below 1 KB), the records of a bulk in parallel with bounded concurrency.
 * - A matched event: ONE event item holding its claim and every trigger decision. If it emits nothing, a
 *   plain conditional PutItem; if it emits, one TransactWriteItems with its offers, the contact-policy state
 *   (conditional on the version read) and a ConditionCheck on the customer's consents revision, so an offer
 *   exists if and only if its audit record does, and never after a withdrawal the decision did not see.
 * A failed condition on an audit key is resolved without reading the audit (the evaluator may not): a
 * one-item ConditionCheck on the stored content digest tells a redelivery (same digest) from a reused
 * event id (another digest).
 *
 * Operations used: audit PutItem + ConditionCheckItem; offers PutItem; contact-policy PutItem; customers
 * ConditionCheckItem (the last four inside TransactWriteItems).
 */
export class DynamoDecisionWriter implements DecisionWriter {
  private readonly contacts: DynamoContactPolicyStore;
  private readonly retry: RetryPolicy;
  private readonly hotDays: number;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tables: Pick<TableNames, 'audit' | 'offers' | 'contactPolicy' | 'customers'>,
    options: RetryPolicy | DecisionWriterOptions = {},
  ) {
    this.contacts = new DynamoContactPolicyStore(client, tables.contactPolicy);
    const opts: DecisionWriterOptions = 'attempts' in options ? { retry: options } : options;
    this.retry = opts.retry ?? DEFAULT_RETRY;
    this.hotDays = opts.hotDays ?? DEFAULT_HOT_AUDIT_DAYS;
  }

  async writeBulk(records: readonly AuditRecord[]): Promise<ReadonlyMap<string, AuditWriteOutcome>> {
    // One put per decision id: the same record twice in a batch is written once.
    const unique = [...new Map(records.map((r) => [r.decision.decisionId, r])).values()];
    try {
      const outcomes = await mapLimit(unique, BULK_PUT_CONCURRENCY, (r) => this.putOne(r));
      return new Map(unique.map((r, i) => [r.decision.decisionId, outcomes[i] ?? 'stored']));
    } catch (error) {
      if (error instanceof DecisionStoreError) throw error;
      throw new DecisionStoreError('Storing decisions failed', { cause: error });
    }
  }

  /** One conditional PutItem; a taken id is resolved by digest. */
  private async putOne(record: AuditRecord): Promise<AuditWriteOutcome> {
    const item = auditItem(record.decision, record.contentHash, this.hotDays);
    const written = await this.putIfAbsent(item);
    if (written) return 'stored';
    return (await this.sameContent(record.decision.decisionId, record.contentHash)) ? 'duplicate' : 'reused';
  }

  /**
   * A PutItem conditional on the key not existing: true when written, false when the key was taken. A
   * transaction in flight on the same key (TransactionConflict) is retried with backoff.
   */
  private async putIfAbsent(item: Item): Promise<boolean> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.client.send(
          new PutCommand({ TableName: this.tables.audit, Item: item, ConditionExpression: NOT_EXISTS }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        const racing = error instanceof Error && error.name === 'TransactionConflictException';
        if (!racing) throw error;
        if (attempt + 1 >= this.retry.attempts) {
          throw new DecisionStoreError('Audit records kept conflicting', { cause: error });
        }
        await backoff(attempt, this.retry);
      }
    }
  }

  /**
   * Whether the audit item under `key` holds this content digest, by a condition alone (the evaluator
   * may not read the audit). An item without a digest (written before digests existed) counts as the same.
   */
  private async sameContent(key: string, contentHash: string): Promise<boolean> {
    const failed = await transactConditionally(this.client, [
      {
        ConditionCheck: {
          TableName: this.tables.audit,
          Key: { decisionId: key },
          ConditionExpression: '#hash = :hash OR attribute_not_exists(#hash)',
          ExpressionAttributeNames: { '#hash': CONTENT_HASH },
          ExpressionAttributeValues: { ':hash': contentHash },
        },
      },
    ]);
    return failed.length === 0;
  }

  async commit(event: EventDecisionCommit): Promise<'committed' | 'duplicate' | 'reused' | 'conflict'> {
    const item = eventItem(event.claim, event.decisions, this.hotDays);
    const emits = event.offers.length > 0 || event.contact !== undefined || event.consents !== undefined;
    try {
      if (!emits) {
        if (await this.putIfAbsent(item)) return 'committed';
        return await this.claimOutcome(event);
      }
      return await this.commitEmitting(event, item);
    } catch (error) {
      if (error instanceof DecisionStoreError) throw error;
      throw new DecisionStoreError('Storing the decisions failed', { cause: error });
    }
  }

  private async claimOutcome(event: EventDecisionCommit): Promise<'duplicate' | 'reused'> {
    try {
      return (await this.sameContent(event.claim.key, event.claim.contentHash)) ? 'duplicate' : 'reused';
    } catch (checkError) {
      throw new DecisionStoreError('Checking a stored event claim failed', { cause: checkError });
    }
  }

  /** The event item, its offers, the contact state and the consents check: all or nothing. */
  private async commitEmitting(
    event: EventDecisionCommit,
    item: Item,
  ): Promise<'committed' | 'duplicate' | 'reused' | 'conflict'> {
    const items: TransactItem[] = [
      { Put: { TableName: this.tables.audit, Item: item, ConditionExpression: NOT_EXISTS } },
      ...event.offers.map((offer) => ({
        Put: {
          TableName: this.tables.offers,
          Item: offerItem(offer),
          ConditionExpression: 'attribute_not_exists(offerInstanceId)',
        },
      })),
    ];
    const guards = new Set<number>();
    if (event.contact) {
      guards.add(items.length);
      items.push(this.contacts.commitPut(event.contact.state, event.contact.readVersion));
    }
    if (event.consents) {
      const { customerId, readRevision } = event.consents;
      guards.add(items.length);
      items.push({
        ConditionCheck: {
          TableName: this.tables.customers,
          Key: { customerId, sk: CUSTOMER_SK.consents },
          // The consents the decision read are still in force: a withdrawal saved meanwhile wins.
          ConditionExpression: readRevision === 0 ? 'attribute_not_exists(revision)' : 'revision = :revision',
          ...(readRevision === 0 ? {} : { ExpressionAttributeValues: { ':revision': readRevision } }),
        },
      });
    }
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: items }));
      return 'committed';
    } catch (error) {
      const codes = cancellationCodes(error);
      if (codes === undefined) throw error;
      const failed = new Set(failedConditions(error));
      if (failed.has(0)) return await this.claimOutcome(event);
      if ([...guards].some((i) => failed.has(i)) || codes.includes('TransactionConflict')) return 'conflict';
      throw error;
    }
  }
}

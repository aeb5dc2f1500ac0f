import { type DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Decision, OfferInstance } from '#core/decision.js';
import { auditIndexAttributes } from '#shared/audit-index.js';
import { DecisionStoreError } from '#shared/errors.js';
import type {
  AuditRecord,
  AuditWriteOutcome,
  DecisionWriter,
  EventClaim,
  EventDecisionCommit,
} from '#shared/ports.js';
import { RETENTION_DAYS, ttlEpoch } from '#shared/retention.js';
import type { Item } from './batch-write.js';
import {
  cancellationCodes,
  failedConditions,
  type TransactItem,
  transactConditionally,
} from './conditional.js';
import { DynamoContactPolicyStore } from './contact-policy-store.js';
import { backoff, chunk, DEFAULT_RETRY, type RetryPolicy } from './retry.js';
import { CUSTOMER_SK, type TableNames } from './tables.js';

const RETENTION_BY_OUTCOME: Record<Decision['outcome'], number> = {
  emitted: RETENTION_DAYS.decisionEmitted,
  suppressed: RETENTION_DAYS.decisionSuppressed,
  no_trigger: RETENTION_DAYS.decisionNoTrigger,
  rejected: RETENTION_DAYS.decisionRejected,
};

/** The attribute holding a record's content digest (contentHashOf): what "same event" is compared on. */
export const CONTENT_HASH = 'contentHash';
/** Kind of the claim record a matched event leaves under its event-level id (no decision has that id). */
export const EVENT_CLAIM_KIND = 'event_claim';

/** The audit item: the decision as decided, its privacy-query index keys, and its TTL from the retention table. */
export function auditItem(decision: Decision, contentHash?: string): Item {
  return {
    ...decision,
    ...auditIndexAttributes(decision),
    ...(contentHash === undefined ? {} : { [CONTENT_HASH]: contentHash }),
    ttl: ttlEpoch(new Date(decision.decidedAt), RETENTION_BY_OUTCOME[decision.outcome]),
  };
}

/**
 * The claim of a matched event on its id: nothing but the key, the digest and a TTL as long as the
 * longest-kept decision's (no event id, customer id or payment field: it is in no index and says nothing).
 */
export function claimItem(claim: EventClaim, decidedAt: string): Item {
  return {
    decisionId: claim.key,
    kind: EVENT_CLAIM_KIND,
    [CONTENT_HASH]: claim.contentHash,
    ttl: ttlEpoch(new Date(decidedAt), RETENTION_DAYS.decisionEmitted),
  };
}

export function offerItem(offer: OfferInstance): Item {
  return { ...offer, status: 'active', ttl: Math.floor(new Date(offer.expiresAt).getTime() / 1000) };
}

const NOT_EXISTS = 'attribute_not_exists(decisionId)';
/** TransactWriteItems takes at most 100 items. */
const MAX_TRANSACT_ITEMS = 100;

/**
 * Writes decisions to the audit table and offers to the offers table, append-only: every audit write is
 * a Put conditional on its id not existing, in TransactWriteItems (never BatchWriteItem, which cannot
 * carry conditions and whose permission also deletes). A failed condition is resolved without reading
 * the audit: a ConditionCheck on the stored content digest tells a redelivery (same digest) from a reused
 * event id (another digest). Trigger decisions go in one transaction per event together with the event's
 * claim, its offers, the contact-policy state (contact-policy-store.ts: conditional on the version read) and a ConditionCheck on
 * the customer's consents revision, so an offer exists if and only if its audit record does, and never
 * after a withdrawal the decision did not see.
 *
 * Operations used: audit PutItem + ConditionCheckItem; offers PutItem; contact-policy PutItem; customers
 * ConditionCheckItem (all inside TransactWriteItems).
 */
export class DynamoDecisionWriter implements DecisionWriter {
  private readonly contacts: DynamoContactPolicyStore;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tables: Pick<TableNames, 'audit' | 'offers' | 'contactPolicy' | 'customers'>,
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
  ) {
    this.contacts = new DynamoContactPolicyStore(client, tables.contactPolicy);
  }

  async writeBulk(records: readonly AuditRecord[]): Promise<ReadonlyMap<string, AuditWriteOutcome>> {
    // One put per decision id: a transaction may not name a key twice.
    const unique = [...new Map(records.map((r) => [r.decision.decisionId, r])).values()];
    const outcomes = new Map<string, AuditWriteOutcome>();
    try {
      for (const part of chunk(unique, MAX_TRANSACT_ITEMS)) await this.putAll(part, outcomes);
    } catch (error) {
      if (error instanceof DecisionStoreError) throw error;
      throw new DecisionStoreError('Storing decisions failed', { cause: error });
    }
    return outcomes;
  }

  /** One transaction of conditional puts; taken ids are resolved by digest and the rest put again. */
  private async putAll(records: AuditRecord[], outcomes: Map<string, AuditWriteOutcome>): Promise<void> {
    let pending = records;
    for (let attempt = 0; pending.length > 0; attempt++) {
      try {
        await this.client.send(
          new TransactWriteCommand({
            TransactItems: pending.map((r) => ({
              Put: {
                TableName: this.tables.audit,
                Item: auditItem(r.decision, r.contentHash),
                ConditionExpression: NOT_EXISTS,
              },
            })),
          }),
        );
        for (const r of pending) outcomes.set(r.decision.decisionId, 'stored');
        return;
      } catch (error) {
        const codes = cancellationCodes(error);
        if (codes === undefined) throw error;
        const failed = new Set(failedConditions(error));
        const taken = pending.filter((_, i) => failed.has(i));
        const racing = codes.includes('TransactionConflict');
        if (taken.length === 0 && !racing) throw error;
        if (attempt + 1 >= this.retry.attempts) {
          throw new DecisionStoreError('Audit records kept conflicting', { cause: error });
        }
        await Promise.all(
          taken.map(async (r) => {
            const same = await this.sameContent(r.decision.decisionId, r.contentHash);
            outcomes.set(r.decision.decisionId, same ? 'duplicate' : 'reused');
          }),
        );
        pending = pending.filter((r) => !outcomes.has(r.decision.decisionId));
        if (racing) await backoff(attempt, this.retry);
      }
    }
  }

  /**
   * Whether the audit record under `key` holds this content digest, by a condition alone (the evaluator
   * may not read the audit). A record without a digest (written before digests existed) counts as the same.
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
    const decidedAt = event.decisions[0]?.decidedAt ?? new Date().toISOString();
    const items: TransactItem[] = [
      {
        Put: {
          TableName: this.tables.audit,
          Item: claimItem(event.claim, decidedAt),
          ConditionExpression: NOT_EXISTS,
        },
      },
      ...event.decisions.map((decision) => ({
        Put: { TableName: this.tables.audit, Item: auditItem(decision), ConditionExpression: NOT_EXISTS },
      })),
      ...event.offers.map((offer) => ({
        Put: {
          TableName: this.tables.offers,
          Item: offerItem(offer),
          ConditionExpression: 'attribute_not_exists(offerInstanceId)',
        },
      })),
    ];
    const auditCount = 1 + event.decisions.length;
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
      if (codes !== undefined) {
        const failed = new Set(failedConditions(error));
        if (failed.has(0)) {
          try {
            return (await this.sameContent(event.claim.key, event.claim.contentHash))
              ? 'duplicate'
              : 'reused';
          } catch (checkError) {
            throw new DecisionStoreError('Checking a stored event claim failed', { cause: checkError });
          }
        }
        // Decisions stored before claims existed: a redelivery of such an event.
        if ([...failed].some((i) => i >= 1 && i < auditCount)) return 'duplicate';
        if ([...guards].some((i) => failed.has(i)) || codes.includes('TransactionConflict')) {
          return 'conflict';
        }
      }
      throw new DecisionStoreError('Storing the decisions failed', { cause: error });
    }
  }
}

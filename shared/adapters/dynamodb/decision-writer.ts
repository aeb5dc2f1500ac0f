import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { auditIndexAttributes } from '../../audit-index.js';
import type { Decision, OfferInstance } from '../../core/decision.js';
import { ContactStateConflictError, DecisionStoreError } from '../../errors.js';
import type { DecisionWriter, EventDecisionCommit } from '../../ports.js';
import { RETENTION_DAYS, ttlEpoch } from '../../retention.js';
import { batchPutAll, type Item } from './batch-write.js';
import { DEFAULT_RETRY, type RetryPolicy } from './retry.js';
import type { TableNames } from './tables.js';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const RETENTION_BY_OUTCOME: Record<Decision['outcome'], number> = {
  emitted: RETENTION_DAYS.decisionEmitted,
  suppressed: RETENTION_DAYS.decisionSuppressed,
  no_trigger: RETENTION_DAYS.decisionNoTrigger,
  rejected: RETENTION_DAYS.decisionRejected,
};

/** The audit item: the decision as decided, its privacy-query index keys, and its TTL from the retention table. */
export function auditItem(decision: Decision): Item {
  return {
    ...decision,
    ...auditIndexAttributes(decision),
    ttl: ttlEpoch(new Date(decision.decidedAt), RETENTION_BY_OUTCOME[decision.outcome]),
  };
}

export function offerItem(offer: OfferInstance): Item {
  return { ...offer, status: 'active', ttl: Math.floor(new Date(offer.expiresAt).getTime() / 1000) };
}

/**
 * Writes decisions to the audit table and offers to the offers table. Trigger decisions go in one
 * transaction per event together with the offer rows and the contact-policy state, so an offer exists if
 * and only if its audit record does; audit puts are conditional on the record not existing (append-only),
 * which also makes a redelivered event a harmless duplicate.
 */
export class DynamoDecisionWriter implements DecisionWriter {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tables: Pick<TableNames, 'audit' | 'offers' | 'contactPolicy'>,
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
  ) {}

  async writeBulk(decisions: readonly Decision[]): Promise<ReadonlySet<string>> {
    // One put per decision id: BatchWriteItem rejects a whole call that names a key twice.
    const unique = [...new Map(decisions.map((d) => [d.decisionId, d])).values()];
    try {
      const leftOver = await batchPutAll(this.client, this.tables.audit, unique.map(auditItem), this.retry);
      return new Set(leftOver.map((item) => String(item.decisionId)));
    } catch (error) {
      throw new DecisionStoreError('Storing decisions in bulk failed', { cause: error });
    }
  }

  async commit(event: EventDecisionCommit): Promise<'committed' | 'duplicate'> {
    const items: TransactItem[] = [
      ...event.decisions.map((decision) => ({
        Put: {
          TableName: this.tables.audit,
          Item: auditItem(decision),
          ConditionExpression: 'attribute_not_exists(decisionId)',
        },
      })),
      ...event.offers.map((offer) => ({
        Put: {
          TableName: this.tables.offers,
          Item: offerItem(offer),
          ConditionExpression: 'attribute_not_exists(offerInstanceId)',
        },
      })),
    ];
    const auditCount = event.decisions.length;
    if (event.contact) {
      const { state, readVersion } = event.contact;
      // TTL counts from the newest emission the state remembers (offsets differ: compare instants).
      // Kept as long as the newest emission or the furthest cooldown (a dismissal's) still matters.
      const latestMs = Math.max(
        0,
        ...state.emissions.map((e) => Date.parse(e.at)),
        ...Object.values(state.cooldownUntil).map((until) => Date.parse(until)),
      );
      items.push({
        Put: {
          TableName: this.tables.contactPolicy,
          Item: {
            customerId: state.customerId,
            version: readVersion + 1,
            emissions: state.emissions,
            cooldownUntil: state.cooldownUntil,
            ttl: ttlEpoch(latestMs > 0 ? new Date(latestMs) : new Date(), RETENTION_DAYS.contactPolicy),
          },
          // Optimistic concurrency: another invocation deciding for the same customer makes this fail.
          ConditionExpression:
            readVersion === 0 ? 'attribute_not_exists(customerId)' : 'version = :readVersion',
          ...(readVersion === 0 ? {} : { ExpressionAttributeValues: { ':readVersion': readVersion } }),
        },
      });
    }
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: items }));
      return 'committed';
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        const reasons = error.CancellationReasons ?? [];
        const failedCheck = (i: number) => reasons[i]?.Code === 'ConditionalCheckFailed';
        if (reasons.slice(0, auditCount).some((_, i) => failedCheck(i))) return 'duplicate';
        if (event.contact && failedCheck(items.length - 1)) {
          throw new ContactStateConflictError('Contact-policy state changed while deciding', {
            cause: error,
          });
        }
      }
      throw new DecisionStoreError('Storing the decisions failed', { cause: error });
    }
  }
}

import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import {
  type ConsentEvidencePort,
  type ConsentEvidenceRef,
  type ErasureChangeLog,
  type ErasureTarget,
  type HotAuditPort,
  type PseudonymisingPort,
  pseudonymousRecordId,
} from '#privacy/erasure.js';
import { AppendOnlyEraser } from './erasure-commit.js';
import { ErasureStoreError, type ErasureTables, numberOf, stringOf } from './erasure-io.js';
import { backoff, chunk, DEFAULT_RETRY, type RetryPolicy } from './retry.js';

/**
 * The erasure's adapters of the append-only tables (audit, consent history): the only writes that change or
 * remove records there, each through ./erasure-commit.ts (in a transaction with its change record in the
 * erasure log, conditional on the record still being the customer's).
 */

/**
 * The hot audit table (shared/audit-items.ts): the customer's items, found through their archived rows (the
 * table has no index), deleted by key, one conditional transaction item each (DeleteItem), never
 * BatchWriteItem (the role holds no BatchWriteItem on the audit). Every item kind names its customer in
 * `customerId`: an event item, a decision item, a withdrawal.
 */
export class DynamoAuditEraser extends AppendOnlyEraser implements HotAuditPort {
  constructor(
    client: DynamoDBDocumentClient,
    private readonly tables: Pick<ErasureTables, 'audit' | 'erasureLog'>,
    private readonly retryPolicy: RetryPolicy = DEFAULT_RETRY,
  ) {
    super(client, 'audit', tables.erasureLog, retryPolicy);
  }

  /** BatchGetItem (strongly consistent, keys and customerId only), unprocessed keys retried. */
  async stillNaming(ids: readonly string[], customerId: string): Promise<string[]> {
    const found: string[] = [];
    for (const part of chunk([...new Set(ids)], 100)) {
      let keys: Record<string, unknown>[] = part.map((decisionId) => ({ decisionId }));
      for (let attempt = 0; keys.length > 0; attempt++) {
        if (attempt >= this.retryPolicy.attempts)
          throw new ErasureStoreError('Reading the hot audit items: keys left unprocessed; erase again');
        if (attempt > 0) await backoff(attempt - 1, this.retryPolicy);
        let answer: BatchGetCommandOutput;
        try {
          answer = await this.io.client.send(
            new BatchGetCommand({
              RequestItems: {
                [this.tables.audit]: {
                  Keys: keys,
                  ConsistentRead: true,
                  ProjectionExpression: 'decisionId, customerId',
                },
              },
            }),
          );
        } catch (error) {
          throw new ErasureStoreError('Reading the hot audit items failed', { cause: error });
        }
        for (const item of answer.Responses?.[this.tables.audit] ?? []) {
          const id = stringOf(item.decisionId);
          if (id !== undefined && item.customerId === customerId) found.push(id);
        }
        keys = answer.UnprocessedKeys?.[this.tables.audit]?.Keys ?? [];
      }
    }
    return found;
  }

  /** Each item deleted only if it still names the customer; in transactions with their change records. */
  async delete(
    items: readonly ErasureTarget[],
    customerId: string,
    log: ErasureChangeLog,
  ): Promise<string[]> {
    return this.commit(items, 'deleted', log, ({ id }) => [
      {
        Delete: {
          TableName: this.tables.audit,
          Key: { decisionId: id },
          // Never an item of someone else, nor one already gone (expired by TTL, deleted by an earlier run).
          ConditionExpression: 'customerId = :customer',
          ExpressionAttributeValues: { ':customer': customerId },
        },
      },
    ]);
  }
}

/**
 * The consent history: read by key, and on erasure moved to the pseudonym — the same evidence under the
 * pseudonym and a record id no longer derived from the customer id, the original removed.
 */
export class DynamoConsentEvidenceEraser extends AppendOnlyEraser implements ConsentEvidencePort {
  constructor(
    client: DynamoDBDocumentClient,
    private readonly tables: Pick<ErasureTables, 'consentHistory' | 'erasureLog'>,
    retry: RetryPolicy = DEFAULT_RETRY,
  ) {
    super(client, 'consent-history', tables.erasureLog, retry);
  }

  async history(customerId: string): Promise<ConsentEvidenceRef[]> {
    const items = await this.entries(customerId, { expression: 'recordId, #ttl', names: { '#ttl': 'ttl' } });
    return items.flatMap((item): ConsentEvidenceRef[] => {
      const recordId = stringOf(item.recordId);
      const ttl = numberOf(item.ttl);
      if (recordId === undefined) return [];
      return [ttl === undefined ? { recordId } : { recordId, ttl }];
    });
  }

  pseudonymise: PseudonymisingPort['pseudonymise'] = async (records, customerId, pseudonym, log) => {
    // The whole entries, to put them again under the pseudonym (the partition key cannot be updated).
    const stored = new Map(
      (await this.entries(customerId)).flatMap((item) => {
        const recordId = stringOf(item.recordId);
        return recordId === undefined ? [] : [[recordId, item] as const];
      }),
    );
    return this.commit(records, 'pseudonymised', log, ({ id }) => {
      const item = stored.get(id);
      if (item === undefined) return [];
      return [
        {
          Put: {
            TableName: this.tables.consentHistory,
            Item: { ...item, customerId: pseudonym, recordId: pseudonymousRecordId(id, pseudonym) },
            ConditionExpression: 'attribute_not_exists(recordId)',
          },
        },
        {
          Delete: {
            TableName: this.tables.consentHistory,
            Key: { customerId, recordId: id },
            ConditionExpression: 'attribute_exists(recordId)',
          },
        },
      ];
    });
  };

  private entries(customerId: string, projection?: { expression: string; names: Record<string, string> }) {
    return this.io.partition(this.tables.consentHistory, { customerId }, 'consent history', projection);
  }
}

import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  type AuditRecordRef,
  type AuditRecordsPort,
  type ConsentEvidencePort,
  type ConsentEvidenceRef,
  type ErasureChangeLog,
  type ErasureTarget,
  type PseudonymisingPort,
  pseudonymousRecordId,
} from '#privacy/erasure.js';
import { AppendOnlyEraser } from './erasure-commit.js';
import { BY_CUSTOMER_INDEX, type ErasureTables, numberOf, stringOf } from './erasure-io.js';
import { DEFAULT_RETRY, type RetryPolicy } from './retry.js';

/**
 * The erasure's adapters of the append-only tables (audit, consent history): the only writes that change or
 * remove records there, each through ./erasure-commit.ts (in a transaction with its change record in the
 * erasure log, conditional on the record still being the customer's).
 */

/**
 * The audit table: found through the byCustomer index; deleted or pseudonymised by key, one conditional
 * transaction item each, never BatchWriteItem (the role holds no BatchWriteItem on the audit).
 */
export class DynamoAuditEraser extends AppendOnlyEraser implements AuditRecordsPort {
  constructor(
    client: DynamoDBDocumentClient,
    private readonly tables: Pick<ErasureTables, 'audit' | 'erasureLog'>,
    retry: RetryPolicy = DEFAULT_RETRY,
  ) {
    super(client, 'audit', tables.erasureLog, retry);
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
      const fields = {
        kind: stringOf(item.kind),
        outcome: stringOf(item.outcome),
        offerInstanceId: stringOf(item.offerInstanceId),
        ttl: numberOf(item.ttl),
      };
      // Only the attributes the record has.
      return [
        {
          decisionId,
          ...Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)),
        },
      ];
    });
  }

  /** Each record deleted only if it still names the customer; in transactions with their change records. */
  async delete(
    records: readonly ErasureTarget[],
    customerId: string,
    log: ErasureChangeLog,
  ): Promise<string[]> {
    return this.commit(records, 'deleted', log, ({ id }) => [
      {
        Delete: {
          TableName: this.tables.audit,
          Key: { decisionId: id },
          ConditionExpression: 'customerId = :customer',
          ExpressionAttributeValues: { ':customer': customerId },
        },
      },
    ]);
  }

  pseudonymise: PseudonymisingPort['pseudonymise'] = async (records, customerId, pseudonym, log) => {
    return this.commit(records, 'pseudonymised', log, ({ id }) => [
      {
        Update: {
          TableName: this.tables.audit,
          Key: { decisionId: id },
          UpdateExpression: 'SET customerId = :pseudonym',
          // Only a record that still names the customer: never one changed meanwhile (or deleted by TTL).
          ConditionExpression: 'customerId = :customer',
          ExpressionAttributeValues: { ':pseudonym': pseudonym, ':customer': customerId },
        },
      },
    ]);
  };
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

import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { type ConsentState, LastWithdrawnAtSchema } from '#core/consent-change.js';
import { ConsentRecordSchema } from '#core/customer.js';
import { InfrastructureError } from '#shared/errors.js';
import type { ConsentHistoryEntry, ConsentStore } from '#shared/ports.js';
import { RETENTION_DAYS, ttlEpoch } from '#shared/retention.js';
import { isConditionFailure, transactConditionally } from './conditional.js';
import { CUSTOMER_SK, type TableNames } from './tables.js';

export interface ConsentTables extends Pick<TableNames, 'customers'> {
  readonly consentHistory: string;
}

/**
 * Consent history entry in the spirit of ISO/IEC 27560 consent records: who (the pseudonymous customer id),
 * which purpose, what state, when it was given, how it was collected (source), against which notice text,
 * when the bank received it, and whether it was applied.
 */
function historyItem(entry: ConsentHistoryEntry) {
  return {
    customerId: entry.customerId,
    recordId: entry.recordId,
    purpose: entry.record.purpose,
    status: entry.record.status,
    at: entry.record.at,
    collectionSource: entry.record.source,
    noticeVersion: entry.record.noticeVersion,
    legalBasis:
      entry.record.status === 'objected' ? 'GDPR art. 21 objection' : 'GDPR art. 6(1)(a) and 7 consent',
    receivedAt: entry.receivedAt,
    applied: entry.applied,
    ...(entry.ignoredBecause === undefined ? {} : { ignoredBecause: entry.ignoredBecause }),
    ...(entry.evidenceSource === undefined ? {} : { evidenceSource: entry.evidenceSource }),
    ttl: ttlEpoch(new Date(entry.receivedAt), RETENTION_DAYS.consentHistory),
  };
}

/**
 * Current consents (the customers table's CONSENTS item: `records`, `lastWithdrawnAt` and a `revision`) and
 * the append-only history.
 */
export class DynamoConsentStore implements ConsentStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tables: ConsentTables,
  ) {}

  async load(customerId: string) {
    const got = await this.client.send(
      new GetCommand({
        TableName: this.tables.customers,
        Key: { customerId, sk: CUSTOMER_SK.consents },
        ConsistentRead: true,
      }),
    );
    const records = ConsentRecordSchema.array().safeParse(got.Item?.records ?? []);
    const withdrawn = LastWithdrawnAtSchema.safeParse(got.Item?.lastWithdrawnAt ?? {});
    if (!records.success || !withdrawn.success)
      throw new InfrastructureError('Stored consents do not validate');
    const revision = got.Item?.revision;
    return {
      records: records.data,
      lastWithdrawnAt: withdrawn.data,
      revision: typeof revision === 'number' ? revision : 0,
    };
  }

  async save(
    customerId: string,
    state: ConsentState,
    readRevision: number,
    entry: ConsentHistoryEntry,
  ): Promise<'saved' | 'conflict' | 'duplicate'> {
    const failed = await transactConditionally(this.client, [
      {
        Put: {
          TableName: this.tables.consentHistory,
          Item: historyItem(entry),
          ConditionExpression: 'attribute_not_exists(recordId)',
        },
      },
      {
        Put: {
          TableName: this.tables.customers,
          Item: {
            customerId,
            sk: CUSTOMER_SK.consents,
            records: state.records,
            // When offers were last ended per purpose: the banner never serves an older offer.
            lastWithdrawnAt: state.lastWithdrawnAt,
            revision: readRevision + 1,
          },
          // Optimistic concurrency: two changes for one customer never overwrite each other blindly.
          ConditionExpression: readRevision === 0 ? 'attribute_not_exists(revision)' : 'revision = :revision',
          ...(readRevision === 0 ? {} : { ExpressionAttributeValues: { ':revision': readRevision } }),
        },
      },
    ]);
    if (failed.includes(0)) return 'duplicate';
    if (failed.includes(1)) return 'conflict';
    return 'saved';
  }

  async appendHistory(entry: ConsentHistoryEntry): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tables.consentHistory,
          Item: historyItem(entry),
          ConditionExpression: 'attribute_not_exists(recordId)',
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
}

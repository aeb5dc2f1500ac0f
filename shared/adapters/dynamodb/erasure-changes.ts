import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { sha256Hex } from '#core/hash.js';
import {
  type AuditRecordRef,
  type AuditRecordsPort,
  type ConsentEvidencePort,
  type ConsentEvidenceRef,
  changeRecord,
  type ErasableTable,
  type ErasureChangeLog,
  type ErasureHow,
  type ErasureTarget,
  pseudonymousRecordId,
} from '#privacy/erasure.js';
import {
  BY_CUSTOMER_INDEX,
  DynamoErasureIo,
  ErasureStoreError,
  type ErasureTables,
  numberOf,
  stringOf,
} from './erasure-io.js';
import { backoff, chunk, DEFAULT_RETRY, type RetryPolicy } from './retry.js';

/**
 * The erasure's adapters of the append-only tables (audit, consent history) and their changes: the only
 * writes that change or remove records there. Each goes out in a TransactWriteItems together with its
 * change record in the erasure log (shared/privacy/erasure.ts, ErasureChangeRecord), so a change without
 * its trace cannot commit. Every item is conditional on the record still being the customer's; a record
 * whose condition fails (changed or expired meanwhile) is left out and the rest is sent again.
 */

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Targets per transaction: a consent record takes two items (Put + Delete), plus the change record. */
export const TARGETS_PER_TRANSACTION = 40;

/** Cancellation codes worth another try of the same transaction. */
const TRANSIENT = new Set(['TransactionConflict', 'ThrottlingError', 'ProvisionedThroughputExceeded']);

export interface ChangeSpec {
  readonly table: ErasableTable;
  readonly how: ErasureHow;
  readonly erasureLogTable: string;
  readonly log: ErasureChangeLog;
  /** The transaction items that change one target; none when the target is already gone. */
  readonly itemsOf: (target: ErasureTarget) => TransactItem[];
}

/**
 * Commits the changes of `targets` in transactions of at most TARGETS_PER_TRANSACTION, each with its change
 * record (counting only what that transaction changed). Resolves with the ids of the targets changed.
 */
export async function commitChanges(
  client: DynamoDBDocumentClient,
  targets: readonly ErasureTarget[],
  spec: ChangeSpec,
  retry: RetryPolicy,
): Promise<string[]> {
  const changed: string[] = [];
  const parts = chunk(targets, TARGETS_PER_TRANSACTION);
  for (const [n, part] of parts.entries()) {
    let pending = part
      .map((target) => ({ target, items: spec.itemsOf(target) }))
      .filter((p) => p.items.length > 0);
    for (let attempt = 0; pending.length > 0; attempt++) {
      const record = changeRecord(
        spec.log,
        spec.table,
        spec.how,
        n,
        pending.map((p) => p.target),
      );
      const owners: number[] = [-1];
      const items: TransactItem[] = [
        {
          Put: {
            TableName: spec.erasureLogTable,
            Item: { ...record },
            ConditionExpression: 'attribute_not_exists(erasureId)',
          },
        },
      ];
      pending.forEach((p, i) => {
        for (const item of p.items) {
          items.push(item);
          owners.push(i);
        }
      });
      try {
        await client.send(
          new TransactWriteCommand({
            TransactItems: items,
            // The same token on the SDK's own retries: a commit whose answer was lost is not applied twice.
            ClientRequestToken: sha256Hex(`${record.erasureId}|${attempt}`).slice(0, 36),
          }),
        );
        changed.push(...pending.map((p) => p.target.id));
        break;
      } catch (error) {
        pending = await remaining(error, pending, owners, attempt, retry, spec);
      }
    }
  }
  return changed;
}

/** What is left to send after a failed transaction; throws when it cannot be finished now. */
async function remaining<P>(
  error: unknown,
  pending: readonly P[],
  owners: readonly number[],
  attempt: number,
  retry: RetryPolicy,
  spec: ChangeSpec,
): Promise<P[]> {
  const what = `${spec.how === 'deleted' ? 'Deleting' : 'Pseudonymising'} ${spec.table} records`;
  if (!(error instanceof TransactionCanceledException))
    throw new ErasureStoreError(`${what} failed`, { cause: error });
  const reasons = error.CancellationReasons ?? [];
  if (reasons[0]?.Code === 'ConditionalCheckFailed')
    throw new ErasureStoreError(`${what}: the change record is already logged; erase again`, {
      cause: error,
    });
  const gone = new Set(
    reasons.flatMap((reason, i) => {
      const owner = owners[i];
      return reason.Code === 'ConditionalCheckFailed' && owner !== undefined && owner >= 0 ? [owner] : [];
    }),
  );
  // Records no longer the customer's (changed, expired or moved meanwhile): leave them out, send the rest.
  if (gone.size > 0) return pending.filter((_, i) => !gone.has(i));
  if (reasons.some((reason) => TRANSIENT.has(reason.Code ?? '')) && attempt + 1 < retry.attempts) {
    await backoff(attempt, retry);
    return [...pending];
  }
  throw new ErasureStoreError(`${what} was cancelled; erase again`, { cause: error });
}

/**
 * The audit table: found through the byCustomer index; deleted or pseudonymised by key, one conditional
 * transaction item each, never BatchWriteItem (the role holds no BatchWriteItem on the audit).
 */
export class DynamoAuditEraser implements AuditRecordsPort {
  private readonly io: DynamoErasureIo;

  constructor(
    client: DynamoDBDocumentClient,
    private readonly tables: Pick<ErasureTables, 'audit' | 'erasureLog'>,
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
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

  /** Each record deleted only if it still names the customer; in transactions with their change records. */
  async delete(
    records: readonly ErasureTarget[],
    customerId: string,
    log: ErasureChangeLog,
  ): Promise<string[]> {
    return commitChanges(
      this.io.client,
      records,
      {
        table: 'audit',
        how: 'deleted',
        erasureLogTable: this.tables.erasureLog,
        log,
        itemsOf: ({ id }) => [
          {
            Delete: {
              TableName: this.tables.audit,
              Key: { decisionId: id },
              ConditionExpression: 'customerId = :customer',
              ExpressionAttributeValues: { ':customer': customerId },
            },
          },
        ],
      },
      this.retry,
    );
  }

  async pseudonymise(
    records: readonly ErasureTarget[],
    customerId: string,
    pseudonym: string,
    log: ErasureChangeLog,
  ): Promise<string[]> {
    return commitChanges(
      this.io.client,
      records,
      {
        table: 'audit',
        how: 'pseudonymised',
        erasureLogTable: this.tables.erasureLog,
        log,
        itemsOf: ({ id }) => [
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
        ],
      },
      this.retry,
    );
  }
}

/**
 * The consent history: read by key, and on erasure moved to the pseudonym — the same evidence under the
 * pseudonym and a record id no longer derived from the customer id, the original removed.
 */
export class DynamoConsentEvidenceEraser implements ConsentEvidencePort {
  private readonly io: DynamoErasureIo;

  constructor(
    client: DynamoDBDocumentClient,
    private readonly tables: Pick<ErasureTables, 'consentHistory' | 'erasureLog'>,
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
  ) {
    this.io = new DynamoErasureIo(client, retry);
  }

  async history(customerId: string): Promise<ConsentEvidenceRef[]> {
    const items = await this.entries(customerId, 'recordId, #ttl', { '#ttl': 'ttl' });
    return items.flatMap((item): ConsentEvidenceRef[] => {
      const recordId = stringOf(item.recordId);
      const ttl = numberOf(item.ttl);
      if (recordId === undefined) return [];
      return [ttl === undefined ? { recordId } : { recordId, ttl }];
    });
  }

  async pseudonymise(
    records: readonly ErasureTarget[],
    customerId: string,
    pseudonym: string,
    log: ErasureChangeLog,
  ): Promise<string[]> {
    // The whole entries, to put them again under the pseudonym (the partition key cannot be updated).
    const stored = new Map(
      (await this.entries(customerId)).flatMap((item) => {
        const recordId = stringOf(item.recordId);
        return recordId === undefined ? [] : [[recordId, item] as const];
      }),
    );
    return commitChanges(
      this.io.client,
      records,
      {
        table: 'consent-history',
        how: 'pseudonymised',
        erasureLogTable: this.tables.erasureLog,
        log,
        itemsOf: ({ id }) => {
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
        },
      },
      this.retry,
    );
  }

  private entries(customerId: string, projection?: string, names?: Record<string, string>) {
    return this.io.queryAll(
      {
        TableName: this.tables.consentHistory,
        KeyConditionExpression: 'customerId = :c',
        ExpressionAttributeValues: { ':c': customerId },
        ...(projection === undefined ? {} : { ProjectionExpression: projection }),
        ...(names === undefined ? {} : { ExpressionAttributeNames: names }),
        ConsistentRead: true,
      },
      'consent history',
    );
  }
}

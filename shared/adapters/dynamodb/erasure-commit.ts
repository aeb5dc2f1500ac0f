import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { sha256Hex } from '#core/hash.js';
import {
  changeRecord,
  type ErasableTable,
  type ErasureChangeLog,
  type ErasureHow,
  type ErasureTarget,
} from '#privacy/erasure.js';
import { CONDITION_FAILED, type TransactItem } from './conditional.js';
import { DynamoErasureIo, ErasureStoreError } from './erasure-io.js';
import { backoff, chunk, type RetryPolicy } from './retry.js';

/**
 * The one way an erasure changes an append-only table (audit, consent history): each change goes out in a
 * TransactWriteItems together with its change record in the erasure log (shared/privacy/erasure.ts,
 * ErasureChangeRecord), so a change without its trace cannot commit. Every item is conditional on the
 * record still being the customer's; a record whose condition fails (changed or expired meanwhile) is left
 * out and the rest is sent again. The erasers of the two tables are in ./erasure-changes.ts.
 */

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
  if (reasons[0]?.Code === CONDITION_FAILED)
    throw new ErasureStoreError(`${what}: the change record is already logged; erase again`, {
      cause: error,
    });
  const gone = new Set(
    reasons.flatMap((reason, i) => {
      const owner = owners[i];
      return reason.Code === CONDITION_FAILED && owner !== undefined && owner >= 0 ? [owner] : [];
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

/** An eraser of an append-only table: every change goes out through commitChanges with its change record. */
export abstract class AppendOnlyEraser {
  protected readonly io: DynamoErasureIo;

  constructor(
    client: DynamoDBDocumentClient,
    private readonly table: ErasableTable,
    private readonly erasureLogTable: string,
    private readonly retry: RetryPolicy,
  ) {
    this.io = new DynamoErasureIo(client, retry);
  }

  /** Commits `how` for the records, each by the transaction items `itemsOf` gives it (none: already gone). */
  protected commit(
    records: readonly ErasureTarget[],
    how: ErasureHow,
    log: ErasureChangeLog,
    itemsOf: (target: ErasureTarget) => TransactItem[],
  ): Promise<string[]> {
    const spec = { table: this.table, how, erasureLogTable: this.erasureLogTable, log, itemsOf };
    return commitChanges(this.io.client, records, spec, this.retry);
  }
}

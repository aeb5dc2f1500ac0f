import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';

/**
 * Conditional writes and how their failures read: the one home of "did the condition fail?" for every
 * DynamoDB adapter.
 */

/** The cancellation code of a transaction item whose condition failed. */
export const CONDITION_FAILED = 'ConditionalCheckFailed';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** True when a single conditional write failed its condition. */
export function isConditionFailure(error: unknown): boolean {
  return error instanceof ConditionalCheckFailedException;
}

/** Indexes of the items of a cancelled transaction whose condition failed (empty for other errors). */
export function failedConditions(error: unknown): number[] {
  if (!(error instanceof TransactionCanceledException)) return [];
  return (error.CancellationReasons ?? []).flatMap((reason, i) =>
    reason.Code === CONDITION_FAILED ? [i] : [],
  );
}

/**
 * The cancellation code of every item of a cancelled transaction ('None', 'ConditionalCheckFailed',
 * 'TransactionConflict', ...), or undefined when the error is not a cancelled transaction.
 */
export function cancellationCodes(error: unknown): Array<string | undefined> | undefined {
  if (!(error instanceof TransactionCanceledException)) return undefined;
  return (error.CancellationReasons ?? []).map((reason) => reason.Code);
}

/**
 * Sends one TransactWriteItems of conditional items. Resolves with no indexes when it committed, or with
 * the indexes of the items whose condition failed when that cancelled it; any other failure (a conflict,
 * throttling, a fault) is thrown.
 */
export async function transactConditionally(
  client: DynamoDBDocumentClient,
  items: readonly TransactItem[],
): Promise<number[]> {
  try {
    await client.send(new TransactWriteCommand({ TransactItems: [...items] }));
    return [];
  } catch (error) {
    const failed = failedConditions(error);
    if (failed.length === 0) throw error;
    return failed;
  }
}

import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';

/** True when a single conditional write failed its condition. */
export function isConditionFailure(error: unknown): boolean {
  return error instanceof ConditionalCheckFailedException;
}

/** Indexes of the items of a cancelled transaction whose condition failed (empty for other errors). */
export function failedConditions(error: unknown): number[] {
  if (!(error instanceof TransactionCanceledException)) return [];
  return (error.CancellationReasons ?? []).flatMap((reason, i) =>
    reason.Code === 'ConditionalCheckFailed' ? [i] : [],
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

import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type * as z from 'zod';
import { type ChangeKind, METRIC } from './metric-names.js';
import { createSqsRecordHandler, InvalidMessageError, type MessageProblem } from './sqs-record-handler.js';

/** What applying one change reports: refused (with the fields named), or its outcome and offers withdrawn. */
export type ChangeReport =
  | { readonly outcome: 'refused'; readonly problems: readonly MessageProblem[] }
  | { readonly outcome: string; readonly offersWithdrawn: number };

export interface ChangeHandlerOptions<S extends z.ZodType> {
  readonly kind: ChangeKind;
  readonly schema: S;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly now: () => Date;
  /** The log line when the change withdrew offers (with their count only). */
  readonly withdrawnMessage: string;
  readonly apply: (message: z.output<S>, receivedAt: Date) => Promise<ChangeReport>;
}

/**
 * A consumer of customer changes (consent changes, CRM profile updates): one change per message, applied
 * in order. A change dated beyond the future skew of its receive time is refused: an invalid message (it
 * fails and ends in the DLQ). Counts `messages_<kind>_<outcome>`; logs how many offers a change withdrew.
 */
export function createChangeHandler<S extends z.ZodType>(options: ChangeHandlerOptions<S>) {
  return createSqsRecordHandler({
    schema: options.schema,
    logger: options.logger,
    metrics: options.metrics,
    now: options.now,
    apply: async (message, { receivedAt }) => {
      const report = await options.apply(message, receivedAt);
      if ('problems' in report) throw new InvalidMessageError(report.problems);
      if (report.offersWithdrawn > 0)
        options.logger.info(options.withdrawnMessage, { count: report.offersWithdrawn });
      return METRIC.changeMessage(options.kind, report.outcome);
    },
  });
}

import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { type EvaluateDeps, evaluateBatch } from '#app/evaluate-batch.js';
import type { Decision } from '#core/decision.js';
import { METRIC } from '#functions/handler-kit/metric-names.js';
import { SqsEventSchema } from '#functions/handler-kit/sqs-event-schema.js';

export interface HandlerDeps extends EvaluateDeps {
  readonly logger: Logger;
  readonly metrics: Metrics;
  /**
   * Honour the `decision-clock: event-time` message attribute (decide a past event on its own clock).
   * Only replays and simulations on the local runtime may (EVENT_CLOCK=allowed); never in a deployment.
   */
  readonly allowEventClock?: boolean;
}

/** The SQS message attribute a replay sets to have a past event decided on its own clock. */
export const EVENT_CLOCK_ATTRIBUTE = 'decision-clock';
export const EVENT_CLOCK_VALUE = 'event-time';

/** Thrown per record so that Powertools reports it as a batch item failure; carries no customer data. */
class MessageNotDecidedError extends Error {
  override readonly name = 'MessageNotDecidedError';
}

function recordMetrics(metrics: Metrics, decisions: readonly Decision[]): void {
  const counts = new Map<string, number>();
  const bump = (name: string) => counts.set(name, (counts.get(name) ?? 0) + 1);
  for (const decision of decisions) {
    bump(METRIC.decisions(decision.outcome));
    // Reason codes only: "sensitive_category" never says which category.
    for (const reason of decision.reasons) bump(METRIC.reason(reason));
  }
  for (const [name, value] of counts) metrics.addMetric(name, MetricUnit.Count, value);
}

/**
 * The evaluate-payments Lambda: validates the SQS event, decides the whole batch through the application
 * service, and reports undecided messages as batch item failures so only they are retried.
 */
export function createHandler(deps: HandlerDeps) {
  const processor = new BatchProcessor(EventType.SQS);
  return middy(async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    const outcome = await evaluateBatch(
      event.Records.map((record) => ({
        messageId: record.messageId,
        body: record.body,
        eventClock:
          deps.allowEventClock === true &&
          record.messageAttributes?.[EVENT_CLOCK_ATTRIBUTE]?.stringValue === EVENT_CLOCK_VALUE,
      })),
      deps,
    );
    recordMetrics(deps.metrics, outcome.stored);
    deps.metrics.addMetric(METRIC.duplicateDeliveries, MetricUnit.Count, outcome.duplicates);
    if (outcome.failed.size > 0) {
      deps.logger.warn('Messages left undecided; they will be retried', {
        failures: Object.fromEntries(outcome.failures),
      });
    }
    deps.logger.info('Batch decided', {
      messages: event.Records.length,
      decisions: outcome.stored.length,
      failed: outcome.failed.size,
      duplicates: outcome.duplicates,
    });
    return processPartialResponse(
      event,
      async (record: { messageId: string }) => {
        if (outcome.failed.has(record.messageId)) throw new MessageNotDecidedError(record.messageId);
      },
      processor,
      { context, throwOnFullBatchFailure: false },
    );
  })
    .use(injectLambdaContext(deps.logger, { logEvent: false }))
    .use(logMetrics(deps.metrics))
    .use(parser({ schema: SqsEventSchema }));
}

import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type * as z from 'zod';
import { SqsEventSchema } from './sqs-event-schema.js';

/** A message that can never be applied: it fails, and the queue's redrive moves it to the DLQ. */
export class InvalidMessageError extends Error {
  override readonly name = 'InvalidMessageError';
  constructor(readonly problems: ReadonlyArray<{ field: string; expected: string }>) {
    super(`Invalid message: ${problems.map((p) => `${p.field}: ${p.expected}`).join('; ')}`);
  }
}

export function parseMessage<S extends z.ZodType>(schema: S, body: string): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new InvalidMessageError([{ field: '(body)', expected: 'a JSON object' }]);
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  // Field names and zod's expectation only: never the offending values (they may be customer data).
  throw new InvalidMessageError(
    parsed.error.issues.map((issue) => ({
      field: issue.path.join('.') || '(body)',
      expected: issue.message,
    })),
  );
}

export interface RecordHandlerOptions<S extends z.ZodType> {
  readonly schema: S;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Applies one valid message; throws for infrastructure faults (the message is retried). */
  readonly apply: (message: z.output<S>) => Promise<string>;
}

/**
 * An SQS Lambda that applies each message on its own, in order (a later change of the same customer
 * should see the earlier one), reporting failed messages as batch item failures. Invalid messages fail
 * with a log line naming the fields, so after maxReceiveCount they rest in the DLQ, nothing half-applied.
 */
export function createSqsRecordHandler<S extends z.ZodType>(options: RecordHandlerOptions<S>) {
  const processor = new BatchProcessor(EventType.SQS);
  const handleRecord = async (record: SQSRecord) => {
    try {
      const outcome = await options.apply(parseMessage(options.schema, record.body));
      options.metrics.addMetric(`messages_${outcome}`, MetricUnit.Count, 1);
    } catch (error) {
      if (error instanceof InvalidMessageError) {
        options.logger.warn('Rejected an invalid message', {
          messageId: record.messageId,
          problems: error.problems,
        });
        options.metrics.addMetric('messages_invalid', MetricUnit.Count, 1);
      } else {
        options.logger.error('Message not applied; it will be retried', {
          messageId: record.messageId,
          error: error instanceof Error ? error.name : 'UnknownError',
        });
      }
      throw error;
    }
  };
  return middy(
    async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> =>
      processPartialResponse(event, handleRecord, processor, {
        context,
        processInParallel: false,
        throwOnFullBatchFailure: false,
      }),
  )
    .use(injectLambdaContext(options.logger, { logEvent: false }))
    .use(logMetrics(options.metrics))
    .use(parser({ schema: SqsEventSchema }));
}

import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type * as z from 'zod';
import { METRIC } from './metric-names.js';
import { SqsEventSchema } from './sqs-event-schema.js';

export interface MessageProblem {
  readonly field: string;
  readonly expected: string;
}

/** A message that can never be applied: it fails, and the queue's redrive moves it to the DLQ. */
export class InvalidMessageError extends Error {
  override readonly name = 'InvalidMessageError';
  constructor(readonly problems: readonly MessageProblem[]) {
    super(`Invalid message: ${problems.map((p) => `${p.field}: ${p.expected}`).join('; ')}`);
  }
}

const fieldPath = (path: readonly PropertyKey[]): string => path.map(String).join('.') || '(body)';

/**
 * One schema issue as a field problem that is safe to log. Unknown keys are customer-chosen text (an
 * e-mail address, say): never their names, only how many there were and the path of the object holding
 * them. Other issues carry the schema's own field names and zod's expectation, never the offending values.
 */
export function messageProblem(issue: z.core.$ZodIssue): MessageProblem {
  if (issue.code === 'unrecognized_keys') {
    const count = issue.keys.length;
    return {
      field: fieldPath(issue.path),
      expected: `no fields but the documented ones (${count} unknown field${count === 1 ? '' : 's'})`,
    };
  }
  if (issue.code === 'invalid_key') return { field: fieldPath(issue.path), expected: 'valid keys only' };
  return { field: fieldPath(issue.path), expected: issue.message };
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
  throw new InvalidMessageError(parsed.error.issues.map(messageProblem));
}

/**
 * When SQS received the message (its SentTimestamp): outside instants are judged against it, the same on
 * every redelivery. `now` when the attribute is missing, unreadable or ahead of the clock.
 */
export function receivedAtOf(record: Pick<SQSRecord, 'attributes'>, now: Date): Date {
  const sent = Number(record.attributes?.SentTimestamp);
  return Number.isFinite(sent) && sent > 0 && sent <= now.getTime() ? new Date(sent) : now;
}

export interface RecordContext {
  /** When the queue received the message (see receivedAtOf). */
  readonly receivedAt: Date;
}

export interface RecordHandlerOptions<S extends z.ZodType> {
  readonly schema: S;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly now: () => Date;
  /**
   * Applies one valid message; returns the name of the metric that counts its outcome (./metric-names.ts).
   * Throws InvalidMessageError for a message that can never be applied, anything else for infrastructure
   * faults (the message is retried).
   */
  readonly apply: (message: z.output<S>, context: RecordContext) => Promise<string>;
}

/**
 * An SQS Lambda that applies each message on its own, in order (a later change of the same customer
 * should see the earlier one), reporting failed messages as batch item failures. Invalid messages fail
 * with a log line naming the fields, so after maxReceiveCount they rest in the DLQ, nothing half-applied.
 * Log lines carry the message id, field paths, counts and error class names: never a value, never the
 * name of an unknown key, never an error message.
 */
export function createSqsRecordHandler<S extends z.ZodType>(options: RecordHandlerOptions<S>) {
  const processor = new BatchProcessor(EventType.SQS);
  const handleRecord = async (record: SQSRecord) => {
    try {
      const message = parseMessage(options.schema, record.body);
      const metric = await options.apply(message, { receivedAt: receivedAtOf(record, options.now()) });
      options.metrics.addMetric(metric, MetricUnit.Count, 1);
    } catch (error) {
      if (error instanceof InvalidMessageError) {
        options.logger.warn('Rejected an invalid message', {
          messageId: record.messageId,
          problems: error.problems,
        });
        options.metrics.addMetric(METRIC.invalidMessages, MetricUnit.Count, 1);
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

import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import middy from '@middy/core';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import {
  type OfferMessage,
  type OfferRetraction,
  retractionMessage,
  suggestionMessage,
} from '#core/offer-message.js';
import { METRIC } from '#functions/handler-kit/metric-names.js';

export interface PublisherDeps {
  readonly sqs: SQSClient;
  readonly queueUrl: string;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** For a retraction whose stream record has no creation time. */
  readonly now?: () => Date;
}

type Image = Parameters<typeof unmarshall>[0];

/** DynamoDB's own TTL deletions: the offer expired (consumers drop it at `expiresAt` already). */
function isTtlDeletion(record: DynamoDBRecord): boolean {
  const identity = record.userIdentity as { type?: unknown; principalId?: unknown } | undefined;
  return identity?.type === 'Service' && identity.principalId === 'dynamodb.amazonaws.com';
}

/** Thrown for a stream record that can never become a message (it is reported, never published). */
class UnpublishableRecordError extends Error {
  override readonly name = 'UnpublishableRecordError';
}

function retraction(record: DynamoDBRecord, withdrawnAt: string): OfferRetraction {
  const keys = record.dynamodb?.Keys === undefined ? {} : unmarshall(record.dynamodb.Keys as Image);
  try {
    return retractionMessage({
      offerInstanceId: keys.offerInstanceId,
      customerId: keys.customerId,
      withdrawnAt,
    });
  } catch {
    throw new UnpublishableRecordError('A withdrawn offer without its keys');
  }
}

/**
 * What a stream record of the offers table means for push consumers (view NEW_IMAGE):
 * Each message is a CloudEvent (#core/offer-message.js) whose `id` depends only on the offer and the type, so
 * a redelivered record gives the same id:
 *  - INSERT of an active offer: `offer.suggested`, the offer as the banner shows it;
 *  - MODIFY to status `withdrawn`: `offer.withdrawn` (consent withdrawal, objection, CRM update);
 *  - REMOVE (keys only; an erasure deleting the offer): `offer.withdrawn`, except DynamoDB's TTL deletions;
 *  - anything else (shown, clicked, dismissed, expiry): nothing.
 */
export function messageFor(record: DynamoDBRecord, now: () => Date): OfferMessage | undefined {
  const stream = record.dynamodb;
  if (record.eventName === 'REMOVE') {
    if (isTtlDeletion(record)) return undefined;
    const seconds = stream?.ApproximateCreationDateTime;
    const at = typeof seconds === 'number' && Number.isFinite(seconds) ? new Date(seconds * 1000) : now();
    return retraction(record, at.toISOString());
  }
  if (stream?.NewImage === undefined) return undefined;
  const image = unmarshall(stream.NewImage as Image);
  if (record.eventName === 'INSERT' && image.status === 'active') {
    try {
      return suggestionMessage(image);
    } catch {
      throw new UnpublishableRecordError('An inserted offer does not validate');
    }
  }
  if (record.eventName === 'MODIFY' && image.status === 'withdrawn') {
    const withdrawnMs = typeof image.withdrawnAt === 'string' ? Date.parse(image.withdrawnAt) : Number.NaN;
    return retraction(record, (Number.isFinite(withdrawnMs) ? new Date(withdrawnMs) : now()).toISOString());
  }
  return undefined;
}

/**
 * The outbox relay: the offers table's stream delivers each committed change once it exists, and this
 * publishes suggestions and retractions to offer-suggestions. A failed send reports the record, so Lambda
 * retries from it (records after it are sent again: consumers deduplicate by the CloudEvent `id`).
 * Logs carry counts and error class names only.
 */
export function createHandler(deps: PublisherDeps) {
  const now = deps.now ?? (() => new Date());
  const processor = new BatchProcessor(EventType.DynamoDBStreams);
  const publish = async (record: DynamoDBRecord) => {
    let message: OfferMessage | undefined;
    try {
      message = messageFor(record, now);
    } catch (error) {
      deps.logger.error('Stream record cannot be published', {
        error: error instanceof Error ? error.name : 'UnknownError',
        eventName: record.eventName,
      });
      deps.metrics.addMetric(METRIC.streamRecordsUnpublishable, MetricUnit.Count, 1);
      throw error;
    }
    if (message === undefined) {
      deps.metrics.addMetric(METRIC.streamRecordsSkipped, MetricUnit.Count, 1);
      return;
    }
    await deps.sqs.send(
      new SendMessageCommand({ QueueUrl: deps.queueUrl, MessageBody: JSON.stringify(message) }),
    );
    deps.metrics.addMetric(
      message.type === 'offer.suggested' ? METRIC.offersPublished : METRIC.retractionsPublished,
      MetricUnit.Count,
      1,
    );
  };
  return middy(
    async (event: DynamoDBStreamEvent, context: Context): Promise<DynamoDBBatchResponse> =>
      // In stream order: an offer's retraction is never sent before its suggestion from the same batch.
      processPartialResponse(event, publish, processor, { context, processInParallel: false }),
  )
    .use(injectLambdaContext(deps.logger, { logEvent: false }))
    .use(logMetrics(deps.metrics));
}

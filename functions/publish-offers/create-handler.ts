import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import middy from '@middy/core';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import * as z from 'zod';

export interface PublisherDeps {
  readonly sqs: SQSClient;
  readonly queueUrl: string;
  readonly logger: Logger;
  readonly metrics: Metrics;
}

/**
 * What push consumers receive: the offer as the banner shows it. Nothing about the payment that led to it.
 */
export const OfferSuggestionSchema = z.object({
  offerInstanceId: z.string(),
  customerId: z.string(),
  offerId: z.string(),
  productCode: z.string(),
  category: z.string(),
  text: z.string(),
  disclosures: z.array(z.string()),
  createdAt: z.string(),
  expiresAt: z.string(),
});
export type OfferSuggestion = z.infer<typeof OfferSuggestionSchema>;

/**
 * The outbox relay: the offers table's stream delivers each committed offer once it exists, and this
 * publishes it to offer-suggestions. A failed send reports the record so Lambda retries from it.
 */
export function createHandler(deps: PublisherDeps) {
  const processor = new BatchProcessor(EventType.DynamoDBStreams);
  const publish = async (record: DynamoDBRecord) => {
    if (record.eventName !== 'INSERT' || !record.dynamodb?.NewImage) {
      // Status changes (clicked, dismissed, withdrawn) and TTL deletions are not new offers.
      deps.metrics.addMetric('stream_records_skipped', MetricUnit.Count, 1);
      return;
    }
    const image = unmarshall(record.dynamodb.NewImage as Parameters<typeof unmarshall>[0]);
    const suggestion = OfferSuggestionSchema.parse(image);
    await deps.sqs.send(
      new SendMessageCommand({ QueueUrl: deps.queueUrl, MessageBody: JSON.stringify(suggestion) }),
    );
    deps.metrics.addMetric('offers_published', MetricUnit.Count, 1);
  };
  return middy(
    async (event: DynamoDBStreamEvent, context: Context): Promise<DynamoDBBatchResponse> =>
      processPartialResponse(event, publish, processor, { context }),
  )
    .use(injectLambdaContext(deps.logger, { logEvent: false }))
    .use(logMetrics(deps.metrics));
}

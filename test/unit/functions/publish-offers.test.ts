import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { SendMessageCommand, type SendMessageCommandInput } from '@aws-sdk/client-sqs';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { offerItem } from '#adapters/dynamodb/decision-writer.js';
import { seedCatalog } from '#core/catalog/seed.js';
import { emptyContactState } from '#core/contact-policy.js';
import { decide } from '#core/decide.js';
import type { OfferInstance } from '#core/decision.js';
import {
  OFFER_EVENT_SOURCE,
  OfferMessageSchema,
  OfferRetractionDataSchema,
  OfferSuggestionDataSchema,
  OfferSuggestionSchema,
} from '#core/offer-message.js';
import { parsePaymentEvent } from '#core/payment-event.js';
import { DEFAULT_POLICY } from '#core/policy.js';
import { createHandler } from '#functions/publish-offers/create-handler.js';
import { atmAbroad, type EventJson, largePurchase, NOW, traveller } from '#test/support/builders.js';
import { fakeSqsClient } from '#test/support/fake-aws.js';
import { captureOutput, lambdaContext, withEnv } from '#test/support/lambda.js';

const QUEUE_URL = 'https://sqs.eu-west-1.amazonaws.com/123456789012/offer-suggestions';
const STREAM_ARN = 'arn:aws:dynamodb:eu-west-1:123456789012:table/offers/stream/2026-07-01T00:00:00.000';
/** The CloudEvents context attributes of every message, and the data fields of a suggestion. */
const ENVELOPE_FIELDS = ['data', 'datacontenttype', 'id', 'source', 'specversion', 'subject', 'time', 'type'];
const SUGGESTION_DATA_FIELDS = [
  'category',
  'createdAt',
  'customerId',
  'disclosures',
  'expiresAt',
  'explanation',
  'offerId',
  'offerInstanceId',
  'priority',
  'productCode',
  'text',
].sort();

/** An offer as the pipeline creates it, through the real core. */
function offerFor(event: EventJson): OfferInstance {
  const parsed = parsePaymentEvent(JSON.stringify(event));
  if (!parsed.ok) throw new Error('builder made an invalid event');
  const [offer] = decide({
    event: parsed.event,
    customer: traveller(event.customerId),
    contact: emptyContactState(event.customerId),
    catalog: seedCatalog(),
    policy: DEFAULT_POLICY,
    now: NOW,
  }).offers;
  if (offer === undefined) throw new Error('expected an offer');
  return offer;
}

type Image = NonNullable<NonNullable<DynamoDBRecord['dynamodb']>['NewImage']>;
const image = (item: Record<string, unknown>) => marshall(item) as Image;

function streamRecord(
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE',
  sequenceNumber: string,
  item: Record<string, unknown>,
  oldItem?: Record<string, unknown>,
  userIdentity?: DynamoDBRecord['userIdentity'],
): DynamoDBRecord {
  return {
    eventID: `event-${sequenceNumber}`,
    eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'eu-west-1',
    dynamodb: {
      ApproximateCreationDateTime: 1_783_670_400,
      Keys: image({ customerId: item.customerId, offerInstanceId: item.offerInstanceId }),
      ...(eventName === 'REMOVE' ? {} : { NewImage: image(item) }),
      ...(oldItem === undefined ? {} : { OldImage: image(oldItem) }),
      SequenceNumber: sequenceNumber,
      SizeBytes: 512,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
    eventSourceARN: STREAM_ARN,
    ...(userIdentity === undefined ? {} : { userIdentity }),
  };
}

function build(respond: (input: SendMessageCommandInput) => unknown = () => ({ MessageId: 'ok' })) {
  const sqs = fakeSqsClient((command) => {
    if (!(command instanceof SendMessageCommand)) throw new Error('unexpected command');
    return respond(command.input);
  });
  const handler = createHandler({
    sqs: sqs.client,
    queueUrl: QUEUE_URL,
    logger: new Logger({ serviceName: 'test' }),
    metrics: new Metrics({ namespace: 'test', serviceName: 'test' }),
  });
  return { handler, sqs, sent: () => sqs.inputsOf<SendMessageCommandInput>('SendMessageCommand') };
}

const QUIET = {
  POWERTOOLS_DEV: undefined,
  POWERTOOLS_METRICS_DISABLED: 'true',
  POWERTOOLS_LOG_LEVEL: 'ERROR',
};

describe('publish-offers handler', () => {
  it('publishes inserted offers, ignores modifications, and reports the record whose send failed', async () => {
    await withEnv(QUIET, async () => {
      const published = offerFor(atmAbroad('evt-1', 'c-1'));
      const failing = offerFor(largePurchase('evt-2', 'c-2'));
      const shown = offerFor(atmAbroad('evt-3', 'c-3'));
      const { handler, sent } = build((input) => {
        if (String(input.MessageBody).includes(failing.offerInstanceId)) {
          throw Object.assign(new Error('Service unavailable'), { name: 'ServiceUnavailable' });
        }
        return { MessageId: 'ok' };
      });
      const event: DynamoDBStreamEvent = {
        Records: [
          streamRecord('INSERT', '100000000000000000001', offerItem(published)),
          streamRecord(
            'MODIFY',
            '100000000000000000002',
            { ...offerItem(shown), status: 'shown' },
            offerItem(shown),
          ),
          streamRecord('INSERT', '100000000000000000003', offerItem(failing)),
        ],
      };

      const { result } = await captureOutput(() => handler(event, lambdaContext('publish-offers-test')));

      expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: '100000000000000000003' }] });
      const messages = sent();
      // The failing record was attempted; the modification never was.
      expect(messages).toHaveLength(2);
      const delivered = messages.filter((m) => !String(m.MessageBody).includes(failing.offerInstanceId));
      expect(delivered).toHaveLength(1);
      expect(delivered[0]?.QueueUrl).toBe(QUEUE_URL);
      expect(messages.some((m) => String(m.MessageBody).includes(shown.offerInstanceId))).toBe(false);
    });
  });

  it('publishes exactly the offer suggestion fields: no trigger, decision, status or ttl', async () => {
    await withEnv(QUIET, async () => {
      const offer = offerFor(largePurchase('evt-1', 'c-1'));
      const { handler, sent } = build();
      const event: DynamoDBStreamEvent = {
        Records: [
          streamRecord('INSERT', '200000000000000000001', offerItem(offer)),
          // An unrelated record: keeps the batch from being a single record.
          streamRecord('MODIFY', '200000000000000000002', {
            ...offerItem(offerFor(atmAbroad('evt-9', 'c-9'))),
            status: 'shown',
          }),
        ],
      };
      const { result } = await captureOutput(() => handler(event, lambdaContext('publish-offers-test')));

      expect(result).toEqual({ batchItemFailures: [] });
      expect(sent()).toHaveLength(1);
      const body = JSON.parse(String(sent()[0]?.MessageBody)) as Record<string, unknown>;
      expect(Object.keys(body).sort()).toEqual(ENVELOPE_FIELDS);
      expect(Object.keys(OfferSuggestionSchema.shape).sort()).toEqual(ENVELOPE_FIELDS);
      expect(Object.keys(OfferSuggestionDataSchema.shape).sort()).toEqual(SUGGESTION_DATA_FIELDS);
      expect(body).toEqual({
        specversion: '1.0',
        type: 'offer.suggested',
        source: OFFER_EVENT_SOURCE,
        id: `offer.suggested:${offer.offerInstanceId}`,
        time: offer.createdAt,
        subject: offer.offerInstanceId,
        datacontenttype: 'application/json',
        data: {
          offerInstanceId: offer.offerInstanceId,
          customerId: 'c-1',
          offerId: 'credit-card',
          productCode: 'credit-card',
          category: 'credit',
          text: offer.text,
          disclosures: offer.disclosures,
          createdAt: offer.createdAt,
          expiresAt: offer.expiresAt,
          ...(offer.priority === undefined ? {} : { priority: offer.priority }),
          ...(offer.explanation === undefined ? {} : { explanation: offer.explanation }),
        },
      });
      // The credit warning travels with a credit offer.
      expect((body.data as { disclosures: string[] }).disclosures).toContain('Let op! Geld lenen kost geld');
    });
  });

  it('reports an inserted item that is not a valid offer instead of publishing it', async () => {
    await withEnv(QUIET, async () => {
      const good = offerFor(atmAbroad('evt-1', 'c-1'));
      const { handler, sent } = build();
      const { offerId: _, ...withoutOfferId } = offerItem(offerFor(atmAbroad('evt-2', 'c-2')));
      const event: DynamoDBStreamEvent = {
        Records: [
          streamRecord('INSERT', '300000000000000000001', offerItem(good)),
          streamRecord('INSERT', '300000000000000000002', withoutOfferId),
        ],
      };
      const { result } = await captureOutput(() => handler(event, lambdaContext('publish-offers-test')));
      expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: '300000000000000000002' }] });
      expect(sent()).toHaveLength(1);
    });
  });

  it('publishes a retraction for a withdrawal and an erasure, keyed like the offer, nothing about the payment', async () => {
    await withEnv(QUIET, async () => {
      const withdrawn = offerFor(atmAbroad('evt-1', 'c-1'));
      const erased = offerFor(largePurchase('evt-2', 'c-2'));
      const clicked = offerFor(atmAbroad('evt-3', 'c-3'));
      const expired = offerFor(atmAbroad('evt-4', 'c-4'));
      const { handler, sent } = build();
      const withdrawnAt = '2026-07-10T09:00:00.000Z';
      const event: DynamoDBStreamEvent = {
        Records: [
          streamRecord('MODIFY', '400000000000000000001', {
            ...offerItem(withdrawn),
            status: 'withdrawn',
            withdrawnAt,
            withdrawalReason: 'consent_withdrawn',
          }),
          streamRecord('MODIFY', '400000000000000000002', { ...offerItem(clicked), status: 'clicked' }),
          streamRecord('REMOVE', '400000000000000000003', offerItem(erased)),
          streamRecord('REMOVE', '400000000000000000004', offerItem(expired), undefined, {
            type: 'Service',
            principalId: 'dynamodb.amazonaws.com',
          }),
          streamRecord('INSERT', '400000000000000000005', { ...offerItem(expired), status: 'withdrawn' }),
        ],
      };
      const { result } = await captureOutput(() => handler(event, lambdaContext('publish-offers-test')));

      expect(result).toEqual({ batchItemFailures: [] });
      const bodies = sent().map((m) => OfferMessageSchema.parse(JSON.parse(String(m.MessageBody))));
      const retraction = (offerInstanceId: string, customerId: string, at: string) => ({
        specversion: '1.0',
        type: 'offer.withdrawn',
        source: OFFER_EVENT_SOURCE,
        id: `offer.withdrawn:${offerInstanceId}`,
        time: at,
        subject: offerInstanceId,
        datacontenttype: 'application/json',
        data: { offerInstanceId, customerId, withdrawnAt: at },
      });
      expect(bodies).toEqual([
        retraction(withdrawn.offerInstanceId, 'c-1', withdrawnAt),
        // The stream record's creation time (ApproximateCreationDateTime, in seconds).
        retraction(erased.offerInstanceId, 'c-2', new Date(1_783_670_400_000).toISOString()),
      ]);
      for (const message of sent()) {
        const body = JSON.parse(String(message.MessageBody)) as Record<string, unknown>;
        expect(Object.keys(body).sort()).toEqual(ENVELOPE_FIELDS);
        expect(Object.keys(body.data as object).sort()).toEqual(
          Object.keys(OfferRetractionDataSchema.shape).sort(),
        );
      }
    });
  });
});

import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  OFFER_EVENT_SOURCE,
  type OfferMessage,
  OfferMessageSchema,
  offerMessageId,
} from '#core/offer-message.js';
import { createHandler } from '#functions/publish-offers/create-handler.js';
import { streamRecords } from '#test/integration/support/dynamo-harness.js';
import { atmAbroad } from '#test/integration/support/events.js';
import { customer, PipelineHarness } from '#test/integration/support/pipeline.js';
import { eventually } from '#test/integration/support/wait.js';
import { lambdaContext, withEnv } from '#test/support/lambda.js';
import { payments } from '#test/support/payments.js';

/**
 * The push consumers' view (issue 13, part 5): what arrives on offer-suggestions when the real pipeline runs
 * on the local runtime (DynamoDB Local's stream -> publish-offers -> the SQS emulator) is a CloudEvent whose
 * id is the deduplication key, and nothing in it describes the payment.
 */

const CUSTOMER = 'ce-traveller';
const QUIET = {
  POWERTOOLS_METRICS_DISABLED: 'true',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  POWERTOOLS_DEV: undefined,
};

/** Every value of the payment that must not reach a push consumer (merchant, amount, place, MCC). */
function paymentValues(): string[] {
  const payment = payments.atmAbroad() as {
    amount: { minor: number };
    merchant: { name: string; mcc: string; city?: string };
  };
  return [
    payment.merchant.name,
    payment.merchant.mcc,
    String(payment.amount.minor),
    ...(payment.merchant.city === undefined ? [] : [payment.merchant.city]),
  ];
}

describe('offer-suggestions messages are CloudEvents 1.0 (local runtime)', () => {
  let pipeline: PipelineHarness;
  const received: OfferMessage[] = [];
  const raw: string[] = [];

  /** Waits until a message of this type about this offer arrives (collecting everything received). */
  async function collect(): Promise<void> {
    for (const body of await pipeline.receiveAll('offer-suggestions', 500)) {
      raw.push(body);
      received.push(OfferMessageSchema.parse(JSON.parse(body)));
    }
  }
  const copiesOf = (type: OfferMessage['type'], offerInstanceId: string) =>
    received.filter((m) => m.type === type && m.subject === offerInstanceId);
  async function arrival(type: OfferMessage['type'], offerInstanceId: string, count = 1) {
    return eventually(async () => {
      await collect();
      const copies = copiesOf(type, offerInstanceId);
      return copies.length >= count ? copies : undefined;
    }, 30_000);
  }

  beforeAll(async () => {
    pipeline = await PipelineHarness.start();
    await pipeline.loadCustomers([
      customer(CUSTOMER, { holdings: ['current-account', 'travel-insurance-europe'] }),
    ]);
  });

  afterAll(async () => {
    await pipeline?.stop();
  });

  it('an emitted offer arrives as offer.suggested, its id repeats on redelivery, a withdrawal arrives as offer.withdrawn', async () => {
    const recent = new Date(Date.now() - 60_000).toISOString();
    const event = atmAbroad(CUSTOMER, recent);
    const decisions = await pipeline.decide(event);
    const emitted = decisions.find((d) => d.outcome === 'emitted');
    const offerInstanceId = emitted?.offerInstanceId;
    if (offerInstanceId === undefined) throw new Error('expected an emitted offer');

    const [suggested] = await arrival('offer.suggested', offerInstanceId);
    if (suggested?.type !== 'offer.suggested') throw new Error('expected offer.suggested');
    expect(suggested).toMatchObject({
      specversion: '1.0',
      type: 'offer.suggested',
      source: OFFER_EVENT_SOURCE,
      id: offerMessageId('offer.suggested', offerInstanceId),
      subject: offerInstanceId,
      datacontenttype: 'application/json',
      data: { offerInstanceId, customerId: CUSTOMER, offerId: 'worldwide-travel-cover' },
    });
    expect(suggested.time).toBe(suggested.data.createdAt);

    // Redelivery: the same stream record handed to publish-offers again (as Lambda does after a failure).
    const records = await streamRecords(pipeline.runtime.endpoints.dynamodb, pipeline.tables.offers);
    const insert = records.find(
      (r) =>
        r.eventName === 'INSERT' &&
        r.dynamodb?.Keys !== undefined &&
        unmarshall(r.dynamodb.Keys as Parameters<typeof unmarshall>[0]).offerInstanceId === offerInstanceId,
    );
    if (insert === undefined) throw new Error("the offer's INSERT is not on the stream");
    const republish = createHandler({
      sqs: pipeline.runtime.sqs,
      queueUrl: pipeline.queue('offer-suggestions').url,
      logger: new Logger({ serviceName: 'publish-offers' }),
      metrics: new Metrics({ namespace: 'test', serviceName: 'publish-offers' }),
    });
    const outcome = await withEnv(QUIET, () =>
      republish({ Records: [insert] }, lambdaContext('publish-offers-redelivery')),
    );
    expect(outcome).toEqual({ batchItemFailures: [] });
    const copies = await arrival('offer.suggested', offerInstanceId, 2);
    // Same id, same event: a consumer deduplicating by id shows the offer once.
    for (const copy of copies) expect(copy).toEqual(suggested);

    // The customer withdraws consent: the offer is taken down with an offer.withdrawn event.
    await pipeline.sendTo('consent-changes', {
      customerId: CUSTOMER,
      purpose: 'transaction-offers',
      status: 'withdrawn',
      at: new Date(Date.now() - 10_000).toISOString(),
      source: 'app-privacy-settings',
      noticeVersion: '2026-01',
    });
    const [withdrawn] = await arrival('offer.withdrawn', offerInstanceId);
    if (withdrawn?.type !== 'offer.withdrawn') throw new Error('expected offer.withdrawn');
    expect(withdrawn).toMatchObject({
      specversion: '1.0',
      source: OFFER_EVENT_SOURCE,
      id: offerMessageId('offer.withdrawn', offerInstanceId),
      subject: offerInstanceId,
      datacontenttype: 'application/json',
    });
    expect(Object.keys(withdrawn.data).sort()).toEqual(['customerId', 'offerInstanceId', 'withdrawnAt']);
    expect(withdrawn.time).toBe(withdrawn.data.withdrawnAt);

    // Nothing in any body describes the payment or the pipeline's internals.
    const about = raw.filter((body) => body.includes(offerInstanceId));
    expect(about.length).toBeGreaterThanOrEqual(3);
    for (const body of about) {
      for (const value of [...paymentValues(), event.eventId, emitted?.decisionId ?? '']) {
        expect(body).not.toContain(value);
      }
      expect(body).not.toMatch(/"(merchant|amount|mcc|counterparty|eventId|decisionId|triggerId)"/);
    }
  }, 120_000);
});

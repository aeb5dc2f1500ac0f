import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OfferMessageSchema } from '#core/offer-message.js';
import { createHandler } from '#functions/publish-offers/create-handler.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '#local/local-aws.js';
import { freePort } from '#local/ports.js';
import { type SqsLocal, startSqsLocal } from '#local/sqs-local.js';
import { lambdaContext, withEnv } from '#test/support/lambda.js';

/**
 * Outbox fault injection against the local-aws-sqs emulator: the real SQS client, wrapped by SDK
 * middleware so that its Nth SendMessage fails — before the request leaves (the message is lost unless
 * retried) or after the emulator stored it (the answer is lost) — for every N over a stream batch of
 * suggestions and retractions. Lambda's stream retry is replayed as Lambda does it (from the lowest
 * reported sequence number). Afterwards every suggestion and every retraction is on the queue at least
 * once: none lost.
 */

type Image = NonNullable<NonNullable<DynamoDBRecord['dynamodb']>['NewImage']>;
const image = (item: Record<string, unknown>) => marshall(item, { removeUndefinedValues: true }) as Image;

const offerRow = (n: number, status = 'active') => ({
  customerId: `c-${n}`,
  offerInstanceId: `o_${String(n).padStart(32, '0')}`,
  offerId: 'worldwide-travel-cover',
  productCode: 'travel-insurance-worldwide',
  category: 'insurance',
  text: 'Op reis buiten Europa?',
  disclosures: ['Lees de productinformatie (IPID).'],
  triggerId: 'card-abroad-worldwide-cover',
  triggerVersion: 1,
  decisionId: `d_${String(n).padStart(32, '0')}`,
  createdAt: '2026-07-10T08:00:00.000Z',
  expiresAt: '2026-08-09T08:00:00.000Z',
  status,
  ttl: 1_786_262_400,
  ...(status === 'withdrawn'
    ? { withdrawnAt: '2026-07-10T09:00:00.000Z', withdrawalReason: 'objected' }
    : {}),
});

let sequence = 0;
function record(eventName: 'INSERT' | 'MODIFY' | 'REMOVE', row: ReturnType<typeof offerRow>): DynamoDBRecord {
  sequence++;
  return {
    eventID: `e-${sequence}`,
    eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: LOCAL_REGION,
    dynamodb: {
      ApproximateCreationDateTime: 1_783_674_000,
      Keys: image({ customerId: row.customerId, offerInstanceId: row.offerInstanceId }),
      ...(eventName === 'REMOVE' ? {} : { NewImage: image(row) }),
      SequenceNumber: String(1_000_000 + sequence).padStart(21, '0'),
      SizeBytes: 400,
      StreamViewType: 'NEW_IMAGE',
    },
    eventSourceARN: 'arn:aws:dynamodb:eu-west-1:000000000000:table/offers/stream/2026-07-10T00:00:00.000',
  };
}

/** Suggestions for offers 1-4, retractions for 1 and 3 (withdrawn) and 5 (erased); two records to skip. */
const BATCH: DynamoDBRecord[] = [
  record('INSERT', offerRow(1)),
  record('INSERT', offerRow(2)),
  record('MODIFY', offerRow(1, 'withdrawn')),
  record('MODIFY', offerRow(2, 'shown')),
  record('INSERT', offerRow(3)),
  record('REMOVE', offerRow(5)),
  record('MODIFY', offerRow(3, 'withdrawn')),
  record('MODIFY', offerRow(4, 'clicked')),
  record('INSERT', offerRow(4)),
];
const EXPECTED = [
  ...[1, 2, 3, 4].map((n) => `offer.suggested ${offerRow(n).offerInstanceId}`),
  ...[1, 3, 5].map((n) => `offer.withdrawn ${offerRow(n).offerInstanceId}`),
].sort();
const SENDS_PER_CLEAN_RUN = EXPECTED.length;

type Mode = 'request-lost' | 'answer-lost';

class InjectedSendFailure extends Error {
  override readonly name = 'ServiceUnavailable';
}

/** The real client, with middleware that fails the `failAt`th SendMessage (1-based) once. */
function failingClient(endpoint: string, failAt: number, mode: Mode): SQSClient {
  const sqs = new SQSClient({
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    endpoint,
    maxAttempts: 1,
  });
  let sends = 0;
  sqs.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== 'SendMessageCommand') return next(args);
      sends++;
      const index = sends;
      if (index === failAt && mode === 'request-lost') throw new InjectedSendFailure('injected before send');
      const output = await next(args);
      if (index === failAt && mode === 'answer-lost') throw new InjectedSendFailure('injected after send');
      return output;
    },
    { step: 'initialize', name: 'failNthSendMessage' },
  );
  return sqs;
}

/** Lambda's stream semantics with ReportBatchItemFailures: retry from the lowest failed sequence number. */
async function invokeUntilDone(handler: ReturnType<typeof createHandler>, records: DynamoDBRecord[]) {
  let remaining = records;
  for (let attempt = 0; attempt < 10; attempt++) {
    const event: DynamoDBStreamEvent = { Records: remaining };
    const result = (await handler(event, lambdaContext('publish-offers'))) as DynamoDBBatchResponse;
    const failed = new Set(result.batchItemFailures.map((f) => f.itemIdentifier));
    if (failed.size === 0) return attempt + 1;
    const from = remaining.findIndex((r) => failed.has(r.dynamodb?.SequenceNumber ?? ''));
    expect(from).toBeGreaterThanOrEqual(0);
    remaining = remaining.slice(from);
  }
  throw new Error('the batch never succeeded');
}

async function drain(sqs: SQSClient, queueUrl: string): Promise<string[]> {
  const seen: string[] = [];
  for (let empty = 0; empty < 2; ) {
    const got = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
    );
    const messages = got.Messages ?? [];
    if (messages.length === 0) {
      empty++;
      continue;
    }
    for (const m of messages) {
      const body = OfferMessageSchema.parse(JSON.parse(m.Body ?? ''));
      seen.push(`${body.type} ${body.subject}`);
    }
    await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle ?? '' })),
      }),
    );
  }
  return seen;
}

describe('publish-offers under SQS faults (local-aws-sqs emulator)', () => {
  let emulator: SqsLocal;
  let admin: SQSClient;

  beforeAll(async () => {
    emulator = await startSqsLocal({ port: await freePort() });
    admin = new SQSClient({
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
      endpoint: emulator.endpoint,
    });
  });

  afterAll(async () => {
    admin?.destroy();
    await emulator?.stop();
  });

  const cases: Array<[Mode, number]> = [];
  for (const mode of ['request-lost', 'answer-lost'] as const) {
    // N past the last send: the clean run, which must not need a retry.
    for (let n = 1; n <= SENDS_PER_CLEAN_RUN + 1; n++) cases.push([mode, n]);
  }

  it.each(cases)(
    '%s at SendMessage #%i: every suggestion and retraction is published at least once',
    async (mode, n) => {
      await withEnv(
        { POWERTOOLS_METRICS_DISABLED: 'true', POWERTOOLS_LOG_LEVEL: 'SILENT', POWERTOOLS_DEV: undefined },
        async () => {
          const { QueueUrl } = await admin.send(
            new CreateQueueCommand({ QueueName: `offer-suggestions-${mode}-${n}` }),
          );
          const queueUrl = QueueUrl ?? '';
          const sqs = failingClient(emulator.endpoint, n, mode);
          const handler = createHandler({
            sqs,
            queueUrl,
            logger: new Logger({ serviceName: 'publish-offers' }),
            metrics: new Metrics({ namespace: 'test', serviceName: 'publish-offers' }),
          });
          const invocations = await invokeUntilDone(handler, BATCH);
          sqs.destroy();

          const seen = await drain(admin, queueUrl);
          expect([...new Set(seen)].sort()).toEqual(EXPECTED);
          if (n > SENDS_PER_CLEAN_RUN) {
            expect(invocations).toBe(1);
            expect(seen).toHaveLength(SENDS_PER_CLEAN_RUN);
          } else {
            expect(invocations).toBe(2);
          }
        },
      );
    },
  );
});

import { randomUUID } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSEvent } from 'aws-lambda';
import { writeCustomers } from '#adapters/dynamodb/customer-writer.js';
import { documentClient } from '#functions/handler-kit/aws-clients.js';
import { app } from '#infra/definitions.js';
import { lambdaContext, loadHandler } from '#local/invoke.js';
import { type LocalRuntime, startLocalRuntime } from '#local/runtime.js';
import { tableNames } from '#local/targets.js';
import { fuzzRoute, httpRouteKeys, type Known } from './fuzz-http.js';
import { fuzzMessages, MESSAGE_TARGETS } from './fuzz-messages.js';
import { type FuzzStats, fuzzFigures } from './fuzz-report.js';
import type { BenchFigure } from './result.js';

/**
 * The seeded fuzz suite (fast-check): payment events, consent changes, CRM updates and every HTTP route,
 * against the local runtime (DynamoDB Local, the SQS emulator, the real handlers). `npm run bench -- --only
 * fuzz` runs FUZZ_BENCH_CASES per target; `npm test` a small sample of the same targets with the same seeds
 * (test/integration/runtime/fuzz.test.ts). Targets: 0 crashes, 0 5xx, 0 non-problem errors, 0 keys logged.
 */

export const FUZZ_SEED = 9_009;
export const FUZZ_BENCH_CASES = 10_000;

/** Customers with offers, so that near-valid requests reach the handlers' deeper paths. */
async function seed(runtime: LocalRuntime): Promise<Known> {
  const documents = documentClient(runtime.dynamodb);
  const tables = tableNames();
  const customers = ['fuzz-c-1', 'fuzz c/2@ü+%', 'fuzz-c-3'];
  await writeCustomers(
    documents,
    tables,
    customers.map((customerId) => ({
      customerId,
      birthDate: '1980-01-01',
      holdings: ['current-account', 'travel-insurance-europe'],
      flags: [],
      consents: [
        {
          purpose: 'transaction-offers',
          status: 'granted',
          at: '2026-01-10T10:00:00Z',
          source: 'app-privacy-settings',
          noticeVersion: '2026-01',
        },
      ],
    })),
  );
  const fn = app.functions.find((f) => f.name === 'evaluate-payments');
  const queue = runtime.queues.get('payment-events');
  if (!fn || !queue) throw new Error('no evaluate-payments');
  const handler = await loadHandler(fn);
  const at = new Date(Date.now() - 3_600_000).toISOString();
  const event: SQSEvent = {
    Records: customers.map((customerId) => ({
      messageId: randomUUID(),
      receiptHandle: randomUUID(),
      body: JSON.stringify({
        eventId: `fuzz-seed-${randomUUID()}`,
        occurredAt: at,
        customerId,
        type: 'atm_withdrawal',
        amount: { minor: 20000, currency: 'USD' },
        merchant: { name: 'Chase ATM', mcc: '6011', country: 'US', city: 'New York' },
      }),
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: String(Date.now()),
        SenderId: 'fuzz',
        ApproximateFirstReceiveTimestamp: String(Date.now()),
      },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: queue.arn,
      awsRegion: 'eu-west-1',
    })),
  };
  await handler(event, lambdaContext(fn));
  const offers: Array<{ customerId: string; offerInstanceId: string }> = [];
  const decisions: string[] = [];
  for (const customerId of customers) {
    const page = await documents.send(
      new QueryCommand({
        TableName: tables.offers,
        KeyConditionExpression: 'customerId = :c',
        ExpressionAttributeValues: { ':c': customerId },
      }),
    );
    for (const item of page.Items ?? []) {
      offers.push({ customerId, offerInstanceId: String(item.offerInstanceId) });
      decisions.push(String(item.decisionId));
    }
  }
  if (offers.length === 0) throw new Error('the fuzz seed emitted no offer');
  return { customers, offers, decisions };
}

export interface FuzzOptions {
  readonly casesPerTarget: number;
  readonly seed?: number;
  /** A running runtime to fuzz (default: start one, in memory, and stop it afterwards). */
  readonly runtime?: LocalRuntime;
  readonly onTarget?: (stats: FuzzStats) => void;
}

export async function runFuzz(options: FuzzOptions): Promise<FuzzStats[]> {
  const runtime =
    options.runtime ??
    (await startLocalRuntime({
      log: () => {},
      onError: () => {},
      environment: { POWERTOOLS_LOG_LEVEL: 'WARN' },
    }));
  const seedValue = options.seed ?? FUZZ_SEED;
  try {
    const known = await seed(runtime);
    const all: FuzzStats[] = [];
    for (const [i, target] of MESSAGE_TARGETS.entries()) {
      const stats = await fuzzMessages(runtime, target, {
        cases: options.casesPerTarget,
        seed: seedValue + i,
        known: known.customers,
      });
      all.push(stats);
      options.onTarget?.(stats);
    }
    for (const [i, routeKey] of httpRouteKeys().entries()) {
      const stats = await fuzzRoute(runtime, routeKey, {
        cases: options.casesPerTarget,
        seed: seedValue + 100 + i,
        known,
      });
      all.push(stats);
      options.onTarget?.(stats);
    }
    // The runtime is still serving after all of it.
    const health = await fetch(`${runtime.endpoints.http}/health`);
    if (health.status !== 200) throw new Error(`the runtime no longer answers /health (${health.status})`);
    return all;
  } finally {
    if (!options.runtime) await runtime.stop();
  }
}

export async function runFuzzBench(): Promise<BenchFigure[]> {
  const began = Date.now();
  const all = await runFuzz({
    casesPerTarget: FUZZ_BENCH_CASES,
    onTarget: (s) =>
      console.log(
        `  fuzz ${s.target}: ${s.cases} cases, ${s.crashes} crashes, ${s.serverErrors} 5xx, ${s.nonProblem} non-problem, ${s.leaks} keys logged`,
      ),
  });
  return [
    ...fuzzFigures(all, FUZZ_BENCH_CASES),
    { name: 'fuzz: wall time', value: (Date.now() - began) / 1000, unit: 's' },
  ];
}

import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { DynamoCustomerStateReader } from '#adapters/dynamodb/customer-state-reader.js';
import { writeCustomers } from '#adapters/dynamodb/customer-writer.js';
import { DynamoDecisionWriter } from '#adapters/dynamodb/decision-writer.js';
import { fixedCatalogSource } from '#app/catalog-snapshot.js';
import { generateCustomers, generateEvents } from '#app/demo/generate.js';
import { defaultCatalogDir, loadCatalogFromDir } from '#config/catalog-folder.js';
import { DEFAULT_POLICY } from '#core/policy.js';
import { createHandler } from '#functions/evaluate-payments/create-handler.js';
import { documentClient } from '#functions/handler-kit/aws-clients.js';
import { app } from '#infra/definitions.js';
import { lambdaContext } from '#local/invoke.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '#local/local-aws.js';
import { EVENT_CLOCK_MESSAGE_ATTRIBUTES } from '#local/replay.js';
import { startLocalRuntime } from '#local/runtime.js';
import { SqsPoller } from '#local/sqs-poller.js';
import { tableNames } from '#local/targets.js';
import { BillingMeter } from './billing.js';
import { billingFigures } from './billing-figures.js';
import type { BenchFigure } from './result.js';
import { CapacityMeter, RoundTripCounter } from './round-trips.js';

const EVENTS = 3_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/**
 * The evaluate-payments path against DynamoDB Local and the SQS emulator: the real handler (createHandler
 * with the DynamoDB adapters) behind the local SQS poller, with SDK middleware counting round trips.
 * The queue is filled first so every batch is a full one of 10; one poll loop, so batches are measured alone.
 */
export async function runPipelineBench(): Promise<BenchFigure[]> {
  const evaluate = app.functions.find((f) => f.name === 'evaluate-payments');
  const source = evaluate?.events.find((e) => e.kind === 'sqs');
  if (!evaluate || source?.kind !== 'sqs') throw new Error('evaluate-payments has no SQS source');
  // The runtime without evaluate-payments: the bench runs its own instrumented copy of that handler.
  const runtime = await startLocalRuntime({
    app: { ...app, functions: app.functions.filter((f) => f.name !== evaluate.name) },
    onError: (error) => console.error(error),
  });
  try {
    const counter = new RoundTripCounter();
    const config = { region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS };
    const dynamodb = new DynamoDBClient({ ...config, endpoint: runtime.endpoints.dynamodb });
    const sqs = new SQSClient({ ...config, endpoint: runtime.endpoints.sqs });
    counter.attach(dynamodb, 'dynamodb');
    const meter = new CapacityMeter();
    meter.attach(dynamodb);
    // What AWS would bill, from the requests (DynamoDB Local reports its own, non-billing units).
    const billing = new BillingMeter(app.tables);
    billing.attach(dynamodb);
    counter.attach(sqs, 'sqs');
    const documents = documentClient(dynamodb);
    const tables = tableNames();
    const demo = { customers: 1_200, events: EVENTS, seed: 7 };
    await writeCustomers(documentClient(runtime.dynamodb), tables, generateCustomers(demo));
    const queue = runtime.queues.get(source.queue);
    if (!queue) throw new Error('no payment-events queue');
    const lines = generateEvents(demo);
    for (let i = 0; i < lines.length; i += 10) {
      await runtime.sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: queue.url,
          // The demo stream is dated summer 2026: decided on its own clock, as a replay does.
          Entries: lines.slice(i, i + 10).map((body, j) => ({
            Id: String(j),
            MessageBody: body,
            MessageAttributes: EVENT_CLOCK_MESSAGE_ATTRIBUTES,
          })),
        }),
      );
    }

    const inner = createHandler({
      logger: new Logger({ serviceName: 'bench', logLevel: 'ERROR' }),
      metrics: new Metrics({ namespace: 'bench', serviceName: 'bench' }),
      reader: new DynamoCustomerStateReader(documents, tables),
      writer: new DynamoDecisionWriter(documents, tables),
      catalog: fixedCatalogSource(loadCatalogFromDir(defaultCatalogDir())),
      policy: DEFAULT_POLICY,
      now: () => new Date(),
      allowEventClock: true,
    });
    const latencies: number[] = [];
    const perBatch: Array<{
      size: number;
      dynamodb: number;
      k: number;
      puts: number;
      read: number;
      write: number;
    }> = [];
    const handler = async (event: unknown) => {
      const ddbBefore = counter.total('dynamodb');
      const txBefore = counter.of('dynamodb', 'TransactWriteItemsCommand');
      const putsBefore = counter.of('dynamodb', 'PutItemCommand');
      const [readBefore, writeBefore] = [meter.read, meter.write];
      const began = performance.now();
      const result = (await inner(
        event as Parameters<typeof inner>[0],
        lambdaContext(evaluate),
      )) as SQSBatchResponse;
      latencies.push(performance.now() - began);
      perBatch.push({
        size: (event as SQSEvent).Records.length,
        dynamodb: counter.total('dynamodb') - ddbBefore,
        k: counter.of('dynamodb', 'TransactWriteItemsCommand') - txBefore,
        puts: counter.of('dynamodb', 'PutItemCommand') - putsBefore,
        read: meter.read - readBefore,
        write: meter.write - writeBefore,
      });
      return result;
    };
    const sqsBefore = counter.total('sqs');
    const poller = new SqsPoller({
      client: sqs,
      fn: evaluate,
      source,
      queue,
      handler,
      concurrency: 1,
      onError: (error) => console.error(error),
    });
    const began = performance.now();
    poller.start();
    while (
      poller.stats.succeeded + poller.stats.failed < lines.length &&
      performance.now() - began < 300_000
    ) {
      await sleep(50);
    }
    const seconds = (performance.now() - began) / 1000;
    await poller.stop();

    latencies.sort((a, b) => a - b);
    const full = perBatch.filter((b) => b.size === 10);
    const avg = (values: number[]) => values.reduce((s, v) => s + v, 0) / Math.max(1, values.length);
    const billed = await billingFigures(billing, {
      documents: documentClient(runtime.dynamodb),
      auditTable: tables.audit,
      events: poller.stats.succeeded,
    });
    return [
      { name: 'events decided', value: poller.stats.succeeded, unit: 'events' },
      { name: 'throughput (one poll loop)', value: poller.stats.succeeded / seconds, unit: 'events/s' },
      { name: 'batch latency p50', value: percentile(latencies, 50), unit: 'ms' },
      { name: 'batch latency p99', value: percentile(latencies, 99), unit: 'ms' },
      { name: 'full batches (10 events)', value: full.length, unit: 'batches' },
      {
        name: 'TransactWriteItems per full batch (avg: emitting events + digest checks)',
        value: avg(full.map((b) => b.k)),
        unit: 'calls',
      },
      {
        name: 'DynamoDB round trips per full batch (avg)',
        value: avg(full.map((b) => b.dynamodb)),
        unit: 'calls',
      },
      {
        name: 'PutItem round trips per full batch (avg, one per event decided without a transaction)',
        value: avg(full.map((b) => b.puts)),
        unit: 'calls',
      },
      {
        name: 'write units per full batch (avg, ReturnConsumedCapacity)',
        value: avg(full.map((b) => b.write)),
        unit: 'WRU',
      },
      {
        name: 'read units per full batch (avg, ReturnConsumedCapacity)',
        value: avg(full.map((b) => b.read)),
        unit: 'RRU',
      },
      {
        name: 'SQS round trips per batch (receive + delete, avg)',
        value: (counter.total('sqs') - sqsBefore) / Math.max(1, perBatch.length),
        unit: 'calls',
      },
      ...billed,
    ];
  } finally {
    await runtime.stop();
  }
}

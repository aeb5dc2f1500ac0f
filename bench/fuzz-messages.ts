import { randomUUID } from 'node:crypto';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import fc from 'fast-check';
import { app } from '#infra/definitions.js';
import { type LambdaHandler, lambdaContext, loadHandler } from '#local/invoke.js';
import type { LocalRuntime } from '#local/runtime.js';
import { anyCustomerId, breakOneField, CANARY, instant, junkBody } from './fuzz-inputs.js';
import type { FuzzStats } from './fuzz-report.js';

/**
 * The SQS targets of the fuzz suite: payment events (evaluate-payments), consent changes and CRM updates,
 * each handler invoked as the runtime's poller would (a real SQSEvent of up to 10 records) against
 * DynamoDB Local. A crash is a handler that throws or answers something that is not a batch response
 * about its own records. For payments, any retried record is a fault too: a bad payment is decided as
 * `rejected` and stored, never retried. (Consent and CRM messages that do not validate are failed by
 * design, to rest in the DLQ.) A log line quoting a planted unknown key counts as a key leak.
 */

const validPayment = (customerId: string, at: string) => ({
  eventId: `fuzz-${randomUUID()}`,
  occurredAt: at,
  customerId,
  type: 'atm_withdrawal',
  amount: { minor: 20000, currency: 'USD' },
  merchant: { name: 'Chase ATM', mcc: '6011', country: 'US', city: 'New York' },
});

type Body = () => string;

function payments(known: readonly string[]): fc.Arbitrary<Body> {
  const base = fc.tuple(fc.oneof(fc.constantFrom(...known), anyCustomerId), instant);
  return fc.oneof(
    {
      weight: 6,
      arbitrary: base.chain(([id, at]) =>
        fc
          .constant(null)
          .map(() => validPayment(id, at()))
          .chain((valid) => breakOneField(valid))
          .map((body) => () => JSON.stringify({ ...body, eventId: `fuzz-${randomUUID()}` })),
      ),
    },
    {
      weight: 2,
      arbitrary: base.chain(([id, at]) =>
        fc
          .record({
            merchant: breakOneField({ name: 'Shop', mcc: '5411', country: 'NL' }),
            amount: breakOneField({ minor: 100, currency: 'EUR' }),
          })
          .map((parts) => () => JSON.stringify({ ...validPayment(id, at()), ...parts })),
      ),
    },
    { weight: 3, arbitrary: junkBody.map((text) => () => text) },
  );
}

function consentChanges(known: readonly string[]): fc.Arbitrary<Body> {
  const valid = fc.tuple(
    fc.oneof(fc.constantFrom(...known), anyCustomerId),
    fc.constantFrom('transaction-offers', 'direct-marketing', 'marketing'),
    fc.constantFrom('granted', 'withdrawn', 'objected', 'maybe'),
    instant,
  );
  return fc.oneof(
    {
      weight: 7,
      arbitrary: valid.chain(([customerId, purpose, status, at]) =>
        breakOneField({ customerId, purpose, status, at: 'AT', source: 'app', noticeVersion: '2026-01' }).map(
          (body) => () => JSON.stringify(body).replace('"AT"', JSON.stringify(at())),
        ),
      ),
    },
    { weight: 3, arbitrary: junkBody.map((text) => () => text) },
  );
}

function customerUpdates(known: readonly string[]): fc.Arbitrary<Body> {
  const valid = fc.tuple(
    fc.oneof(fc.constantFrom(...known), anyCustomerId),
    fc.subarray(['current-account', 'travel-insurance-europe', 'credit-card', 'no-such-product']),
    fc.subarray(['financial-difficulty', 'deceased', 'unknown-flag']),
    instant,
  );
  return fc.oneof(
    {
      weight: 7,
      arbitrary: valid.chain(([customerId, holdings, flags, at]) =>
        breakOneField({ customerId, at: 'AT', holdings, flags, birthDate: '1980-01-01' }).map(
          (body) => () => JSON.stringify(body).replace('"AT"', JSON.stringify(at())),
        ),
      ),
    },
    { weight: 3, arbitrary: junkBody.map((text) => () => text) },
  );
}

function record(body: string, queueArn: string): SQSRecord {
  const now = String(Date.now());
  return {
    messageId: randomUUID(),
    receiptHandle: randomUUID(),
    body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: now,
      SenderId: 'fuzz',
      ApproximateFirstReceiveTimestamp: now,
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: 'eu-west-1',
  };
}

function batchFailures(result: unknown, ids: ReadonlySet<string>): Set<string> | undefined {
  if (result === undefined || result === null) return new Set();
  if (typeof result !== 'object' || !('batchItemFailures' in result)) return undefined;
  const failures = (result as { batchItemFailures: unknown }).batchItemFailures;
  if (!Array.isArray(failures)) return undefined;
  const failed = new Set<string>();
  for (const f of failures as unknown[]) {
    const id = typeof f === 'object' && f !== null && 'itemIdentifier' in f ? String(f.itemIdentifier) : '';
    if (!ids.has(id)) return undefined;
    failed.add(id);
  }
  return failed;
}

export interface MessageTarget {
  readonly name: string;
  readonly functionName: string;
  readonly queue: string;
  readonly bodies: (known: readonly string[]) => fc.Arbitrary<Body>;
  /** Whether a retried (failed) record is a fault whatever the input. */
  readonly retriesAreFaults: boolean;
}

export const MESSAGE_TARGETS: readonly MessageTarget[] = [
  {
    name: 'payment-events',
    functionName: 'evaluate-payments',
    queue: 'payment-events',
    bodies: payments,
    retriesAreFaults: true,
  },
  {
    name: 'consent-changes',
    functionName: 'apply-consent-changes',
    queue: 'consent-changes',
    bodies: consentChanges,
    retriesAreFaults: false,
  },
  {
    name: 'customer-updates',
    functionName: 'apply-customer-updates',
    queue: 'customer-updates',
    bodies: customerUpdates,
    retriesAreFaults: false,
  },
];

/**
 * Counts log lines that quote a planted key while `run` runs (Powertools: stdout, warn/error on stderr),
 * and keeps the thousands of lines about rejected messages off the terminal.
 */
export async function watchingLogs<T>(run: () => Promise<T>): Promise<{ value: T; leaks: number }> {
  let leaks = 0;
  const streams = [process.stdout, process.stderr];
  const originals = streams.map((stream) => stream.write.bind(stream));
  streams.forEach((stream) => {
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      if (String(chunk).includes(CANARY)) leaks++;
      const done = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      done?.();
      return true;
    }) as typeof stream.write;
  });
  try {
    return { value: await run(), leaks };
  } finally {
    streams.forEach((stream, i) => {
      const original = originals[i];
      if (original) stream.write = original;
    });
  }
}

export async function fuzzMessages(
  runtime: LocalRuntime,
  target: MessageTarget,
  options: { cases: number; seed: number; known: readonly string[] },
): Promise<FuzzStats> {
  const fn = app.functions.find((f) => f.name === target.functionName);
  const queue = runtime.queues.get(target.queue);
  if (!fn || !queue) throw new Error(`no function or queue for ${target.name}`);
  const handler: LambdaHandler = await loadHandler(fn);
  const bodies = fc.sample(target.bodies(options.known), { seed: options.seed, numRuns: options.cases });
  const stats: FuzzStats = {
    target: target.name,
    cases: 0,
    crashes: 0,
    serverErrors: 0,
    nonProblem: 0,
    leaks: 0,
  };
  const { leaks } = await watchingLogs(async () => {
    for (let i = 0; i < bodies.length; i += 10) {
      const records = bodies.slice(i, i + 10).map((body) => record(body(), queue.arn));
      const event: SQSEvent = { Records: records };
      stats.cases += records.length;
      try {
        const result = await handler(event, lambdaContext(fn));
        const failed = batchFailures(result, new Set(records.map((r) => r.messageId)));
        if (failed === undefined) stats.crashes += records.length;
        else if (target.retriesAreFaults) stats.serverErrors += failed.size;
      } catch {
        stats.crashes += records.length;
      }
    }
  });
  stats.leaks = leaks;
  return stats;
}

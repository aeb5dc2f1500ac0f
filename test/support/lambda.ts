import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';

/**
 * Lambda invocation inputs for handler tests: a minimal but complete Context, and SQS events shaped as
 * Lambda delivers them. Plus a capture of everything written to stdout/stderr (Powertools' Logger and
 * Metrics write there through their own Console instances).
 */

export function lambdaContext(functionName = 'evaluate-payments-test'): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:eu-west-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: '2026/07/10/[$LATEST]abcdefabcdefabcdefabcdefabcdefab',
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

export const PAYMENT_EVENTS_QUEUE_ARN = 'arn:aws:sqs:eu-west-1:123456789012:payment-events';

/**
 * An SQS record as Lambda delivers it. The return type is left inferred (checked with `satisfies`): an
 * anonymous object type is assignable both to SQSRecord and to the handler's parsed-event type, which
 * the SQSRecord interface (no index signatures) is not.
 */
export function sqsRecord(messageId: string, body: string) {
  return {
    messageId,
    receiptHandle: `AQEB${messageId}/handle==`,
    body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '1783670400000',
      SenderId: 'AIDAIENQZJOLO23YVJ4VO',
      ApproximateFirstReceiveTimestamp: '1783670400001',
    },
    messageAttributes: {},
    md5OfBody: 'e4e68fb7bd0e697a0ae8f1bb342846b3',
    eventSource: 'aws:sqs' as const,
    eventSourceARN: PAYMENT_EVENTS_QUEUE_ARN,
    awsRegion: 'eu-west-1',
  } satisfies SQSRecord;
}

export function sqsEvent(...records: ReadonlyArray<{ messageId: string; body: string }>) {
  return { Records: records.map((r) => sqsRecord(r.messageId, r.body)) } satisfies SQSEvent;
}

type Write = typeof process.stdout.write;

/**
 * Runs `fn` while capturing (and swallowing) everything written to process.stdout and process.stderr.
 * The original write functions are put back in every case.
 */
export async function captureOutput<T>(fn: () => Promise<T>): Promise<{ result: T; output: string }>;
export async function captureOutput<T>(
  fn: () => Promise<T>,
  options: { rethrow: false },
): Promise<{
  result: T | undefined;
  error: unknown;
  output: string;
}>;
export async function captureOutput<T>(
  fn: () => Promise<T>,
  options: { rethrow: boolean } = { rethrow: true },
): Promise<{ result: T | undefined; error?: unknown; output: string }> {
  const chunks: string[] = [];
  const originals = { stdout: process.stdout.write, stderr: process.stderr.write };
  const capture = ((chunk: unknown, encodingOrCallback?: unknown, callback?: unknown) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    const done = typeof encodingOrCallback === 'function' ? encodingOrCallback : callback;
    if (typeof done === 'function') done();
    return true;
  }) as Write;
  process.stdout.write = capture;
  process.stderr.write = capture;
  try {
    const result = await fn();
    return { result, output: chunks.join('') };
  } catch (error) {
    if (options.rethrow) throw error;
    return { result: undefined, error, output: chunks.join('') };
  } finally {
    process.stdout.write = originals.stdout;
    process.stderr.write = originals.stderr;
  }
}

/**
 * Runs `fn` with these environment variables set (undefined: removed), then restores the environment as
 * it was. Powertools reads its configuration when a Logger or Metrics is constructed, so construct them in `fn`.
 */
export async function withEnv<T>(
  vars: Readonly<Record<string, string | undefined>>,
  fn: () => Promise<T>,
): Promise<T> {
  const saved = new Map(Object.keys(vars).map((key) => [key, process.env[key]]));
  const apply = (values: ReadonlyMap<string, string | undefined>) => {
    for (const [key, value] of values) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
  apply(new Map(Object.entries(vars)));
  try {
    return await fn();
  } finally {
    apply(saved);
  }
}

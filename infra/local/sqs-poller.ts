import {
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import type { FunctionDefinition, SqsEventSource } from '#infra/definitions.js';
import { type LambdaHandler, lambdaContext } from './invoke.js';
import { LOCAL_REGION } from './local-aws.js';
import { defaultLog, Outage } from './outage.js';
import type { ProvisionedQueue } from './provision.js';

export interface PollerStats {
  batches: number;
  succeeded: number;
  failed: number;
  invocationErrors: number;
}

export interface SqsPollerOptions {
  readonly client: SQSClient;
  readonly fn: FunctionDefinition;
  readonly source: SqsEventSource;
  readonly queue: ProvisionedQueue;
  readonly handler: LambdaHandler;
  /** Parallel poll loops, like concurrent Lambda invocations. */
  readonly concurrency: number;
  /** Handler failures (a thrown invocation). */
  readonly onError: (error: unknown) => void;
  /** The poller's own outage lines (receive or delete failing): a few lines per outage, not one per failure. */
  readonly log?: (line: string) => void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function toRecord(message: Message, queue: ProvisionedQueue): SQSRecord {
  const attributes = message.Attributes ?? {};
  const messageAttributes: SQSRecord['messageAttributes'] = {};
  for (const [name, value] of Object.entries(message.MessageAttributes ?? {})) {
    messageAttributes[name] = {
      dataType: value.DataType ?? 'String',
      ...(value.StringValue === undefined ? {} : { stringValue: value.StringValue }),
      ...(value.BinaryValue === undefined
        ? {}
        : { binaryValue: Buffer.from(value.BinaryValue).toString('base64') }),
    };
  }
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
      SentTimestamp: attributes.SentTimestamp ?? String(Date.now()),
      SenderId: attributes.SenderId ?? 'local',
      ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
    },
    messageAttributes,
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: queue.arn,
    awsRegion: LOCAL_REGION,
  };
}

function failedIds(result: unknown): Set<string> | undefined {
  if (typeof result !== 'object' || result === null || !('batchItemFailures' in result)) return undefined;
  const failures = (result as { batchItemFailures: unknown }).batchItemFailures;
  if (!Array.isArray(failures)) return undefined;
  return new Set(
    failures
      .map((f: unknown) =>
        typeof f === 'object' && f !== null && 'itemIdentifier' in f ? String(f.itemIdentifier) : '',
      )
      .filter((id) => id !== ''),
  );
}

/**
 * An SQS event-source mapping as Lambda runs it: gathers up to `batchSize` messages or until the batching
 * window closes, invokes the handler with a real SQSEvent, deletes what succeeded and leaves failed items
 * (ReportBatchItemFailures) to come back after the visibility timeout; the queue's redrive policy moves a
 * message to the DLQ after maxReceiveCount receives. Receives use no long poll (WaitTimeSeconds 0): the
 * emulator can hand out a message twice within one long poll when the visibility timeout is shorter.
 */
export class SqsPoller {
  readonly stats: PollerStats = { batches: 0, succeeded: 0, failed: 0, invocationErrors: 0 };
  private running = false;
  private loops: Promise<void>[] = [];
  private inFlight = 0;
  private readonly outage: Outage;
  private readonly handlerOutage: Outage;

  constructor(private readonly options: SqsPollerOptions) {
    this.outage = new Outage({
      what: `${options.fn.name} poller (${options.source.queue})`,
      log: options.log ?? defaultLog,
    });
    this.handlerOutage = new Outage({
      what: `${options.fn.name} (${options.source.queue}): every message of a batch failing`,
      log: options.log ?? defaultLog,
      logAfter: 3,
    });
  }

  get queueUrl(): string {
    return this.options.queue.url;
  }

  start(): void {
    this.running = true;
    for (let i = 0; i < this.options.concurrency; i++) this.loops.push(this.loop());
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
    this.loops = [];
  }

  /** True while a batch is being gathered or handled. */
  get busy(): boolean {
    return this.inFlight > 0;
  }

  private async loop(): Promise<void> {
    while (this.running) {
      const holding = { messages: false };
      try {
        const batch = await this.gather(holding);
        this.outage.recovered();
        if (batch.length === 0) {
          await sleep(50);
          continue;
        }
        const failedAll = await this.invoke(batch);
        // A batch that failed as a whole (the handler threw, or reported every message) says a store is
        // away: wait before the next one, as Lambda's event source scales down on errors.
        if (failedAll) await sleep(this.handlerOutage.failed(failedAll));
        else this.handlerOutage.recovered();
      } catch (error) {
        // The queue did not answer: back off (exponential, capped), summarised once per interval.
        await sleep(this.outage.failed(error));
      } finally {
        if (holding.messages) this.inFlight--;
      }
    }
  }

  private async gather(holding: { messages: boolean }): Promise<Message[]> {
    const { client, source, queue } = this.options;
    const batch = new Map<string, Message>();
    let windowEnds = Number.POSITIVE_INFINITY;
    while (this.running && batch.size < source.batchSize) {
      const response = await client.send(
        new ReceiveMessageCommand({
          QueueUrl: queue.url,
          MaxNumberOfMessages: Math.min(10, source.batchSize - batch.size),
          WaitTimeSeconds: 0,
          AttributeNames: ['All'],
          MessageAttributeNames: ['All'],
        }),
      );
      for (const message of response.Messages ?? []) {
        if (message.MessageId && !batch.has(message.MessageId)) batch.set(message.MessageId, message);
      }
      if (batch.size === 0) return [];
      if (!holding.messages) {
        holding.messages = true;
        this.inFlight++;
        windowEnds = Date.now() + source.maxBatchingWindowSeconds * 1000;
      }
      if (Date.now() >= windowEnds) break;
      if ((response.Messages ?? []).length === 0) await sleep(Math.min(50, windowEnds - Date.now()));
    }
    return [...batch.values()];
  }

  /** Returns an error describing the failure when every message of the batch failed, else undefined. */
  private async invoke(batch: Message[]): Promise<Error | undefined> {
    const { client, fn, queue, handler } = this.options;
    const event: SQSEvent = { Records: batch.map((m) => toRecord(m, queue)) };
    let failed: Set<string>;
    let thrown: Error | undefined;
    try {
      const result = await handler(event, lambdaContext(fn));
      failed = failedIds(result) ?? new Set();
    } catch (error) {
      // A thrown error fails the whole batch, as in Lambda.
      this.stats.invocationErrors++;
      this.options.onError(error);
      thrown = error instanceof Error ? error : new Error(String(error));
      failed = new Set(batch.map((m) => m.MessageId ?? ''));
    }
    this.stats.batches++;
    const done = batch.filter((m) => !failed.has(m.MessageId ?? ''));
    this.stats.failed += batch.length - done.length;
    this.stats.succeeded += done.length;
    for (let i = 0; i < done.length; i += 10) {
      await client.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queue.url,
          Entries: done
            .slice(i, i + 10)
            .map((m, j) => ({ Id: String(j), ReceiptHandle: m.ReceiptHandle ?? '' })),
        }),
      );
    }
    if (done.length > 0) return undefined;
    return thrown ?? Object.assign(new Error('every message of the batch failed'), { name: 'BatchFailed' });
  }
}

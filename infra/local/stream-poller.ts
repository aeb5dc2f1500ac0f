import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  type _Record,
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { FunctionDefinition, StreamEventSource } from '#infra/definitions.js';
import { type LambdaHandler, lambdaContext } from './invoke.js';
import { LOCAL_REGION } from './local-aws.js';
import { defaultLog, Outage } from './outage.js';

export interface StreamPollerOptions {
  readonly dynamodb: DynamoDBClient;
  readonly streams: DynamoDBStreamsClient;
  readonly fn: FunctionDefinition;
  readonly source: StreamEventSource;
  readonly handler: LambdaHandler;
  /** Handler failures and records given up on. */
  readonly onError: (error: unknown) => void;
  /** The poller's own outage lines (the stream not answering): a few lines per outage, not one per failure. */
  readonly log?: (line: string) => void;
  /** Pause after an empty page before asking the shard again (default 100 ms). */
  readonly idleMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function toLambdaRecord(record: _Record, streamArn: string): DynamoDBRecord {
  const change = record.dynamodb ?? {};
  return {
    eventID: record.eventID ?? '',
    eventName: record.eventName ?? 'INSERT',
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: LOCAL_REGION,
    eventSourceARN: streamArn,
    dynamodb: {
      ApproximateCreationDateTime: Math.floor(
        (change.ApproximateCreationDateTime?.getTime() ?? Date.now()) / 1000,
      ),
      ...(change.Keys ? { Keys: change.Keys as NonNullable<DynamoDBRecord['dynamodb']>['Keys'] } : {}),
      ...(change.NewImage
        ? { NewImage: change.NewImage as NonNullable<DynamoDBRecord['dynamodb']>['NewImage'] }
        : {}),
      ...(change.OldImage
        ? { OldImage: change.OldImage as NonNullable<DynamoDBRecord['dynamodb']>['OldImage'] }
        : {}),
      SequenceNumber: change.SequenceNumber ?? '',
      SizeBytes: change.SizeBytes ?? 0,
      StreamViewType: change.StreamViewType ?? 'NEW_IMAGE',
    },
  };
}

function firstFailedSequence(result: unknown): string | undefined {
  if (typeof result !== 'object' || result === null || !('batchItemFailures' in result)) return undefined;
  const failures = (result as { batchItemFailures: unknown }).batchItemFailures;
  if (!Array.isArray(failures) || failures.length === 0) return undefined;
  const first: unknown = failures[0];
  return typeof first === 'object' && first !== null && 'itemIdentifier' in first
    ? String(first.itemIdentifier)
    : undefined;
}

/**
 * A DynamoDB-stream event-source mapping: reads every shard from TRIM_HORIZON, invokes the handler with a
 * DynamoDBStreamEvent, and on a reported failure retries from the failed sequence number up to
 * `retryAttempts` times before giving the records up (Lambda would send them to the on-failure destination;
 * locally they are reported through onError).
 */
export class StreamPoller {
  private running = false;
  private readonly shardLoops = new Map<string, Promise<void>>();
  private discovery: Promise<void> | undefined;
  private pendingRecords = 0;
  private readonly outage: Outage;
  /** When the last complete discovery pass started (ms). */
  private discoveredFrom = 0;
  /** Per shard: when the last GetRecords that found the shard read to its end was sent (ms; Infinity: closed and done). */
  private readonly caughtUp = new Map<string, number>();
  private discoverNow = false;

  constructor(
    private readonly options: StreamPollerOptions,
    private readonly tableName: string,
  ) {
    this.outage = new Outage({
      what: `${options.fn.name} stream poller (${tableName})`,
      log: options.log ?? defaultLog,
    });
  }

  start(): void {
    this.running = true;
    this.discovery = this.discover();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.discovery;
    await Promise.all(this.shardLoops.values());
  }

  /** The function this poller invokes. */
  get functionName(): string {
    return this.options.fn.name;
  }

  get busy(): boolean {
    return this.pendingRecords > 0;
  }

  /**
   * Resolves once every record the stream held when it was called has been handled (or given up on): a
   * discovery pass started after the call, and every shard it knows has since been read to its end.
   */
  async drain(timeoutMs = 60_000): Promise<void> {
    const from = Date.now();
    const deadline = from + timeoutMs;
    this.discoverNow = true;
    const done = () =>
      this.discoveredFrom >= from &&
      [...this.shardLoops.keys()].every((shard) => (this.caughtUp.get(shard) ?? 0) >= from);
    while (!done()) {
      if (!this.running)
        throw new Error(`${this.options.fn.name} stream poller (${this.tableName}) is stopped`);
      if (Date.now() > deadline) {
        throw new Error(
          `${this.options.fn.name} stream poller (${this.tableName}) did not drain in ${timeoutMs} ms`,
        );
      }
      await sleep(25);
    }
  }

  private async discover(): Promise<void> {
    const { dynamodb, streams } = this.options;
    while (this.running) {
      const passFrom = Date.now();
      this.discoverNow = false;
      try {
        const table = await dynamodb.send(new DescribeTableCommand({ TableName: this.tableName }));
        const streamArn = table.Table?.LatestStreamArn;
        if (streamArn) {
          const stream = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
          for (const shard of stream.StreamDescription?.Shards ?? []) {
            const shardId = shard.ShardId;
            if (shardId && !this.shardLoops.has(shardId)) {
              this.shardLoops.set(shardId, this.readShard(streamArn, shardId));
            }
          }
        }
        this.outage.recovered();
        this.discoveredFrom = passFrom;
      } catch (error) {
        const wait = this.outage.failed(error);
        for (let i = 0; i < wait / 100 && this.running; i++) await sleep(100);
      }
      for (let i = 0; i < 20 && this.running && !this.discoverNow; i++) await sleep(100);
    }
  }

  private async iterator(streamArn: string, shardId: string, after: string | undefined) {
    const response = await this.options.streams.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: shardId,
        ...(after === undefined
          ? { ShardIteratorType: 'TRIM_HORIZON' as const }
          : { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER' as const, SequenceNumber: after }),
      }),
    );
    return response.ShardIterator;
  }

  private async readShard(streamArn: string, shardId: string): Promise<void> {
    const { streams, source } = this.options;
    /** The last sequence number handled (or given up on): where to resume after an iterator goes stale. */
    let done: string | undefined;
    let iterator: string | undefined;
    let attempts = 0;
    let fresh = true;
    while (this.running && (iterator !== undefined || fresh)) {
      try {
        if (fresh) {
          iterator = await this.iterator(streamArn, shardId, done);
          fresh = false;
          if (iterator === undefined) break;
        }
        const askedAt = Date.now();
        const page = await streams.send(
          new GetRecordsCommand({ ShardIterator: iterator, Limit: source.batchSize }),
        );
        this.outage.recovered();
        const records = page.Records ?? [];
        if (records.length === 0) {
          // Read to the end as of askedAt: everything written before then has been handled.
          this.caughtUp.set(shardId, askedAt);
          iterator = page.NextShardIterator;
          await sleep(this.options.idleMs ?? 100);
          continue;
        }
        this.pendingRecords += records.length;
        const failedAt = await this.invoke(records, streamArn);
        this.pendingRecords -= records.length;
        if (failedAt !== undefined && attempts < source.retryAttempts) {
          // Retry from the failed record, as Lambda does with ReportBatchItemFailures.
          attempts++;
          const index = records.findIndex((r) => r.dynamodb?.SequenceNumber === failedAt);
          done = index > 0 ? records[index - 1]?.dynamodb?.SequenceNumber : done;
          fresh = true;
          await sleep(Math.min(5000, 100 * 2 ** attempts));
          continue;
        }
        if (failedAt !== undefined) {
          this.options.onError(
            new Error(
              `${this.options.fn.name}: gave up on stream records from ${failedAt} after ${attempts} retries`,
            ),
          );
        }
        attempts = 0;
        done = records[records.length - 1]?.dynamodb?.SequenceNumber ?? done;
        iterator = page.NextShardIterator;
      } catch (error) {
        const name = error instanceof Error ? error.name : '';
        // Take a fresh iterator after the last handled record: a stale one (DynamoDB Local trims eagerly)
        // or one from before a restart of DynamoDB Local cannot be trusted. At least once, never a gap.
        fresh = true;
        if (name === 'TrimmedDataAccessException' || name === 'ExpiredIteratorException') {
          await sleep(200);
        } else {
          await sleep(this.outage.failed(error));
        }
      }
    }
    // Stopped, or a closed shard read to its end: nothing more will come from it.
    if (this.running) this.caughtUp.set(shardId, Number.POSITIVE_INFINITY);
  }

  /** Returns the sequence number to retry from, or undefined when the batch succeeded. */
  private async invoke(records: _Record[], streamArn: string): Promise<string | undefined> {
    const event: DynamoDBStreamEvent = { Records: records.map((r) => toLambdaRecord(r, streamArn)) };
    try {
      return firstFailedSequence(await this.options.handler(event, lambdaContext(this.options.fn)));
    } catch (error) {
      this.options.onError(error);
      return event.Records[0]?.dynamodb?.SequenceNumber;
    }
  }
}

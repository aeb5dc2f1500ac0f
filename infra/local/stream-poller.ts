import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { FunctionDefinition, StreamEventSource } from '../definitions.js';
import { type LambdaHandler, lambdaContext } from './invoke.js';
import { LOCAL_REGION } from './local-aws.js';

export interface StreamPollerOptions {
  readonly dynamodb: DynamoDBClient;
  readonly streams: DynamoDBStreamsClient;
  readonly fn: FunctionDefinition;
  readonly source: StreamEventSource;
  readonly handler: LambdaHandler;
  readonly onError: (error: unknown) => void;
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
      ApproximateCreationDateTime: Math.floor((change.ApproximateCreationDateTime?.getTime() ?? Date.now()) / 1000),
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

  constructor(
    private readonly options: StreamPollerOptions,
    private readonly tableName: string,
  ) {}

  start(): void {
    this.running = true;
    this.discovery = this.discover();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.discovery;
    await Promise.all(this.shardLoops.values());
  }

  get busy(): boolean {
    return this.pendingRecords > 0;
  }

  private async discover(): Promise<void> {
    const { dynamodb, streams } = this.options;
    while (this.running) {
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
      } catch (error) {
        this.options.onError(error);
      }
      for (let i = 0; i < 20 && this.running; i++) await sleep(100);
    }
  }

  private async readShard(streamArn: string, shardId: string): Promise<void> {
    const { streams, source } = this.options;
    let iterator = (
      await streams.send(
        new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' }),
      )
    ).ShardIterator;
    let attempts = 0;
    while (this.running && iterator) {
      try {
        const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: source.batchSize }));
        const records = page.Records ?? [];
        if (records.length === 0) {
          iterator = page.NextShardIterator;
          await sleep(100);
          continue;
        }
        this.pendingRecords += records.length;
        const failedAt = await this.invoke(records, streamArn);
        this.pendingRecords -= records.length;
        if (failedAt !== undefined && attempts < source.retryAttempts) {
          attempts++;
          iterator = (
            await streams.send(
              new GetShardIteratorCommand({
                StreamArn: streamArn,
                ShardId: shardId,
                ShardIteratorType: 'AT_SEQUENCE_NUMBER',
                SequenceNumber: failedAt,
              }),
            )
          ).ShardIterator;
          await sleep(Math.min(5000, 100 * 2 ** attempts));
          continue;
        }
        if (failedAt !== undefined) {
          this.options.onError(
            new Error(`${this.options.fn.name}: gave up on stream records from ${failedAt} after ${attempts} retries`),
          );
        }
        attempts = 0;
        iterator = page.NextShardIterator;
      } catch (error) {
        this.options.onError(error);
        await sleep(500);
      }
    }
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

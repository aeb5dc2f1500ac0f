import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { FolderArchiveSink } from '#adapters/archive/fs-sink.js';
import { DynamoCustomerKeyStore } from '#adapters/dynamodb/customer-key-store.js';
import type { ArchiveSink } from '#archive/ports.js';
import { createHandler } from '#functions/archive-records/create-handler.js';
import { documentClient } from '#functions/handler-kit/aws-clients.js';
import { METRICS_NAMESPACE } from '#functions/handler-kit/metric-names.js';
import { archiveRecords } from '#infra/definitions/functions.js';
import type { StreamEventSource } from '#infra/definitions.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './local-aws.js';
import { StreamPoller } from './stream-poller.js';

export interface ArchivingOptions {
  /** DynamoDB Local (its streams are served on the same endpoint). */
  readonly endpoint: string;
  readonly region?: string;
  /** The archived tables to follow: definition name -> physical table name. */
  readonly tables: Readonly<Record<string, string>>;
  /** The archive folder (the layout of shared/archive/layout.ts). */
  readonly archiveDir: string;
  /** The physical name of the customer-keys table. */
  readonly keysTable: string;
  /** Pause after an empty stream page (default 100 ms). */
  readonly pollIntervalMs?: number;
  /** Instead of the folder (tests: a sink that fails, as an archiver killed mid-batch). */
  readonly sink?: ArchiveSink;
  /** Failed batches (each is retried from its first record, as Lambda does). Default: one warning line. */
  readonly onError?: (error: unknown) => void;
  readonly log?: (line: string) => void;
}

export interface Archiving {
  /** Stops polling (a batch in flight finishes first) and closes the clients. */
  stop(): Promise<void>;
  /** Resolves once every stream record written before the call is archived. */
  drain(timeoutMs?: number): Promise<void>;
}

/** Powertools Metrics reads whether it is disabled from the environment when constructed: off here. */
function quietMetrics(): Metrics {
  const saved = process.env.POWERTOOLS_METRICS_DISABLED;
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  try {
    return new Metrics({ namespace: METRICS_NAMESPACE, serviceName: archiveRecords.name });
  } finally {
    if (saved === undefined) delete process.env.POWERTOOLS_METRICS_DISABLED;
    else process.env.POWERTOOLS_METRICS_DISABLED = saved;
  }
}

function sourceOf(table: string): StreamEventSource {
  const source = archiveRecords.events.find(
    (event): event is StreamEventSource => event.kind === 'dynamodb-stream' && event.table === table,
  );
  if (source === undefined) throw new Error(`${archiveRecords.name} does not archive the table "${table}"`);
  return source;
}

/**
 * The archiver on a laptop, outside the local runtime (tests, benches): the archive-records handler
 * (functions/archive-records/create-handler.ts) behind one stream poller per archived table of DynamoDB
 * Local (infra/local/stream-poller.ts: every shard from its start, a failed batch retried from its first
 * record, i.e. redelivered), writing into a folder. `npm start` runs the same handler through its own
 * stream pollers (infra/local/runtime.ts).
 */
export async function startArchiving(options: ArchivingOptions): Promise<Archiving> {
  const config = {
    endpoint: options.endpoint,
    region: options.region ?? LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
  };
  const dynamodb = new DynamoDBClient(config);
  const streams = new DynamoDBStreamsClient(config);
  const handler = createHandler({
    logger: new Logger({ serviceName: archiveRecords.name, logLevel: 'WARN' }),
    metrics: quietMetrics(),
    keys: new DynamoCustomerKeyStore(documentClient(dynamodb), options.keysTable),
    sink: options.sink ?? new FolderArchiveSink(options.archiveDir),
  });
  const log = options.log ?? ((line: string) => console.warn(`[archiver] ${line}`));
  const onError =
    options.onError ??
    ((error: unknown) =>
      log(`a batch failed and is retried: ${error instanceof Error ? error.name : 'error'}`));
  const pollers = Object.entries(options.tables).map(
    ([name, physical]) =>
      new StreamPoller(
        {
          dynamodb,
          streams,
          fn: archiveRecords,
          source: sourceOf(name),
          // The stream poller invokes with the DynamoDBStreamEvent it built.
          handler: (event, context) => handler(event as DynamoDBStreamEvent, context),
          onError,
          log,
          ...(options.pollIntervalMs === undefined ? {} : { idleMs: options.pollIntervalMs }),
        },
        physical,
      ),
  );
  for (const poller of pollers) poller.start();
  let stopped = false;
  return {
    async stop() {
      if (stopped) return;
      stopped = true;
      await Promise.all(pollers.map((poller) => poller.stop()));
      dynamodb.destroy();
      streams.destroy();
    },
    async drain(timeoutMs?: number) {
      await Promise.all(pollers.map((poller) => poller.drain(timeoutMs)));
    },
  };
}

import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { SETTING_NAMES } from '#config/settings.js';
import { type AppDefinition, app as defaultApp } from '#infra/definitions.js';
import { CATALOG_TABLE } from '#shared/catalog-table.js';
import {
  type CatalogSeeding,
  type PreparedCatalog,
  readCatalogFolder,
  seedLocalCatalog,
} from './catalog-seeding.js';
import { type SupervisedDynamoDb, superviseDynamoDbLocal } from './dynamodb-supervisor.js';
import type { LocalRuntimeError } from './errors.js';
import { type GatewayRoute, type HttpGateway, startHttpGateway } from './http-gateway.js';
import { loadHandler, repoRoot } from './invoke.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './local-aws.js';
import { choosePort } from './ports.js';
import { type ProvisionedQueue, provisionQueues, provisionTables } from './provision.js';
import { type SqsLocal, startSqsLocal } from './sqs-local.js';
import { SqsPoller } from './sqs-poller.js';
import { StreamPoller } from './stream-poller.js';

export interface LocalRuntimeOptions {
  readonly app?: AppDefinition;
  /** Folder the definitions' `entry` paths are relative to. */
  readonly root?: string;
  readonly dynamoDbPort?: number;
  readonly sqsPort?: number;
  readonly httpPort?: number;
  /** Persist DynamoDB Local here instead of keeping it in memory. */
  readonly dataDir?: string;
  /**
   * The archive folder the archiver (archive-records) writes and the archive queries read (ARCHIVE_DIR).
   * Default: a temporary folder removed on stop (the CLI passes `.local/archive` or `<data-dir>/archive`).
   */
  readonly archiveDir?: string;
  /** Concurrent poll loops per SQS event source (Lambda's concurrent batches). */
  readonly concurrency?: number;
  /** Local-only override of every queue's visibility timeout, so retry tests need not wait minutes. */
  readonly visibilityTimeoutSeconds?: number;
  /**
   * The catalog folder imported into an empty catalog table as seed versions (default: the repository's
   * catalog/). Validated before anything starts. `false`: nothing is imported and the table starts empty,
   * as a new stack before anything was approved (evaluate-payments decides nothing until a catalog is live).
   */
  readonly catalogDir?: string | false;
  /** A prepared catalog seeded instead of a folder (`replay --trigger`'s trial); catalogDir is then unused. */
  readonly preparedCatalog?: PreparedCatalog;
  /** Extra environment for the handlers, on top of the definitions' (e.g. policy settings). */
  readonly environment?: Readonly<Record<string, string>>;
  readonly onError?: (error: unknown) => void;
  /**
   * Operator lines: pollers' outage summaries, DynamoDB Local or the SQS emulator restarting. Default:
   * console.warn with a `[local runtime]` prefix.
   */
  readonly log?: (line: string) => void;
}

export interface LocalRuntime {
  readonly endpoints: { readonly dynamodb: string; readonly sqs: string; readonly http: string };
  readonly queues: ReadonlyMap<string, ProvisionedQueue>;
  readonly dynamodb: DynamoDBClient;
  readonly sqs: SQSClient;
  /** What start-up did with the catalog table (undefined when the app definition has none, or catalogDir: false). */
  readonly catalog: CatalogSeeding | undefined;
  /** The environment the handlers run with (table names, queue URLs, endpoints). */
  readonly env: Readonly<Record<string, string>>;
  /** The archive folder (absolute). */
  readonly archiveDir: string;
  /** Resolves once every record the archived tables' streams held at the call is in the archive. */
  drainArchive(timeoutMs?: number): Promise<void>;
  readonly sqsPollers: readonly SqsPoller[];
  /** DynamoDB Local as supervised now (its JVM's pid changes with each restart). */
  readonly dynamoDbLocal: Pick<SupervisedDynamoDb, 'pid' | 'restarts'>;
  /** The in-process SQS emulator (its listener is replaced when it goes away). */
  readonly sqsEmulator: Pick<SqsLocal, 'server' | 'restarts'>;
  /**
   * Settles with the reason when the runtime could not go on (DynamoDB Local died in memory mode, or could
   * not be restarted; the SQS listener could not come back) — after it stopped itself. Never settles otherwise.
   */
  readonly failed: Promise<LocalRuntimeError>;
  /** Resolves when every consumed queue is empty and no handler is running; rejects after `timeoutMs`. */
  idle(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts DynamoDB Local and the SQS emulator, creates every table and queue of the app definition, and runs
 * the definition's handlers in this process behind SQS pollers, stream pollers and an HTTP gateway.
 * Handlers read their configuration from process.env at import, so run one runtime per process.
 */
export async function startLocalRuntime(options: LocalRuntimeOptions = {}): Promise<LocalRuntime> {
  const app = options.app ?? defaultApp;
  // A broken catalog folder stops start-up before anything runs, with every problem listed.
  const catalogFolder =
    options.catalogDir !== false && app.tables.some((t) => t.name === CATALOG_TABLE)
      ? (options.preparedCatalog ?? readCatalogFolder(options.catalogDir))
      : undefined;
  const onError = options.onError ?? ((error: unknown) => console.error('[local runtime]', error));
  const log = options.log ?? ((line: string) => console.warn(`[local runtime] ${line}`));
  let declareFailed: (error: LocalRuntimeError) => void = () => {};
  const failed = new Promise<LocalRuntimeError>((resolve) => {
    declareFailed = resolve;
  });
  // Whatever ends the runtime ends it once: stop everything, then tell whoever waits on `failed`.
  let lostReported = false;
  const onLost = (error: LocalRuntimeError) => {
    if (lostReported) return;
    lostReported = true;
    void stop().then(() => declareFailed(error));
  };
  const [dynamoDbPort, sqsPort, httpPort] = [
    await choosePort(options.dynamoDbPort, 'DynamoDB Local'),
    await choosePort(options.sqsPort, 'SQS emulator'),
    await choosePort(options.httpPort, 'HTTP API'),
  ];

  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    const pending = stops.splice(0).reverse();
    for (const fn of pending) await fn().catch(onError);
  };
  try {
    // Provisioning needs the client, which needs the endpoint: the supervisor re-provisions through this.
    let reprovision: () => Promise<void> = async () => {};
    const ddbLocal: SupervisedDynamoDb = await superviseDynamoDbLocal({
      port: dynamoDbPort,
      ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
      log,
      afterRestart: () => reprovision(),
      onLost,
    });
    stops.push(ddbLocal.stop);
    const sqsLocal: SqsLocal = await startSqsLocal({ port: sqsPort, log, onLost });
    stops.push(sqsLocal.stop);

    const clientConfig = { region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS };
    const dynamodb = new DynamoDBClient({ ...clientConfig, endpoint: ddbLocal.endpoint });
    const streams = new DynamoDBStreamsClient({ ...clientConfig, endpoint: ddbLocal.endpoint });
    const sqs = new SQSClient({ ...clientConfig, endpoint: sqsLocal.endpoint });
    stops.push(async () => {
      dynamodb.destroy();
      streams.destroy();
      sqs.destroy();
    });

    await provisionTables(dynamodb, app);
    reprovision = () => provisionTables(dynamodb, app);
    // Before the handlers load: they read the live catalog from the table.
    const catalog = catalogFolder === undefined ? undefined : await seedLocalCatalog(dynamodb, catalogFolder);
    const queues = await provisionQueues(
      sqs,
      app,
      options.visibilityTimeoutSeconds === undefined
        ? {}
        : { visibilityTimeoutSeconds: options.visibilityTimeoutSeconds },
    );

    // What Lambda would get from the stack: resource names/URLs, plus endpoints pointing the SDK here.
    const env: Record<string, string> = {
      AWS_REGION: LOCAL_REGION,
      AWS_DEFAULT_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: ddbLocal.endpoint,
      AWS_ENDPOINT_URL_DYNAMODB_STREAMS: ddbLocal.endpoint,
      AWS_ENDPOINT_URL_SQS: sqsLocal.endpoint,
      // Handler logs stay quiet on a laptop unless asked for (POWERTOOLS_LOG_LEVEL=INFO npm start).
      POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
      POWERTOOLS_METRICS_DISABLED: 'true',
      // Replays and the demo decide past events on their own clock when a message asks (never deployed).
      EVENT_CLOCK: 'allowed',
    };
    for (const table of app.tables) env[table.envVar] = table.name;
    for (const queue of app.queues) {
      const provisioned = queues.get(queue.name);
      if (provisioned) env[queue.envVar] = provisioned.url;
    }
    for (const fn of app.functions) Object.assign(env, fn.environment);
    // The archive is a folder on a laptop (never a bucket): the archiver writes it, the queries read it.
    const ownArchive = options.archiveDir === undefined;
    const archiveDir = resolve(options.archiveDir ?? mkdtempSync(join(tmpdir(), 'offer-pipeline-archive-')));
    mkdirSync(archiveDir, { recursive: true });
    if (ownArchive) stops.push(async () => rmSync(archiveDir, { recursive: true, force: true }));
    // A setting given in the shell (`CATALOG_REFRESH_SECONDS=2 npm start`) wins over the definitions'
    // defaults, as the stack's settings file does in AWS; options.environment (tests) wins over both.
    for (const name of SETTING_NAMES) {
      const given = process.env[name];
      if (given !== undefined && name in env) env[name] = given;
    }
    Object.assign(env, options.environment ?? {});
    // The archive folder is the runtime's (options.archiveDir), whatever the shell says; never a bucket.
    env.ARCHIVE_DIR = archiveDir;
    delete process.env.ARCHIVE_BUCKET;
    Object.assign(process.env, env);

    const root = options.root ?? repoRoot;
    const sqsPollers: SqsPoller[] = [];
    const streamPollers: StreamPoller[] = [];
    const routes: GatewayRoute[] = [];
    for (const fn of app.functions) {
      const handler = await loadHandler(fn, root);
      for (const source of fn.events) {
        if (source.kind === 'sqs') {
          const queue = queues.get(source.queue);
          if (!queue) throw new Error(`${fn.name} consumes unknown queue "${source.queue}"`);
          sqsPollers.push(
            new SqsPoller({
              client: sqs,
              fn,
              source,
              queue,
              handler,
              concurrency: options.concurrency ?? 2,
              onError,
              log,
            }),
          );
        } else if (source.kind === 'dynamodb-stream') {
          // The archiver's lag may be seconds (its alarm is at minutes): it asks an idle stream less often.
          const idleMs = fn.archive === 'write' ? 500 : undefined;
          streamPollers.push(
            new StreamPoller(
              { dynamodb, streams, fn, source, handler, onError, log, ...(idleMs ? { idleMs } : {}) },
              source.table,
            ),
          );
        } else {
          routes.push({ fn, route: source, handler });
        }
      }
    }
    const gateway: HttpGateway = await startHttpGateway(routes, httpPort, onError);
    stops.push(gateway.stop);
    for (const poller of [...sqsPollers, ...streamPollers]) poller.start();
    stops.push(async () => {
      await Promise.all([...sqsPollers, ...streamPollers].map((p) => p.stop()));
    });

    const consumedQueues = [...new Set(sqsPollers.map((p) => p.queueUrl))];
    const idle = async (timeoutMs = 60_000) => {
      const deadline = Date.now() + timeoutMs;
      let quietChecks = 0;
      // Two consecutive quiet checks: a batch may be between receive and invoke on the first.
      while (quietChecks < 2) {
        if (Date.now() > deadline) throw new Error(`The local pipeline was still busy after ${timeoutMs} ms`);
        let waiting = 0;
        for (const url of consumedQueues) {
          const attributes = await sqs.send(
            new GetQueueAttributesCommand({
              QueueUrl: url,
              AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
            }),
          );
          waiting +=
            Number(attributes.Attributes?.ApproximateNumberOfMessages ?? 0) +
            Number(attributes.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
        }
        const busy = waiting > 0 || [...sqsPollers, ...streamPollers].some((p) => p.busy);
        quietChecks = busy ? 0 : quietChecks + 1;
        await sleep(busy ? 100 : 250);
      }
    };

    return {
      endpoints: { dynamodb: ddbLocal.endpoint, sqs: sqsLocal.endpoint, http: gateway.url },
      queues,
      dynamodb,
      sqs,
      catalog,
      env,
      archiveDir,
      async drainArchive(timeoutMs = 120_000) {
        const archivers = app.functions.filter((fn) => fn.archive === 'write').map((fn) => fn.name);
        await Promise.all(
          streamPollers.filter((p) => archivers.includes(p.functionName)).map((p) => p.drain(timeoutMs)),
        );
      },
      sqsPollers,
      dynamoDbLocal: ddbLocal,
      sqsEmulator: sqsLocal,
      failed,
      idle,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

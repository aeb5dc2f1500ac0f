import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { lazyArchiveEngine } from '#adapters/archive/engine-from-env.js';
import type { ArchiveEngine } from '#archive/ports.js';
import { documentClient } from '#functions/handler-kit/aws-clients.js';
import { app, tableByName } from '#infra/definitions.js';
import { type DynamoDbLocal, startDynamoDbLocal } from '#local/dynamodb-local.js';
import { endpointsFile } from '#local/endpoints-file.js';
import { LocalRuntimeError } from '#local/errors.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '#local/local-aws.js';
import { freePort } from '#local/ports.js';
import { listTableNames } from '#local/provision.js';
import { type Caller, cliCaller } from '#privacy/access-log.js';
import type { GlobalOptions } from './options.js';

/**
 * `npm run audit -- <command>`: the privacy officers' queries (shared/privacy/queries.ts) against the local
 * pipeline's DynamoDB, and a customer's erasure (shared/privacy/erasure-service.ts).
 *
 * Where the data is:
 *  - `--data-dir <dir>`: the folder `npm start -- --data-dir <dir>` persisted DynamoDB Local in. If that
 *    `npm start` is still running, its DynamoDB Local is used (two instances must not share the files);
 *    otherwise this command starts DynamoDB Local on the folder for its own run and stops it after.
 *  - otherwise the running `npm start` on this machine, found through the file it writes when ready,
 *    `.local/runtime.json` (its DynamoDB endpoint and process id; a file whose process has ended is ignored).
 *  - neither: an error saying how to get one.
 * Counts, lists, the overview and the audit part of a customer's history are read from the archive folder
 * with DuckDB (issue 15): `<dir>/archive` of the `--data-dir`, else the folder the running `npm start`
 * announces (`archiveDir` in `.local/runtime.json`), else `.local/archive`.
 * Every query is recorded in the audit access log as `local:<your OS user name>`.
 */

const NO_TARGET_HELP =
  'No running local pipeline found, and no --data-dir given.\n' +
  '  - start one in another terminal: `npm start` (it writes .local/runtime.json, which this command reads), or\n' +
  '  - read a persisted one: `npm run audit -- --data-dir <dir> <command>`, where <dir> is a folder that\n' +
  '    `npm start -- --data-dir <dir>` wrote.';

/** The tables the queries read and the access log; names as the local runtime creates them. */
export const TABLES = {
  audit: tableByName(app, 'audit').name,
  consentHistory: tableByName(app, 'consent-history').name,
  offers: tableByName(app, 'offers').name,
  offerEvents: tableByName(app, 'offer-events').name,
  accessLog: tableByName(app, 'audit-access-log').name,
  customers: tableByName(app, 'customers').name,
  contactPolicy: tableByName(app, 'contact-policy').name,
  erasureLog: tableByName(app, 'erasure-log').name,
  catalog: tableByName(app, 'catalog').name,
  customerKeys: tableByName(app, 'customer-keys').name,
} as const;

/** The archive folder of a local run without --data-dir. */
export const DEFAULT_ARCHIVE_DIR = resolve('.local/archive');

// --- Finding the data ----------------------------------------------------------------------------------

export type TargetChoice =
  | {
      readonly kind: 'running';
      readonly endpoint: string;
      readonly pid: number;
      readonly dataDir?: string;
      readonly archiveDir?: string;
    }
  | { readonly kind: 'data-dir'; readonly dir: string };

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The running `npm start` announced in `file`, if the file exists and its process is alive. */
export function runningStart(
  file: string = endpointsFile,
): { endpoint: string; pid: number; dataDir?: string; archiveDir?: string } | undefined {
  if (!existsSync(file)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { pid, dynamodb, dataDir, archiveDir } = value as Record<string, unknown>;
  if (typeof pid !== 'number' || typeof dynamodb !== 'string' || !alive(pid)) return undefined;
  return {
    endpoint: dynamodb,
    pid,
    ...(typeof dataDir === 'string' ? { dataDir: resolve(dataDir) } : {}),
    ...(typeof archiveDir === 'string' ? { archiveDir: resolve(archiveDir) } : {}),
  };
}

/**
 * Where to read: a `--data-dir` (through the running `npm start` that holds it, if any) or the running
 * `npm start`. Throws LocalRuntimeError with instructions when there is neither.
 */
export function chooseTarget(options: { dataDir?: string; runtimeFile?: string }): TargetChoice {
  const running = runningStart(options.runtimeFile);
  if (options.dataDir !== undefined) {
    const dir = resolve(options.dataDir);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      throw new LocalRuntimeError(
        `--data-dir ${options.dataDir}: no such folder. Create one with \`npm start -- --data-dir ${options.dataDir}\`.`,
      );
    }
    if (running?.dataDir === dir) return { kind: 'running', ...running };
    return { kind: 'data-dir', dir };
  }
  if (running) return { kind: 'running', ...running };
  throw new LocalRuntimeError(NO_TARGET_HELP);
}

export interface Target {
  readonly documents: DynamoDBDocumentClient;
  readonly description: string;
  /** DuckDB over the archive folder (opened on the first archive query, closed by stop). */
  readonly archive: ArchiveEngine;
  stop(): Promise<void>;
}

/** Where the archive of a target is (see the top of this file). */
export function archiveDirOf(choice: TargetChoice): string {
  if (choice.kind === 'data-dir') return join(choice.dir, 'archive');
  return (
    choice.archiveDir ??
    (choice.dataDir === undefined ? DEFAULT_ARCHIVE_DIR : join(choice.dataDir, 'archive'))
  );
}

/** Fails with instructions when the tables the queries need are not there. */
async function checkTables(client: DynamoDBClient, where: string, recreate: string): Promise<void> {
  const names = await listTableNames(client);
  if (names.size === 0) {
    throw new LocalRuntimeError(`${where} holds no tables. ${recreate}`);
  }
  const needed = [
    TABLES.audit,
    TABLES.consentHistory,
    TABLES.offers,
    TABLES.offerEvents,
    TABLES.accessLog,
    TABLES.customerKeys,
  ];
  const missing = needed.filter((name) => !names.has(name));
  if (missing.length > 0) {
    throw new LocalRuntimeError(`${where} lacks the table(s) ${missing.join(', ')}. ${recreate}`);
  }
}

async function openTarget(choice: TargetChoice): Promise<Target> {
  const archive = lazyArchiveEngine({ AUDIT_ENGINE: 'duckdb', ARCHIVE_DIR: archiveDirOf(choice) });
  const target = await openTables(choice);
  return {
    ...target,
    archive,
    stop: async () => {
      await archive.close();
      await target.stop();
    },
  };
}

async function openTables(choice: TargetChoice): Promise<Omit<Target, 'archive'>> {
  const config = { region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS };
  if (choice.kind === 'running') {
    const client = new DynamoDBClient({ ...config, endpoint: choice.endpoint });
    const description = `the running npm start (pid ${choice.pid}, DynamoDB Local ${choice.endpoint})`;
    try {
      await checkTables(client, description, 'Restart it: `npm start`.');
    } catch (error) {
      client.destroy();
      throw error;
    }
    return { documents: documentClient(client), description, stop: async () => client.destroy() };
  }
  const local: DynamoDbLocal = await startDynamoDbLocal({ port: await freePort(), dataDir: choice.dir });
  const client = new DynamoDBClient({ ...config, endpoint: local.endpoint });
  const stop = async () => {
    client.destroy();
    await local.stop();
  };
  try {
    await checkTables(
      client,
      `--data-dir ${choice.dir}`,
      `Create them with \`npm start -- --data-dir ${choice.dir}\` (add --no-demo --once to only create them).`,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { documents: documentClient(client), description: `DynamoDB Local on ${choice.dir}`, stop };
}

/** Opens the target the options name, runs `run` with the CLI caller, and always closes it (Ctrl-C too). */
export async function withTarget<T>(
  options: GlobalOptions,
  run: (target: Target, caller: Caller) => Promise<T>,
) {
  const target = await openTarget(
    chooseTarget(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
  );
  const stopOnSignal = () => {
    void target.stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  try {
    console.error(`Reading ${target.description}.`);
    return await run(target, cliCaller());
  } finally {
    process.off('SIGINT', stopOnSignal);
    process.off('SIGTERM', stopOnSignal);
    await target.stop();
  }
}

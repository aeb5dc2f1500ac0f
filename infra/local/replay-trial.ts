import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoCatalogStore } from '#adapters/dynamodb/catalog-store.js';
import { buildTrialCatalog, type TrialRequest } from '#app/catalog-trial.js';
import type { ItemKind } from '#core/governance/model.js';
import { versionLabel } from '#core/governance/snapshot.js';
import { documentClient } from '#functions/handler-kit/aws-clients.js';
import { CATALOG_TABLE } from '#shared/catalog-table.js';
import { runningStart } from './audit/target.js';
import type { PreparedCatalog } from './catalog-seeding.js';
import { type DynamoDbLocal, startDynamoDbLocal } from './dynamodb-local.js';
import { endpointsFile } from './endpoints-file.js';
import { LocalRuntimeError } from './errors.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './local-aws.js';
import { freePort } from './ports.js';
import { listTableNames } from './provision.js';
import type { LocalRuntimeOptions } from './runtime.js';

/**
 * `npm run replay -- --trigger <id> --version n [--kind trigger|offer|region|product] [--data-dir <dir>]`
 * (issue 12): tries one version held in the running local pipeline's catalog table — draft and in review
 * included — in a throwaway runtime seeded with the live catalog and that version in place of the item's
 * live one (shared/app/catalog-trial.ts). The running pipeline is only read (Query), never written.
 */

const NO_PIPELINE =
  'No running local pipeline found to read the version from, and no --data-dir given.\n' +
  '  - start one in another terminal: `npm start` (it writes .local/runtime.json, which replay reads), or\n' +
  '  - read a persisted one: `npm run replay -- --data-dir <dir> --trigger <id> --version <n> ...`, where\n' +
  '    <dir> is a folder that `npm start -- --data-dir <dir>` wrote.';

interface CatalogTable {
  readonly store: DynamoCatalogStore;
  readonly description: string;
  close(): Promise<void>;
}

const config = { region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS };

/** The running `npm start` (or the one holding `dataDir`), else DynamoDB Local started on `dataDir`. */
async function openCatalogTable(dataDir: string | undefined, runtimeFile: string): Promise<CatalogTable> {
  const running = runningStart(runtimeFile);
  const dir = dataDir === undefined ? undefined : resolve(dataDir);
  if (dir !== undefined && (!existsSync(dir) || !statSync(dir).isDirectory())) {
    throw new LocalRuntimeError(`--data-dir ${dataDir}: no such folder.`);
  }
  let local: DynamoDbLocal | undefined;
  let endpoint: string;
  let description: string;
  if (running !== undefined && (dir === undefined || running.dataDir === dir)) {
    endpoint = running.endpoint;
    description = `the running npm start (pid ${running.pid})`;
  } else if (dir !== undefined) {
    local = await startDynamoDbLocal({ port: await freePort(), dataDir: dir });
    endpoint = local.endpoint;
    description = `DynamoDB Local on ${dir}`;
  } else {
    throw new LocalRuntimeError(NO_PIPELINE);
  }
  const client = new DynamoDBClient({ ...config, endpoint });
  const close = async () => {
    client.destroy();
    await local?.stop();
  };
  try {
    if (!(await listTableNames(client)).has(CATALOG_TABLE)) {
      throw new LocalRuntimeError(
        `${description} has no ${CATALOG_TABLE} table: restart it with \`npm start\`.`,
      );
    }
  } catch (error) {
    await close();
    throw error;
  }
  return { store: new DynamoCatalogStore(documentClient(client), CATALOG_TABLE), description, close };
}

export interface TrialSeed {
  readonly catalog: PreparedCatalog;
  /** What is tried, for the CLI: `Trying trigger:x@2 (draft) in place of trigger:x@1 ...`. */
  readonly line: string;
}

/**
 * Reads the version and the live catalog from the running pipeline, and builds the trial's seed. Refuses
 * (LocalRuntimeError, every problem listed) when there is no pipeline, no such item or version, or the
 * combination fails the catalog's gate.
 */
export async function prepareTrial(
  request: TrialRequest,
  options: { readonly dataDir?: string; readonly runtimeFile?: string; readonly now?: Date } = {},
): Promise<TrialSeed> {
  const table = await openCatalogTable(options.dataDir, options.runtimeFile ?? endpointsFile);
  const now = options.now ?? new Date();
  let result: ReturnType<typeof buildTrialCatalog>;
  try {
    const history = await table.store.load(request.kind, request.id);
    const all = await table.store.listVersions();
    result = buildTrialCatalog(request, history, all, now);
  } finally {
    await table.close();
  }
  const label = versionLabel(request.kind, request.id, request.version);
  if (!result.ok) {
    throw new LocalRuntimeError(
      `${label} cannot be tried against ${table.description} (${result.problems.length} problem${
        result.problems.length === 1 ? '' : 's'
      }):\n${result.problems.join('\n')}`,
    );
  }
  const tried = `${label} (${result.trial.state})`;
  const place =
    result.replaces === undefined
      ? 'added to'
      : `in place of ${versionLabel(result.replaces.kind, result.replaces.id, result.replaces.version)} in`;
  return {
    catalog: {
      items: result.seed,
      name: `a replay trial of ${tried}, ${place} the live catalog of ${table.description}`,
    },
    line: `Trying ${tried}, ${place} the live catalog read from ${table.description}; nothing is written there.`,
  };
}

export interface ReplayCatalogOptions {
  readonly catalog?: string;
  readonly trigger?: string;
  readonly version?: number;
  readonly kind: ItemKind;
  readonly dataDir?: string;
}

/**
 * What a replay's own pipeline is seeded with: a draft folder (`--catalog`; the runtime validates it before
 * anything starts, errors naming the file, the trigger and the field), a table version's trial
 * (`--trigger --version`, with the line saying what is tried), or undefined: no pipeline of its own needed.
 */
export async function replayCatalog(options: ReplayCatalogOptions): Promise<
  | {
      readonly options: Pick<LocalRuntimeOptions, 'catalogDir' | 'preparedCatalog'>;
      readonly line?: string;
    }
  | undefined
> {
  if (options.trigger !== undefined && options.catalog !== undefined)
    throw new LocalRuntimeError('--catalog and --trigger: give one of them, not both.');
  if (options.dataDir !== undefined && options.trigger === undefined)
    throw new LocalRuntimeError('--data-dir goes with --trigger: it names where the version is read.');
  if ((options.trigger === undefined) !== (options.version === undefined))
    throw new LocalRuntimeError('--trigger <id> and --version <n> go together: give both.');
  if (options.trigger !== undefined && options.version !== undefined) {
    const request = { kind: options.kind, id: options.trigger, version: options.version };
    const trial = await prepareTrial(
      request,
      options.dataDir === undefined ? {} : { dataDir: options.dataDir },
    );
    return { options: { preparedCatalog: trial.catalog }, line: trial.line };
  }
  if (options.catalog !== undefined) return { options: { catalogDir: resolve(options.catalog) } };
  return undefined;
}

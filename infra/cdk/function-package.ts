/**
 * What goes into a function's deployment package and environment: the esbuild bundle, and the variables its
 * definition gives it (table names, queue URLs, its settings with the environment's configured values, the
 * Powertools names). No catalog folder: the functions read the live catalog from the catalog table.
 */
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { type BundlingOptions, LogLevel, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { METRICS_NAMESPACE } from '#functions/handler-kit/metric-names.js';
import { ESM_REQUIRE_SHIM, EXTERNAL_MODULES, MAIN_FIELDS, NODE_TARGET } from '#infra/bundling.js';
import type { FunctionDefinition, QueueDefinition, TableDefinition } from '#infra/definitions.js';
import type { PipelineArchive } from './archive.js';
import { archiveEnvironment } from './archive-access.js';
import { type PipelineSettings, settingsEnvironment } from './settings.js';

export interface TableResource {
  readonly def: TableDefinition;
  readonly table: dynamodb.Table;
}

export interface QueueResource {
  readonly def: QueueDefinition;
  readonly queue: sqs.Queue;
}

export function lookup<T>(map: ReadonlyMap<string, T>, kind: string, name: string): T {
  const found = map.get(name);
  if (!found) throw new Error(`No ${kind} named "${name}" in the app definition`);
  return found;
}

export function bundlingOptions(): BundlingOptions {
  return {
    // Bundle on the host with the project's esbuild: no Docker needed to synthesise.
    forceDockerBundling: false,
    minify: true,
    sourceMap: true,
    // Stack traces map to file:line; the sources themselves stay out of the package.
    sourcesContent: false,
    target: NODE_TARGET,
    format: OutputFormat.ESM,
    mainFields: [...MAIN_FIELDS],
    banner: ESM_REQUIRE_SHIM,
    // The runtime's AWS SDK v3 (see infra/bundling.ts for why); everything else is bundled.
    externalModules: [...EXTERNAL_MODULES],
    logLevel: LogLevel.WARNING,
  };
}

export interface EnvironmentSources {
  readonly def: FunctionDefinition;
  readonly tables: ReadonlyMap<string, TableResource>;
  readonly queues: ReadonlyMap<string, QueueResource>;
  readonly settings: PipelineSettings;
  /** The audit archive, for a function with `archive` access (its bucket, or its workgroup and database). */
  readonly archive?: PipelineArchive;
}

/**
 * The function's environment: exactly the variables its handler validates (shared/config/function-env.ts
 * derives that schema from the same definition), plus the Powertools names.
 */
export function functionEnvironment({
  def,
  tables,
  queues,
  settings,
  archive,
}: EnvironmentSources): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of Object.keys(def.tables)) {
    const { def: tableDef, table } = lookup(tables, 'table', name);
    env[tableDef.envVar] = table.tableName;
  }
  for (const name of Object.keys(def.queues)) {
    const { def: queueDef, queue } = lookup(queues, 'queue', name);
    env[queueDef.envVar] = queue.queueUrl;
  }
  // Settings-controlled variables (consent regime, frequency caps) replace the definition's values,
  // which are the local runtime's defaults; a function gets only those its definition declares.
  const configured = settingsEnvironment(settings);
  const definitionEnv = Object.fromEntries(
    Object.entries(def.environment).map(([key, value]) => [key, configured[key] ?? value]),
  );
  if (def.archive !== undefined && archive === undefined)
    throw new Error(`Function "${def.name}" has archive access but the stack has no archive`);
  return {
    ...env,
    ...definitionEnv,
    // The archive's names replace the local defaults (AUDIT_ENGINE=duckdb) of the definition.
    ...(def.archive !== undefined && archive ? archiveEnvironment(archive, def.archive) : {}),
    POWERTOOLS_SERVICE_NAME: def.name,
    POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
  };
}

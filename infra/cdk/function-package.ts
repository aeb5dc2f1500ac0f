/**
 * What goes into a function's deployment package and environment: the esbuild bundle (with the catalog
 * folder), and the variables its definition gives it (table names, queue URLs, its settings with the
 * environment's configured values, the Powertools names, the catalog folder).
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { type BundlingOptions, LogLevel, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { METRICS_NAMESPACE } from '#functions/handler-kit/metric-names.js';
import { ESM_REQUIRE_SHIM, EXTERNAL_MODULES, NODE_TARGET } from '#infra/bundling.js';
import type { FunctionDefinition, QueueDefinition, TableDefinition } from '#infra/definitions.js';
import { type PipelineSettings, settingsEnvironment } from './settings.js';

/** Where the catalog folder lands inside the deployment package (Lambda unpacks it to /var/task). */
export const CATALOG_DIR_IN_LAMBDA = '/var/task/catalog';

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

/** CATALOG_DIR would point at nothing and every cold start would fail: stop at synth instead. */
export function assertCatalogExists(repoRoot: string, functionName: string): void {
  const catalogDir = path.join(repoRoot, 'catalog');
  if (!existsSync(catalogDir)) {
    throw new Error(
      `${catalogDir} does not exist: ${functionName} cannot be bundled without the trigger/offer catalog`,
    );
  }
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
    mainFields: ['module', 'main'],
    banner: ESM_REQUIRE_SHIM,
    // The runtime's AWS SDK v3 (see infra/bundling.ts for why); everything else is bundled.
    externalModules: [...EXTERNAL_MODULES],
    logLevel: LogLevel.WARNING,
    commandHooks: {
      beforeBundling: () => [],
      beforeInstall: () => [],
      // Every function gets the trigger/offer catalog (a few small JSON files), so that which
      // function reads it is the handlers' business and not a second list to keep in sync.
      afterBundling: (inputDir: string, outputDir: string) => [
        `cp -r "${path.join(inputDir, 'catalog')}" "${path.join(outputDir, 'catalog')}"`,
      ],
    },
  };
}

export interface EnvironmentSources {
  readonly def: FunctionDefinition;
  readonly tables: ReadonlyMap<string, TableResource>;
  readonly queues: ReadonlyMap<string, QueueResource>;
  readonly settings: PipelineSettings;
}

/**
 * The function's environment: exactly the variables its handler validates (shared/config/function-env.ts
 * derives that schema from the same definition), plus the Powertools names and the catalog folder.
 */
export function functionEnvironment({
  def,
  tables,
  queues,
  settings,
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
  return {
    ...env,
    ...definitionEnv,
    POWERTOOLS_SERVICE_NAME: def.name,
    POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
    CATALOG_DIR: CATALOG_DIR_IN_LAMBDA,
  };
}

/**
 * The offer-eligibility pipeline stack, generated from infra/definitions.ts: a table, queue, function,
 * event source or HTTP route added there appears here without a second edit.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Annotations, CfnOutput, Stack, type StackProps, Tags } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { PipelineArchive } from './cdk/archive.js';
import { PipelineConsole } from './cdk/console.js';
import { createQueue, createTable } from './cdk/data-stores.js';
import { DEFAULT_ENVIRONMENT, loadEnvironment } from './cdk/environments.js';
import { PipelineHttpApi } from './cdk/http-api.js';
import { createDataKey, createOperationsKey } from './cdk/keys.js';
import { PipelineMonitoring } from './cdk/monitoring.js';
import { pascalCase } from './cdk/names.js';
import { PipelineFunction, type QueueResource, type TableResource } from './cdk/pipeline-function.js';
import {
  assertSettingsFitDefinition,
  type PipelineSettings,
  type SettingsOverrides,
} from './cdk/settings.js';
import { assertValidDefinition } from './cdk/validate-definitions.js';
import { type AppDefinition, app as appDefinition } from './definitions.js';

/** The repository root: function entries, package-lock.json and catalog/ are relative to it. */
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface OfferPipelineStackProps extends StackProps {
  /** The resources to build; the project's definitions unless a test passes its own. */
  readonly definition?: AppDefinition;
  /**
   * The environment whose settings file (infra/environments/<name>.json) configures the stack; `dev` unless
   * given (infra/app.ts passes `-c env=...`).
   */
  readonly environmentName?: string;
  /** Overrides on top of the environment's settings (tests); validated together with them. */
  readonly settings?: SettingsOverrides;
  /** Folder of the environment files; infra/environments unless a test passes its own. */
  readonly environmentsDir?: string;
  /** Repository root; defaults to the root of this checkout. */
  readonly repoRoot?: string;
  /**
   * The built console to serve from S3 behind CloudFront, with its Cognito users and JWT-authorised API
   * (infra/cdk/console.ts): a folder holding index.html (synthesis refuses one without). Unless given,
   * `<repoRoot>/console/dist` when npm run console:build has built it; else no console, with a synthesis
   * warning and a `ConsoleUrl` output saying so. `false`: a stack without the console.
   */
  readonly consoleAssets?: string | false;
}

export class OfferPipelineStack extends Stack {
  readonly definition: AppDefinition;
  /** The environment the stack was synthesised for (infra/environments/<name>.json). */
  readonly environmentName: string;
  readonly settings: PipelineSettings;
  /** Customer-managed key (rotation on) for every table and queue. */
  readonly dataKey: kms.Key;
  /** Customer-managed key (rotation on) for the log groups and the alarm topic. */
  readonly operationsKey: kms.Key;
  readonly tables = new Map<string, dynamodb.Table>();
  readonly queues = new Map<string, sqs.Queue>();
  readonly deadLetterQueues = new Map<string, sqs.Queue>();
  readonly functions = new Map<string, PipelineFunction>();
  /** Present when at least one function has an HTTP route. */
  readonly httpApi: PipelineHttpApi | undefined;
  /** The console (users, console API, site), unless the stack was built without it. */
  readonly console: PipelineConsole | undefined;
  /** The audit archive (issue 15): Object Lock bucket, Glue tables, Athena workgroup. */
  readonly archive: PipelineArchive;
  /** Alarms, their topic and the dashboard. */
  readonly monitoring: PipelineMonitoring;

  constructor(scope: Construct, id: string, props: OfferPipelineStackProps = {}) {
    const {
      definition = appDefinition,
      environmentName = DEFAULT_ENVIRONMENT,
      settings: overrides,
      environmentsDir,
      repoRoot = REPO_ROOT,
      consoleAssets,
      ...stackProps
    } = props;
    // Settings first: a bad environment file stops synthesis before any resource exists.
    const environment = loadEnvironment(environmentName, {
      ...(environmentsDir ? { dir: environmentsDir } : {}),
      ...(overrides ? { overrides } : {}),
    });
    super(scope, id, {
      description:
        `Offer eligibility pipeline (${environment.name}): consent-first, audited offers from payment events` +
        (environment.settings.description ? `. ${environment.settings.description}` : ''),
      // No CDK telemetry resource in a bank's template.
      analyticsReporting: false,
      ...stackProps,
    });
    assertValidDefinition(definition);
    assertSettingsFitDefinition(environment.settings, definition);
    this.definition = definition;
    this.environmentName = environment.name;
    this.settings = environment.settings;
    Tags.of(this).add('project', 'offer-eligibility-pipeline');
    Tags.of(this).add('offer-pipeline:environment', environment.name);
    Tags.of(this).add('offer-pipeline:consent-regime', this.settings.consentRegime);
    if (this.settings.optOutApproval)
      Tags.of(this).add('offer-pipeline:opt-out-approval', this.settings.optOutApproval);

    this.dataKey = createDataKey(this, this.stackName);
    this.operationsKey = createOperationsKey(this, this.stackName);

    const tableResources = new Map<string, TableResource>();
    for (const def of definition.tables) {
      const table = createTable(this, def, this.dataKey);
      this.tables.set(def.name, table);
      tableResources.set(def.name, { def, table });
      new CfnOutput(this, `${pascalCase(def.name)}TableName`, {
        value: table.tableName,
        description: def.purpose,
      });
    }

    const queueResources = new Map<string, QueueResource>();
    for (const def of definition.queues) {
      const { queue, deadLetterQueue } = createQueue(this, def, this.dataKey);
      this.queues.set(def.name, queue);
      this.deadLetterQueues.set(def.name, deadLetterQueue);
      queueResources.set(def.name, { def, queue });
      new CfnOutput(this, `${pascalCase(def.name)}QueueUrl`, {
        value: queue.queueUrl,
        description: def.purpose,
      });
      new CfnOutput(this, `${pascalCase(def.name)}DlqUrl`, {
        value: deadLetterQueue.queueUrl,
        description: `Dead-letter queue of ${def.name}`,
      });
    }

    this.archive = new PipelineArchive(this, 'Archive', {
      settings: this.settings.archive,
      logRetentionDays: this.settings.logRetentionDays,
    });
    for (const def of definition.functions) {
      this.functions.set(
        def.name,
        new PipelineFunction(this, pascalCase(def.name), {
          def,
          repoRoot,
          key: this.dataKey,
          logsKey: this.operationsKey,
          tables: tableResources,
          queues: queueResources,
          settings: this.settings,
          archive: this.archive,
        }),
      );
    }
    this.archive.restrictWritesTo(
      [...this.functions.values()].filter((fn) => fn.def.archive === 'write').map((fn) => fn.role),
    );
    new CfnOutput(this, 'ArchiveBucketName', {
      value: this.archive.bucket.bucketName,
      description:
        'Audit archive: Parquet objects under Object Lock (compliance mode), written by archive-records',
    });
    new CfnOutput(this, 'ArchiveWorkGroup', {
      value: this.archive.workgroupName,
      description:
        'Athena workgroup of the archive queries (results encrypted, bytes scanned per query capped)',
    });
    new CfnOutput(this, 'ArchiveDatabase', {
      value: this.archive.databaseName,
      description:
        'Glue database of the archive datasets (one table per dataset of shared/archive/schema.ts)',
    });

    const routed = [...this.functions.values()].flatMap((fn) =>
      fn.def.events.flatMap((e) => (e.kind === 'http' ? [{ fn, route: e }] : [])),
    );
    if (routed.length > 0) {
      const api = new PipelineHttpApi(this, 'Http', { settings: this.settings, logsKey: this.operationsKey });
      for (const { fn, route } of routed) api.addRoute(fn.def.name, fn.function, route);
      api.createCallerRoles(this.settings.callers);
      for (const [audience, role] of api.callerRoles) {
        new CfnOutput(this, `${pascalCase(audience)}CallerRoleArn`, {
          value: role.roleArn,
          description: `IAM role for the ${audience} (assumable by the configured principals): may invoke only its own routes`,
        });
      }
      for (const audience of api.unconfiguredAudiences) {
        new CfnOutput(this, `${pascalCase(audience)}CallerRoleArn`, {
          value: `none: no principals configured (settings callers.principals.${audience})`,
          description: `Nobody can call the ${audience} routes until principals are configured`,
        });
      }
      new CfnOutput(this, 'HttpApiUrl', {
        value: api.url,
        description: 'Base URL of the IAM-authorised HTTP API',
      });
      this.httpApi = api;
    }

    // The console's built files: given, or console/dist when it has been built (npm run console:build).
    const builtConsole = path.join(repoRoot, 'console', 'dist');
    const assetsDir =
      consoleAssets ?? (existsSync(path.join(builtConsole, 'index.html')) ? builtConsole : undefined);
    if (consoleAssets === undefined && assetsDir === undefined) {
      Annotations.of(this).addWarningV2(
        'offer-pipeline:console-not-built',
        'console/dist is not built: this stack has no console. Run npm run console:build, then synthesize again.',
      );
      new CfnOutput(this, 'ConsoleUrl', {
        value: 'none: console/dist was not built (npm run console:build) when this stack was synthesized',
        description: 'The console is not part of this deployment',
      });
    }
    if (assetsDir !== undefined && assetsDir !== false) {
      const site = new PipelineConsole(this, 'Console', {
        settings: this.settings,
        environmentName: this.environmentName,
        logsKey: this.operationsKey,
        functions: this.functions,
        assetsDir,
      });
      new CfnOutput(this, 'ConsoleUrl', {
        value: site.site.url,
        description: 'The console (sign in with a Cognito user of the console user pool; MFA required)',
      });
      new CfnOutput(this, 'ConsoleUserPoolId', {
        value: site.users.userPool.userPoolId,
        description: 'Cognito user pool of the console: create users and add them to groups here',
      });
      new CfnOutput(this, 'ConsoleApiUrl', {
        value: site.api.url,
        description:
          'Base URL of the console API (Cognito JWT); the console calls it through <ConsoleUrl>api/',
      });
      this.console = site;
    }

    this.monitoring = new PipelineMonitoring(this, 'Monitoring', {
      definition,
      settings: this.settings,
      key: this.operationsKey,
      tables: this.tables,
      queues: this.queues,
      deadLetterQueues: this.deadLetterQueues,
      functions: this.functions,
    });
    new CfnOutput(this, 'AlarmTopicArn', {
      value: this.monitoring.topic.topicArn,
      description: 'SNS topic every alarm notifies (subscribe the on-call channel)',
    });
    new CfnOutput(this, 'DashboardName', {
      value: this.monitoring.dashboard.dashboardName,
      description: 'CloudWatch dashboard: decisions per outcome and reason, queues, Lambda, DynamoDB',
    });
  }
}

/**
 * The offer-eligibility pipeline stack, generated from infra/definitions.ts: a table, queue, function,
 * event source or HTTP route added there appears here without a second edit.
 */
import { fileURLToPath } from 'node:url';
import { CfnOutput, RemovalPolicy, Stack, type StackProps, Tags } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { createQueue, createTable } from './cdk/data-stores.js';
import { PipelineHttpApi } from './cdk/http-api.js';
import { pascalCase } from './cdk/names.js';
import { PipelineFunction, type QueueResource, type TableResource } from './cdk/pipeline-function.js';
import { type PipelineSettings, resolveSettings } from './cdk/settings.js';
import { assertValidDefinition } from './cdk/validate-definitions.js';
import { type AppDefinition, app as appDefinition } from './definitions.js';

/** The repository root: function entries, package-lock.json and catalog/ are relative to it. */
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface OfferPipelineStackProps extends StackProps {
  /** The resources to build; the project's definitions unless a test passes its own. */
  readonly definition?: AppDefinition;
  /** Overrides of the deployment settings (validated). */
  readonly settings?: Partial<PipelineSettings>;
  /** Repository root; defaults to the root of this checkout. */
  readonly repoRoot?: string;
}

export class OfferPipelineStack extends Stack {
  readonly definition: AppDefinition;
  readonly settings: PipelineSettings;
  /** Customer-managed key (rotation on) for every table and queue. */
  readonly dataKey: kms.Key;
  readonly tables = new Map<string, dynamodb.Table>();
  readonly queues = new Map<string, sqs.Queue>();
  readonly deadLetterQueues = new Map<string, sqs.Queue>();
  readonly functions = new Map<string, PipelineFunction>();
  /** Present when at least one function has an HTTP route. */
  readonly httpApi: PipelineHttpApi | undefined;

  constructor(scope: Construct, id: string, props: OfferPipelineStackProps = {}) {
    const { definition = appDefinition, settings, repoRoot = REPO_ROOT, ...stackProps } = props;
    super(scope, id, {
      description: 'Offer eligibility pipeline: consent-first, audited offers from payment events',
      // No CDK telemetry resource in a bank's template.
      analyticsReporting: false,
      ...stackProps,
    });
    assertValidDefinition(definition);
    this.definition = definition;
    this.settings = resolveSettings(settings);
    Tags.of(this).add('project', 'offer-eligibility-pipeline');

    this.dataKey = new kms.Key(this, 'DataKey', {
      description: `${id}: encrypts the offer pipeline's DynamoDB tables and SQS queues`,
      enableKeyRotation: true,
      // Retained tables are unreadable without their key: the key outlives the stack like they do.
      removalPolicy: RemovalPolicy.RETAIN,
    });

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

    for (const def of definition.functions) {
      this.functions.set(
        def.name,
        new PipelineFunction(this, pascalCase(def.name), {
          def,
          repoRoot,
          key: this.dataKey,
          tables: tableResources,
          queues: queueResources,
          settings: this.settings,
        }),
      );
    }

    const routed = [...this.functions.values()].flatMap((fn) =>
      fn.def.events.flatMap((e) => (e.kind === 'http' ? [{ fn, route: e }] : [])),
    );
    if (routed.length > 0) {
      const api = new PipelineHttpApi(this, 'Http', { settings: this.settings });
      for (const { fn, route } of routed) api.addRoute(fn.def.name, fn.function, route);
      api.createCallerRoles();
      for (const [audience, role] of api.callerRoles) {
        new CfnOutput(this, `${pascalCase(audience)}CallerRoleArn`, {
          value: role.roleArn,
          description: `IAM role for the ${audience}: may invoke only its own routes`,
        });
      }
      new CfnOutput(this, 'HttpApiUrl', {
        value: api.url,
        description: 'Base URL of the IAM-authorised HTTP API',
      });
      this.httpApi = api;
    }
  }
}

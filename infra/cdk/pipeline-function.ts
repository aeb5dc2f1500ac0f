/**
 * One Lambda function of the pipeline, built from its FunctionDefinition: execution role with exactly
 * the DynamoDB operations its definition names, its own log group, esbuild bundling, environment, and its
 * SQS / DynamoDB stream event sources.
 */
import * as path from 'node:path';
import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type {
  FunctionDefinition,
  SqsEventSource as SqsSourceDefinition,
  StreamEventSource as StreamSourceDefinition,
  TableAccess,
} from '#infra/definitions.js';
import {
  INDEX_ACTIONS,
  KMS_DECRYPT,
  KMS_ENCRYPT_DECRYPT,
  KMS_SQS_PRODUCER,
  QUEUE_SEND_ACTIONS,
  STREAM_LIST_ACTIONS,
  STREAM_READ_ACTIONS,
  tableActions,
  writesTable,
  XRAY_ACTIONS,
} from './access.js';
import { acknowledge, REASONS } from './acknowledgements.js';
import type { PipelineArchive } from './archive.js';
import { grantArchive } from './archive-access.js';
import { encryptedQueue } from './data-stores.js';
import {
  bundlingOptions,
  functionEnvironment,
  lookup,
  type QueueResource,
  type TableResource,
} from './function-package.js';
import { pascalCase } from './names.js';
import { type PipelineSettings, sqsMaxConcurrencyFor } from './settings.js';

export type { QueueResource, TableResource } from './function-package.js';

export interface PipelineFunctionProps {
  readonly def: FunctionDefinition;
  /** Absolute path of the repository root (entries and the lock file are relative to it). */
  readonly repoRoot: string;
  /** The data key of the tables and queues. */
  readonly key: kms.IKey;
  /** Encrypts the function's log group (the operations key, whose policy admits CloudWatch Logs). */
  readonly logsKey: kms.IKey;
  readonly tables: ReadonlyMap<string, TableResource>;
  readonly queues: ReadonlyMap<string, QueueResource>;
  readonly settings: PipelineSettings;
  /** The audit archive: required when the definition has `archive` access. */
  readonly archive?: PipelineArchive;
}

export class PipelineFunction extends Construct {
  readonly def: FunctionDefinition;
  readonly function: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  /** On-failure destinations of the DynamoDB stream event sources, by table name. */
  readonly streamFailureQueues = new Map<string, sqs.Queue>();

  private readonly key: kms.IKey;
  private readonly kmsActionsGranted = new Set<string>();

  constructor(scope: Construct, id: string, props: PipelineFunctionProps) {
    super(scope, id);
    const { def, key, settings } = props;
    this.def = def;
    this.key = key;

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: settings.logRetentionDays,
      encryptionKey: props.logsKey,
    });

    // An explicit role without AWS managed policies: CDK would otherwise attach
    // AWSLambdaBasicExecutionRole, which may write to every log group of the account.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      // The purpose text goes on the function; IAM descriptions accept a restricted character set.
      description: `Execution role of the ${def.name} function`,
    });
    this.logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, 'Function', {
      entry: path.join(props.repoRoot, def.entry),
      handler: def.handler,
      projectRoot: props.repoRoot,
      depsLockFilePath: path.join(props.repoRoot, 'package-lock.json'),
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      timeout: Duration.seconds(def.timeoutSeconds),
      memorySize: def.memoryMb,
      description: def.purpose.slice(0, 256),
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: lambda.ApplicationLogLevel.INFO,
      systemLogLevelV2: lambda.SystemLogLevel.WARN,
      environment: functionEnvironment(props),
      bundling: bundlingOptions(),
    });
    this.enableActiveTracing();
    acknowledge(this.function, 'AwsSolutions-L1', REASONS.nodeRuntime);

    if (def.archive !== undefined && props.archive)
      this.function.node.addDependency(grantArchive(this, this.role, props.archive, def.archive));
    for (const [name, access] of Object.entries(def.tables)) {
      this.grantTable(lookup(props.tables, 'table', name), access);
    }
    for (const [name, access] of Object.entries(def.queues)) {
      // 'consume' is granted by the SQS event source below (ReceiveMessage, DeleteMessage, ...).
      if (access === 'send') this.grantSend(lookup(props.queues, 'queue', name).queue);
    }
    for (const source of def.events) {
      if (source.kind === 'sqs')
        this.addSqsSource(lookup(props.queues, 'queue', source.queue), source, settings);
      if (source.kind === 'dynamodb-stream')
        this.addStreamSource(lookup(props.tables, 'table', source.table), source);
      // HTTP routes are attached by the stack's HTTP API.
    }
  }

  /**
   * Active X-Ray tracing. Set on the L1 function rather than with the `tracing` prop, because the prop adds
   * the X-Ray statement (Resource "*") to the role's default policy next to the data permissions. Here it
   * lives in its own policy, so the wildcard acknowledgement covers those two actions and nothing else.
   */
  private enableActiveTracing(): void {
    const cfn = this.function.node.defaultChild as lambda.CfnFunction;
    cfn.tracingConfig = { mode: lambda.Tracing.ACTIVE };
    const policy = new iam.Policy(this, 'TracingPolicy', {
      roles: [this.role],
      statements: [
        new iam.PolicyStatement({
          sid: 'XRayWrite',
          actions: [...XRAY_ACTIONS],
          resources: ['*'],
        }),
      ],
    });
    this.function.node.addDependency(policy);
    acknowledge(policy, 'AwsSolutions-IAM5[Resource::*]', REASONS.xrayResourceStar);
  }

  private grantKms(actions: readonly string[]): void {
    const missing = actions.filter((a) => !this.kmsActionsGranted.has(a));
    if (missing.length === 0) return;
    for (const a of missing) this.kmsActionsGranted.add(a);
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: missing, resources: [this.key.keyArn] }),
    );
  }

  /**
   * The table's declared operations on the table ARN, and dynamodb:Query on each declared index ARN
   * (named one by one, so no `index/*` wildcard). Two statements, so a Query on an index does not also
   * allow a Query on the table, nor a write on the table a write on anything else.
   */
  private grantTable({ def, table }: TableResource, access: TableAccess): void {
    const stem = pascalCase(def.name);
    if (access.operations.length > 0)
      this.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          sid: `${stem}Table`,
          actions: tableActions(access),
          resources: [table.tableArn],
        }),
      );
    const indexes = access.indexes ?? [];
    if (indexes.length > 0)
      this.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          sid: `${stem}Indexes`,
          actions: [...INDEX_ACTIONS],
          resources: indexes.map((index) => `${table.tableArn}/index/${index}`),
        }),
      );
    this.grantKms(writesTable(access) ? KMS_ENCRYPT_DECRYPT : KMS_DECRYPT);
  }

  private grantSend(queue: sqs.IQueue): void {
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: [...QUEUE_SEND_ACTIONS.send], resources: [queue.queueArn] }),
    );
    this.grantKms(KMS_SQS_PRODUCER);
  }

  private addSqsSource(
    { queue }: QueueResource,
    source: SqsSourceDefinition,
    settings: PipelineSettings,
  ): void {
    // SqsEventSource grants ReceiveMessage, ChangeMessageVisibility, DeleteMessage, GetQueueAttributes,
    // GetQueueUrl on this queue and kms:Decrypt on its key: no wildcards, so it is used as is.
    this.function.addEventSource(
      new SqsEventSource(queue, {
        batchSize: source.batchSize,
        ...(source.maxBatchingWindowSeconds > 0
          ? { maxBatchingWindow: Duration.seconds(source.maxBatchingWindowSeconds) }
          : {}),
        reportBatchItemFailures: source.reportBatchItemFailures,
        maxConcurrency: sqsMaxConcurrencyFor(settings, source.queue),
      }),
    );
  }

  /**
   * A DynamoDB stream source through a plain EventSourceMapping with explicit permissions. CDK's
   * DynamoEventSource would grant dynamodb:ListStreams on "*" and, for the on-failure queue,
   * kms:ReEncrypt* / kms:GenerateDataKey*; here every permission names this table's stream, the failure
   * queue and the key.
   */
  private addStreamSource({ def, table }: TableResource, source: StreamSourceDefinition): void {
    const streamArn = table.tableStreamArn;
    if (!streamArn) throw new Error(`Table "${def.name}" has no stream for ${this.def.name} to read`);
    const stem = pascalCase(def.name);

    const failureQueue = encryptedQueue(this, `${stem}StreamFailures`, {
      key: this.key,
      retention: Duration.days(14),
    });
    acknowledge(failureQueue, 'AwsSolutions-SQS3', REASONS.streamFailureQueueIsTerminal);
    this.streamFailureQueues.set(def.name, failureQueue);

    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: [...STREAM_READ_ACTIONS], resources: [streamArn] }),
    );
    this.grantKms(KMS_DECRYPT);
    this.grantSend(failureQueue);

    const listPolicy = new iam.Policy(this, `${stem}StreamListPolicy`, {
      roles: [this.role],
      statements: [
        new iam.PolicyStatement({
          sid: 'ListOwnTableStreams',
          actions: [...STREAM_LIST_ACTIONS],
          resources: [`${table.tableArn}/stream/*`],
        }),
      ],
    });
    const tableLogicalId = table.stack.resolve(
      (table.node.defaultChild as dynamodb.CfnTable).logicalId,
    ) as string;
    acknowledge(
      listPolicy,
      `AwsSolutions-IAM5[Resource::<${tableLogicalId}.Arn>/stream/*]`,
      REASONS.streamArnWildcard,
    );

    const mapping = new lambda.EventSourceMapping(this, `${stem}StreamSource`, {
      target: this.function,
      eventSourceArn: streamArn,
      startingPosition: lambda.StartingPosition.TRIM_HORIZON,
      batchSize: source.batchSize,
      ...(source.maxBatchingWindowSeconds > 0
        ? { maxBatchingWindow: Duration.seconds(source.maxBatchingWindowSeconds) }
        : {}),
      retryAttempts: source.retryAttempts,
      bisectBatchOnError: true,
      reportBatchItemFailures: source.reportBatchItemFailures,
      onFailure: { bind: () => ({ destination: failureQueue.queueArn }) },
    });
    // Lambda checks the role's permissions when it creates the mapping.
    mapping.node.addDependency(this.role, listPolicy);
  }
}

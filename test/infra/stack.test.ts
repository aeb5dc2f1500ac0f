/**
 * Template assertions for the pipeline stack, driven by infra/definitions.ts: every table, queue, function,
 * event source and route of the definitions is checked, so a resource added there is covered here too.
 */
import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableActions } from '#cdk/access.js';
import { archiveEnvironment } from '#cdk/archive-access.js';
import { STACK_NAME, stackNameFor } from '#cdk/create-app.js';
import { SHREDDING_KEY_TABLES } from '#cdk/data-stores.js';
import { DEFAULT_ENVIRONMENT } from '#cdk/environments.js';
import { ACCESS_LOG_FORMAT } from '#cdk/http-api.js';
import { METRICS_NAMESPACE } from '#cdk/monitoring.js';
import { settingsEnvironment } from '#cdk/settings.js';
import { app as definition } from '#infra/definitions.js';
import {
  actionsOnTable,
  asArray,
  indexNamesGranted,
  type Json,
  logicalId,
  roleStatements,
  SYNTH_TIMEOUT_MS,
  type Synthesized,
  synthesize,
} from './support.js';

let synth: Synthesized;
let resources: Record<string, Json>;

beforeAll(() => {
  synth = synthesize({ bundle: false });
  resources = synth.template.toJSON().Resources;
}, SYNTH_TIMEOUT_MS);

afterAll(() => synth?.cleanup());

const resourcesOfType = (type: string): [string, Json][] =>
  Object.entries(resources).filter(([, r]) => r.Type === type);

const tableId = (name: string): string => {
  const table = synth.stack.tables.get(name);
  if (!table) throw new Error(`stack has no table ${name}`);
  return logicalId(table);
};
const queueId = (name: string): string => {
  const queue = synth.stack.queues.get(name);
  if (!queue) throw new Error(`stack has no queue ${name}`);
  return logicalId(queue);
};
const dlqId = (name: string): string => {
  const dlq = synth.stack.deadLetterQueues.get(name);
  if (!dlq) throw new Error(`stack has no dead-letter queue for ${name}`);
  return logicalId(dlq);
};
const pipelineFunction = (name: string) => {
  const fn = synth.stack.functions.get(name);
  if (!fn) throw new Error(`stack has no function ${name}`);
  return fn;
};
const keyRef = (): Json => ({ 'Fn::GetAtt': [logicalId(synth.stack.dataKey), 'Arn'] });

describe('stack', () => {
  it('is named OfferPipeline-<environment> (dev by default) and is account- and region-agnostic', () => {
    expect(synth.stack.node.id).toBe(STACK_NAME);
    expect(synth.stack.environmentName).toBe(DEFAULT_ENVIRONMENT);
    expect(synth.stack.stackName).toBe(stackNameFor(DEFAULT_ENVIRONMENT));
    expect(synth.stack.environment).toBe('aws://unknown-account/unknown-region');
  });

  it('has three customer-managed KMS keys (data, operations, archive) with rotation, kept when the stack goes', () => {
    synth.template.resourceCountIs('AWS::KMS::Key', 3);
    for (const key of [synth.stack.dataKey, synth.stack.operationsKey, synth.stack.archive.key]) {
      const resource = resources[logicalId(key)];
      expect(resource.Properties.EnableKeyRotation).toBe(true);
      expect(resource.DeletionPolicy).toBe('Retain');
      expect(resource.UpdateReplacePolicy).toBe('Retain');
    }
  });
});

describe('tables', () => {
  it('has exactly the tables of the definitions', () => {
    synth.template.resourceCountIs('AWS::DynamoDB::Table', definition.tables.length);
  });

  for (const def of definition.tables) {
    describe(def.name, () => {
      it('has the keys, indexes, TTL and stream of its definition, on demand', () => {
        const table = resources[tableId(def.name)];
        const p = table.Properties;
        expect(p.BillingMode).toBe('PAY_PER_REQUEST');
        expect(p.KeySchema).toEqual([
          { AttributeName: def.partitionKey.name, KeyType: 'HASH' },
          ...(def.sortKey ? [{ AttributeName: def.sortKey.name, KeyType: 'RANGE' }] : []),
        ]);
        const keys = [
          def.partitionKey,
          def.sortKey,
          ...(def.globalIndexes ?? []).flatMap((i) => [i.partitionKey, i.sortKey]),
        ];
        for (const key of keys) {
          if (key)
            expect(p.AttributeDefinitions).toContainEqual({
              AttributeName: key.name,
              AttributeType: key.type,
            });
        }
        expect(p.GlobalSecondaryIndexes ?? []).toEqual(
          (def.globalIndexes ?? []).map((index) => ({
            IndexName: index.indexName,
            KeySchema: [
              { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
              ...(index.sortKey ? [{ AttributeName: index.sortKey.name, KeyType: 'RANGE' }] : []),
            ],
            Projection: { ProjectionType: index.projection },
          })),
        );
        expect(p.TimeToLiveSpecification).toEqual(
          def.ttlAttribute ? { AttributeName: def.ttlAttribute, Enabled: true } : undefined,
        );
        expect(p.StreamSpecification).toEqual(def.stream ? { StreamViewType: def.stream } : undefined);
      });

      it('is encrypted with the stack key', () => {
        expect(resources[tableId(def.name)].Properties.SSESpecification).toEqual({
          SSEEnabled: true,
          SSEType: 'KMS',
          KMSMasterKeyId: keyRef(),
        });
      });

      // Except the crypto-shredding keys: a restore would undo erasures (archive.test.ts checks them).
      if ((def.holdsCustomerData || def.retained) && !SHREDDING_KEY_TABLES.includes(def.name)) {
        it('holds customer data or is retained: PITR, deletion protection, retained on delete and replace', () => {
          const table = resources[tableId(def.name)];
          expect(table.Properties.PointInTimeRecoverySpecification).toEqual({
            PointInTimeRecoveryEnabled: true,
          });
          expect(table.Properties.DeletionProtectionEnabled).toBe(true);
          expect(table.DeletionPolicy).toBe('Retain');
          expect(table.UpdateReplacePolicy).toBe('Retain');
        });
      }

      it('has its name as a stack output', () => {
        synth.template.hasOutput('*', { Value: { Ref: tableId(def.name) } });
      });
    });
  }
});

describe('the catalog table', () => {
  const catalog = () => resources[tableId('catalog')];
  const tags = (): Record<string, string> =>
    Object.fromEntries(
      (catalog().Properties.Tags as Array<{ Key: string; Value: string }>).map((t) => [t.Key, t.Value]),
    );

  it('keeps approvals as evidence: PITR, deletion protection, retained, KMS with the stack key, no TTL', () => {
    const table = catalog();
    expect(table.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(table.Properties.DeletionProtectionEnabled).toBe(true);
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.UpdateReplacePolicy).toBe('Retain');
    expect(table.Properties.SSESpecification).toEqual({
      SSEEnabled: true,
      SSEType: 'KMS',
      KMSMasterKeyId: keyRef(),
    });
    expect(table.Properties.TimeToLiveSpecification).toBeUndefined();
  });

  it('is declared and tagged as holding no customer data, yet keeps PITR without an acknowledgement', () => {
    const def = definition.tables.find((t) => t.name === 'catalog');
    expect(def?.holdsCustomerData).toBe(false);
    expect(def?.purpose).toMatch(/no customer data/i);
    expect(tags()['offer-pipeline:customer-data']).toBe('false');
  });

  it('keys items by pk/sk and lists versions through the sparse versions index', () => {
    const p = catalog().Properties;
    expect(p.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect(p.GlobalSecondaryIndexes).toEqual([
      {
        IndexName: 'versions',
        KeySchema: [
          { AttributeName: 'listing', KeyType: 'HASH' },
          { AttributeName: 'itemVersion', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ]);
  });
});

describe('queues', () => {
  it('has each queue of the definitions, its DLQ, and the stream failure queues, nothing else', () => {
    const streamSources = definition.functions.flatMap((f) =>
      f.events.filter((e) => e.kind === 'dynamodb-stream'),
    );
    synth.template.resourceCountIs('AWS::SQS::Queue', definition.queues.length * 2 + streamSources.length);
  });

  it('encrypts every queue with the stack key and denies every non-TLS request', () => {
    const policies = resourcesOfType('AWS::SQS::QueuePolicy').map(([, p]) => p.Properties);
    for (const [id, queue] of resourcesOfType('AWS::SQS::Queue')) {
      expect(queue.Properties.KmsMasterKeyId, id).toEqual(keyRef());
      const policy = policies.find((p) => p.Queues.some((q: Json) => q.Ref === id));
      expect(policy, `${id} has a queue policy`).toBeDefined();
      expect(policy.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Action: 'sqs:*',
          Principal: { AWS: '*' },
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      );
    }
  });

  for (const def of definition.queues) {
    it(`${def.name}: retention, visibility timeout and a DLQ with maxReceiveCount ${def.deadLetter.maxReceiveCount}`, () => {
      const queue = resources[queueId(def.name)].Properties;
      const dlqLogicalId = dlqId(def.name);
      expect(queue.MessageRetentionPeriod).toBe(def.retentionDays * 86_400);
      expect(queue.VisibilityTimeout).toBe(def.visibilityTimeoutSeconds);
      expect(queue.RedrivePolicy).toEqual({
        deadLetterTargetArn: { 'Fn::GetAtt': [dlqLogicalId, 'Arn'] },
        maxReceiveCount: def.deadLetter.maxReceiveCount,
      });
      expect(resources[dlqLogicalId].Properties.MessageRetentionPeriod).toBe(
        def.deadLetter.retentionDays * 86_400,
      );
      synth.template.hasOutput('*', { Value: { Ref: queueId(def.name) } });
      synth.template.hasOutput('*', { Value: { Ref: dlqLogicalId } });
    });
  }
});

describe('functions', () => {
  it('has exactly the functions of the definitions', () => {
    synth.template.resourceCountIs('AWS::Lambda::Function', definition.functions.length);
  });

  it('runs every function on nodejs22.x, arm64, with active tracing and JSON logs', () => {
    for (const [id, fn] of resourcesOfType('AWS::Lambda::Function')) {
      expect(fn.Properties.Runtime, id).toBe('nodejs22.x');
      expect(fn.Properties.Architectures, id).toEqual(['arm64']);
      expect(fn.Properties.TracingConfig, id).toEqual({ Mode: 'Active' });
      expect(fn.Properties.LoggingConfig.LogFormat, id).toBe('JSON');
    }
  });

  it('gives every role no AWS managed policy', () => {
    for (const [id, role] of resourcesOfType('AWS::IAM::Role'))
      expect(role.Properties.ManagedPolicyArns, id).toBeUndefined();
  });

  it("sets the environment's retention and the operations key on every log group", () => {
    const groups = resourcesOfType('AWS::Logs::LogGroup');
    // One per function and the API access log: nothing logs to a group without retention or key.
    expect(groups.length).toBe(definition.functions.length + 1);
    for (const [id, group] of groups) {
      expect(group.Properties.RetentionInDays, id).toBe(synth.stack.settings.logRetentionDays);
      expect(group.Properties.KmsKeyId, id).toEqual({
        'Fn::GetAtt': [logicalId(synth.stack.operationsKey), 'Arn'],
      });
    }
  });

  for (const def of definition.functions) {
    describe(def.name, () => {
      it('has the timeout, memory and handler of its definition and its own log group', () => {
        const fn = pipelineFunction(def.name);
        const p = resources[logicalId(fn.function)].Properties;
        expect(p.Timeout).toBe(def.timeoutSeconds);
        expect(p.MemorySize).toBe(def.memoryMb);
        expect(p.Handler).toBe(`index.${def.handler}`);
        expect(p.LoggingConfig.LogGroup).toEqual({ Ref: logicalId(fn.logGroup) });
      });

      it('receives the names of its tables, the URLs of its queues and its configuration', () => {
        const fn = pipelineFunction(def.name);
        const env = resources[logicalId(fn.function)].Properties.Environment.Variables;
        const configured = settingsEnvironment(synth.stack.settings);
        const expected: Record<string, Json> = {
          ...Object.fromEntries(
            Object.entries(def.environment).map(([key, value]) => [key, configured[key] ?? value]),
          ),
          // The archive's names (tokens resolved as the template has them).
          ...Object.fromEntries(
            Object.entries(def.archive ? archiveEnvironment(synth.stack.archive, def.archive) : {}).map(
              ([key, value]) => [key, synth.stack.resolve(value)],
            ),
          ),
          POWERTOOLS_SERVICE_NAME: def.name,
          POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        };
        for (const table of Object.keys(def.tables)) {
          const tableDef = definition.tables.find((t) => t.name === table);
          if (tableDef) expected[tableDef.envVar] = { Ref: tableId(table) };
        }
        for (const queue of Object.keys(def.queues)) {
          const queueDef = definition.queues.find((q) => q.name === queue);
          if (queueDef) expected[queueDef.envVar] = { Ref: queueId(queue) };
        }
        expect(env).toEqual(expected);
      });

      it('may do on each table exactly the operations it declares, Query on its indexes, nothing else', () => {
        const fn = pipelineFunction(def.name);
        const statements = roleStatements(synth.template, logicalId(fn.role));
        for (const table of definition.tables) {
          const access = def.tables[table.name];
          const granted = actionsOnTable(statements, tableId(table.name));
          expect([...granted.table].sort(), `${def.name} on ${table.name}`).toEqual(
            access ? tableActions(access).sort() : [],
          );
          const indexes = [...(access?.indexes ?? [])];
          expect([...indexNamesGranted(statements, tableId(table.name))].sort()).toEqual(indexes.sort());
          expect([...granted.index]).toEqual(indexes.length > 0 ? ['dynamodb:Query'] : []);
        }
      });

      it('uses no wildcard action, and Resource "*" only for X-Ray', () => {
        const fn = pipelineFunction(def.name);
        for (const statement of roleStatements(synth.template, logicalId(fn.role))) {
          for (const action of asArray(statement.Action)) expect(action).not.toContain('*');
          if (asArray(statement.Resource).includes('*')) {
            for (const action of asArray(statement.Action)) expect(action).toMatch(/^xray:/);
          }
        }
      });
    });
  }
});

describe('event sources', () => {
  const mappings = (): Json[] =>
    resourcesOfType('AWS::Lambda::EventSourceMapping').map(([, m]) => m.Properties);

  it('every mapping batches with a window and reports batch item failures; SQS ones cap concurrency', () => {
    const all = mappings();
    expect(all.length).toBe(
      definition.functions.flatMap((f) => f.events.filter((e) => e.kind !== 'http')).length,
    );
    for (const mapping of all) {
      const source = JSON.stringify(mapping.EventSourceArn);
      expect(mapping.FunctionResponseTypes, source).toEqual(['ReportBatchItemFailures']);
      expect(mapping.MaximumBatchingWindowInSeconds, source).toBeGreaterThanOrEqual(1);
      expect(mapping.BatchSize, source).toBeGreaterThan(1);
      if (source.includes('StreamArn')) continue;
      expect(mapping.ScalingConfig.MaximumConcurrency, source).toBeGreaterThanOrEqual(2);
      expect(mapping.ScalingConfig.MaximumConcurrency, source).toBeLessThanOrEqual(1000);
    }
  });

  for (const fn of definition.functions) {
    for (const source of fn.events) {
      if (source.kind === 'sqs') {
        it(`${fn.name} consumes ${source.queue}: batch ${source.batchSize}, partial batch responses, bounded concurrency`, () => {
          const mapping = mappings().find(
            (m) =>
              JSON.stringify(m.EventSourceArn) ===
              JSON.stringify({ 'Fn::GetAtt': [queueId(source.queue), 'Arn'] }),
          );
          expect(mapping).toMatchObject({
            FunctionName: { Ref: logicalId(pipelineFunction(fn.name).function) },
            BatchSize: source.batchSize,
            FunctionResponseTypes: ['ReportBatchItemFailures'],
            ScalingConfig: {
              MaximumConcurrency:
                synth.stack.settings.sqsMaxConcurrencyByQueue[source.queue] ??
                synth.stack.settings.sqsMaxConcurrency,
            },
            ...(source.maxBatchingWindowSeconds > 0
              ? { MaximumBatchingWindowInSeconds: source.maxBatchingWindowSeconds }
              : {}),
          });
        });
      }
      if (source.kind === 'dynamodb-stream') {
        it(`${fn.name} reads the ${source.table} stream from TRIM_HORIZON with retries, bisection and a failure queue`, () => {
          const pf = pipelineFunction(fn.name);
          const failureQueue = pf.streamFailureQueues.get(source.table);
          if (!failureQueue) throw new Error(`${fn.name} has no failure queue for ${source.table}`);
          const mapping = mappings().find(
            (m) =>
              JSON.stringify(m.EventSourceArn) ===
              JSON.stringify({ 'Fn::GetAtt': [tableId(source.table), 'StreamArn'] }),
          );
          expect(mapping).toMatchObject({
            FunctionName: { Ref: logicalId(pf.function) },
            StartingPosition: 'TRIM_HORIZON',
            BatchSize: source.batchSize,
            MaximumRetryAttempts: source.retryAttempts,
            BisectBatchOnFunctionError: true,
            FunctionResponseTypes: ['ReportBatchItemFailures'],
            DestinationConfig: {
              OnFailure: { Destination: { 'Fn::GetAtt': [logicalId(failureQueue), 'Arn'] } },
            },
          });
          const statements = roleStatements(synth.template, logicalId(pf.role));
          expect([...actionsOnTable(statements, tableId(source.table)).stream].sort()).toEqual([
            'dynamodb:DescribeStream',
            'dynamodb:GetRecords',
            'dynamodb:GetShardIterator',
            'dynamodb:ListStreams',
          ]);
        });
      }
    }
  }
});

describe('HTTP API', () => {
  const routes = definition.functions.flatMap((f) =>
    f.events.flatMap((e) => (e.kind === 'http' ? [{ fn: f.name, key: `${e.method} ${e.path}` }] : [])),
  );

  it('has one route per HTTP event source and a $default route, each requiring IAM authorization', () => {
    const found = resourcesOfType('AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties);
    expect(found.map((r) => r.RouteKey).sort()).toEqual([...routes.map((r) => r.key), '$default'].sort());
    for (const route of found) expect(route.AuthorizationType, route.RouteKey).toBe('AWS_IAM');
  });

  it('sends unknown routes ($default) to the health function, whose role may touch no data', () => {
    const integrationOf = (key: string) =>
      resourcesOfType('AWS::ApiGatewayV2::Route').find(([, r]) => r.Properties.RouteKey === key)?.[1]
        .Properties.Target;
    const target = integrationOf('$default');
    expect(target).toBeDefined();
    // The same integration as GET /health: the health function, nothing new.
    expect(target).toEqual(integrationOf('GET /health'));
    const health = synth.stack.functions.get('health');
    if (!health) throw new Error('no health function');
    const lambda = resourcesOfType('AWS::Lambda::Function').find(([id]) => id === logicalId(health.function));
    const roleId = String(lambda?.[1].Properties.Role['Fn::GetAtt'][0]);
    expect(roleId).not.toBe('undefined');
    const policies = resourcesOfType('AWS::IAM::Policy').filter(([, p]) =>
      JSON.stringify(p.Properties.Roles).includes(roleId),
    );
    const actions = policies.flatMap(([, p]) =>
      (p.Properties.PolicyDocument.Statement as Array<{ Action: string | string[] }>).flatMap((st) =>
        Array.isArray(st.Action) ? st.Action : [st.Action],
      ),
    );
    expect(actions.filter((a) => /^(dynamodb|sqs|kms):/.test(a))).toEqual([]);
  });

  it('logs access as JSON without request paths (they carry customer ids), with throttling', () => {
    synth.template.resourceCountIs('AWS::ApiGatewayV2::Stage', 1);
    const [, stage] = resourcesOfType('AWS::ApiGatewayV2::Stage')[0] ?? [];
    expect(stage.Properties.StageName).toBe('$default');
    const api = synth.stack.httpApi;
    if (!api) throw new Error('stack has no HTTP API');
    expect(stage.Properties.AccessLogSettings.DestinationArn).toEqual({
      'Fn::GetAtt': [logicalId(api.accessLogs), 'Arn'],
    });
    expect(stage.Properties.AccessLogSettings.Format).toBe(ACCESS_LOG_FORMAT);
    expect(JSON.parse(stage.Properties.AccessLogSettings.Format)).toHaveProperty(
      'requestId',
      '$context.requestId',
    );
    expect(ACCESS_LOG_FORMAT).not.toMatch(/\$context\.(path|http\.path|resourcePath)\b/);
    expect(stage.Properties.DefaultRouteSettings).toEqual({
      ThrottlingRateLimit: synth.stack.settings.apiThrottle.rateLimit,
      ThrottlingBurstLimit: synth.stack.settings.apiThrottle.burstLimit,
    });
  });

  it('outputs the API URL', () => {
    synth.template.hasOutput('HttpApiUrl', { Value: Match.anyValue() });
  });
});

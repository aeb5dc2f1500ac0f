/**
 * The stack is generated from the definitions: a table, queue, function and route added to an
 * AppDefinition appear in the template with no other edit, with their permissions and cdk-nag
 * acknowledgements derived from the definition as well.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppDefinition, app } from '#infra/definitions.js';
import {
  actionsOnTable,
  logicalId,
  roleStatements,
  SYNTH_TIMEOUT_MS,
  type Synthesized,
  synthesize,
} from './support.js';

const extended: AppDefinition = {
  tables: [
    ...app.tables,
    {
      name: 'experiment-results',
      envVar: 'EXPERIMENT_RESULTS_TABLE',
      purpose: 'Derived experiment statistics, rebuildable from the audit table',
      partitionKey: { name: 'experimentId', type: 'S' },
      sortKey: { name: 'day', type: 'N' },
      globalIndexes: [
        { indexName: 'byDay', partitionKey: { name: 'day', type: 'N' }, projection: 'KEYS_ONLY' },
      ],
      holdsCustomerData: false,
    },
  ],
  queues: [
    ...app.queues,
    {
      name: 'experiment-events',
      envVar: 'EXPERIMENT_EVENTS_QUEUE_URL',
      purpose: 'Experiment exposure events',
      visibilityTimeoutSeconds: 60,
      retentionDays: 2,
      deadLetter: { maxReceiveCount: 3, retentionDays: 7 },
    },
  ],
  functions: [
    ...app.functions,
    {
      name: 'record-experiments',
      purpose: 'Records experiment exposures',
      entry: 'functions/health/handler.ts',
      handler: 'handler',
      timeoutSeconds: 10,
      memoryMb: 256,
      tables: {
        'experiment-results': { operations: ['GetItem', 'PutItem', 'UpdateItem'], indexes: ['byDay'] },
      },
      queues: { 'experiment-events': 'consume' },
      environment: { EXPERIMENTS: 'on' },
      events: [
        {
          kind: 'sqs',
          queue: 'experiment-events',
          batchSize: 5,
          maxBatchingWindowSeconds: 0,
          reportBatchItemFailures: true,
        },
        { kind: 'http', method: 'POST', path: '/experiments/{experimentId}', audience: 'operator' },
      ],
    },
  ],
};

let synth: Synthesized;

beforeAll(() => {
  synth = synthesize({ bundle: false, stackProps: { definition: extended } });
}, SYNTH_TIMEOUT_MS);

afterAll(() => synth?.cleanup());

describe('a definition with one more table, queue and function', () => {
  it('adds the table, without PITR or retention since it holds no customer data', () => {
    const table = synth.stack.tables.get('experiment-results');
    if (!table) throw new Error('table missing');
    const resource = synth.template.toJSON().Resources[logicalId(table)];
    expect(resource.Properties.KeySchema).toEqual([
      { AttributeName: 'experimentId', KeyType: 'HASH' },
      { AttributeName: 'day', KeyType: 'RANGE' },
    ]);
    expect(resource.Properties.GlobalSecondaryIndexes[0].IndexName).toBe('byDay');
    expect(resource.Properties.PointInTimeRecoverySpecification).toEqual({
      PointInTimeRecoveryEnabled: false,
    });
    expect(resource.DeletionPolicy).toBe('Delete');
  });

  it('adds the queue with its DLQ, the function with its SQS source, and the route', () => {
    synth.template.resourceCountIs('AWS::DynamoDB::Table', extended.tables.length);
    synth.template.resourceCountIs('AWS::Lambda::Function', extended.functions.length);
    const fn = synth.stack.functions.get('record-experiments');
    const queue = synth.stack.queues.get('experiment-events');
    if (!fn || !queue) throw new Error('function or queue missing');
    synth.template.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: { maxReceiveCount: 3 },
    });
    synth.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [logicalId(queue), 'Arn'] },
      FunctionName: { Ref: logicalId(fn.function) },
      BatchSize: 5,
    });
    synth.template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'POST /experiments/{experimentId}',
      AuthorizationType: 'AWS_IAM',
    });
    const table = synth.stack.tables.get('experiment-results');
    if (!table) throw new Error('table missing');
    const granted = actionsOnTable(roleStatements(synth.template, logicalId(fn.role)), logicalId(table));
    expect([...granted.table].sort()).toEqual([
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
    ]);
    expect([...granted.index]).toEqual(['dynamodb:Query']);
  });

  it('still synthesises with no open cdk-nag finding (acknowledgements follow the definition)', () => {
    const report = JSON.parse(
      readFileSync(path.join(synth.assembly.directory, 'validation-report.json'), 'utf8'),
    );
    for (const plugin of report.pluginReports) expect(plugin.violations).toEqual([]);
    const suppressed = report.pluginReports.flatMap(
      (r: { suppressedViolations?: { ruleName: string }[] }) => r.suppressedViolations ?? [],
    );
    expect(suppressed.map((s: { ruleName: string }) => s.ruleName)).toContain('AwsSolutions-DDB3');
  });
});

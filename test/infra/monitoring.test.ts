/**
 * Issue 6, operations: alarms (every DLQ and stream failure queue, payment backlog, Lambda errors and
 * throttles, DynamoDB throttles and system errors, outbox lag), their encrypted TLS-only topic, and the
 * dashboard of decisions per outcome and reason from the handlers' Powertools metrics.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DECIDING_FUNCTION,
  METRICS_NAMESPACE,
  PAYMENT_EVENTS_QUEUE,
  SERVICE_DIMENSION,
  tableOperations,
} from '#cdk/monitoring.js';
import { OUTCOMES, REASONS } from '#core/decision.js';
import { EMITTED_METRICS } from '#functions/handler-kit/metric-names.js';
import { METRICS_NAMESPACE as HANDLER_NAMESPACE } from '#functions/handler-kit/powertools.js';
import { evaluatePayments } from '#infra/definitions/functions.js';
import { app as definition, dlqName } from '#infra/definitions.js';
import {
  type DashboardMetric,
  dashboardMetrics,
  type Json,
  logicalId,
  SYNTH_TIMEOUT_MS,
  type Synthesized,
  synthesize,
} from './support.js';

let synth: Synthesized;
let resources: Record<string, Json>;
let metrics: DashboardMetric[];

beforeAll(() => {
  synth = synthesize({ bundle: false });
  resources = synth.template.toJSON().Resources;
  metrics = dashboardMetrics(synth.template);
}, SYNTH_TIMEOUT_MS);

afterAll(() => synth?.cleanup());

const alarms = (): [string, Json][] =>
  Object.entries(resources).filter(([, r]) => r.Type === 'AWS::CloudWatch::Alarm');

/** The alarm named `<stack>-<name>`. */
function alarm(name: string): Json {
  const full = `${synth.stack.stackName}-${name}`;
  const found = alarms().find(([, r]) => r.Properties.AlarmName === full);
  if (!found) throw new Error(`no alarm ${full}`);
  return found[1].Properties;
}

const settings = () => synth.stack.settings;
const topicRef = (): Json => ({ Ref: logicalId(synth.stack.monitoring.topic) });
const fnRef = (name: string): Json => {
  const fn = synth.stack.functions.get(name);
  if (!fn) throw new Error(`no function ${name}`);
  return { Ref: logicalId(fn.function) };
};
const tableRef = (name: string): Json => {
  const table = synth.stack.tables.get(name);
  if (!table) throw new Error(`no table ${name}`);
  return { Ref: logicalId(table) };
};

/** The functions that read the live catalog (issue 12). */
const CATALOG_READERS = ['evaluate-payments', 'banner-offer-events', 'privacy-queries'] as const;

describe('alarm topic', () => {
  it('is encrypted with the operations key and refuses publishing without TLS (cdk-nag SNS2, SNS3)', () => {
    const topic = resources[logicalId(synth.stack.monitoring.topic)];
    expect(topic.Properties.KmsMasterKeyId).toEqual({
      'Fn::GetAtt': [logicalId(synth.stack.operationsKey), 'Arn'],
    });
    const policy = Object.values(resources).find(
      (r) =>
        r.Type === 'AWS::SNS::TopicPolicy' &&
        JSON.stringify(r.Properties.Topics) === JSON.stringify([topicRef()]),
    );
    const statements: Json[] = policy?.Properties.PolicyDocument.Statement ?? [];
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Principal: '*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
    const publish = statements.find((s) => s.Principal?.Service === 'cloudwatch.amazonaws.com');
    expect(publish.Action).toBe('sns:Publish');
    expect(publish.Condition.StringEquals).toEqual({ 'aws:SourceAccount': { Ref: 'AWS::AccountId' } });
    expect(JSON.stringify(publish.Condition.ArnLike)).toContain(`:alarm:${synth.stack.stackName}-*`);
  });

  it('is an output, for subscribing the on-call channel', () => {
    synth.template.hasOutput('AlarmTopicArn', { Value: topicRef() });
  });
});

describe('alarms', () => {
  it('every alarm is named with the stack prefix, notifies the topic on ALARM and OK, and ignores silence', () => {
    expect(alarms().length).toBeGreaterThan(0);
    for (const [id, { Properties: p }] of alarms()) {
      expect(p.AlarmName, id).toMatch(new RegExp(`^${synth.stack.stackName}-`));
      expect(p.AlarmActions, id).toEqual([topicRef()]);
      expect(p.OKActions, id).toEqual([topicRef()]);
      expect(p.TreatMissingData, id).toBe('notBreaching');
      expect(p.AlarmDescription?.length, id).toBeGreaterThan(20);
    }
  });

  it('has exactly the alarms derived from the definitions', () => {
    const streamSources = definition.functions.flatMap((f) =>
      f.events.filter((e) => e.kind === 'dynamodb-stream'),
    );
    const streamFunctions = definition.functions.filter((f) =>
      f.events.some((e) => e.kind === 'dynamodb-stream'),
    );
    const expected =
      definition.queues.length + // a DLQ each
      streamSources.length + // a failure queue each
      streamFunctions.length + // iterator age: the outbox lag, or the archive lag of the archiver
      1 + // oldest payment event
      definition.functions.length * 2 + // errors + throttles
      definition.tables.length + // throttles
      // system errors, on the operations functions perform (a table no function uses has none)
      definition.tables.filter((t) => tableOperations(definition, t.name).length > 0).length +
      CATALOG_READERS.length * 2; // catalog refused + catalog unavailable
    expect(alarms().length).toBe(expected);
  });

  for (const name of CATALOG_READERS) {
    it(`${name}: any refused catalog snapshot and any call without a valid catalog alarm`, () => {
      for (const [kind, metricName] of [
        ['catalog-refused', 'catalog_snapshot_refused'],
        ['catalog-unavailable', 'catalog_unavailable'],
      ] as const) {
        expect(alarm(`${kind}-${name}`)).toMatchObject({
          Namespace: METRICS_NAMESPACE,
          MetricName: metricName,
          Dimensions: [{ Name: 'service', Value: name }],
          Statistic: 'Sum',
          Period: 300,
          Threshold: 0,
          ComparisonOperator: 'GreaterThanThreshold',
        });
      }
    });
  }

  for (const queue of definition.queues) {
    it(`any message visible in ${dlqName(queue.name)} alarms`, () => {
      const dlq = synth.stack.deadLetterQueues.get(queue.name);
      if (!dlq) throw new Error(`no DLQ for ${queue.name}`);
      expect(alarm(`dlq-${queue.name}`)).toMatchObject({
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId(dlq), 'QueueName'] } }],
        Statistic: 'Maximum',
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
        EvaluationPeriods: 1,
      });
    });
  }

  it('any message visible in a stream on-failure queue alarms, and so does the outbox lag', () => {
    for (const fn of synth.stack.functions.values()) {
      for (const [table, queue] of fn.streamFailureQueues) {
        expect(alarm(`stream-failures-${fn.def.name}-${table}`)).toMatchObject({
          MetricName: 'ApproximateNumberOfMessagesVisible',
          Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId(queue), 'QueueName'] } }],
          Threshold: 0,
          ComparisonOperator: 'GreaterThanThreshold',
        });
        // The archiver's lag alarm is the archive's own (archive.test.ts).
        if (fn.def.archive === 'write') continue;
        expect(alarm(`publisher-lag-${fn.def.name}`)).toMatchObject({
          Namespace: 'AWS/Lambda',
          MetricName: 'IteratorAge',
          Dimensions: [{ Name: 'FunctionName', Value: fnRef(fn.def.name) }],
          Statistic: 'Maximum',
          Threshold: settings().alarms.publisherLagSeconds * 1000,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        });
      }
    }
    expect(synth.stack.functions.get('publish-offers')?.streamFailureQueues.size).toBe(1);
  });

  it(`the age of the oldest ${PAYMENT_EVENTS_QUEUE} message alarms at the configured threshold`, () => {
    const queue = synth.stack.queues.get(PAYMENT_EVENTS_QUEUE);
    if (!queue) throw new Error('no payment-events queue');
    expect(alarm('oldest-payment-event')).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateAgeOfOldestMessage',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId(queue), 'QueueName'] } }],
      Statistic: 'Maximum',
      Threshold: settings().alarms.paymentEventsMaxAgeSeconds,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });

  for (const fn of definition.functions) {
    it(`${fn.name}: Lambda Errors and Throttles alarm`, () => {
      for (const [kind, metricName, threshold] of [
        ['errors', 'Errors', settings().alarms.lambdaErrorsPer5Minutes],
        ['throttles', 'Throttles', settings().alarms.lambdaThrottlesPer5Minutes],
      ] as const) {
        expect(alarm(`${kind}-${fn.name}`)).toMatchObject({
          Namespace: 'AWS/Lambda',
          MetricName: metricName,
          Dimensions: [{ Name: 'FunctionName', Value: fnRef(fn.name) }],
          Statistic: 'Sum',
          Period: 300,
          Threshold: threshold,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        });
      }
    });
  }

  for (const table of definition.tables) {
    it(`${table.name}: DynamoDB throttle events and system errors alarm`, () => {
      const throttles = alarm(`throttles-${table.name}`);
      expect(throttles.Threshold).toBe(settings().alarms.dynamodbThrottlesPer5Minutes);
      const inputs = (throttles.Metrics as Json[]).filter((m) => m.MetricStat);
      expect(inputs.map((m) => m.MetricStat.Metric.MetricName).sort()).toEqual([
        'ReadThrottleEvents',
        'WriteThrottleEvents',
      ]);
      for (const m of inputs)
        expect(m.MetricStat.Metric.Dimensions).toEqual([{ Name: 'TableName', Value: tableRef(table.name) }]);

      if (tableOperations(definition, table.name).length === 0) {
        expect(() => alarm(`system-errors-${table.name}`)).toThrow(/no alarm/);
        return;
      }
      const errors = alarm(`system-errors-${table.name}`);
      expect(errors).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
      const perOperation = (errors.Metrics as Json[]).filter((m) => m.MetricStat);
      expect(perOperation.length).toBeLessThanOrEqual(10);
      expect(
        perOperation.map(
          (m) => m.MetricStat.Metric.Dimensions.find((d: Json) => d.Name === 'Operation')?.Value as string,
        ),
      ).toEqual(tableOperations(definition, table.name));
      for (const m of perOperation) {
        expect(m.MetricStat.Metric.MetricName).toBe('SystemErrors');
        expect(m.MetricStat.Metric.Dimensions).toContainEqual({
          Name: 'TableName',
          Value: tableRef(table.name),
        });
      }
    });
  }

  it('system errors watch exactly the operations the functions declare on the table', () => {
    // Puts (alone and in transactions), privacy reads by key (Get), the erasure's BatchGet and Delete of hot
    // copies; no Query (the hot audit has no index), no Update, no BatchWriteItem: nobody may batch-write an
    // append-only table.
    // GetRecords where the archiver reads the table's stream (issue 15).
    const streamRead = (table: string): string[] =>
      definition.functions.some((f) =>
        f.events.some((e) => e.kind === 'dynamodb-stream' && e.table === table),
      )
        ? ['GetRecords']
        : [];
    expect(tableOperations(definition, 'audit').sort()).toEqual(
      [
        'BatchGetItem',
        'DeleteItem',
        'GetItem',
        'PutItem',
        'TransactWriteItems',
        ...streamRead('audit'),
      ].sort(),
    );
    expect(tableOperations(definition, 'erasure-log').sort()).toEqual(
      ['PutItem', 'TransactWriteItems', ...streamRead('erasure-log')].sort(),
    );
    expect(tableOperations(definition, 'offers')).toContain('GetRecords');
    for (const table of definition.tables)
      expect(tableOperations(definition, table.name).length, table.name).toBeLessThanOrEqual(10);
  });
});

describe('dashboard', () => {
  const decisionMetrics = () => metrics.filter((m) => m.namespace === METRICS_NAMESPACE);

  it("uses the handlers' metric namespace and service name (Powertools EMF)", () => {
    expect(METRICS_NAMESPACE).toBe(HANDLER_NAMESPACE);
    expect(DECIDING_FUNCTION).toBe(evaluatePayments.name);
  });

  it('names only metrics a handler emits, under the service that emits them', () => {
    expect(decisionMetrics().length).toBeGreaterThan(0);
    for (const m of decisionMetrics()) {
      const service = String(m.dimensions[SERVICE_DIMENSION]);
      expect(EMITTED_METRICS[service] ?? [], `${service} ${m.metricName}`).toContain(m.metricName);
    }
  });

  it('shows decisions per outcome and per reason', () => {
    const names = decisionMetrics().map((m) => m.metricName);
    for (const outcome of OUTCOMES) expect(names).toContain(`decisions_${outcome}`);
    for (const reason of REASONS) expect(names).toContain(`reason_${reason}`);
  });

  it('uses no customer, offer or event id as a dimension: only service = function name', () => {
    expect(decisionMetrics().length).toBeGreaterThan(0);
    const functionNames = definition.functions.map((f) => f.name);
    for (const m of decisionMetrics()) {
      expect(Object.keys(m.dimensions), m.metricName).toEqual([SERVICE_DIMENSION]);
      expect(functionNames).toContain(m.dimensions[SERVICE_DIMENSION]);
    }
    for (const m of metrics)
      for (const name of Object.keys(m.dimensions))
        expect(name.toLowerCase(), `${m.metricName} in "${m.widget}"`).not.toMatch(
          /customer|offer|event|decision/,
        );
  });

  it('shows the depth of every queue and DLQ, and the age of the oldest payment event', () => {
    const visible = metrics.filter((m) => m.metricName === 'ApproximateNumberOfMessagesVisible');
    const queueNames = visible.map((m) => JSON.stringify(m.dimensions.QueueName));
    for (const def of definition.queues) {
      for (const queue of [synth.stack.queues.get(def.name), synth.stack.deadLetterQueues.get(def.name)]) {
        if (!queue) throw new Error(`missing queue for ${def.name}`);
        expect(queueNames).toContain(JSON.stringify({ 'Fn::GetAtt': [logicalId(queue), 'QueueName'] }));
      }
    }
    expect(metrics.map((m) => m.metricName)).toContain('ApproximateAgeOfOldestMessage');
  });

  it('shows Lambda errors, throttles and duration per function, and DynamoDB throttles per table', () => {
    for (const fn of definition.functions) {
      for (const metricName of [
        'Errors',
        'Throttles',
        'Duration',
        ...(fn.name === 'publish-offers' ? ['IteratorAge'] : []),
      ]) {
        expect(
          metrics.some(
            (m) =>
              m.namespace === 'AWS/Lambda' &&
              m.metricName === metricName &&
              JSON.stringify(m.dimensions.FunctionName) === JSON.stringify(fnRef(fn.name)),
          ),
          `${metricName} of ${fn.name}`,
        ).toBe(true);
      }
    }
    for (const table of definition.tables) {
      for (const metricName of ['ReadThrottleEvents', 'WriteThrottleEvents', 'ConsumedWriteCapacityUnits']) {
        expect(
          metrics.some(
            (m) =>
              m.namespace === 'AWS/DynamoDB' &&
              m.metricName === metricName &&
              JSON.stringify(m.dimensions.TableName) === JSON.stringify(tableRef(table.name)),
          ),
          `${metricName} of ${table.name}`,
        ).toBe(true);
      }
    }
  });
});

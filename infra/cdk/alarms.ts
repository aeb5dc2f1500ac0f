/**
 * The alarms of the stack, generated from its resources (so a queue, table or function added to
 * infra/definitions is watched without a second edit). Each is named `<stack name>-<kind>-<resource>` and
 * notifies the alarm topic on ALARM and OK:
 * - dlq-<queue>, stream-failures-<fn>-<table>: any message visible in a dead-letter queue (`<queue>-dlq`)
 *   or in a DynamoDB stream mapping's on-failure queue;
 * - oldest-payment-event: ApproximateAgeOfOldestMessage of payment-events above the setting;
 * - errors-<fn>, throttles-<fn>: Lambda Errors and Throttles per function;
 * - throttles-<table>, system-errors-<table>: DynamoDB read+write throttle events and SystemErrors;
 * - publisher-lag-<fn>: IteratorAge of each DynamoDB stream mapping (the outbox relay's lag);
 * - catalog-refused-<fn>, catalog-unavailable-<fn>: per function that reads the live catalog, any refused
 *   (or unreadable) catalog snapshot, and any call that found no valid catalog at all (fail closed).
 */
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { EMITTED_METRICS, METRIC } from '#functions/handler-kit/metric-names.js';
import { type AppDefinition, dlqName, type TableOperation } from '#infra/definitions.js';
import { alarmNamePrefix } from './keys.js';
import { FIVE_MINUTES, PAYMENT_EVENTS_QUEUE, serviceMetric, tableThrottles } from './metrics.js';
import type { MonitoringProps } from './monitoring-props.js';

/** Creates the alarms into one scope, each notifying the topic, and keeps them by name (no stack prefix). */
export class AlarmFactory {
  readonly alarms = new Map<string, cloudwatch.Alarm>();

  constructor(
    private readonly scope: Construct,
    private readonly topic: sns.ITopic,
    private readonly stackName: string,
  ) {}

  add(
    name: string,
    metric: cloudwatch.IMetric,
    threshold: number,
    comparison: cloudwatch.ComparisonOperator,
    description: string,
    /** M of N: `datapoints` breaching periods out of the last `periods` (default 1 of 1). */
    evaluation: { readonly periods: number; readonly datapoints: number } = { periods: 1, datapoints: 1 },
  ): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this.scope, `Alarm-${name}`, {
      alarmName: `${alarmNamePrefix(this.stackName)}${name}`,
      alarmDescription: description,
      metric,
      threshold,
      comparisonOperator: comparison,
      evaluationPeriods: evaluation.periods,
      datapointsToAlarm: evaluation.datapoints,
      // Idle resources publish no data points: silence is not a problem.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    const action = new actions.SnsAction(this.topic);
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
    this.alarms.set(name, alarm);
    return alarm;
  }
}

/** Every DLQ and every stream on-failure queue: one message there is one undecided input. */
export function alarmOnDeadLetters(alarms: AlarmFactory, props: MonitoringProps): void {
  const visible = (queue: sqs.IQueue) =>
    queue.metricApproximateNumberOfMessagesVisible({
      statistic: cloudwatch.Stats.MAXIMUM,
      period: FIVE_MINUTES,
    });
  for (const def of props.definition.queues) {
    const dlq = props.deadLetterQueues.get(def.name);
    if (!dlq) continue;
    alarms.add(
      `dlq-${def.name}`,
      visible(dlq),
      0,
      cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      `Messages in ${dlqName(def.name)}: messages of ${def.name} failed ${def.deadLetter.maxReceiveCount} times ` +
        'and were not applied. Read docs/deploy.md ("Alarms") before redriving.',
    );
  }
  for (const fn of props.functions.values()) {
    for (const [table, queue] of fn.streamFailureQueues) {
      alarms.add(
        `stream-failures-${fn.def.name}-${table}`,
        visible(queue),
        0,
        cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        `${fn.def.name} gave up on a batch of the ${table} stream after its retries: the failure queue ` +
          'holds its shard and sequence numbers; those records were not processed.',
      );
    }
  }
}

export function alarmOnPaymentBacklog(alarms: AlarmFactory, props: MonitoringProps): void {
  const queue = props.queues.get(PAYMENT_EVENTS_QUEUE);
  if (!queue) return;
  const seconds = props.settings.alarms.paymentEventsMaxAgeSeconds;
  alarms.add(
    'oldest-payment-event',
    queue.metricApproximateAgeOfOldestMessage({
      statistic: cloudwatch.Stats.MAXIMUM,
      period: FIVE_MINUTES,
    }),
    seconds,
    cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    `The oldest message on ${PAYMENT_EVENTS_QUEUE} is ${seconds} s old or older: decisions lag behind ` +
      'payments (consumer errors, throttling or too little maximum concurrency).',
  );
}

export function alarmOnFunctions(alarms: AlarmFactory, props: MonitoringProps): void {
  const { lambdaErrorsPer5Minutes, lambdaThrottlesPer5Minutes, publisherLagSeconds } = props.settings.alarms;
  const atLeast = cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD;
  for (const fn of props.functions.values()) {
    const name = fn.def.name;
    alarms.add(
      `errors-${name}`,
      fn.function.metricErrors({ statistic: cloudwatch.Stats.SUM, period: FIVE_MINUTES }),
      lambdaErrorsPer5Minutes,
      atLeast,
      `${name}: ${lambdaErrorsPer5Minutes} or more invocations failed as a whole in 5 minutes ` +
        '(partial batch failures are retried per message and do not count here).',
    );
    alarms.add(
      `throttles-${name}`,
      fn.function.metricThrottles({ statistic: cloudwatch.Stats.SUM, period: FIVE_MINUTES }),
      lambdaThrottlesPer5Minutes,
      atLeast,
      `${name}: ${lambdaThrottlesPer5Minutes} or more invocations throttled in 5 minutes (account or ` +
        'reserved concurrency exhausted).',
    );
    // The archiver's lag has an alarm of its own (./archive-monitoring.ts).
    if (fn.def.archive !== 'write' && fn.def.events.some((e) => e.kind === 'dynamodb-stream')) {
      alarms.add(
        `publisher-lag-${name}`,
        fn.function.metric('IteratorAge', { statistic: cloudwatch.Stats.MAXIMUM, period: FIVE_MINUTES }),
        publisherLagSeconds * 1000,
        atLeast,
        `${name}: stream records are ${publisherLagSeconds} s old or older when processed (IteratorAge): ` +
          'committed offers are published late (outbox lag).',
      );
    }
    if (EMITTED_METRICS[name]?.includes(METRIC.catalogUnavailable)) alarmOnCatalog(alarms, name);
  }
}

/** A function that reads the live catalog (functions/handler-kit/catalog-source.ts). */
function alarmOnCatalog(alarms: AlarmFactory, name: string): void {
  const count = (metricName: string) => serviceMetric(name, metricName);
  alarms.add(
    `catalog-refused-${name}`,
    count(METRIC.catalogSnapshotRefused),
    0,
    cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    `${name}: a catalog snapshot failed validation or lint, was ambiguous, or could not be read; it was not ` +
      'used (the last good catalog stays in use). The function log names the problems.',
  );
  alarms.add(
    `catalog-unavailable-${name}`,
    count(METRIC.catalogUnavailable),
    0,
    cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    `${name}: no valid catalog at all (none live, or every read refused): it fails closed, payments are ` +
      'retried and then dead-lettered, requests answered 503. Activate a valid catalog.',
  );
}

export function alarmOnTables(alarms: AlarmFactory, props: MonitoringProps): void {
  const threshold = props.settings.alarms.dynamodbThrottlesPer5Minutes;
  for (const def of props.definition.tables) {
    const table = props.tables.get(def.name);
    if (!table) continue;
    alarms.add(
      `throttles-${def.name}`,
      tableThrottles(table, 0, 'throttled requests'),
      threshold,
      cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      `${def.name}: ${threshold} or more throttled reads or writes in 5 minutes (a hot partition, or the ` +
        "table's on-demand throughput limit).",
    );
    const operations = tableOperations(props.definition, def.name);
    if (operations.length === 0) continue;
    alarms.add(
      `system-errors-${def.name}`,
      tableSystemErrors(table, operations),
      0,
      cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      `${def.name}: DynamoDB returned HTTP 500 errors (SystemErrors) for ${operations.join(', ')}.`,
    );
  }
}

/**
 * The `Operation` dimension values of SystemErrors that a declared operation shows up under. A
 * ConditionCheckItem exists only inside TransactWriteItems; Put, Update and Delete may be sent alone or as
 * transaction items, so both are watched (a metric that stays empty costs nothing).
 */
function metricOperations(operation: TableOperation): string[] {
  if (operation === 'ConditionCheckItem') return ['TransactWriteItems'];
  if (operation === 'PutItem' || operation === 'UpdateItem' || operation === 'DeleteItem')
    return [operation, 'TransactWriteItems'];
  return [operation];
}

/**
 * The operations the functions perform on `table`, from their declared operations (index queries are
 * Query), plus GetRecords for a stream reader: at most 10, the metrics a CloudWatch alarm on metric math
 * may use (a template test checks every table stays within it).
 */
export function tableOperations(definition: AppDefinition, table: string): string[] {
  const operations = new Set<string>();
  for (const fn of definition.functions) {
    const access = fn.tables[table];
    if (access) {
      for (const op of access.operations) for (const name of metricOperations(op)) operations.add(name);
      if ((access.indexes ?? []).length > 0) operations.add('Query');
    }
    for (const e of fn.events)
      if (e.kind === 'dynamodb-stream' && e.table === table) operations.add('GetRecords');
  }
  return [...operations];
}

/** SystemErrors summed over the operations (the metric exists per TableName and Operation only). */
function tableSystemErrors(table: dynamodb.ITable, operations: readonly string[]): cloudwatch.MathExpression {
  const usingMetrics: Record<string, cloudwatch.IMetric> = {};
  operations.forEach((operation, i) => {
    usingMetrics[`e${i}`] = table.metric('SystemErrors', {
      dimensionsMap: { TableName: table.tableName, Operation: operation },
      statistic: cloudwatch.Stats.SUM,
      period: FIVE_MINUTES,
    });
  });
  return new cloudwatch.MathExpression({
    expression: Object.keys(usingMetrics)
      .map((id) => `FILL(${id}, 0)`)
      .join(' + '),
    usingMetrics,
    period: FIVE_MINUTES,
    label: 'system errors',
  });
}

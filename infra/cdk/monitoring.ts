/**
 * Alarms and the operations dashboard, generated from the stack's resources (so a queue, table or function
 * added to infra/definitions.ts is watched without a second edit).
 *
 * Alarms (each named `<stack name>-<kind>-<resource>`, each notifying the alarm topic on ALARM and OK):
 * - dlq-<queue>, stream-failures-<fn>-<table>: any message visible in a dead-letter queue (`<queue>-dlq`)
 *   or in a DynamoDB stream mapping's on-failure queue;
 * - oldest-payment-event: ApproximateAgeOfOldestMessage of payment-events above the setting;
 * - errors-<fn>, throttles-<fn>: Lambda Errors and Throttles per function;
 * - throttles-<table>, system-errors-<table>: DynamoDB read+write throttle events and SystemErrors;
 * - publisher-lag-<fn>: IteratorAge of each DynamoDB stream mapping (the outbox relay's lag).
 *
 * The dashboard shows decisions per outcome and per reason from the handlers' Powertools EMF metrics
 * (namespace OfferPipeline, dimension `service` only: no customer, offer or event id is ever a dimension),
 * queue depths, Lambda errors / throttles / duration, DynamoDB throttles and consumed capacity.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { OUTCOMES, REASONS } from '#core/decision.js';
import { type AppDefinition, dlqName, type TableOperation } from '#infra/definitions.js';
import { alarmArnPattern, alarmNamePrefix } from './keys.js';
import type { PipelineFunction } from './pipeline-function.js';
import type { PipelineSettings } from './settings.js';

/**
 * The CloudWatch namespace of the handlers' Powertools metrics. The handlers name it in code
 * (functions/handler-kit/powertools.ts, METRICS_NAMESPACE), which takes precedence over
 * POWERTOOLS_METRICS_NAMESPACE, so it is a constant here too (a template test checks they agree).
 */
export const METRICS_NAMESPACE = 'OfferPipeline';
/** Powertools Metrics' only dimension: `service`, the function name given to observability(). */
export const SERVICE_DIMENSION = 'service';
/** The function that decides payment events and emits decisions_<outcome> and reason_<reason>. */
export const DECIDING_FUNCTION = 'evaluate-payments';
/** The queue whose oldest message measures how far decisions lag behind payments. */
export const PAYMENT_EVENTS_QUEUE = 'payment-events';

const FIVE_MINUTES = Duration.minutes(5);

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

export interface MonitoringProps {
  readonly definition: AppDefinition;
  readonly settings: PipelineSettings;
  /** Encrypts the alarm topic (the operations key: its policy lets CloudWatch alarms use it). */
  readonly key: kms.IKey;
  readonly tables: ReadonlyMap<string, dynamodb.Table>;
  readonly queues: ReadonlyMap<string, sqs.Queue>;
  readonly deadLetterQueues: ReadonlyMap<string, sqs.Queue>;
  readonly functions: ReadonlyMap<string, PipelineFunction>;
}

/** A decision metric of the deciding function, e.g. `decisions_emitted` or `reason_no_consent`. */
export function decisionMetric(metricName: string, label: string): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: METRICS_NAMESPACE,
    metricName,
    dimensionsMap: { [SERVICE_DIMENSION]: DECIDING_FUNCTION },
    statistic: cloudwatch.Stats.SUM,
    period: FIVE_MINUTES,
    label,
  });
}

export class PipelineMonitoring extends Construct {
  readonly topic: sns.Topic;
  readonly dashboard: cloudwatch.Dashboard;
  /** Every alarm, by its name without the stack prefix (e.g. `dlq-payment-events`). */
  readonly alarms = new Map<string, cloudwatch.Alarm>();

  private readonly stackName: string;
  private readonly settings: PipelineSettings;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.stackName = Stack.of(this).stackName;
    this.settings = props.settings;
    this.topic = this.createTopic(props.key);

    this.alarmOnDeadLetters(props);
    this.alarmOnPaymentBacklog(props);
    this.alarmOnFunctions(props);
    this.alarmOnTables(props);
    this.dashboard = this.createDashboard(props);
  }

  /**
   * The alarm topic: KMS-encrypted with the operations key, TLS required by its policy (cdk-nag SNS2 and
   * SNS3), and publishable by this stack's alarms only.
   */
  private createTopic(key: kms.IKey): sns.Topic {
    const topic = new sns.Topic(this, 'AlarmTopic', {
      displayName: `${this.stackName} alarms`,
      masterKey: key,
      enforceSSL: true,
    });
    topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsOfThisStackPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': Stack.of(this).account },
          ArnLike: { 'aws:SourceArn': alarmArnPattern(this.stackName) },
        },
      }),
    );
    for (const email of this.settings.alarms.notificationEmails)
      topic.addSubscription(new subscriptions.EmailSubscription(email));
    return topic;
  }

  private addAlarm(
    name: string,
    metric: cloudwatch.IMetric,
    threshold: number,
    comparison: cloudwatch.ComparisonOperator,
    description: string,
  ): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, `Alarm-${name}`, {
      alarmName: `${alarmNamePrefix(this.stackName)}${name}`,
      alarmDescription: description,
      metric,
      threshold,
      comparisonOperator: comparison,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      // Idle resources publish no data points: silence is not a problem.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    const action = new actions.SnsAction(this.topic);
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
    this.alarms.set(name, alarm);
    return alarm;
  }

  /** Every DLQ and every stream on-failure queue: one message there is one undecided input. */
  private alarmOnDeadLetters(props: MonitoringProps): void {
    const visible = (queue: sqs.IQueue) =>
      queue.metricApproximateNumberOfMessagesVisible({
        statistic: cloudwatch.Stats.MAXIMUM,
        period: FIVE_MINUTES,
      });
    for (const def of props.definition.queues) {
      const dlq = props.deadLetterQueues.get(def.name);
      if (!dlq) continue;
      this.addAlarm(
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
        this.addAlarm(
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

  private alarmOnPaymentBacklog(props: MonitoringProps): void {
    const queue = props.queues.get(PAYMENT_EVENTS_QUEUE);
    if (!queue) return;
    const seconds = this.settings.alarms.paymentEventsMaxAgeSeconds;
    this.addAlarm(
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

  private alarmOnFunctions(props: MonitoringProps): void {
    const { lambdaErrorsPer5Minutes, lambdaThrottlesPer5Minutes, publisherLagSeconds } = this.settings.alarms;
    const atLeast = cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD;
    for (const fn of props.functions.values()) {
      const name = fn.def.name;
      this.addAlarm(
        `errors-${name}`,
        fn.function.metricErrors({ statistic: cloudwatch.Stats.SUM, period: FIVE_MINUTES }),
        lambdaErrorsPer5Minutes,
        atLeast,
        `${name}: ${lambdaErrorsPer5Minutes} or more invocations failed as a whole in 5 minutes ` +
          '(partial batch failures are retried per message and do not count here).',
      );
      this.addAlarm(
        `throttles-${name}`,
        fn.function.metricThrottles({ statistic: cloudwatch.Stats.SUM, period: FIVE_MINUTES }),
        lambdaThrottlesPer5Minutes,
        atLeast,
        `${name}: ${lambdaThrottlesPer5Minutes} or more invocations throttled in 5 minutes (account or ` +
          'reserved concurrency exhausted).',
      );
      if (fn.def.events.some((e) => e.kind === 'dynamodb-stream')) {
        this.addAlarm(
          `publisher-lag-${name}`,
          fn.function.metric('IteratorAge', { statistic: cloudwatch.Stats.MAXIMUM, period: FIVE_MINUTES }),
          publisherLagSeconds * 1000,
          atLeast,
          `${name}: stream records are ${publisherLagSeconds} s old or older when processed (IteratorAge): ` +
            'committed offers are published late (outbox lag).',
        );
      }
    }
  }

  private alarmOnTables(props: MonitoringProps): void {
    const threshold = this.settings.alarms.dynamodbThrottlesPer5Minutes;
    for (const def of props.definition.tables) {
      const table = props.tables.get(def.name);
      if (!table) continue;
      this.addAlarm(
        `throttles-${def.name}`,
        tableThrottles(table, 0, 'throttled requests'),
        threshold,
        cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        `${def.name}: ${threshold} or more throttled reads or writes in 5 minutes (a hot partition, or the ` +
          "table's on-demand throughput limit).",
      );
      const operations = tableOperations(props.definition, def.name);
      if (operations.length === 0) continue;
      this.addAlarm(
        `system-errors-${def.name}`,
        tableSystemErrors(table, operations),
        0,
        cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        `${def.name}: DynamoDB returned HTTP 500 errors (SystemErrors) for ${operations.join(', ')}.`,
      );
    }
  }

  private createDashboard(props: MonitoringProps): cloudwatch.Dashboard {
    const dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: this.stackName.replace(/[^A-Za-z0-9_-]/g, '-'),
      defaultInterval: Duration.hours(3),
    });
    dashboard.addWidgets(
      new cloudwatch.TextWidget({
        markdown:
          `# ${this.stackName}\n` +
          'Decisions are counts per outcome and per reason code, 5-minute sums, from the `evaluate-payments` ' +
          'Powertools metrics (dimension `service` only: no customer, offer or event id). ' +
          '`reason_sensitive_category` says a payment was screened, never which category. ' +
          'Alarms and what to do: docs/deploy.md.',
        width: 24,
        height: 2,
      }),
    );
    if (props.functions.has(DECIDING_FUNCTION)) {
      dashboard.addWidgets(
        new cloudwatch.GraphWidget({
          title: 'Decisions per outcome (5 min)',
          left: OUTCOMES.map((o) => decisionMetric(`decisions_${o}`, o)),
          stacked: true,
          width: 12,
        }),
        new cloudwatch.GraphWidget({
          title: 'Suppressed and rejected decisions per reason (5 min)',
          left: REASONS.map((r) => decisionMetric(`reason_${r}`, r)),
          stacked: true,
          width: 12,
        }),
      );
    }

    const queueWidgets: cloudwatch.IWidget[] = [
      new cloudwatch.GraphWidget({
        title: 'Messages waiting per queue',
        left: props.definition.queues.flatMap((def) => {
          const queue = props.queues.get(def.name);
          return queue
            ? [queue.metricApproximateNumberOfMessagesVisible({ label: def.name, period: FIVE_MINUTES })]
            : [];
        }),
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'Dead-letter and stream failure queues (should be 0)',
        left: [
          ...props.definition.queues.flatMap((def) => {
            const dlq = props.deadLetterQueues.get(def.name);
            return dlq
              ? [
                  dlq.metricApproximateNumberOfMessagesVisible({
                    label: dlqName(def.name),
                    period: FIVE_MINUTES,
                  }),
                ]
              : [];
          }),
          ...[...props.functions.values()].flatMap((fn) =>
            [...fn.streamFailureQueues].map(([table, queue]) =>
              queue.metricApproximateNumberOfMessagesVisible({
                label: `${fn.def.name} ${table} stream failures`,
                period: FIVE_MINUTES,
              }),
            ),
          ),
        ],
        width: 8,
      }),
    ];
    const paymentEvents = props.queues.get(PAYMENT_EVENTS_QUEUE);
    if (paymentEvents)
      queueWidgets.push(
        new cloudwatch.GraphWidget({
          title: `Age of the oldest ${PAYMENT_EVENTS_QUEUE} message (s)`,
          left: [
            paymentEvents.metricApproximateAgeOfOldestMessage({
              statistic: cloudwatch.Stats.MAXIMUM,
              period: FIVE_MINUTES,
            }),
          ],
          leftAnnotations: [
            { value: this.settings.alarms.paymentEventsMaxAgeSeconds, label: 'alarm', color: '#d62728' },
          ],
          width: 8,
        }),
      );
    dashboard.addWidgets(...queueWidgets);

    const functions = [...props.functions.values()];
    const perFunction = (metric: (fn: PipelineFunction) => cloudwatch.IMetric) => functions.map(metric);
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Lambda errors (5 min)',
        left: perFunction((fn) =>
          fn.function.metricErrors({
            statistic: cloudwatch.Stats.SUM,
            period: FIVE_MINUTES,
            label: fn.def.name,
          }),
        ),
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'Lambda throttles (5 min)',
        left: perFunction((fn) =>
          fn.function.metricThrottles({
            statistic: cloudwatch.Stats.SUM,
            period: FIVE_MINUTES,
            label: fn.def.name,
          }),
        ),
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'Lambda duration p99 (ms)',
        left: perFunction((fn) =>
          fn.function.metricDuration({ statistic: 'p99', period: FIVE_MINUTES, label: fn.def.name }),
        ),
        width: 8,
      }),
    );

    const tables = props.definition.tables.flatMap((def) => {
      const table = props.tables.get(def.name);
      return table ? [{ name: def.name, table }] : [];
    });
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'DynamoDB throttled reads + writes per table (5 min)',
        left: tables.map(({ name, table }, n) => tableThrottles(table, n, name)),
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'DynamoDB consumed write capacity units (5 min)',
        left: tables.map(({ name, table }) =>
          table.metricConsumedWriteCapacityUnits({
            statistic: cloudwatch.Stats.SUM,
            period: FIVE_MINUTES,
            label: name,
          }),
        ),
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'DynamoDB consumed read capacity units (5 min)',
        left: tables.map(({ name, table }) =>
          table.metricConsumedReadCapacityUnits({
            statistic: cloudwatch.Stats.SUM,
            period: FIVE_MINUTES,
            label: name,
          }),
        ),
        width: 8,
      }),
    );

    const outbox: cloudwatch.IMetric[] = functions
      .filter((fn) => fn.def.events.some((e) => e.kind === 'dynamodb-stream'))
      .map((fn) =>
        fn.function.metric('IteratorAge', {
          statistic: cloudwatch.Stats.MAXIMUM,
          period: FIVE_MINUTES,
          label: `${fn.def.name} iterator age (ms)`,
        }),
      );
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Outbox: stream iterator age (ms)',
        left: outbox,
        leftAnnotations: [
          { value: this.settings.alarms.publisherLagSeconds * 1000, label: 'alarm', color: '#d62728' },
        ],
        width: 12,
      }),
      new cloudwatch.AlarmStatusWidget({
        title: 'Alarms',
        alarms: [...this.alarms.values()],
        width: 12,
        height: 8,
      }),
    );
    return dashboard;
  }
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

/**
 * ReadThrottleEvents + WriteThrottleEvents of a table (on-demand tables report these, per 5 minutes).
 * `n` keeps the metric ids unique when several tables share one graph.
 */
function tableThrottles(table: dynamodb.ITable, n: number, label: string): cloudwatch.MathExpression {
  const metric = (name: string) =>
    table.metric(name, { statistic: cloudwatch.Stats.SUM, period: FIVE_MINUTES });
  return new cloudwatch.MathExpression({
    expression: `FILL(reads${n}, 0) + FILL(writes${n}, 0)`,
    usingMetrics: {
      [`reads${n}`]: metric('ReadThrottleEvents'),
      [`writes${n}`]: metric('WriteThrottleEvents'),
    },
    period: FIVE_MINUTES,
    label,
  });
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

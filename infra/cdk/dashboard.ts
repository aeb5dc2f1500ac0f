/**
 * The operations dashboard: decisions per outcome and per reason from the handlers' Powertools EMF metrics
 * (namespace and names from functions/handler-kit/metric-names.ts; dimension `service` only: no customer,
 * offer or event id is ever a dimension), queue depths, Lambda errors / throttles / duration, DynamoDB
 * throttles and consumed capacity, the outbox lag and the alarms' states.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { Construct } from 'constructs';
import { OUTCOMES, REASONS } from '#core/decision.js';
import { METRIC } from '#functions/handler-kit/metric-names.js';
import { dlqName } from '#infra/definitions.js';
import { archiveWidgets } from './archive-monitoring.js';
import {
  DECIDING_FUNCTION,
  decisionMetric,
  FIVE_MINUTES,
  PAYMENT_EVENTS_QUEUE,
  tableThrottles,
} from './metrics.js';
import type { MonitoringProps } from './monitoring-props.js';
import type { PipelineFunction } from './pipeline-function.js';

export function createDashboard(
  scope: Construct,
  props: MonitoringProps,
  alarms: readonly cloudwatch.Alarm[],
): cloudwatch.Dashboard {
  const stackName = Stack.of(scope).stackName;
  const dashboard = new cloudwatch.Dashboard(scope, 'Dashboard', {
    dashboardName: stackName.replace(/[^A-Za-z0-9_-]/g, '-'),
    defaultInterval: Duration.hours(3),
  });
  dashboard.addWidgets(
    new cloudwatch.TextWidget({
      markdown:
        `# ${stackName}\n` +
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
        left: OUTCOMES.map((o) => decisionMetric(METRIC.decisions(o), o)),
        stacked: true,
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'Suppressed and rejected decisions per reason (5 min)',
        left: REASONS.map((r) => decisionMetric(METRIC.reason(r), r)),
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
          { value: props.settings.alarms.paymentEventsMaxAgeSeconds, label: 'alarm', color: '#d62728' },
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
    .filter((fn) => fn.def.archive !== 'write' && fn.def.events.some((e) => e.kind === 'dynamodb-stream'))
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
        { value: props.settings.alarms.publisherLagSeconds * 1000, label: 'alarm', color: '#d62728' },
      ],
      width: 12,
    }),
    new cloudwatch.AlarmStatusWidget({
      title: 'Alarms',
      alarms: [...alarms],
      width: 12,
      height: 8,
    }),
  );
  const archive = archiveWidgets(props);
  if (archive.length > 0) dashboard.addWidgets(...archive);
  return dashboard;
}

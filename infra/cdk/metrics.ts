/**
 * The CloudWatch metrics both the alarms (./alarms.ts) and the dashboard (./dashboard.ts) read: the
 * handlers' decision metrics (names from functions/handler-kit/metric-names.ts) and DynamoDB table sums.
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { METRICS_NAMESPACE, SERVICE_DIMENSION } from '#functions/handler-kit/metric-names.js';
import { evaluatePayments } from '#infra/definitions/functions.js';

export { METRICS_NAMESPACE, SERVICE_DIMENSION } from '#functions/handler-kit/metric-names.js';

/** The function that decides payment events and emits decisions_<outcome> and reason_<reason>. */
export const DECIDING_FUNCTION = evaluatePayments.name;
/** The queue whose oldest message measures how far decisions lag behind payments. */
export const PAYMENT_EVENTS_QUEUE = 'payment-events';

export const FIVE_MINUTES = Duration.minutes(5);

/** A decision metric of the deciding function, e.g. `decisions_emitted` or `reason_no_consent`. */
export function decisionMetric(metricName: string, label: string): cloudwatch.Metric {
  return serviceMetric(DECIDING_FUNCTION, metricName, label);
}

/** A handler metric of one function (service), summed per 5 minutes. */
export function serviceMetric(service: string, metricName: string, label?: string): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: METRICS_NAMESPACE,
    metricName,
    dimensionsMap: { [SERVICE_DIMENSION]: service },
    statistic: cloudwatch.Stats.SUM,
    period: FIVE_MINUTES,
    ...(label === undefined ? {} : { label }),
  });
}

/**
 * ReadThrottleEvents + WriteThrottleEvents of a table (on-demand tables report these, per 5 minutes).
 * `n` keeps the metric ids unique when several tables share one graph.
 */
export function tableThrottles(table: dynamodb.ITable, n: number, label: string): cloudwatch.MathExpression {
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

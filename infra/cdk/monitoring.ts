/**
 * Monitoring of the stack: the alarm topic, the alarms (./alarms.ts) and the operations dashboard
 * (./dashboard.ts), all generated from the stack's resources, so a queue, table or function added to
 * infra/definitions is watched without a second edit.
 */
import { Stack } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import {
  AlarmFactory,
  alarmOnDeadLetters,
  alarmOnFunctions,
  alarmOnPaymentBacklog,
  alarmOnTables,
} from './alarms.js';
import { alarmOnArchiveLag } from './archive-monitoring.js';
import { createDashboard } from './dashboard.js';
import { alarmArnPattern } from './keys.js';
import type { MonitoringProps } from './monitoring-props.js';

export { tableOperations } from './alarms.js';
export {
  DECIDING_FUNCTION,
  decisionMetric,
  METRICS_NAMESPACE,
  PAYMENT_EVENTS_QUEUE,
  SERVICE_DIMENSION,
} from './metrics.js';
export type { MonitoringProps } from './monitoring-props.js';

export class PipelineMonitoring extends Construct {
  readonly topic: sns.Topic;
  readonly dashboard: cloudwatch.Dashboard;
  /** Every alarm, by its name without the stack prefix (e.g. `dlq-payment-events`). */
  readonly alarms: ReadonlyMap<string, cloudwatch.Alarm>;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const stackName = Stack.of(this).stackName;
    this.topic = createTopic(this, stackName, props);

    const alarms = new AlarmFactory(this, this.topic, stackName);
    alarmOnDeadLetters(alarms, props);
    alarmOnPaymentBacklog(alarms, props);
    alarmOnFunctions(alarms, props);
    alarmOnTables(alarms, props);
    alarmOnArchiveLag(alarms, props);
    this.alarms = alarms.alarms;
    this.dashboard = createDashboard(this, props, [...alarms.alarms.values()]);
  }
}

/**
 * The alarm topic: KMS-encrypted with the operations key, TLS required by its policy (cdk-nag SNS2 and
 * SNS3), and publishable by this stack's alarms only.
 */
function createTopic(scope: Construct, stackName: string, props: MonitoringProps): sns.Topic {
  const topic = new sns.Topic(scope, 'AlarmTopic', {
    displayName: `${stackName} alarms`,
    masterKey: props.key,
    enforceSSL: true,
  });
  topic.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'CloudWatchAlarmsOfThisStackPublish',
      principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['sns:Publish'],
      resources: [topic.topicArn],
      conditions: {
        StringEquals: { 'aws:SourceAccount': Stack.of(scope).account },
        ArnLike: { 'aws:SourceArn': alarmArnPattern(stackName) },
      },
    }),
  );
  for (const email of props.settings.alarms.notificationEmails)
    topic.addSubscription(new subscriptions.EmailSubscription(email));
  return topic;
}

/**
 * The stack's two customer-managed KMS keys, both with yearly rotation and both retained when the stack is
 * deleted (retained tables, and log groups' archived data, are unreadable without their key):
 *
 * - the data key encrypts every DynamoDB table and SQS queue. Its policy is CDK's default (the account,
 *   through IAM): only roles whose IAM policy names the key can use it, and the functions' roles name it
 *   with explicit actions (access.ts). No AWS service principal is added to it.
 * - the operations key encrypts CloudWatch Logs log groups and the alarm topic: operational data, which by
 *   the domain rules carries no customer data. It is separate so that the service principals CloudWatch
 *   needs (logs for log groups, cloudwatch for alarm notifications) never appear in the data key's policy.
 */
import { Aws, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';

/**
 * What CloudWatch Logs does with a log group's key (CloudWatch Logs user guide, "Encrypt log data in
 * CloudWatch Logs using AWS KMS"), written out instead of the guide's `kms:Encrypt*`-style wildcards.
 */
export const LOGS_KEY_ACTIONS = [
  'kms:Encrypt',
  'kms:Decrypt',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:DescribeKey',
] as const;

/** What CloudWatch needs to publish an alarm notification to a KMS-encrypted SNS topic. */
export const ALARM_TOPIC_KEY_ACTIONS = ['kms:Decrypt', 'kms:GenerateDataKey'] as const;

/** `<stack name>-*`: every alarm of the stack is named with this prefix (monitoring.ts). */
export const alarmNamePrefix = (stackName: string): string => `${stackName}-`;

/** ARN pattern of the stack's alarms, for aws:SourceArn conditions. */
export const alarmArnPattern = (stackName: string): string =>
  `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:${alarmNamePrefix(stackName)}*`;

export function createDataKey(scope: Construct, stackName: string): kms.Key {
  return new kms.Key(scope, 'DataKey', {
    description: `${stackName}: encrypts the offer pipeline's DynamoDB tables and SQS queues`,
    enableKeyRotation: true,
    // Retained tables are unreadable without their key: the key outlives the stack like they do.
    removalPolicy: RemovalPolicy.RETAIN,
  });
}

export function createOperationsKey(scope: Construct, stackName: string): kms.Key {
  const key = new kms.Key(scope, 'OperationsKey', {
    description: `${stackName}: encrypts the offer pipeline's CloudWatch log groups and alarm topic`,
    enableKeyRotation: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'CloudWatchLogsEncryptsLogGroupsOfThisAccountAndRegion',
      // The regional service principal, as the CloudWatch Logs guide requires for log-group encryption.
      principals: [new iam.ServicePrincipal(`logs.${Aws.REGION}.amazonaws.com`)],
      actions: [...LOGS_KEY_ACTIONS],
      resources: ['*'],
      conditions: {
        // Only for log groups of this account and region (the encryption context CloudWatch Logs sets).
        ArnLike: {
          'kms:EncryptionContext:aws:logs:arn': `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:log-group:*`,
        },
      },
    }),
  );
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'CloudWatchAlarmsOfThisStackPublishToTheAlarmTopic',
      principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: [...ALARM_TOPIC_KEY_ACTIONS],
      resources: ['*'],
      // Confused-deputy guard: only on behalf of this stack's alarms in this account.
      conditions: {
        StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
        ArnLike: { 'aws:SourceArn': alarmArnPattern(stackName) },
      },
    }),
  );
  return key;
}

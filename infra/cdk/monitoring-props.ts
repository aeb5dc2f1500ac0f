import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { AppDefinition } from '#infra/definitions.js';
import type { PipelineFunction } from './pipeline-function.js';
import type { PipelineSettings } from './settings.js';

/** What the alarms and the dashboard are generated from: the definitions and the stack's resources. */
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

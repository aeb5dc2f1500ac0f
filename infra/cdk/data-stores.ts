/**
 * DynamoDB tables and SQS queues built from their definitions, all encrypted with the stack's
 * customer-managed KMS key.
 */
import { Duration, RemovalPolicy, Tags } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import {
  type AttributeType,
  dlqName,
  type KeyDefinition,
  type QueueDefinition,
  type TableDefinition,
} from '#infra/definitions.js';
import { acknowledge, REASONS } from './acknowledgements.js';
import { deadLetterQueueId, queueId, tableId } from './names.js';

const ATTRIBUTE_TYPES: Readonly<Record<AttributeType, dynamodb.AttributeType>> = {
  S: dynamodb.AttributeType.STRING,
  N: dynamodb.AttributeType.NUMBER,
};

const attribute = (key: KeyDefinition): dynamodb.Attribute => ({
  name: key.name,
  type: ATTRIBUTE_TYPES[key.type],
});

const STREAM_VIEWS: Readonly<Record<NonNullable<TableDefinition['stream']>, dynamodb.StreamViewType>> = {
  NEW_IMAGE: dynamodb.StreamViewType.NEW_IMAGE,
  NEW_AND_OLD_IMAGES: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
};

/**
 * Tables of crypto-shredding keys (issue 15): the customer-keys table holds each customer's archive key, and
 * erasure deletes it. No point-in-time recovery and no backup: a restore would bring an erased key back and
 * with it the link between the archive (which cannot be changed: Object Lock) and the person. Tagged
 * `offer-pipeline:backup=none` so that an organisation's tag-based AWS Backup plans leave it out.
 */
export const SHREDDING_KEY_TABLES: readonly string[] = ['customer-keys'];

/**
 * A table from its definition. `dynamodb.Table` (AWS::DynamoDB::Table) rather than TableV2: the stack is
 * single-region, and cdk-nag's AwsSolutions-DDB3 (point-in-time recovery) only inspects AWS::DynamoDB::Table.
 *
 * holdsCustomerData or retained: point-in-time recovery, deletion protection and RemovalPolicy.RETAIN, so
 * neither a stack deletion nor a mistaken replacement can destroy records a regulator may ask for.
 */
export function createTable(scope: Construct, def: TableDefinition, key: kms.IKey): dynamodb.Table {
  const keep = def.holdsCustomerData || def.retained === true;
  const shredding = SHREDDING_KEY_TABLES.includes(def.name);
  const table = new dynamodb.Table(scope, tableId(def.name), {
    partitionKey: attribute(def.partitionKey),
    ...(def.sortKey ? { sortKey: attribute(def.sortKey) } : {}),
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
    encryptionKey: key,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: keep && !shredding },
    deletionProtection: keep,
    removalPolicy: keep ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    ...(def.ttlAttribute ? { timeToLiveAttribute: def.ttlAttribute } : {}),
    ...(def.stream ? { stream: STREAM_VIEWS[def.stream] } : {}),
  });
  for (const index of def.globalIndexes ?? []) {
    table.addGlobalSecondaryIndex({
      indexName: index.indexName,
      partitionKey: attribute(index.partitionKey),
      ...(index.sortKey ? { sortKey: attribute(index.sortKey) } : {}),
      projectionType:
        index.projection === 'ALL' ? dynamodb.ProjectionType.ALL : dynamodb.ProjectionType.KEYS_ONLY,
    });
  }
  Tags.of(table).add('offer-pipeline:table', def.name);
  Tags.of(table).add('offer-pipeline:customer-data', def.holdsCustomerData ? 'true' : 'false');
  if (!keep) acknowledge(table, 'AwsSolutions-DDB3', REASONS.noCustomerDataNoPitr);
  if (shredding) {
    Tags.of(table).add('offer-pipeline:backup', 'none');
    acknowledge(table, 'AwsSolutions-DDB3', REASONS.customerKeysNoPitr);
  }
  return table;
}

export interface EncryptedQueueProps {
  readonly key: kms.IKey;
  readonly retention: Duration;
  readonly visibilityTimeout?: Duration;
  readonly deadLetterQueue?: sqs.DeadLetterQueue;
}

/** Every queue of the stack: SSE-KMS with the stack key and a queue policy denying non-TLS requests. */
export function encryptedQueue(scope: Construct, id: string, props: EncryptedQueueProps): sqs.Queue {
  return new sqs.Queue(scope, id, {
    encryption: sqs.QueueEncryption.KMS,
    encryptionMasterKey: props.key,
    enforceSSL: true,
    retentionPeriod: props.retention,
    ...(props.visibilityTimeout ? { visibilityTimeout: props.visibilityTimeout } : {}),
    ...(props.deadLetterQueue ? { deadLetterQueue: props.deadLetterQueue } : {}),
  });
}

export interface QueueWithDlq {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
}

/** A queue from its definition plus its dead-letter queue `<name>-dlq`. */
export function createQueue(scope: Construct, def: QueueDefinition, key: kms.IKey): QueueWithDlq {
  const deadLetterQueue = encryptedQueue(scope, deadLetterQueueId(def.name), {
    key,
    retention: Duration.days(def.deadLetter.retentionDays),
  });
  const queue = encryptedQueue(scope, queueId(def.name), {
    key,
    retention: Duration.days(def.retentionDays),
    visibilityTimeout: Duration.seconds(def.visibilityTimeoutSeconds),
    deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: def.deadLetter.maxReceiveCount },
  });
  Tags.of(queue).add('offer-pipeline:queue', def.name);
  Tags.of(deadLetterQueue).add('offer-pipeline:queue', dlqName(def.name));
  return { queue, deadLetterQueue };
}

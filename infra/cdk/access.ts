/**
 * The IAM actions behind the table access of infra/definitions.ts.
 *
 * Each function declares the exact DynamoDB operations its code performs per table (and the indexes it
 * queries); each becomes the IAM action of the same name, nothing more. Written out instead of using
 * `grantReadData` / `grantReadWriteData`, because those helpers bundle actions this project must not grant
 * (an append-only table's writers may create records and nothing else: no BatchWriteItem, whose puts IAM
 * cannot tell from its deletes, no UpdateItem, no DeleteItem). TransactWriteItems needs no action of its
 * own: DynamoDB authorises each transaction item by its own action (PutItem, UpdateItem, DeleteItem,
 * ConditionCheckItem).
 */
import {
  type QueueAccess,
  READ_OPERATIONS,
  type TableAccess,
  type TableOperation,
} from '#infra/definitions.js';

/** The IAM action of a DynamoDB operation. */
export const iamAction = (operation: TableOperation): string => `dynamodb:${operation}`;

/** The IAM actions on the table ARN itself, in the declared order. */
export const tableActions = (access: TableAccess): string[] => access.operations.map(iamAction);

/** Index ARNs allow Query only (an index has no items of its own to get or write; nothing scans). */
export const INDEX_ACTIONS = ['dynamodb:Query'] as const;

/** Whether the access creates, changes or removes items (and so needs to encrypt with the table's key). */
export const writesTable = (access: TableAccess): boolean =>
  access.operations.some((op) => !READ_OPERATIONS.includes(op) && op !== 'ConditionCheckItem');

/**
 * KMS use through DynamoDB and SQS. Explicit actions, not the `ReEncrypt*` / `GenerateDataKey*` wildcards
 * of the CDK grant helpers: nothing here re-encrypts, and SQS producers need exactly GenerateDataKey plus
 * Decrypt (AWS SQS developer guide, "Key management").
 */
export const KMS_DECRYPT = ['kms:Decrypt', 'kms:DescribeKey'] as const;
export const KMS_ENCRYPT_DECRYPT = [
  'kms:Encrypt',
  'kms:Decrypt',
  'kms:GenerateDataKey',
  'kms:DescribeKey',
] as const;
export const KMS_SQS_PRODUCER = ['kms:GenerateDataKey', 'kms:Decrypt'] as const;

/** 'send': a producer. 'consume' is granted by the SQS event source mapping itself (ReceiveMessage etc.). */
export const QUEUE_SEND_ACTIONS: Readonly<Record<Exclude<QueueAccess, 'consume'>, readonly string[]>> = {
  send: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
};

/** Reading a DynamoDB stream from a Lambda event source mapping (ListStreams is granted separately). */
export const STREAM_READ_ACTIONS = [
  'dynamodb:DescribeStream',
  'dynamodb:GetRecords',
  'dynamodb:GetShardIterator',
] as const;
export const STREAM_LIST_ACTIONS = ['dynamodb:ListStreams'] as const;

export const XRAY_ACTIONS = ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'] as const;

/**
 * The IAM actions behind each access level of infra/definitions.ts.
 *
 * Written out explicitly instead of using `grantReadData` / `grantReadWriteData`, because those helpers
 * bundle actions this project must not grant: the audit table is append-only, so the evaluation role may
 * create records and nothing else (no UpdateItem, DeleteItem, or any read). They are also the single place
 * the template tests and a reviewer can compare the stack against.
 */
import type { QueueAccess, TableAccess } from '../definitions.js';

const READ = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'] as const;
const WRITE = [
  'dynamodb:PutItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
] as const;
/**
 * PutItem (single records and the Put of a transaction, made conditional on the record not existing by the
 * code) and BatchWriteItem (no-trigger and rejected records, in chunks of 25). IAM cannot tell a
 * BatchWriteItem PutRequest from a DeleteRequest, so the remaining guard against deletion through
 * BatchWriteItem is the code path plus PITR; issue 6 may replace BatchWriteItem with conditional
 * TransactWriteItems Puts to close that gap.
 */
const APPEND_ONLY = ['dynamodb:PutItem', 'dynamodb:BatchWriteItem'] as const;

export const TABLE_ACTIONS: Readonly<Record<TableAccess, readonly string[]>> = {
  read: READ,
  write: WRITE,
  'read-write': [...READ, ...WRITE],
  'append-only': APPEND_ONLY,
};

/** Whether the access level reads the table (and so may query its indexes). */
export const readsTable = (access: TableAccess): boolean => access === 'read' || access === 'read-write';
/** Whether the access level writes the table. */
export const writesTable = (access: TableAccess): boolean => access !== 'read';

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

/**
 * What a function's `archive` access (infra/definitions/types.ts) grants, and the variables it receives.
 *
 * - `write` (the archiver): put objects with their Object Lock retention and their retention tag, encrypted
 *   with the archive key, and nothing else; plus an explicit Deny of deleting objects or versions, bypassing
 *   a governance retention, and changing the bucket's lock configuration, lifecycle or policy, so that no
 *   later Allow (a broader policy attached by mistake) can give the writer those powers.
 * - `query` (the privacy officers' and erasure functions): run queries in the archive's Athena workgroup, read
 *   the Glue database and its dataset tables, read the archive objects, read and write the query results,
 *   and decrypt (and, for results, encrypt) with the archive key. Athena reads S3 and KMS with the caller's
 *   own credentials, hence the S3 and KMS grants.
 *
 * Each access is its own IAM policy (ArchiveWritePolicy / ArchiveQueryPolicy), so the acknowledged
 * object-key wildcards (`<bucket>/*`) cover those statements only.
 */
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import type { FunctionDefinition } from '#infra/definitions.js';
import { acknowledge, REASONS } from './acknowledgements.js';
import type { PipelineArchive } from './archive.js';

export type ArchiveAccess = NonNullable<FunctionDefinition['archive']>;

export const ARCHIVE_WRITE_ACTIONS = [
  's3:PutObject',
  's3:PutObjectRetention',
  's3:PutObjectTagging',
] as const;
export const ARCHIVE_WRITE_KMS_ACTIONS = ['kms:Encrypt', 'kms:GenerateDataKey'] as const;
/** Denied to the writer explicitly, whatever else its role is ever given. */
export const ARCHIVE_WRITER_DENIED_ACTIONS = [
  's3:DeleteObject',
  's3:DeleteObjectVersion',
  's3:BypassGovernanceRetention',
  's3:PutBucketObjectLockConfiguration',
  's3:PutLifecycleConfiguration',
  's3:PutBucketPolicy',
] as const;

export const ATHENA_QUERY_ACTIONS = [
  'athena:StartQueryExecution',
  'athena:GetQueryExecution',
  'athena:GetQueryResults',
  'athena:StopQueryExecution',
] as const;
export const GLUE_READ_ACTIONS = [
  'glue:GetDatabase',
  'glue:GetTable',
  'glue:GetPartition',
  'glue:GetPartitions',
] as const;
export const ARCHIVE_READ_ACTIONS = ['s3:GetObject'] as const;
export const BUCKET_READ_ACTIONS = ['s3:ListBucket', 's3:GetBucketLocation'] as const;
export const RESULTS_OBJECT_ACTIONS = ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload'] as const;
export const RESULTS_BUCKET_ACTIONS = [
  's3:ListBucket',
  's3:GetBucketLocation',
  's3:ListBucketMultipartUploads',
] as const;
export const ARCHIVE_QUERY_KMS_ACTIONS = ['kms:Decrypt', 'kms:GenerateDataKey'] as const;

/** Grants `access` to `role` through a policy of its own in `scope` (the function's construct). */
export function grantArchive(
  scope: Construct,
  role: iam.IRole,
  archive: PipelineArchive,
  access: ArchiveAccess,
): iam.Policy {
  const objects = archive.bucket.arnForObjects('*');
  const statements =
    access === 'write'
      ? [
          new iam.PolicyStatement({
            sid: 'ArchiveWrite',
            actions: [...ARCHIVE_WRITE_ACTIONS],
            resources: [objects],
          }),
          new iam.PolicyStatement({
            sid: 'ArchiveKeyEncrypt',
            actions: [...ARCHIVE_WRITE_KMS_ACTIONS],
            resources: [archive.key.keyArn],
          }),
          new iam.PolicyStatement({
            sid: 'ArchiveNeverDeleteOrUnlock',
            effect: iam.Effect.DENY,
            actions: [...ARCHIVE_WRITER_DENIED_ACTIONS],
            resources: [archive.bucket.bucketArn, objects],
          }),
        ]
      : [
          new iam.PolicyStatement({
            sid: 'ArchiveQuery',
            actions: [...ATHENA_QUERY_ACTIONS],
            resources: [archive.workgroupArn],
          }),
          new iam.PolicyStatement({
            sid: 'ArchiveCatalogRead',
            actions: [...GLUE_READ_ACTIONS],
            resources: archive.catalog.arns(),
          }),
          new iam.PolicyStatement({
            sid: 'ArchiveRead',
            actions: [...ARCHIVE_READ_ACTIONS],
            resources: [objects],
          }),
          new iam.PolicyStatement({
            sid: 'ArchiveList',
            actions: [...BUCKET_READ_ACTIONS],
            resources: [archive.bucket.bucketArn],
          }),
          new iam.PolicyStatement({
            sid: 'QueryResultsReadWrite',
            actions: [...RESULTS_OBJECT_ACTIONS],
            resources: [archive.resultsBucket.arnForObjects('*')],
          }),
          new iam.PolicyStatement({
            sid: 'QueryResultsList',
            actions: [...RESULTS_BUCKET_ACTIONS],
            resources: [archive.resultsBucket.bucketArn],
          }),
          new iam.PolicyStatement({
            sid: 'ArchiveKeyDecrypt',
            actions: [...ARCHIVE_QUERY_KMS_ACTIONS],
            resources: [archive.key.keyArn],
          }),
        ];
  const policy = new iam.Policy(scope, access === 'write' ? 'ArchiveWritePolicy' : 'ArchiveQueryPolicy', {
    roles: [role],
    statements,
  });
  const bucketId = logicalIdOf(archive.bucket);
  acknowledge(
    policy,
    `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/*]`,
    access === 'write' ? REASONS.archiveObjectKeysWrite : REASONS.archiveObjectKeysRead,
  );
  if (access === 'query')
    acknowledge(
      policy,
      `AwsSolutions-IAM5[Resource::<${logicalIdOf(archive.resultsBucket)}.Arn>/*]`,
      REASONS.archiveQueryResults,
    );
  return policy;
}

const logicalIdOf = (bucket: s3.Bucket): string =>
  bucket.stack.resolve((bucket.node.defaultChild as s3.CfnBucket).logicalId) as string;

/**
 * The variables `access` gives a function, replacing the local defaults of its definition: the bucket to
 * writers (with ARCHIVE_BUCKET set the archiver writes to S3, not to ARCHIVE_DIR); the engine, workgroup and
 * database to queriers (AUDIT_ENGINE=athena: ARCHIVE_DIR, if declared, is not read).
 */
export function archiveEnvironment(archive: PipelineArchive, access: ArchiveAccess): Record<string, string> {
  return access === 'write'
    ? { ARCHIVE_BUCKET: archive.bucket.bucketName }
    : {
        AUDIT_ENGINE: 'athena',
        ATHENA_WORKGROUP: archive.workgroupName,
        ARCHIVE_DATABASE: archive.databaseName,
      };
}

/**
 * The audit archive in AWS (issue 15): Parquet objects written by the archive-records function from the
 * tables' streams, locked in an S3 bucket with Object Lock in COMPLIANCE mode, declared as Glue tables
 * (./archive-glue.ts) and queried through one Athena workgroup. Locally the same layout lives in a folder
 * and DuckDB reads it (shared/archive/).
 *
 * - archive bucket: Object Lock (compliance, default retention = the shortest archived record kind's period;
 *   the archiver sets each object's own, longer, retain-until date), versioned (Object Lock requires it),
 *   SSE-KMS with the archive key (S3 Bucket Keys on: one KMS call per object, not per request at bank
 *   volume), TLS only, no public access, server access logs, lifecycle rules that expire objects by their
 *   `retention=<days>` tag once their period is over. Its policy denies deleting objects or versions,
 *   bypassing governance retention and re-tagging to everyone, and writing objects, retentions, legal holds
 *   and tags to every principal but the archive writers (restrictWritesTo).
 * - query-results bucket: SSE-KMS, TLS only, results expire after 7 days.
 * - log bucket: the two buckets' server access logs (SSE-S3: S3 log delivery cannot write SSE-KMS).
 * - archive key: customer-managed, rotation on, retained (locked objects outlive the stack; unreadable
 *   without it). Default key policy: only IAM policies naming it (./archive-access.ts) use it; S3 and
 *   Athena act with the caller's credentials, so no service principal is admitted.
 */
import { Aws, Duration, RemovalPolicy, Stack, Tags } from 'aws-cdk-lib';
import * as athena from 'aws-cdk-lib/aws-athena';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { CATALOG_TRANSITION_RETENTION_DAYS } from '#archive/records.js';
import { RETENTION, type RetainedTable } from '#shared/retention.js';
import { ArchiveCatalog } from './archive-glue.js';
import type { ArchiveSettings } from './archive-settings.js';

/** The tables whose streams the archiver copies and that carry a retention period (catalog: see below). */
export const ARCHIVED_TABLES: readonly RetainedTable[] = [
  'audit',
  'consent-history',
  'audit-access-log',
  'erasure-log',
];

/**
 * The bucket's default retention: the shortest period of a record kind the archive holds. Every object the
 * archiver writes carries its own retain-until date (its kind's period); the default only protects an object
 * written without one, and never for longer than any archived record may be kept.
 */
export const DEFAULT_ARCHIVE_RETENTION_DAYS = Math.min(
  ...Object.values(RETENTION)
    .filter((rule) => ARCHIVED_TABLES.includes(rule.table))
    .map((rule) => rule.days),
);

/**
 * One lifecycle expiry per period of shared/retention.ts (and the catalog transitions' seven years), matched by the object tag `retention=<days>` the
 * archiver puts on each object. An object of day D is locked until D + days + 1 (archiver.ts); S3 counts
 * lifecycle days from the object's creation (on or after D), so `days + 1` never comes before the lock ends.
 */
export const RETENTION_TAG = 'retention';
export const ARCHIVE_PERIODS: readonly number[] = [
  ...new Set([...Object.values(RETENTION).map((r) => r.days), CATALOG_TRANSITION_RETENTION_DAYS]),
].sort((a, b) => a - b);

/** Days Athena query results are kept (they may hold sealed rows and counts; re-run rather than keep). */
export const QUERY_RESULTS_DAYS = 7;

/** Actions nobody may take on archived objects (lifecycle expiry is S3's own and not subject to the policy). */
export const ARCHIVE_FORBIDDEN_ACTIONS = [
  's3:DeleteObject',
  's3:DeleteObjectVersion',
  's3:BypassGovernanceRetention',
  's3:DeleteObjectTagging',
  's3:DeleteObjectVersionTagging',
  's3:PutObjectVersionTagging',
] as const;

/** Actions only the archive writers may take (the retention tag drives the lifecycle expiry). */
export const ARCHIVE_WRITER_ACTIONS = [
  's3:PutObject',
  's3:PutObjectRetention',
  's3:PutObjectLegalHold',
  's3:PutObjectTagging',
] as const;

export interface PipelineArchiveProps {
  readonly settings: ArchiveSettings;
  /** Days the buckets' server access logs are kept (the environment's log retention). */
  readonly logRetentionDays: number;
}

export class PipelineArchive extends Construct {
  readonly key: kms.Key;
  readonly logBucket: s3.Bucket;
  readonly bucket: s3.Bucket;
  readonly resultsBucket: s3.Bucket;
  readonly catalog: ArchiveCatalog;
  readonly workgroup: athena.CfnWorkGroup;
  readonly workgroupName: string;

  constructor(scope: Construct, id: string, props: PipelineArchiveProps) {
    super(scope, id);
    const stackName = Stack.of(this).stackName;
    this.key = new kms.Key(this, 'Key', {
      description: `${stackName}: encrypts the audit archive and its Athena query results`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.logBucket = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      lifecycleRules: [
        { expiration: Duration.days(props.logRetentionDays), noncurrentVersionExpiration: Duration.days(1) },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.bucket = new s3.Bucket(this, 'Bucket', {
      objectLockEnabled: true,
      objectLockDefaultRetention: s3.ObjectLockRetention.compliance(
        Duration.days(DEFAULT_ARCHIVE_RETENTION_DAYS),
      ),
      versioned: true,
      ...this.privateBucket('archive/'),
      lifecycleRules: [
        ...ARCHIVE_PERIODS.map((days) => ({
          id: `expire-${days}d`,
          tagFilters: { [RETENTION_TAG]: String(days) },
          expiration: Duration.days(days + 1),
          // A redelivered batch writes a new version of the same key: the old one goes once it is unlocked.
          noncurrentVersionExpiration: Duration.days(1),
        })),
        {
          id: 'clean-up',
          expiredObjectDeleteMarker: true,
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      // Locked objects cannot be deleted before their date anyway; the bucket must outlive the stack.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'NobodyDeletesOrRetagsArchivedObjects',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: [...ARCHIVE_FORBIDDEN_ACTIONS],
        resources: [this.bucket.arnForObjects('*')],
      }),
    );
    Tags.of(this.bucket).add('offer-pipeline:customer-data', 'pseudonymised');

    this.resultsBucket = new s3.Bucket(this, 'QueryResults', {
      ...this.privateBucket('query-results/'),
      lifecycleRules: [
        {
          id: `expire-${QUERY_RESULTS_DAYS}d`,
          expiration: Duration.days(QUERY_RESULTS_DAYS),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.catalog = new ArchiveCatalog(this, 'Catalog', {
      bucket: this.bucket,
      databaseName: archiveDatabaseName(stackName),
      firstDay: props.settings.firstDay,
    });

    this.workgroupName = `${stackName}-archive`;
    this.workgroup = new athena.CfnWorkGroup(this, 'WorkGroup', {
      name: this.workgroupName,
      description: `${stackName}: the privacy officers' queries over the audit archive`,
      state: 'ENABLED',
      workGroupConfiguration: {
        engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
        // Callers cannot override the result location, its encryption or the scan limit.
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: props.settings.bytesScannedCutoffGb * 1024 ** 3,
        requesterPaysEnabled: false,
        resultConfiguration: {
          outputLocation: `s3://${this.resultsBucket.bucketName}/results/`,
          encryptionConfiguration: { encryptionOption: 'SSE_KMS', kmsKey: this.key.keyArn },
          expectedBucketOwner: Aws.ACCOUNT_ID,
        },
      },
    });
  }

  /** The Glue database the queriers name (ARCHIVE_DATABASE). */
  get databaseName(): string {
    return this.catalog.databaseName;
  }

  /** ARN of the Athena workgroup. */
  get workgroupArn(): string {
    return `arn:${Aws.PARTITION}:athena:${Aws.REGION}:${Aws.ACCOUNT_ID}:workgroup/${this.workgroupName}`;
  }

  /**
   * Denies writing objects, retentions, legal holds and tags to every principal but `writers` (the roles of
   * the functions with `archive: 'write'`): whatever another role's IAM policy says, the bucket refuses it.
   */
  restrictWritesTo(writers: readonly iam.IRole[]): void {
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'OnlyTheArchiverWrites',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: [...ARCHIVE_WRITER_ACTIONS],
        resources: [this.bucket.arnForObjects('*')],
        ...(writers.length > 0
          ? { conditions: { ArnNotEquals: { 'aws:PrincipalArn': writers.map((role) => role.roleArn) } } }
          : {}),
      }),
    );
  }

  /** What both buckets share: the archive key (bucket keys), TLS only, no public access, access logs. */
  private privateBucket(logPrefix: string): s3.BucketProps {
    return {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: logPrefix,
    };
  }
}

/** `OfferPipeline-prod` -> `offerpipeline_prod_archive` (Glue and Athena want lower case and underscores). */
export const archiveDatabaseName = (stackName: string): string =>
  `${stackName.toLowerCase().replace(/[^a-z0-9]+/g, '_')}_archive`;

/**
 * Every cdk-nag finding this stack acknowledges instead of fixing, with the reason, in one place so a
 * security reviewer can read them together (they are also listed, with where they apply, under
 * `suppressedViolations` in cdk.out/validation-report.json after every synth). Each acknowledgement is attached to the narrowest construct
 * that needs it (the CloudFormation resource, never the stack), and IAM5 acknowledgements name the exact finding
 * (`AwsSolutions-IAM5[Resource::...]`) so that any other wildcard on the same policy is still reported.
 */
import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

export const REASONS = {
  /** On each Lambda function. */
  nodeRuntime:
    'Pinned to nodejs22.x on purpose: the project targets Node 22 (issue 2/6, bundling target node22, ' +
    'local runtime and tests on the same major), which is an AWS-supported LTS runtime receiving security ' +
    'patches. Moving to a newer major is a deliberate, tested change, not an automatic one.',
  /** On the per-function tracing policy, which holds only the two X-Ray write actions. */
  xrayResourceStar:
    'xray:PutTraceSegments and xray:PutTelemetryRecords do not support resource-level permissions (Service ' +
    'Authorization Reference), so Resource "*" is the only possible value. The policy holds nothing else.',
  /** On the per-function stream-reader policy. */
  streamArnWildcard:
    "DynamoDB stream ARNs end in a creation-time label, so stream access is granted on this function's own " +
    'table `<table-arn>/stream/*`, the form the DynamoDB developer guide gives for Lambda stream consumers. ' +
    'It covers only the streams of that one table, read-only (DescribeStream, GetRecords, GetShardIterator, ' +
    'ListStreams).',
  /** On the on-failure queue of a DynamoDB stream event source. */
  streamFailureQueueIsTerminal:
    'This queue is itself a dead-letter destination: the on-failure destination of a DynamoDB stream event ' +
    'source mapping, which receives metadata about batches that exhausted their retries. A DLQ behind it ' +
    'would have no consumer; it is KMS-encrypted, TLS-only and retains messages for 14 days.',
  /** On an audience's execute-api invoke policy. */
  routeParameterWildcard:
    'execute-api ARNs cannot name a path parameter; a route template such as /customers/{customerId}/offers ' +
    'is granted as /customers/*/offers on this one API, stage and method. The wildcard stands only for the ' +
    'customer or offer id within routes of this audience.',
  /** On a table whose definition says holdsCustomerData: false. */
  noCustomerDataNoPitr:
    'The definition declares that this table holds no customer data: its content is derived and can be ' +
    'rebuilt, so point-in-time recovery would add cost without protecting anything a regulator may ask for.',
  /** On the console's CloudFront distribution. */
  consoleNoGeoRestriction:
    'The console is used by the bank staff wherever they work (travel, remote work); a country list would ' +
    'lock them out without protecting anything: every page and API call requires a Cognito sign-in with MFA.',
  /** On the console's CloudFront distribution. */
  consoleWafInUsEast1:
    'A web ACL for CloudFront must be created in us-east-1, and this stack is single-region (the bank runs it ' +
    'in the EU). Every API route behind the distribution requires a verified Cognito token, API Gateway ' +
    'throttles, and Cognito threat protection (Plus plan) guards the sign-in; a WAF can be attached per ' +
    'environment from a us-east-1 stack (docs/deploy.md).',
  /** On the console's CloudFront distribution. */
  consoleDefaultCertificate:
    'The distribution uses the default *.cloudfront.net certificate, for which CloudFront itself fixes the ' +
    'viewer security policy; the TLSv1.2_2021 minimum applies as soon as an environment gives the console ' +
    'its own domain with an ACM certificate (docs/deploy.md). Viewers are redirected to HTTPS either way.',
  /** On aws-cdk-lib's BucketDeployment handler function (./console.ts). */
  bucketDeploymentRuntime:
    "aws-cdk-lib's BucketDeployment handler (it copies the console's built files into the bucket at " +
    'deployment) runs on the Python runtime aws-cdk-lib pins and upgrades with its releases; it handles no ' +
    'request and no customer data, and runs only during a deployment.',
  /** On the role and policy of aws-cdk-lib's BucketDeployment handler (./console.ts). */
  bucketDeploymentRole:
    "aws-cdk-lib's BucketDeployment writes this role: basic Lambda logging, read of the CDK asset bucket's " +
    "objects, write and delete of the console bucket's objects (wildcards over object keys and the S3 action " +
    'families it needs: GetObject*, List*, DeleteObject*, Abort*), and the CloudFront invalidation after a ' +
    'deployment. It runs only during a deployment and can reach no table, queue or customer data.',
  /** On the archive-records function's ArchiveWritePolicy (./archive-access.ts). */
  archiveObjectKeysWrite:
    'The archiver names a new object key per stream batch (<dataset>/record_day=<day>/<days>d-<batch>.parquet), ' +
    'so it may put objects under any key of the archive bucket: PutObject, PutObjectRetention and ' +
    'PutObjectTagging only. Object Lock (compliance) keeps it from shortening a retention, and the same ' +
    'policy denies it every delete, governance bypass and lock, lifecycle or bucket policy change.',
  /** On the ArchiveQueryPolicy of the functions that query the archive (./archive-access.ts). */
  archiveObjectKeysRead:
    "Athena reads the archive objects of the queried days with the caller's credentials; the object keys " +
    "are named per stream batch, so GetObject is granted on the archive bucket's objects (read only; the " +
    'bucket policy refuses every write and delete by this role).',
  /** On the ArchiveQueryPolicy (./archive-access.ts). */
  archiveQueryResults:
    "Athena writes each query's results under a new key (results/<query execution id>.csv) of the query " +
    "results bucket, with the caller's credentials, and the caller reads them back; that bucket holds " +
    'nothing else and expires every object after 7 days.',
  /** On the customer-keys table (./data-stores.ts). */
  customerKeysNoPitr:
    'The customer-keys table holds the per-customer keys that make the archive linkable to a person; ' +
    'erasure deletes a key (crypto-shredding). A point-in-time restore or a backup would bring an erased ' +
    'key back and undo the erasure, so the table has neither, by design; deletion protection and ' +
    'RemovalPolicy.RETAIN still guard it against a mistaken delete.',
} as const;

/** Namespace of the AwsSolutions pack in CDK's validation report. */
export const NAG_NAMESPACE = 'AwsSolutions';

/**
 * Acknowledge one AwsSolutions finding on the CloudFormation resource of `scope`. The id is namespaced
 * (`AwsSolutions::AwsSolutions-L1`), the form CDK's validation framework matches itself: the finding then
 * stays in the cloud assembly's validation-report.json under `suppressedViolations`, with this reason and
 * the place it was acknowledged, instead of disappearing from the report.
 */
export function acknowledge(scope: IConstruct, ruleId: string, reason: string): void {
  // An L2 construct's acknowledgement would also cover its children (a function's event source mappings,
  // a queue's policy); the CloudFormation resource itself is the narrowest scope.
  const target = scope.node.defaultChild ?? scope;
  Validations.of(target).acknowledge({ id: `${NAG_NAMESPACE}::${ruleId}`, reason });
}

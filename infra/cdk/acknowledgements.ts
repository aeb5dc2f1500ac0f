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

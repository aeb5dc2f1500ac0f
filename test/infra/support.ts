/**
 * Synthesis helpers for the infra tests: the app is built by the same createApp() as infra/app.ts, with the
 * feature flags of cdk.json, into a temporary cloud assembly directory.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { type App, type CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import type { IConstruct } from 'constructs';
import type { CallersSettings } from '#cdk/callers.js';
import { createApp } from '#cdk/create-app.js';
import { type OfferPipelineStack, type OfferPipelineStackProps, REPO_ROOT } from '#infra/stack.js';

/** beforeAll timeout: a synth with bundling runs esbuild three times. */
export const SYNTH_TIMEOUT_MS = 120_000;

function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(path.join(REPO_ROOT, 'cdk.json'), 'utf8')) as {
    context?: Record<string, unknown>;
  };
  return cdkJson.context ?? {};
}

export interface Synthesized {
  readonly app: App;
  readonly stack: OfferPipelineStack;
  readonly assembly: CloudAssembly;
  readonly template: Template;
  /** Removes the temporary cloud assembly. */
  readonly cleanup: () => void;
}

export interface SynthOptions {
  /**
   * Run esbuild for every function (as `npm run synth` does). Off, the template is the same except for
   * asset hashes, and synthesis takes a fraction of the time.
   */
  readonly bundle: boolean;
  readonly stackProps?: OfferPipelineStackProps;
}

export function synthesize(options: SynthOptions): Synthesized {
  const outdir = mkdtempSync(path.join(tmpdir(), 'offer-pipeline-cdk-'));
  const context = {
    ...cdkJsonContext(),
    // As the CLI does: asset paths in resource metadata (the bundle tests use them).
    'aws:cdk:enable-asset-metadata': true,
    ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
  };
  const { app, stack } = createApp({
    appProps: { outdir, context },
    // The console needs its built files: only the console tests (test/infra/console*.test.ts) give them.
    stackProps: { consoleAssets: false, ...options.stackProps },
  });
  const assembly = app.synth();
  const template = Template.fromJSON(
    assembly.getStackByName(stack.stackName).template as Record<string, unknown>,
  );
  return { app, stack, assembly, template, cleanup: () => rmSync(outdir, { recursive: true, force: true }) };
}

/** The CloudFormation logical id of an L2 construct's resource. */
export function logicalId(construct: IConstruct): string {
  const resource = construct.node.defaultChild;
  if (!resource) throw new Error(`${construct.node.path} has no CloudFormation resource`);
  return Stack.of(construct).getLogicalId(resource as CfnElement);
}

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation JSON is untyped.
export type Json = any;

export interface Statement {
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: string | string[];
  readonly Resource: Json;
  readonly Sid?: string;
  readonly Condition?: Json;
}

export const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/** Every statement of every AWS::IAM::Policy attached to the role, plus its inline policies. */
export function roleStatements(template: Template, roleLogicalId: string): Statement[] {
  const resources = template.toJSON().Resources as Record<string, Json>;
  const role = resources[roleLogicalId];
  if (!role) throw new Error(`No resource ${roleLogicalId}`);
  const statements: Statement[] = [];
  for (const inline of role.Properties?.Policies ?? []) statements.push(...inline.PolicyDocument.Statement);
  for (const resource of Object.values(resources)) {
    if (resource.Type !== 'AWS::IAM::Policy') continue;
    const roles: Json[] = resource.Properties.Roles ?? [];
    if (roles.some((r) => r.Ref === roleLogicalId))
      statements.push(...resource.Properties.PolicyDocument.Statement);
  }
  return statements;
}

export type ResourceKind = 'table' | 'index' | 'stream' | 'other';

/** What a statement resource points at, relative to one table. */
export function resourceKind(resource: Json, tableLogicalId: string): ResourceKind | undefined {
  const text = JSON.stringify(resource);
  if (!text.includes(`"${tableLogicalId}"`)) return undefined;
  if (text.includes('"StreamArn"') || text.includes('/stream/')) return 'stream';
  if (text.includes('/index/')) return 'index';
  return 'table';
}

/** Actions a role is allowed on one table, split by what they apply to (table, its indexes, its stream). */
export function actionsOnTable(
  statements: Statement[],
  tableLogicalId: string,
): Record<ResourceKind, Set<string>> {
  const result: Record<ResourceKind, Set<string>> = {
    table: new Set(),
    index: new Set(),
    stream: new Set(),
    other: new Set(),
  };
  for (const statement of statements) {
    if (statement.Effect !== 'Allow') continue;
    for (const resource of asArray(statement.Resource)) {
      const kind = resourceKind(resource, tableLogicalId);
      if (kind) for (const action of asArray(statement.Action)) result[kind].add(action);
    }
  }
  return result;
}

/** Index ARNs (`.../index/<name>`) a role may use on one table. */
export function indexNamesGranted(statements: Statement[], tableLogicalId: string): Set<string> {
  const names = new Set<string>();
  for (const statement of statements) {
    for (const resource of asArray(statement.Resource)) {
      if (resourceKind(resource, tableLogicalId) !== 'index') continue;
      const match = /\/index\/([^"]+)"/.exec(JSON.stringify(resource));
      if (match?.[1]) names.add(match[1]);
    }
  }
  return names;
}

/** IAM action pattern match (`dynamodb:*`, `dynamodb:Get*`), case-insensitive like IAM. */
export function actionMatches(pattern: string, action: string): boolean {
  const regex = new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`, 'i');
  return regex.test(action);
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A statement of any IAM policy in the template, with the roles it is attached to. */
export interface AttachedStatement {
  readonly roles: readonly string[];
  readonly statement: Statement;
}

/** Every statement of every identity policy in the template (AWS::IAM::Policy, managed and inline). */
export function allIdentityStatements(template: Template): AttachedStatement[] {
  const resources = template.toJSON().Resources as Record<string, Json>;
  const found: AttachedStatement[] = [];
  for (const [id, resource] of Object.entries(resources)) {
    if (resource.Type === 'AWS::IAM::Role') {
      for (const inline of resource.Properties?.Policies ?? [])
        for (const statement of inline.PolicyDocument.Statement) found.push({ roles: [id], statement });
    }
    if (resource.Type === 'AWS::IAM::Policy' || resource.Type === 'AWS::IAM::ManagedPolicy') {
      const roles = ((resource.Properties.Roles ?? []) as Json[]).map((r) => String(r.Ref));
      for (const statement of resource.Properties.PolicyDocument.Statement) found.push({ roles, statement });
    }
  }
  return found;
}

/** One metric of a dashboard widget: `[namespace, name, dimName, dimValue, ..., { options }]`. */
export interface DashboardMetric {
  readonly widget: string;
  readonly namespace: string;
  readonly metricName: string;
  /** Dimension values that were CloudFormation tokens are given as the token (e.g. `{ Ref: ... }`). */
  readonly dimensions: Readonly<Record<string, Json>>;
}

/**
 * The metrics of every dashboard widget. The body is an `Fn::Join` of JSON text and tokens (region, queue
 * names); each token is swapped for a placeholder inside the JSON and swapped back in the result.
 */
export function dashboardMetrics(template: Template): DashboardMetric[] {
  const resources = template.toJSON().Resources as Record<string, Json>;
  const metrics: DashboardMetric[] = [];
  for (const resource of Object.values(resources)) {
    if (resource.Type !== 'AWS::CloudWatch::Dashboard') continue;
    const parts: Json[] = resource.Properties.DashboardBody['Fn::Join'][1];
    const tokens: Json[] = [];
    const text = parts
      .map((part) => {
        if (typeof part === 'string') return part;
        tokens.push(part);
        return `__TOKEN_${tokens.length - 1}__`;
      })
      .join('');
    const untoken = (value: Json): Json => {
      const match = typeof value === 'string' ? /^__TOKEN_(\d+)__$/.exec(value) : null;
      return match ? tokens[Number(match[1])] : value;
    };
    const body = JSON.parse(text) as { widgets: Json[] };
    for (const widget of body.widgets) {
      for (const row of (widget.properties?.metrics ?? []) as Json[][]) {
        if (typeof row[0] !== 'string') continue; // a math expression: its inputs are rows of their own
        const [namespace, metricName, ...rest] = row;
        const dimensions: Record<string, Json> = {};
        for (let i = 0; i + 1 < rest.length && typeof rest[i] === 'string'; i += 2)
          dimensions[rest[i]] = untoken(rest[i + 1]);
        metrics.push({ widget: widget.properties.title, namespace, metricName, dimensions });
      }
    }
  }
  return metrics;
}

/**
 * Caller principals for synths that need the caller roles (an environment without them has none): two
 * roles for the banner service, an Identity Center pattern and a role for privacy officers.
 */
export const TEST_CALLERS: CallersSettings = {
  principals: {
    'banner-service': [
      'arn:aws:iam::111122223333:role/BannerService',
      'arn:aws:iam::111122223333:role/BannerServiceCanary',
    ],
    'privacy-officer': [
      {
        account: '444455556666',
        principalArnLike:
          'arn:aws:iam::444455556666:role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_PrivacyOfficer_*',
      },
      'arn:aws:iam::444455556666:user/dpo',
    ],
    'privacy-eraser': ['arn:aws:iam::444455556666:role/PrivacyEraser'],
    operator: ['arn:aws:iam::777788889999:role/Operations'],
    'product-team': ['arn:aws:iam::777788889999:role/ProductTeam'],
  },
  mfaMaxAgeSeconds: 900,
};

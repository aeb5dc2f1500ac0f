/**
 * The synthesis `npm run synth` performs: esbuild bundling of every function and cdk-nag's AwsSolutions
 * pack through the CDK validation framework. Checks that the validation report has no open finding, that
 * every acknowledgement is one we expect (with a reason), and what the bundles contain.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audiencesOf } from '#api/route-table.js';
import { createApp } from '#cdk/create-app.js';
import { SHREDDING_KEY_TABLES } from '#cdk/data-stores.js';
import { pascalCase } from '#cdk/names.js';
import { ESM_REQUIRE_SHIM } from '#infra/bundling.js';
import { app as definition } from '#infra/definitions.js';
import {
  type Json,
  logicalId,
  SYNTH_TIMEOUT_MS,
  type Synthesized,
  synthesize,
  TEST_CALLERS,
} from './support.js';

interface ValidationReport {
  pluginReports: {
    pluginName: string;
    conclusion: 'success' | 'failure';
    violations: { ruleName: string; violatingConstructs: { constructPath: string }[] }[];
    suppressedViolations?: {
      ruleName: string;
      reason: string;
      acknowledgedAt: string;
      violatingConstructs: { constructPath: string }[];
    }[];
  }[];
}

const readReport = (directory: string): ValidationReport =>
  JSON.parse(readFileSync(path.join(directory, 'validation-report.json'), 'utf8')) as ValidationReport;

let synth: Synthesized;
let report: ValidationReport;

beforeAll(() => {
  // With caller principals: the caller roles and their invoke policies are part of what cdk-nag checks.
  synth = synthesize({ bundle: true, stackProps: { settings: { callers: TEST_CALLERS } } });
  report = readReport(synth.assembly.directory);
}, SYNTH_TIMEOUT_MS);

afterAll(() => synth?.cleanup());

describe('cdk-nag AwsSolutions', () => {
  it('runs as a validation plugin and leaves no finding open', () => {
    const nag = report.pluginReports.find((r) => r.pluginName === 'AwsSolutions');
    expect(nag, 'AwsSolutions report').toBeDefined();
    for (const plugin of report.pluginReports) {
      expect(plugin.violations, plugin.pluginName).toEqual([]);
      expect(plugin.conclusion, plugin.pluginName).toBe('success');
    }
  });

  it('acknowledges exactly the expected findings, each on its own resource and with a reason', () => {
    const suppressed = report.pluginReports.flatMap((r) => r.suppressedViolations ?? []);
    const found = suppressed.flatMap((s) =>
      s.violatingConstructs.map((c) => `${s.ruleName} @ ${c.constructPath}`),
    );

    const stack = synth.stack.node.path;
    const expected: string[] = [];
    for (const fn of synth.stack.functions.values()) {
      const base = `${stack}/${fn.node.id}`;
      expected.push(`AwsSolutions-L1 @ ${base}/Function/Resource`);
      expected.push(`AwsSolutions-IAM5[Resource::*] @ ${base}/TracingPolicy/Resource`);
      for (const source of fn.def.events) {
        if (source.kind !== 'dynamodb-stream') continue;
        const table = synth.stack.tables.get(source.table);
        if (!table) throw new Error(`no table ${source.table}`);
        const stem = pascalCase(source.table);
        expected.push(`AwsSolutions-SQS3 @ ${base}/${stem}StreamFailures/Resource`);
        expected.push(
          `AwsSolutions-IAM5[Resource::<${logicalId(table)}.Arn>/stream/*] @ ${base}/${stem}StreamListPolicy/Resource`,
        );
      }
    }
    const api = synth.stack.httpApi;
    if (!api) throw new Error('no HTTP API');
    const apiId = logicalId(api.api);
    for (const fn of definition.functions) {
      for (const route of fn.events) {
        if (route.kind !== 'http' || !route.path.includes('{')) continue;
        const path = route.path.replace(/\{[^}]+\}/g, '*');
        for (const audience of audiencesOf(route))
          expected.push(
            `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:execute-api:<AWS::Region>:<AWS::AccountId>:<${apiId}>/$default/${route.method}${path}] @ ${stack}/Http/${pascalCase(audience)}InvokePolicy/Resource`,
          );
      }
    }
    // A table that holds no customer data and is not retained as a record has no point-in-time recovery,
    // acknowledged (infra/cdk/data-stores.ts); the catalog is retained (`retained: true`) and has it.
    for (const table of definition.tables.filter((t) => !t.holdsCustomerData && t.retained !== true)) {
      expected.push(`AwsSolutions-DDB3 @ ${stack}/${pascalCase(table.name)}Table/Resource`);
    }
    // The archive (issue 15): object-key wildcards of the archive access policies, and the customer-keys
    // table without point-in-time recovery (a restore would undo erasures).
    const archiveBucket = logicalId(synth.stack.archive.bucket);
    const resultsBucket = logicalId(synth.stack.archive.resultsBucket);
    for (const fn of synth.stack.functions.values()) {
      const access = fn.def.archive;
      if (access === undefined) continue;
      const policy = `${stack}/${fn.node.id}/${access === 'write' ? 'ArchiveWritePolicy' : 'ArchiveQueryPolicy'}/Resource`;
      expected.push(`AwsSolutions-IAM5[Resource::<${archiveBucket}.Arn>/*] @ ${policy}`);
      if (access === 'query')
        expected.push(`AwsSolutions-IAM5[Resource::<${resultsBucket}.Arn>/*] @ ${policy}`);
    }
    for (const table of definition.tables.filter((t) => SHREDDING_KEY_TABLES.includes(t.name)))
      expected.push(`AwsSolutions-DDB3 @ ${stack}/${pascalCase(table.name)}Table/Resource`);
    expect(found.sort()).toEqual(expected.sort());

    for (const s of suppressed) {
      expect(s.reason.length, `${s.ruleName} reason`).toBeGreaterThan(80);
      for (const c of s.violatingConstructs) expect(c.constructPath).toBe(s.acknowledgedAt);
    }
  });

  it('fails synthesis when a finding is not acknowledged', () => {
    const outdir = mkdtempSync(path.join(tmpdir(), 'offer-pipeline-cdk-'));
    try {
      const { app, stack } = createApp({ appProps: { outdir, context: { 'aws:cdk:bundling-stacks': [] } } });
      new sqs.Queue(stack, 'UnprotectedQueue');
      expect(() => app.synth()).toThrow(/AwsSolutions-SQS4/);
      const failed = readReport(outdir).pluginReports.find((r) => r.pluginName === 'AwsSolutions');
      expect(failed?.conclusion).toBe('failure');
      expect(failed?.violations.map((v) => v.ruleName).sort()).toEqual([
        'AwsSolutions-SQS3',
        'AwsSolutions-SQS4',
      ]);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});

describe('annotations', () => {
  it('has no synthesis errors or warnings', () => {
    const annotations = Annotations.fromStack(synth.stack);
    expect(annotations.findError('*', Match.anyValue())).toEqual([]);
    expect(annotations.findWarning('*', Match.anyValue())).toEqual([]);
  });
});

describe('bundles', () => {
  const template = (): Json => synth.template.toJSON();

  for (const def of definition.functions) {
    it(`${def.name}: minified ESM with the require shim, the runtime's SDK, no catalog folder`, () => {
      const fn = synth.stack.functions.get(def.name);
      if (!fn) throw new Error(`no function ${def.name}`);
      const resource = template().Resources[logicalId(fn.function)];
      const assetDir = path.join(synth.assembly.directory, resource.Metadata['aws:asset:path']);
      const code = readFileSync(path.join(assetDir, 'index.mjs'), 'utf8');
      expect(code.startsWith(ESM_REQUIRE_SHIM)).toBe(true);
      // The SDK is the runtime's: imported, never bundled (no bundled smithy client internals).
      const usesAws = Object.keys(def.tables).length + Object.keys(def.queues).length > 0;
      if (usesAws) expect(code).toMatch(/from\s*["']@aws-sdk\/client-(dynamodb|sqs)["']/);
      expect(code).not.toContain('@smithy/');
      expect(existsSync(path.join(assetDir, 'index.mjs.map'))).toBe(true);
      // The functions read the live catalog from the catalog table: no folder travels in the bundle.
      expect(readdirSync(assetDir)).not.toContain('catalog');
    });
  }
});

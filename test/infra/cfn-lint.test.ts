/**
 * The synthesized template passes cfn-lint (the CloudFormation linter: resource schemas, property values,
 * references, best practices), so a template CloudFormation would reject or warn about fails here, before
 * any deployment. cfn-lint is a Python tool that CI installs (.ci/run); this test fails, never skips,
 * when it is missing.
 *
 * Regions: the stack is environment-agnostic and the bank runs it in the EU, so the template is checked
 * against the resource schemas of eu-west-1 and eu-central-1. (cfn-lint's bundled us-east-1 schema of
 * AWS::CloudWatch::Dashboard still lacks `Tags`, which CloudFormation and the CDK's CfnDashboard have.)
 *
 * One accepted finding: W3005 (an obsolete DependsOn) on a Lambda function's DependsOn on its own execution
 * role. aws-cdk-lib's lambda.Function adds that dependency itself (`node.addDependency(role)`); it is
 * redundant with the GetAtt of `Role`, harmless, and not ours to remove. Any other W3005 still fails.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Json, SYNTH_TIMEOUT_MS, type Synthesized, synthesize, TEST_CALLERS } from './support.js';

const REGIONS = ['eu-west-1', 'eu-central-1'];

interface Finding {
  readonly Rule: { readonly Id: string };
  readonly Level: string;
  readonly Message: string;
  readonly Location: { readonly Path: readonly (string | number)[] };
}

/** W3005 on a function's DependsOn entry that names the role its `Role` property already GetAtts. */
function isFunctionOwnRoleDependency(finding: Finding, resources: Record<string, Json>): boolean {
  const [section, logicalId, key, index] = finding.Location.Path;
  if (finding.Rule.Id !== 'W3005' || section !== 'Resources' || key !== 'DependsOn') return false;
  const resource = resources[String(logicalId)];
  if (resource?.Type !== 'AWS::Lambda::Function') return false;
  const dependsOn: string[] = [resource.DependsOn ?? []].flat();
  const role = resource.Properties?.Role?.['Fn::GetAtt']?.[0];
  return typeof index === 'number' && role !== undefined && dependsOn[index] === role;
}

let synth: Synthesized;
let dir: string;
let templateFile: string;

beforeAll(() => {
  // Without bundling: the template is the same but for asset hashes. With callers: their roles are linted too.
  synth = synthesize({ bundle: false, stackProps: { settings: { callers: TEST_CALLERS } } });
  dir = mkdtempSync(path.join(tmpdir(), 'offer-pipeline-cfn-lint-'));
  templateFile = path.join(dir, 'template.json');
  writeFileSync(templateFile, JSON.stringify(synth.template.toJSON(), null, 1));
}, SYNTH_TIMEOUT_MS);

afterAll(() => {
  synth?.cleanup();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('cfn-lint', () => {
  it(
    'finds no error and no warning in the synthesized template but the accepted one',
    () => {
      const run = spawnSync('cfn-lint', ['--format', 'json', '--regions', ...REGIONS, '--', templateFile], {
        encoding: 'utf8',
      });
      expect(run.error, 'cfn-lint must be installed (pip install cfn-lint)').toBeUndefined();
      // Exit codes are a bit mask: 2 error, 4 warning, 8 informational; 1 (and above 8 + 4 + 2) a crash.
      expect(run.status !== null && run.status % 2 === 0, `cfn-lint crashed:\n${run.stderr}`).toBe(true);
      const findings = JSON.parse(run.stdout) as Finding[];
      const resources = synth.template.toJSON().Resources as Record<string, Json>;
      const open = findings.filter((f) => !isFunctionOwnRoleDependency(f, resources));
      expect(open.map((f) => `${f.Rule.Id} ${f.Location.Path.join('/')}: ${f.Message}`)).toEqual([]);
    },
    SYNTH_TIMEOUT_MS,
  );

  it('accepts W3005 only for the dependency aws-cdk-lib adds, on every function', () => {
    const resources = synth.template.toJSON().Resources as Record<string, Json>;
    const functions = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::Lambda::Function');
    expect(functions.length).toBeGreaterThan(0);
    const finding = (logicalId: string, index: number, rule = 'W3005'): Finding => ({
      Rule: { Id: rule },
      Level: 'Warning',
      Message: '',
      Location: { Path: ['Resources', logicalId, 'DependsOn', index] },
    });
    for (const [logicalId, resource] of functions) {
      const dependsOn: string[] = [resource.DependsOn ?? []].flat();
      const roleIndex = dependsOn.indexOf(resource.Properties.Role['Fn::GetAtt'][0]);
      expect(isFunctionOwnRoleDependency(finding(logicalId, roleIndex), resources)).toBe(true);
      // Another rule at the same place, or another DependsOn entry of the same function, is not accepted.
      expect(isFunctionOwnRoleDependency(finding(logicalId, roleIndex, 'W3010'), resources)).toBe(false);
      dependsOn.forEach((_, i) => {
        if (i !== roleIndex)
          expect(isFunctionOwnRoleDependency(finding(logicalId, i), resources)).toBe(false);
      });
    }
  });
});

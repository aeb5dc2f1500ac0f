import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const REDOCLY = resolve(import.meta.dirname, '../../node_modules/.bin/redocly');

export interface LintProblem {
  readonly ruleId: string;
  readonly severity: 'error' | 'warn';
  readonly message: string;
  readonly pointer: string;
}

export interface LintResult {
  readonly totals: { readonly errors: number; readonly warnings: number; readonly ignored: number };
  readonly problems: readonly LintProblem[];
}

/**
 * Lints an API description (OpenAPI or AsyncAPI) with the external linter, `@redocly/cli lint`, and its
 * recommended rules (no redocly.yaml: the rule set is fixed by `--extends recommended`), as JSON.
 */
export async function redoclyLint(document: unknown, name = 'api.json'): Promise<LintResult> {
  const dir = await mkdtemp(join(tmpdir(), 'redocly-lint-'));
  try {
    const file = join(dir, name);
    await writeFile(file, JSON.stringify(document, null, 2));
    // Exit status 1 means problems were found: the JSON report says which, so read it either way.
    const output = await run(REDOCLY, ['lint', file, '--format', 'json', '--extends', 'recommended'], {
      cwd: dir,
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      maxBuffer: 16 * 1024 * 1024,
    }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
    const report = JSON.parse(output.stdout) as {
      totals: LintResult['totals'];
      problems: Array<{
        ruleId: string;
        severity: 'error' | 'warn';
        message: string;
        location: Array<{ pointer: string }>;
      }>;
    };
    return {
      totals: report.totals,
      problems: report.problems.map((p) => ({
        ruleId: p.ruleId,
        severity: p.severity,
        message: p.message,
        pointer: p.location[0]?.pointer ?? '',
      })),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

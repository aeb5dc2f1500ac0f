import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Decision } from '#core/decision.js';

/** The repository root, where `npm start` / `npm run audit` run. */
export const repoRoot = resolve(import.meta.dirname, '../../..');
const tsx = resolve(repoRoot, 'node_modules/tsx/dist/cli.mjs');

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The environment a user's shell would give: PATH, HOME, USER, and the SDK's Node notice switched off. */
function userEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    USER: process.env.USER,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...extra,
  };
}

/**
 * Runs a command-line entry point as `npm start` / `npm run replay` / `npm run audit` run it (tsx, a clean
 * environment), stdin a closed pipe (not a terminal), and resolves with its exit code and output.
 */
function runScript(script: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [tsx, script, ...args], { cwd: repoRoot, env: userEnv(env) });
    child.stdin.end();
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

/** `npm start -- <args>` / `npm run replay -- <args>`. */
export const runLocalCli = (args: readonly string[], env?: NodeJS.ProcessEnv) =>
  runScript('infra/local/cli.ts', args, env);

/** `npm run audit -- <args>`. */
export const runAuditCli = (args: readonly string[], env?: NodeJS.ProcessEnv) =>
  runScript('infra/local/audit-cli.ts', args, env);

/** `npm start -- <args>` in its own process group (as in a terminal, so a Ctrl-C reaches tsx and node). */
export function spawnLocalCli(args: readonly string[]) {
  return spawn(process.execPath, [tsx, 'infra/local/cli.ts', ...args], {
    cwd: repoRoot,
    detached: true,
    env: userEnv({}),
  });
}

/** `npm run triggers -- <args>`. */
export const runTriggersCli = (args: readonly string[], env?: NodeJS.ProcessEnv) =>
  runScript('infra/local/triggers-cli.ts', args, env);

/** The decisions a `replay --out <file>` wrote, one JSON object a line. */
export function readDecisionsFile(path: string): Decision[] {
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Decision);
}

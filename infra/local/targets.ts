import { existsSync, readFileSync } from 'node:fs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { TableNames } from '#adapters/dynamodb/tables.js';
import { documentClient } from '#functions/handler-kit/aws-clients.js';
import { app, queueByName, tableByName } from '#infra/definitions.js';
import { endpointsFile } from './endpoints-file.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './local-aws.js';
import type { ReplayTarget } from './replay.js';
import type { LocalRuntime } from './runtime.js';

/** Table names as the definitions give them locally, or as the stack's env variables name them. */
export function tableNames(env: NodeJS.ProcessEnv = {}): TableNames {
  const name = (table: string) => env[tableByName(app, table).envVar] ?? table;
  return {
    customers: name('customers'),
    contactPolicy: name('contact-policy'),
    audit: name('audit'),
    offers: name('offers'),
  };
}

export function targetFromRuntime(runtime: LocalRuntime): ReplayTarget {
  const queue = runtime.queues.get('payment-events');
  if (!queue) throw new Error('The local runtime has no payment-events queue');
  return {
    sqs: runtime.sqs,
    documents: documentClient(runtime.dynamodb),
    queueUrl: queue.url,
    dlqUrl: queue.dlqUrl,
    tables: tableNames(),
  };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

interface EndpointsFile {
  pid: number;
  dynamodb: string;
  sqs: string;
  queues: Record<string, string>;
}

/** A running `npm start` on this machine, found through the endpoints file it writes. */
export function targetFromRunningStart(): ReplayTarget | undefined {
  if (!existsSync(endpointsFile)) return undefined;
  const file = JSON.parse(readFileSync(endpointsFile, 'utf8')) as EndpointsFile;
  const queueUrl = file.queues['payment-events'];
  if (!alive(file.pid) || !queueUrl) return undefined;
  const config = { region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS };
  return {
    sqs: new SQSClient({ ...config, endpoint: file.sqs }),
    documents: documentClient(new DynamoDBClient({ ...config, endpoint: file.dynamodb })),
    queueUrl,
    ...(file.queues['payment-events-dlq'] ? { dlqUrl: file.queues['payment-events-dlq'] } : {}),
    tables: tableNames(),
  };
}

/**
 * Endpoints from the standard AWS variables (AWS_ENDPOINT_URL_SQS / _DYNAMODB, or AWS_ENDPOINT_URL) with
 * the queue URL and table names from the stack's variables (PAYMENT_EVENTS_QUEUE_URL, AUDIT_TABLE, ...).
 */
export function targetFromEnv(env: NodeJS.ProcessEnv = process.env): ReplayTarget | undefined {
  const queueVar = queueByName(app, 'payment-events').envVar;
  const queueUrl = env[queueVar];
  const hasEndpoints = Boolean(
    env.AWS_ENDPOINT_URL || (env.AWS_ENDPOINT_URL_SQS && env.AWS_ENDPOINT_URL_DYNAMODB),
  );
  if (!hasEndpoints || !queueUrl) return undefined;
  return {
    sqs: new SQSClient({}),
    documents: documentClient(new DynamoDBClient({})),
    queueUrl,
    tables: tableNames(env),
    consentHistoryTable: env[tableByName(app, 'consent-history').envVar] ?? 'consent-history',
  };
}

import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import type { FunctionDefinition } from '#infra/definitions.js';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION } from './local-aws.js';

export type LambdaHandler = (event: unknown, context: Context) => Promise<unknown>;

export const repoRoot = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..', '..');

/** Imports the very module Lambda would run (the definition's entry) and returns its handler export. */
export async function loadHandler(fn: FunctionDefinition, root = repoRoot): Promise<LambdaHandler> {
  const module = (await import(pathToFileURL(resolve(root, fn.entry)).href)) as Record<string, unknown>;
  const handler = module[fn.handler];
  if (typeof handler !== 'function') {
    throw new Error(`${fn.entry} does not export a function named "${fn.handler}"`);
  }
  return handler as LambdaHandler;
}

/** A Lambda context like the one the service passes, with the definition's timeout as the deadline. */
export function lambdaContext(fn: FunctionDefinition): Context {
  const deadline = Date.now() + fn.timeoutSeconds * 1000;
  const requestId = randomUUID();
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: fn.name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:function:${fn.name}`,
    memoryLimitInMB: String(fn.memoryMb),
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${fn.name}`,
    logStreamName: `local/${requestId}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

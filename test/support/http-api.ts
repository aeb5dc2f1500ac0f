import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { NOW } from './builders.js';
import { lambdaContext } from './lambda.js';

/** API Gateway HTTP API events and results, and Powertools, for the API handlers' unit tests. */

/**
 * Powertools for a handler under test. Quiet by default (no log lines, metrics disabled); `loud` logs from
 * DEBUG up and flushes metrics (EMF) to stdout, for tests that read the output with captureOutput.
 */
export function observability(options: { loud?: boolean } = {}) {
  const saved = process.env.POWERTOOLS_METRICS_DISABLED;
  // Metrics reads this variable when it is constructed.
  process.env.POWERTOOLS_METRICS_DISABLED = options.loud ? 'false' : 'true';
  try {
    return {
      logger: new Logger({ serviceName: 'banner-test', logLevel: options.loud ? 'DEBUG' : 'SILENT' }),
      metrics: new Metrics({ namespace: 'test', serviceName: 'banner-test' }),
    };
  } finally {
    if (saved === undefined) delete process.env.POWERTOOLS_METRICS_DISABLED;
    else process.env.POWERTOOLS_METRICS_DISABLED = saved;
  }
}

/** A Lambda context for the banner handlers (the shared test helper, named for these tests). */
export function context(functionName = 'banner-test'): Context {
  return lambdaContext(functionName);
}

export interface ApiEventInput {
  readonly method?: string;
  readonly routeKey?: string;
  readonly pathParameters?: Record<string, string>;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  readonly isBase64Encoded?: boolean;
}

/** An API Gateway HTTP API (payload format 2.0) event. */
export function apiEvent(input: ApiEventInput = {}): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: input.routeKey ?? 'GET /customers/{customerId}/offers',
    rawPath: '/customers/x/offers',
    rawQueryString: '',
    headers: input.headers ?? {},
    requestContext: {
      accountId: '123456789012',
      apiId: 'test',
      domainName: 'test.execute-api.eu-west-1.amazonaws.com',
      domainPrefix: 'test',
      http: {
        method: input.method ?? 'GET',
        path: '/customers/x/offers',
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'vitest',
      },
      requestId: 'req-1',
      routeKey: input.routeKey ?? 'GET /customers/{customerId}/offers',
      stage: '$default',
      time: '10/Jul/2026:08:00:00 +0000',
      timeEpoch: NOW.getTime(),
    },
    isBase64Encoded: input.isBase64Encoded ?? false,
    ...(input.pathParameters === undefined ? {} : { pathParameters: input.pathParameters }),
    ...(input.body === undefined ? {} : { body: input.body }),
  };
}

export const JSON_HEADERS = { 'content-type': 'application/json' };

/** The structured result's parsed JSON body, and its headers with lower-case names. */
export function answer(result: APIGatewayProxyStructuredResultV2 | string | undefined | object) {
  const structured = result as APIGatewayProxyStructuredResultV2;
  const headers = Object.fromEntries(
    Object.entries(structured.headers ?? {}).map(([name, value]) => [name.toLowerCase(), String(value)]),
  );
  return {
    status: structured.statusCode,
    headers,
    body:
      structured.body === undefined ? undefined : (JSON.parse(structured.body) as Record<string, unknown>),
  };
}

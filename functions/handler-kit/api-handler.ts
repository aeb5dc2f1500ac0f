import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import type { ApiResponse } from '#api/http.js';
import { problemResponse } from '#api/problem.js';
import { InfrastructureError } from '#shared/errors.js';
import { METRIC } from './metric-names.js';
import type { Observability } from './powertools.js';

export interface ApiHandlerOptions {
  /** The problem detail of a 503 (a store fault), when the default does not tell the caller enough. */
  readonly unavailableDetail?: string;
}

/**
 * A Lambda behind HTTP API routes (payload format 2.0), with Powertools logging and metrics; every HTTP
 * function of the stack (banner and privacy APIs) uses it. Every answer is counted by status class; a
 * store fault becomes a 503 problem (retry later), anything else a 500 problem; every answer carries
 * `X-Content-Type-Options: nosniff`, and every error answer is problem+json. Logs carry the route
 * template, status and error class names: never a path (it holds the customer id), a body, an error
 * message (it could quote a key) or the event.
 */
export function apiHandler(
  fallbackRoute: string,
  deps: Observability,
  handle: (event: APIGatewayProxyEventV2) => Promise<ApiResponse>,
  options: ApiHandlerOptions = {},
) {
  return middy(async (event: APIGatewayProxyEventV2, _context: Context): Promise<ApiResponse> => {
    // The route template (`GET /customers/{customerId}/offers`), never the path with its ids.
    const route = event.routeKey || fallbackRoute;
    let response: ApiResponse;
    try {
      response = await handle(event);
    } catch (error) {
      const errorName = error instanceof Error ? error.name : typeof error;
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause.name : undefined;
      if (error instanceof InfrastructureError) {
        deps.logger.warn('Store unavailable', { route, errorName, cause });
        response = problemResponse(
          'unavailable',
          options.unavailableDetail ?? 'A store did not answer or stayed busy; retry shortly.',
          undefined,
          {
            'retry-after': '1',
          },
        );
      } else {
        deps.logger.error('Request failed', { route, errorName, cause });
        response = problemResponse('internal', 'The request could not be handled.');
      }
    }
    // Every answer, error or not: a browser must never second-guess the declared media type.
    response = {
      ...response,
      headers: { ...response.headers, 'x-content-type-options': 'nosniff' },
    };
    const status = response.statusCode ?? 200;
    deps.metrics.addMetric(METRIC.responses(status), MetricUnit.Count, 1);
    if (status >= 400) deps.logger.info('Request answered with a problem', { route, status });
    return response;
  })
    .use(injectLambdaContext(deps.logger, { logEvent: false }))
    .use(logMetrics(deps.metrics));
}

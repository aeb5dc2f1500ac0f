import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import * as z from 'zod';
import { type ApiResponse, jsonResponse, parseJsonBody, parsePathParameters } from '../../shared/api/http.js';
import { problemResponse } from '../../shared/api/problem.js';
import { CustomerIdSchema } from '../../shared/api/schemas.js';
import { InfrastructureError } from '../../shared/errors.js';
import type { ErasureReport } from '../../shared/privacy/erasure.js';
import { type ErasureDeps, eraseCustomer } from '../../shared/privacy/erasure-service.js';

export const ERASURE_ROUTE = 'POST /privacy/customers/{customerId}/erasure';

export const ErasurePathSchema = z.strictObject({ customerId: CustomerIdSchema });
/** The request carries no body; an empty JSON object is accepted too, anything else is named. */
export const ErasureBodySchema = z.strictObject({});

/** Who asked, when the caller is not signed by IAM (the local runtime). */
export const UNKNOWN_REQUESTER = 'unknown';

const IamCallerSchema = z.object({
  requestContext: z.object({
    authorizer: z.object({ iam: z.object({ userArn: z.string().min(1).max(2048) }) }),
  }),
});

/** The IAM principal ARN that signed the request (API Gateway's IAM authorizer), or `unknown`. */
export function requesterOf(event: unknown): string {
  const caller = IamCallerSchema.safeParse(event);
  return caller.success ? caller.data.requestContext.authorizer.iam.userArn : UNKNOWN_REQUESTER;
}

export interface ErasureHandlerDeps {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly erasure: ErasureDeps;
  readonly now: () => Date;
}

function recordMetrics(metrics: Metrics, report: ErasureReport): void {
  const sum = (how: string) => report.removed.filter((r) => r.how === how).reduce((n, r) => n + r.count, 0);
  metrics.addMetric('erasures', MetricUnit.Count, 1);
  metrics.addMetric('erased_records_deleted', MetricUnit.Count, sum('deleted'));
  metrics.addMetric('erased_records_pseudonymised', MetricUnit.Count, sum('pseudonymised'));
  metrics.addMetric(
    'erasure_records_kept',
    MetricUnit.Count,
    report.kept.reduce((n, k) => n + k.count, 0),
  );
}

/**
 * POST /privacy/customers/{customerId}/erasure (privacy officers): carries out the customer's erasure
 * request and answers 200 with the report: what was deleted or pseudonymised, what is kept, until when and
 * why. A bad customer id is a 400 problem naming the field; a store fault a 503 problem (erase again: the
 * erasure is idempotent). Logs carry counts and error class names only: never the path, which holds the
 * customer id, nor the erasure id, which names the pseudonym of the kept records.
 */
export function createErasureHandler(deps: ErasureHandlerDeps) {
  const handle = async (event: APIGatewayProxyEventV2): Promise<ApiResponse> => {
    const path = parsePathParameters(event, ErasurePathSchema);
    if (!path.ok) return path.response;
    if ((event.body ?? '') !== '') {
      const body = parseJsonBody(event, ErasureBodySchema);
      if (!body.ok) return body.response;
    }
    const report = await eraseCustomer(
      { customerId: path.value.customerId, requestedBy: requesterOf(event), now: deps.now() },
      deps.erasure,
    );
    recordMetrics(deps.metrics, report);
    deps.logger.info('Erasure carried out', {
      removedKinds: report.removed.filter((r) => r.count > 0).length,
      keptKinds: report.kept.length,
    });
    return jsonResponse(200, report);
  };

  return middy(async (event: APIGatewayProxyEventV2, _context: Context): Promise<ApiResponse> => {
    let response: ApiResponse;
    try {
      response = await handle(event);
    } catch (error) {
      const errorName = error instanceof Error ? error.name : typeof error;
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause.name : undefined;
      if (error instanceof InfrastructureError) {
        deps.logger.warn('Store unavailable during an erasure', { route: ERASURE_ROUTE, errorName, cause });
        response = problemResponse(
          'unavailable',
          'A store did not answer; the erasure may be partly done. Erase again: it is idempotent.',
          undefined,
          { 'retry-after': '1' },
        );
      } else {
        deps.logger.error('Erasure failed', { route: ERASURE_ROUTE, errorName, cause });
        response = problemResponse('internal', 'The request could not be handled.');
      }
    }
    const status = response.statusCode ?? 200;
    deps.metrics.addMetric(`responses_${Math.floor(status / 100)}xx`, MetricUnit.Count, 1);
    if (status >= 400) deps.logger.info('Request answered with a problem', { route: ERASURE_ROUTE, status });
    return response;
  })
    .use(injectLambdaContext(deps.logger, { logEvent: false }))
    .use(logMetrics(deps.metrics));
}

import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { ROUTES, routeKey } from '#api/route-table.js';
import { apiHandler } from '#functions/handler-kit/api-handler.js';
import { METRIC } from '#functions/handler-kit/metric-names.js';
import type { Observability } from '#functions/handler-kit/powertools.js';

export interface OpenApiHandlerDeps extends Observability {
  /** The document (generated once, on first use: cold init stays fast). */
  readonly document: () => unknown;
}

export const OPENAPI_ROUTE = routeKey(ROUTES.getOpenApiDocument);

/** GET /openapi.json: the OpenAPI 3.1 document, generated from the zod schemas. */
export function createOpenApiHandler(deps: OpenApiHandlerDeps) {
  let body: string | undefined;
  return apiHandler(OPENAPI_ROUTE, deps, async () => {
    body ??= JSON.stringify(deps.document());
    deps.metrics.addMetric(METRIC.openapiServed, MetricUnit.Count, 1);
    return {
      statusCode: 200,
      // Contains no customer data, and changes only with a deployment.
      headers: { 'content-type': 'application/json', 'cache-control': 'max-age=300' },
      body,
    };
  });
}

import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import {
  type ApiResponse,
  jsonResponse,
  parseJsonBody,
  parseParameters,
  parsePathParameters,
} from '#api/http.js';
import { problemResponse } from '#api/problem.js';
import { ROUTES, routeKey } from '#api/route-table.js';
import { apiHandler } from '#functions/handler-kit/api-handler.js';
import { METRIC } from '#functions/handler-kit/metric-names.js';
import type { Observability } from '#functions/handler-kit/powertools.js';
import { httpCallerOf } from '#privacy/access-log.js';
import type { ErasureReport } from '#privacy/erasure.js';
import { ErasureBodySchema, ErasurePathSchema, ErasureQuerySchema } from '#privacy/erasure-params.js';
import { type ErasureDeps, eraseCustomer, previewErasure } from '#privacy/erasure-service.js';

export const ERASURE_ROUTE = routeKey(ROUTES.eraseCustomer);

export interface ErasureHandlerDeps extends Observability {
  readonly erasure: ErasureDeps;
  readonly now: () => Date;
}

function recordMetrics(metrics: Metrics, report: ErasureReport): void {
  const sum = (how: string) => report.removed.filter((r) => r.how === how).reduce((n, r) => n + r.count, 0);
  metrics.addMetric(METRIC.erasures, MetricUnit.Count, 1);
  metrics.addMetric(METRIC.erasedRecordsDeleted, MetricUnit.Count, sum('deleted'));
  metrics.addMetric(METRIC.erasedRecordsPseudonymised, MetricUnit.Count, sum('pseudonymised'));
  metrics.addMetric(
    METRIC.erasureRecordsKept,
    MetricUnit.Count,
    report.kept.reduce((n, k) => n + k.count, 0),
  );
}

/**
 * POST /privacy/customers/{customerId}/erasure (privacy officers): carries out the customer's erasure
 * request and answers 200 with the report: what was deleted or pseudonymised, what is kept, until when and
 * why, and the archive part (the customer's key destroyed: archived rows crypto-shredded; hot copies deleted;
 * the limit of records not archived yet). With `?dryRun=true` it answers 200 with the preview instead (shared/privacy/erasure-service.ts,
 * previewErasure: the same planning code, `dryRun: true`) and changes nothing; the preview's read is
 * recorded in the access log. A bad customer id is a 400 problem naming the field; a store fault a 503 problem (erase again: the
 * erasure is idempotent). Logs carry counts and error class names only: never the path, which holds the
 * customer id, nor the erasure id, which names the pseudonym of the kept records.
 */
export function createErasureHandler(deps: ErasureHandlerDeps) {
  const handle = async (event: APIGatewayProxyEventV2): Promise<ApiResponse> => {
    // Who asks (IAM principal, console user in group privacy-eraser, or local caller), before anything else.
    const caller = httpCallerOf(event);
    if (!caller.ok) {
      deps.logger.warn('Refused an erasure request without an established caller');
      return problemResponse('noCallerIdentity', caller.detail);
    }
    const requestedBy = caller.caller.who;
    const path = parsePathParameters(event, ErasurePathSchema);
    if (!path.ok) return path.response;
    const query = parseParameters(
      event.queryStringParameters,
      ErasureQuerySchema,
      'query',
      'the query parameters of this route: dryRun',
    );
    if (!query.ok) return query.response;
    if ((event.body ?? '') !== '') {
      const body = parseJsonBody(event, ErasureBodySchema);
      if (!body.ok) return body.response;
    }
    if (query.value.dryRun === 'true') {
      const preview = await previewErasure(
        { customerId: path.value.customerId, requestedBy, now: deps.now() },
        deps.erasure,
      );
      deps.metrics.addMetric(METRIC.erasurePreviews, MetricUnit.Count, 1);
      deps.logger.info('Erasure previewed (nothing changed)', {
        removedKinds: preview.removed.filter((r) => r.count > 0).length,
        keptKinds: preview.kept.length,
      });
      return jsonResponse(200, preview);
    }
    const report = await eraseCustomer(
      { customerId: path.value.customerId, requestedBy, now: deps.now() },
      deps.erasure,
    );
    recordMetrics(deps.metrics, report);
    deps.logger.info('Erasure carried out', {
      removedKinds: report.removed.filter((r) => r.count > 0).length,
      keptKinds: report.kept.length,
      // Whether the customer's archive key was destroyed (crypto-shredding) or there was none.
      archiveKey: report.archive.key,
    });
    return jsonResponse(200, report);
  };

  return apiHandler(ERASURE_ROUTE, deps, handle, {
    unavailableDetail:
      'A store did not answer; the erasure may be partly done. Erase again: it is idempotent.',
  });
}

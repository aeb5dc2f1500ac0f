import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { type ApiResponse, jsonResponse, parseParameters } from '#api/http.js';
import { type FieldProblem, problemResponse } from '#api/problem.js';
import { ROUTES, routeKey } from '#api/route-table.js';
import { apiHandler } from '#functions/handler-kit/api-handler.js';
import { METRIC } from '#functions/handler-kit/metric-names.js';
import type { Observability } from '#functions/handler-kit/powertools.js';
import { type Caller, httpCallerOf } from '#privacy/access-log.js';
import type { AccessLogQueries } from '#privacy/access-log.query.js';
import { CSV_CONTENT_TYPE, historyJsonl, JSONL_CONTENT_TYPE, toCsv, toJsonl } from '#privacy/export.js';
import {
  AuditRecordNotFoundError,
  InvalidCursorError,
  InvalidQueryError,
  type PrivacyQueries,
  UnknownNameError,
} from '#privacy/queries.js';
import {
  AccessLogParamsSchema,
  ExplainParamsSchema,
  ExplainPathSchema,
  HistoryParamsSchema,
  HistoryPathSchema,
  OverviewParamsSchema,
  SuppressedParamsSchema,
} from '#privacy/query-params.js';

/**
 * The privacy officers' HTTP API (function privacy-queries, audience privacy-officer, IAM auth):
 *   GET /privacy/suppressed?trigger&reason&from&to&by&limit&cursor&format&counts
 *   GET /privacy/customers/{customerId}/history?by&format
 *   GET /privacy/decisions/{decisionId}
 *   GET /privacy/access-log?actor&customer&query&from&to&limit&cursor (shared/privacy/access-log.query.ts)
 *   GET /privacy/overview?from&to&by (shared/privacy/overview.query.ts)
 * Every read is logged first by the service (shared/privacy/queries.ts) with the caller's IAM principal;
 * a request without one is refused (403). Errors are RFC 9457 problems naming the offending field. Logs
 * carry the route template, status and error class names: never a path, query string or answer (they
 * name customers), and the event itself is never logged.
 */

export interface QueriesHandlerDeps extends Observability {
  readonly queries: Pick<PrivacyQueries, 'suppressed' | 'history' | 'explain' | 'overview'>;
  /** Reading the audit access log (itself logged). */
  readonly accessLog: Pick<AccessLogQueries, 'read'>;
}

export const SUPPRESSED_ROUTE = routeKey(ROUTES.listSuppressed);
export const HISTORY_ROUTE = routeKey(ROUTES.customerHistory);
export const EXPLAIN_ROUTE = routeKey(ROUTES.explainDecision);
export const ACCESS_LOG_ROUTE = routeKey(ROUTES.readAccessLog);
export const OVERVIEW_ROUTE = routeKey(ROUTES.privacyOverview);

/** The headers of an export answer: its type, never cached, saved as a file named `name`. */
function attachment(contentType: string, name: string): Record<string, string> {
  return {
    'content-type': contentType,
    'cache-control': 'no-store',
    'content-disposition': `attachment; filename="${name}"`,
  };
}

/** A 400 invalid-request problem naming each offending parameter. */
function invalidRequest(detail: string, errors: readonly FieldProblem[]): ApiResponse {
  return problemResponse('invalidRequest', detail, errors);
}

async function suppressed(
  deps: QueriesHandlerDeps,
  caller: Caller,
  event: APIGatewayProxyEventV2,
): Promise<ApiResponse> {
  const params = parseParameters(event.queryStringParameters, SuppressedParamsSchema, 'query');
  if (!params.ok) return params.response;
  const { format = 'json', counts, ...query } = params.value;
  const page = await deps.queries.suppressed(caller, {
    ...query,
    format,
    counts: format === 'json' && counts !== 'false',
  });
  deps.metrics.addMetric(METRIC.suppressedRecordsServed, MetricUnit.Count, page.items.length);
  if (format === 'json') return jsonResponse(200, page);
  const next: Record<string, string> = page.nextCursor === null ? {} : { 'x-next-cursor': page.nextCursor };
  return {
    statusCode: 200,
    headers: {
      ...attachment(format === 'csv' ? CSV_CONTENT_TYPE : JSONL_CONTENT_TYPE, `suppressed.${format}`),
      'x-time-basis': page.timeBasis,
      ...(page.withoutPaymentTime === undefined
        ? {}
        : { 'x-without-payment-time': String(page.withoutPaymentTime.count) }),
      ...next,
    },
    body: format === 'csv' ? toCsv(page.items) : toJsonl(page.items),
  };
}

async function history(deps: QueriesHandlerDeps, caller: Caller, event: APIGatewayProxyEventV2) {
  const query = parseParameters(event.queryStringParameters, HistoryParamsSchema, 'query');
  if (!query.ok) return query.response;
  const path = parseParameters(event.pathParameters, HistoryPathSchema, 'path');
  if (!path.ok) return path.response;
  // An export's format is logged; a plain read's parameters stay as they were.
  const answer = await deps.queries.history(caller, path.value.customerId, query.value);
  const format = query.value.format ?? 'json';
  deps.metrics.addMetric(METRIC.historyEntriesServed, MetricUnit.Count, answer.entries.length);
  if (answer.entries.length === 0) {
    // Logged like any read; says nothing about anyone else (the same answer for every unknown id).
    return problemResponse('noRecordsForCustomer', 'Nothing is recorded about this customer.', [
      { field: 'customerId', in: 'path', expected: 'a customer about whom something is recorded' },
    ]);
  }
  if (format === 'json') return jsonResponse(200, answer);
  return {
    statusCode: 200,
    headers: {
      ...attachment(JSONL_CONTENT_TYPE, 'customer-history.jsonl'),
      'x-time-basis': answer.timeBasis,
    },
    body: historyJsonl(answer),
  };
}

async function overview(deps: QueriesHandlerDeps, caller: Caller, event: APIGatewayProxyEventV2) {
  const params = parseParameters(event.queryStringParameters, OverviewParamsSchema, 'query');
  if (!params.ok) return params.response;
  return jsonResponse(200, await deps.queries.overview(caller, params.value));
}

async function explain(deps: QueriesHandlerDeps, caller: Caller, event: APIGatewayProxyEventV2) {
  const query = parseParameters(event.queryStringParameters, ExplainParamsSchema, 'query');
  if (!query.ok) return query.response;
  const path = parseParameters(event.pathParameters, ExplainPathSchema, 'path');
  if (!path.ok) return path.response;
  const { customerId } = query.value;
  return jsonResponse(
    200,
    await deps.queries.explain(caller, path.value.decisionId, customerId === undefined ? {} : { customerId }),
  );
}

async function accessLog(deps: QueriesHandlerDeps, caller: Caller, event: APIGatewayProxyEventV2) {
  const params = parseParameters(event.queryStringParameters, AccessLogParamsSchema, 'query');
  if (!params.ok) return params.response;
  const { customer, ...query } = params.value;
  const page = await deps.accessLog.read(caller, {
    ...query,
    ...(customer === undefined ? {} : { customerId: customer }),
  });
  deps.metrics.addMetric(METRIC.accessLogEntriesServed, MetricUnit.Count, page.items.length);
  return jsonResponse(200, page);
}

const HANDLERS: Readonly<
  Record<
    string,
    (deps: QueriesHandlerDeps, caller: Caller, event: APIGatewayProxyEventV2) => Promise<ApiResponse>
  >
> = {
  [SUPPRESSED_ROUTE]: suppressed,
  [HISTORY_ROUTE]: history,
  [EXPLAIN_ROUTE]: explain,
  [ACCESS_LOG_ROUTE]: accessLog,
  [OVERVIEW_ROUTE]: overview,
};

/** The queries' own errors as problems; anything else (store faults included) is rethrown to apiHandler. */
function queryErrorResponse(error: unknown): ApiResponse {
  if (error instanceof InvalidCursorError) {
    return invalidRequest(error.message, [
      {
        field: 'cursor',
        in: 'query',
        expected: 'the nextCursor of the previous page of the same query, unchanged',
      },
    ]);
  }
  if (error instanceof InvalidQueryError) {
    return invalidRequest('A parameter is invalid.', [
      { field: error.field, in: 'query', expected: error.expected },
    ]);
  }
  if (error instanceof UnknownNameError) {
    // Names the field and what exists; never repeats the value (shared/api/problem.ts).
    return invalidRequest(`No ${error.field} of the catalog or of any suppressed record has this id.`, [
      {
        field: error.field,
        in: 'query',
        expected: `one of ${error.known.join(', ')}, or a trigger that suppressed records name`,
      },
    ]);
  }
  if (error instanceof AuditRecordNotFoundError) {
    if (error.needsCustomer) {
      return problemResponse(
        'auditRecordNotFound',
        'No record of the last weeks has this id; an older record is found in the archive with its customer id.',
        [
          { field: 'decisionId', in: 'path', expected: 'the id of a stored decision or offer withdrawal' },
          {
            field: 'customerId',
            in: 'query',
            expected: "the record's customer id, for a record older than the hot window",
          },
        ],
      );
    }
    return problemResponse('auditRecordNotFound', 'No decision or offer-withdrawal record has this id.', [
      { field: 'decisionId', in: 'path', expected: 'the id of a stored decision or offer withdrawal' },
    ]);
  }
  // AccessLogUnavailableError is an InfrastructureError: no read happens without its log entry (503).
  throw error;
}

export function createQueriesHandler(deps: QueriesHandlerDeps) {
  return apiHandler('privacy-queries', deps, async (event) => {
    const route = event.routeKey;
    const serve = HANDLERS[route];
    if (serve === undefined) {
      return problemResponse('routeNotServed', 'This function serves the /privacy query routes only.');
    }
    const caller = httpCallerOf(event);
    if (!caller.ok) {
      deps.logger.warn('Refused a request without caller identity', { route });
      return problemResponse(
        'noCallerIdentity',
        `Every read of the audit is logged with who made it; ${caller.detail}.`,
      );
    }
    try {
      return await serve(deps, caller.caller, event);
    } catch (error) {
      // Answers the query's own errors; rethrows store faults for apiHandler's 503/500.
      return queryErrorResponse(error);
    }
  });
}

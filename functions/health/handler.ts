import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import { unknownRouteResponse } from '#api/problem.js';
import { ROUTES, routeKey } from '#api/route-table.js';

const HEALTH_ROUTE = routeKey(ROUTES.getHealth);

/**
 * Liveness probe for operators and the banner service: answers without touching customer data. It also
 * serves the API's `$default` route (shared/api/route-table.ts, UNKNOWN_ROUTE_FUNCTION): any request that is
 * not GET /health gets the unknown-route 404 problem, as the local gateway answers it.
 */
export const handler = async (event: { readonly routeKey?: string }): Promise<APIGatewayProxyResultV2> =>
  event.routeKey === HEALTH_ROUTE
    ? {
        statusCode: 200,
        headers: { 'content-type': 'application/json', 'x-content-type-options': 'nosniff' },
        body: JSON.stringify({ status: 'ok' }),
      }
    : unknownRouteResponse();

/**
 * Every HTTP route of the pipeline, once: method, path, the function of infra/definitions that serves it
 * and the audience whose caller role may invoke it. The definitions take their `http` event sources from
 * here (so the CDK HTTP API and the local gateway serve exactly these), the OpenAPI document describes the
 * banner and operator routes from here (./routes.ts adds their schemas and problems), and the handlers'
 * route keys are `routeKey(ROUTES.<name>)` (test/unit/functions/route-table.test.ts holds them to it).
 * Free of imports on purpose: the definitions and every bundle may load it.
 */

/**
 * Who may call a route. Each audience gets its own IAM role allowed to invoke only its routes: the banner
 * service cannot read the audit, privacy officers cannot touch offers, operators only see health.
 */
export type HttpAudience = 'banner-service' | 'privacy-officer' | 'privacy-eraser' | 'operator';

/**
 * Every audience, in a fixed order. `privacy-officer` reads the audit (queries, history, explain);
 * `privacy-eraser` carries out erasure requests and can read nothing: reading and erasing are separate
 * roles, so neither can be used for the other.
 */
export const HTTP_AUDIENCES: readonly HttpAudience[] = [
  'banner-service',
  'privacy-officer',
  'privacy-eraser',
  'operator',
];

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface RouteDefinition {
  /** The function of infra/definitions.ts that serves the route. */
  readonly functionName: string;
  readonly method: HttpMethod;
  /** API Gateway route syntax, e.g. `/customers/{customerId}/offers`. */
  readonly path: string;
  readonly audience: HttpAudience;
}

/** The routes, by operation name (the OpenAPI operationId of the documented ones), in serving order. */
export const ROUTES = {
  listCustomerOffers: {
    functionName: 'banner-offers',
    method: 'GET',
    path: '/customers/{customerId}/offers',
    audience: 'banner-service',
  },
  recordOfferEvent: {
    functionName: 'banner-offer-events',
    method: 'POST',
    path: '/customers/{customerId}/offers/{offerInstanceId}/events',
    audience: 'banner-service',
  },
  getOpenApiDocument: {
    functionName: 'openapi',
    method: 'GET',
    path: '/openapi.json',
    audience: 'banner-service',
  },
  readAccessLog: {
    functionName: 'privacy-queries',
    method: 'GET',
    path: '/privacy/access-log',
    audience: 'privacy-officer',
  },
  listSuppressed: {
    functionName: 'privacy-queries',
    method: 'GET',
    path: '/privacy/suppressed',
    audience: 'privacy-officer',
  },
  customerHistory: {
    functionName: 'privacy-queries',
    method: 'GET',
    path: '/privacy/customers/{customerId}/history',
    audience: 'privacy-officer',
  },
  explainDecision: {
    functionName: 'privacy-queries',
    method: 'GET',
    path: '/privacy/decisions/{decisionId}',
    audience: 'privacy-officer',
  },
  eraseCustomer: {
    functionName: 'privacy-erasure',
    method: 'POST',
    path: '/privacy/customers/{customerId}/erasure',
    audience: 'privacy-eraser',
  },
  getHealth: { functionName: 'health', method: 'GET', path: '/health', audience: 'operator' },
} as const satisfies Readonly<Record<string, RouteDefinition>>;

export type RouteName = keyof typeof ROUTES;

/** The API Gateway route key (`GET /customers/{customerId}/offers`): what `event.routeKey` carries. */
export const routeKey = <R extends Pick<RouteDefinition, 'method' | 'path'>>(
  route: R,
): `${R['method']} ${R['path']}` => `${route.method} ${route.path}`;

/** The routes a function serves, in table order. */
export const routesOf = (functionName: string): RouteDefinition[] =>
  Object.values(ROUTES).filter((route: RouteDefinition) => route.functionName === functionName);

/**
 * Every HTTP route of the pipeline, once: method, path, the function of infra/definitions that serves it
 * and the audience whose caller role may invoke it. The definitions take their `http` event sources from
 * here (so the CDK HTTP API and the local gateway serve exactly these), the OpenAPI document describes
 * every route from here (./routes.ts, ./catalog-routes.ts and ./privacy-routes.ts add their schemas and
 * problems), and the handlers'
 * route keys are `routeKey(ROUTES.<name>)` (test/unit/functions/route-table.test.ts holds them to it).
 * Free of imports on purpose: the definitions and every bundle may load it.
 */

/**
 * Who may call a route. Each audience gets its own IAM role allowed to invoke only its routes: the banner
 * service cannot read the audit, privacy officers cannot touch offers, operators only see health, product
 * teams draft and submit catalog versions but never approve them (issue 12, four eyes).
 */
export type HttpAudience =
  | 'banner-service'
  | 'privacy-officer'
  | 'privacy-eraser'
  | 'operator'
  | 'product-team';

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
  'product-team',
];

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface RouteDefinition {
  /** The function of infra/definitions.ts that serves the route. */
  readonly functionName: string;
  readonly method: HttpMethod;
  /** API Gateway route syntax, e.g. `/customers/{customerId}/offers`. */
  readonly path: string;
  /**
   * Who may invoke it: one audience, or several (the catalog's reads, lint, activate and retire serve both
   * product teams and privacy officers; the handler then tells them apart by the role the caller assumed,
   * shared/api/catalog-caller.ts). Read it through `audiencesOf`.
   */
  readonly audience: HttpAudience | readonly HttpAudience[];
}

/** The audiences of a route, as a list. */
export const audiencesOf = (route: Pick<RouteDefinition, 'audience'>): readonly HttpAudience[] =>
  typeof route.audience === 'string' ? [route.audience] : route.audience;

/** Catalog routes both product teams and privacy officers may call. */
const CATALOG_BOTH = ['product-team', 'privacy-officer'] as const;
const CATALOG_ITEM = '/catalog/items/{kind}/{id}';
const CATALOG_VERSION = `${CATALOG_ITEM}/versions/{version}`;

/**
 * API Gateway's catch-all route key: every request no route matches (another path, or a method a path does
 * not take) in the deployed API goes to it, and it answers a routeNotFound 404 problem.
 */
export const UNKNOWN_ROUTE_KEY = '$default';

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
  privacyOverview: {
    functionName: 'privacy-queries',
    method: 'GET',
    path: '/privacy/overview',
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
  // The governed catalog (issue 12): one function; the service enforces every rule again, whatever the role.
  listCatalogItems: {
    functionName: 'catalog-api',
    method: 'GET',
    path: '/catalog/items',
    audience: CATALOG_BOTH,
  },
  showCatalogItem: { functionName: 'catalog-api', method: 'GET', path: CATALOG_ITEM, audience: CATALOG_BOTH },
  draftCatalogVersion: {
    functionName: 'catalog-api',
    method: 'POST',
    path: `${CATALOG_ITEM}/versions`,
    audience: 'product-team',
  },
  editCatalogVersion: {
    functionName: 'catalog-api',
    method: 'PUT',
    path: CATALOG_VERSION,
    audience: 'product-team',
  },
  submitCatalogVersion: {
    functionName: 'catalog-api',
    method: 'POST',
    path: `${CATALOG_VERSION}/submit`,
    audience: 'product-team',
  },
  approveCatalogVersion: {
    functionName: 'catalog-api',
    method: 'POST',
    path: `${CATALOG_VERSION}/approve`,
    audience: 'privacy-officer',
  },
  rejectCatalogVersion: {
    functionName: 'catalog-api',
    method: 'POST',
    path: `${CATALOG_VERSION}/reject`,
    audience: 'privacy-officer',
  },
  activateCatalogVersion: {
    functionName: 'catalog-api',
    method: 'POST',
    path: `${CATALOG_VERSION}/activate`,
    audience: CATALOG_BOTH,
  },
  retireCatalogItem: {
    functionName: 'catalog-api',
    method: 'POST',
    path: `${CATALOG_ITEM}/retire`,
    audience: CATALOG_BOTH,
  },
  lintCatalogContent: {
    functionName: 'catalog-api',
    method: 'POST',
    path: '/catalog/lint',
    audience: CATALOG_BOTH,
  },
  exportLiveCatalog: {
    functionName: 'catalog-api',
    method: 'GET',
    path: '/catalog/live',
    audience: CATALOG_BOTH,
  },
  // The console (issue 14): one row per item, and a simulation of a version against the live catalog.
  listCatalogSummaries: {
    functionName: 'catalog-api',
    method: 'GET',
    path: '/catalog/summaries',
    audience: CATALOG_BOTH,
  },
  simulateCatalogVersion: {
    functionName: 'catalog-api',
    method: 'POST',
    path: '/catalog/simulations',
    audience: CATALOG_BOTH,
  },
} as const satisfies Readonly<Record<string, RouteDefinition>>;

export type RouteName = keyof typeof ROUTES;

/**
 * The function that serves the `$default` route (UNKNOWN_ROUTE_KEY) beside its own: the health function,
 * which touches no table or queue, so answering unknown routes grants nothing new.
 */
export const UNKNOWN_ROUTE_FUNCTION = ROUTES.getHealth.functionName;

/** The API Gateway route key (`GET /customers/{customerId}/offers`): what `event.routeKey` carries. */
export const routeKey = <R extends Pick<RouteDefinition, 'method' | 'path'>>(
  route: R,
): `${R['method']} ${R['path']}` => `${route.method} ${route.path}`;

/** The routes a function serves, in table order. */
export const routesOf = (functionName: string): RouteDefinition[] =>
  Object.values(ROUTES).filter((route: RouteDefinition) => route.functionName === functionName);

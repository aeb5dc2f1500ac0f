/**
 * One route table (shared/api/route-table.ts): the definitions' HTTP event sources, the OpenAPI routes and
 * the route keys the handlers answer under all come from it, so a route renamed or added in one place and
 * not the others fails here.
 */
import { describe, expect, it } from 'vitest';
import { ROUTES, routeKey } from '#api/route-table.js';
import { API_ROUTES } from '#api/routes.js';
import { OFFER_EVENTS_ROUTE } from '#functions/banner-api/create-offer-events-handler.js';
import { OFFERS_ROUTE } from '#functions/banner-api/create-offers-handler.js';
import { OPENAPI_ROUTE } from '#functions/banner-api/create-openapi-handler.js';
import { ERASURE_ROUTE } from '#functions/privacy-api/create-erasure-handler.js';
import {
  ACCESS_LOG_ROUTE,
  EXPLAIN_ROUTE,
  HISTORY_ROUTE,
  SUPPRESSED_ROUTE,
} from '#functions/privacy-api/create-queries-handler.js';
import { app } from '#infra/definitions.js';

const httpSources = () =>
  app.functions.flatMap((fn) =>
    fn.events.flatMap((e) => (e.kind === 'http' ? [`${fn.name} ${e.audience} ${routeKey(e)}`] : [])),
  );

describe('the route table', () => {
  it('is exactly the HTTP event sources of the definitions (function, audience, method and path)', () => {
    const table = Object.values(ROUTES).map((r) => `${r.functionName} ${r.audience} ${routeKey(r)}`);
    expect(httpSources().sort()).toEqual(table.sort());
  });

  it('names each route once, and every function it names exists', () => {
    const keys = Object.values(ROUTES).map(routeKey);
    expect(new Set(keys).size).toBe(keys.length);
    const functions = new Set(app.functions.map((fn) => fn.name));
    for (const route of Object.values(ROUTES)) expect(functions, route.path).toContain(route.functionName);
  });

  it('gives the route keys the handlers answer under', () => {
    expect({
      OFFERS_ROUTE,
      OFFER_EVENTS_ROUTE,
      OPENAPI_ROUTE,
      SUPPRESSED_ROUTE,
      HISTORY_ROUTE,
      EXPLAIN_ROUTE,
      ACCESS_LOG_ROUTE,
      ERASURE_ROUTE,
    }).toEqual({
      OFFERS_ROUTE: routeKey(ROUTES.listCustomerOffers),
      OFFER_EVENTS_ROUTE: routeKey(ROUTES.recordOfferEvent),
      OPENAPI_ROUTE: routeKey(ROUTES.getOpenApiDocument),
      SUPPRESSED_ROUTE: routeKey(ROUTES.listSuppressed),
      HISTORY_ROUTE: routeKey(ROUTES.customerHistory),
      EXPLAIN_ROUTE: routeKey(ROUTES.explainDecision),
      ACCESS_LOG_ROUTE: routeKey(ROUTES.readAccessLog),
      ERASURE_ROUTE: routeKey(ROUTES.eraseCustomer),
    });
  });

  it('gives the OpenAPI routes their method, path and function, named by their operationId', () => {
    for (const route of API_ROUTES) {
      const entry = ROUTES[route.operationId as keyof typeof ROUTES];
      expect(entry, route.operationId).toBeDefined();
      expect(routeKey(route)).toBe(routeKey(entry));
      expect(route.functionName).toBe(entry.functionName);
    }
  });
});

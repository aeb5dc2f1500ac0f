import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { ROUTES, type RouteName, routeKey } from '#api/route-table.js';
import { CatalogGovernanceService } from '#app/catalog-governance.js';
import { simulateCandidate } from '#app/catalog-simulation.js';
import { DEFAULT_CLOCK_GUARD } from '#core/clock-guard.js';
import type { ItemVersion, Role } from '#core/governance/model.js';
import { DEFAULT_POLICY } from '#core/policy.js';
import { createCatalogApiHandler } from '#functions/catalog-api/create-handler.js';
import { answer, apiEvent, context, JSON_HEADERS, observability } from './http-api.js';
import { InMemoryCatalog } from './in-memory-catalog.js';
import { seedVersions } from './live-versions.js';

/**
 * The catalog API handler (functions/catalog-api) over the real services — governance and simulation —
 * on an in-memory catalog, called as the local gateway calls it (identity in the local headers). For the
 * console's routes (issue 14): lists, summaries, lint findings, simulations.
 */

/** After the seed's LIVE_FROM, before the demo stream's summer. */
export const CATALOG_NOW = new Date('2026-05-01T12:00:00.000Z');

/** Puts versions into the repository as they are (each item once, its versions together). */
export async function store(repository: InMemoryCatalog, versions: readonly ItemVersion[]): Promise<void> {
  const byItem = new Map<string, ItemVersion[]>();
  for (const v of versions) byItem.set(`${v.kind}:${v.id}`, [...(byItem.get(`${v.kind}:${v.id}`) ?? []), v]);
  for (const [, item] of byItem) {
    const [first] = item;
    if (first === undefined) continue;
    const ok = await repository.commit(first.kind, first.id, 0, { versions: item, transitions: [] });
    if (!ok) throw new Error(`store: ${first.kind}:${first.id} is already stored`);
  }
}

/** A handler over `repository` (by default: the seed catalog live, versions 1). */
export async function catalogHandler(repository = new InMemoryCatalog(), versions = seedVersions()) {
  await store(repository, versions);
  const now = () => CATALOG_NOW;
  const governance = new CatalogGovernanceService({ repository, now });
  const handler = createCatalogApiHandler({
    ...observability(),
    governance,
    simulate: (request) =>
      simulateCandidate(
        { repository, now, policy: DEFAULT_POLICY, clockGuard: DEFAULT_CLOCK_GUARD },
        request,
      ),
    roleNames: {},
  });
  return { repository, governance, handler };
}

export interface CatalogRequest {
  readonly role?: Role;
  readonly query?: Record<string, string>;
  readonly pathParameters?: Record<string, string>;
  readonly body?: unknown;
  /** The body as sent, instead of JSON of `body`. */
  readonly rawBody?: string;
}

/** A request of a catalog route through the local gateway, by `local:tester` in `role` (product team). */
export function catalogEvent(name: RouteName, request: CatalogRequest = {}): APIGatewayProxyEventV2 {
  const route = ROUTES[name];
  const body = request.rawBody ?? (request.body === undefined ? undefined : JSON.stringify(request.body));
  const base = apiEvent({
    method: route.method,
    routeKey: routeKey(route),
    headers: {
      ...(body === undefined ? {} : JSON_HEADERS),
      'x-local-caller': 'tester',
      'x-local-role': request.role ?? 'product-team',
    },
    ...(request.pathParameters === undefined ? {} : { pathParameters: request.pathParameters }),
    ...(body === undefined ? {} : { body }),
  });
  return {
    ...base,
    ...(request.query === undefined ? {} : { queryStringParameters: request.query }),
    requestContext: { ...base.requestContext, apiId: 'local' },
  };
}

type Handler = Awaited<ReturnType<typeof catalogHandler>>['handler'];

/** Calls a route; the status and parsed body. */
export async function callCatalog(handler: Handler, name: RouteName, request: CatalogRequest = {}) {
  return answer(await handler(catalogEvent(name, request), context('catalog-test')));
}

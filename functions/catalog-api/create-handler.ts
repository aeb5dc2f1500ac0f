import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type * as z from 'zod';
import { type CallerRoleNames, catalogCallerOf } from '#api/catalog-caller.js';
import { ListQuerySchema, pageFor, SummariesQuerySchema } from '#api/catalog-list-requests.js';
import {
  ActivateBodySchema,
  CommentBodySchema,
  DraftBodySchema,
  ItemPathSchema,
  LintBodySchema,
  lintAnswer,
  NoQuerySchema,
  RejectBodySchema,
  refusalResponse,
  VersionPathSchema,
} from '#api/catalog-requests.js';
import { MAX_SIMULATION_BODY_BYTES, SimulationBodySchema } from '#api/catalog-simulation-requests.js';
import { type ApiResponse, jsonResponse, type Parsed, parseJsonBody, parseParameters } from '#api/http.js';
import { problemResponse } from '#api/problem.js';
import { ROUTES, type RouteDefinition, type RouteName, routeKey } from '#api/route-table.js';
import { filterVersions, summariesInState, summaryKey, versionKey } from '#app/catalog-listing.js';
import type { CatalogGovernance } from '#app/catalog-ports.js';
import type { SimulateCandidate } from '#app/catalog-simulation.js';
import type { Caller, Command, ItemKind } from '#core/governance/model.js';
import { apiHandler } from '#functions/handler-kit/api-handler.js';
import type { Observability } from '#functions/handler-kit/powertools.js';

export interface CatalogApiDeps extends Observability {
  /** The governed catalog service (shared/app/catalog-governance.ts): every rule is enforced there. */
  readonly governance: CatalogGovernance;
  /** A simulation of one version against the live catalog (shared/app/catalog-simulation.ts): read-only. */
  readonly simulate: SimulateCandidate;
  /** The stack's caller role names (callerRoleNamesFrom(process.env)), to tell callers of shared routes apart. */
  readonly roleNames: CallerRoleNames;
}

type Serve = (event: APIGatewayProxyEventV2, caller: Caller, deps: CatalogApiDeps) => Promise<ApiResponse>;

/** A body-less request is an empty object; any body must be JSON matching the schema. */
function parseOptionalBody<S extends z.ZodObject>(
  event: APIGatewayProxyEventV2,
  schema: S,
): Parsed<z.output<S>> {
  if (event.body === undefined || event.body === null || event.body === '')
    return parseJsonBody(
      { body: '{}', isBase64Encoded: false, headers: { 'content-type': 'application/json' } },
      schema,
    );
  return parseJsonBody(event, schema);
}

const itemPath = (event: APIGatewayProxyEventV2) =>
  parseParameters(event.pathParameters, ItemPathSchema, 'path');
const versionPath = (event: APIGatewayProxyEventV2) =>
  parseParameters(event.pathParameters, VersionPathSchema, 'path');
const noQuery = (event: APIGatewayProxyEventV2) =>
  parseParameters(event.queryStringParameters, NoQuerySchema, 'query', 'no query parameters');

/** Runs one command and answers its result: 200 (201 for a draft) with what changed, or the refusal. */
async function run(
  deps: CatalogApiDeps,
  kind: ItemKind,
  id: string,
  command: Command,
  caller: Caller,
): Promise<ApiResponse> {
  const result = await deps.governance.execute(kind, id, command, caller);
  if (!result.ok) return refusalResponse(result.refusal);
  const { history, changes } = result;
  return jsonResponse(command.action === 'draft' ? 201 : 200, {
    kind,
    id,
    revision: history.revision,
    versions: changes.versions,
    transitions: changes.transitions,
  });
}

/**
 * A lifecycle step: the path (kind/id, and the version when `versioned`), no query, a body through
 * `schema` (left out: `{}`, unless `bodyRequired`), then the command built from them.
 */
function step<S extends z.ZodObject>(
  versioned: boolean,
  schema: S,
  build: (body: z.output<S>, version: number) => Command,
  bodyRequired = false,
): Serve {
  return async (event, caller, deps) => {
    const path = versioned ? versionPath(event) : itemPath(event);
    if (!path.ok) return path.response;
    const query = noQuery(event);
    if (!query.ok) return query.response;
    const body = bodyRequired ? parseJsonBody(event, schema) : parseOptionalBody(event, schema);
    if (!body.ok) return body.response;
    const { kind, id } = path.value;
    const version = 'version' in path.value ? Number(path.value.version) : 0;
    return run(deps, kind, id, build(body.value, version), caller);
  };
}

const nextCursorOf = (paged: { readonly nextCursor?: string }) =>
  paged.nextCursor === undefined ? {} : { nextCursor: paged.nextCursor };

const withComment = (comment: string | undefined) => (comment === undefined ? {} : { comment });

const SERVE: Readonly<Partial<Record<RouteName, Serve>>> = {
  listCatalogItems: async (event, _caller, deps) => {
    const query = parseParameters(
      event.queryStringParameters,
      ListQuerySchema,
      'query',
      'optional kind, state, id, limit and cursor',
    );
    if (!query.ok) return query.response;
    const { kind, state, id, limit, cursor } = query.value;
    const versions = filterVersions(await deps.governance.list(kind), { state, id });
    // Without limit and cursor: every version, as the CLI has always read it.
    if (limit === undefined && cursor === undefined) return jsonResponse(200, { versions });
    const paged = pageFor(versions, versionKey, { limit, cursor }, { kind, state, id });
    if (!paged.ok) return paged.response;
    return jsonResponse(200, { versions: paged.page.items, ...nextCursorOf(paged) });
  },
  listCatalogSummaries: async (event, _caller, deps) => {
    const query = parseParameters(
      event.queryStringParameters,
      SummariesQuerySchema,
      'query',
      'optional kind, state, limit and cursor',
    );
    if (!query.ok) return query.response;
    const { kind, state, limit, cursor } = query.value;
    const summaries = summariesInState(await deps.governance.summaries(kind), state);
    const paged = pageFor(summaries, summaryKey, { limit, cursor }, { kind, state });
    if (!paged.ok) return paged.response;
    return jsonResponse(200, { items: paged.page.items, ...nextCursorOf(paged) });
  },
  showCatalogItem: async (event, _caller, deps) => {
    const path = itemPath(event);
    if (!path.ok) return path.response;
    const query = noQuery(event);
    if (!query.ok) return query.response;
    const history = await deps.governance.show(path.value.kind, path.value.id);
    if (history === undefined)
      return problemResponse('catalogNotFound', `there is no ${path.value.kind} ${path.value.id}`);
    return jsonResponse(200, history);
  },
  draftCatalogVersion: step(
    false,
    DraftBodySchema,
    (body) => ({ action: 'draft', content: body.content, ...withComment(body.comment) }),
    true,
  ),
  editCatalogVersion: step(
    true,
    DraftBodySchema,
    (body, version) => ({ action: 'edit', version, content: body.content, ...withComment(body.comment) }),
    true,
  ),
  submitCatalogVersion: step(true, CommentBodySchema, (body, version) => ({
    action: 'submit',
    version,
    ...withComment(body.comment),
  })),
  approveCatalogVersion: step(true, CommentBodySchema, (body, version) => ({
    action: 'approve',
    version,
    ...withComment(body.comment),
  })),
  rejectCatalogVersion: step(
    true,
    RejectBodySchema,
    (body, version) => ({ action: 'reject', version, reasons: body.reasons }),
    true,
  ),
  activateCatalogVersion: step(true, ActivateBodySchema, (body, version) => ({
    action: 'activate',
    version,
    ...(body.at === undefined ? {} : { at: body.at }),
    ...withComment(body.comment),
  })),
  retireCatalogItem: step(false, CommentBodySchema, (body) => ({
    action: 'retire',
    ...withComment(body.comment),
  })),
  lintCatalogContent: async (event, _caller, deps) => {
    const query = noQuery(event);
    if (!query.ok) return query.response;
    const body = parseJsonBody(event, LintBodySchema);
    if (!body.ok) return body.response;
    const findings = await deps.governance.lint(body.value.kind, body.value.id, body.value.content);
    return jsonResponse(200, lintAnswer(findings));
  },
  simulateCatalogVersion: async (event, _caller, deps) => {
    const query = noQuery(event);
    if (!query.ok) return query.response;
    const body = parseJsonBody(event, SimulationBodySchema, MAX_SIMULATION_BODY_BYTES);
    if (!body.ok) return body.response;
    const outcome = await deps.simulate(body.value);
    if (outcome.ok) return jsonResponse(200, outcome.answer);
    if ('field' in outcome)
      return problemResponse(
        'invalidRequest',
        'The customer fixtures are invalid; nothing was simulated.',
        outcome.problems.map((expected) => ({ field: outcome.field, in: 'body' as const, expected })),
      );
    return refusalResponse(outcome.refusal, outcome.findings);
  },
  exportLiveCatalog: async (event, _caller, deps) => {
    const query = noQuery(event);
    if (!query.ok) return query.response;
    return jsonResponse(200, await deps.governance.live());
  },
};

/** The catalog routes this function serves, by route key. */
const HANDLERS: ReadonlyMap<string, { route: RouteDefinition; serve: Serve }> = new Map(
  (Object.entries(SERVE) as [RouteName, Serve][]).map(([name, serve]) => [
    routeKey(ROUTES[name]),
    { route: ROUTES[name], serve },
  ]),
);

/**
 * The catalog API (function catalog-api, issue 12): list, show (versions and transitions), draft, edit,
 * submit, approve, reject, activate, retire, lint and the live catalog; for the console (issue 14) the list
 * filtered and paged, item summaries, lint findings with their paths, and simulations (read-only). The caller's identity and role come
 * from authentication (shared/api/catalog-caller.ts): a caller whose role cannot be established gets a 403
 * problem before anything is read. Paths and bodies are validated (400 naming each field); a refusal of the
 * lifecycle is problem+json whose detail is the broken rule (forbidden 403, not_found 404, conflict 409,
 * invalid 422) with the content's findings as `problems`.
 */
export function createCatalogApiHandler(deps: CatalogApiDeps) {
  return apiHandler('catalog-api', deps, async (event) => {
    const served = HANDLERS.get(event.routeKey);
    if (served === undefined)
      return problemResponse('routeNotServed', 'This function serves the /catalog routes only.');
    const caller = catalogCallerOf(event, served.route, deps.roleNames);
    if (!caller.ok) return problemResponse('callerNotEstablished', caller.detail);
    return served.serve(event, caller.caller, deps);
  });
}

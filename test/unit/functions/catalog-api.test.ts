/**
 * The catalog API handler (issue 12) against an in-memory fake of the CatalogGovernance port: the caller
 * comes from authentication (never the body, never local headers on an AWS event), a refusal becomes
 * problem+json naming the broken rule, a bad request a 400 naming the field.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ROUTES, type RouteName, routeKey } from '#api/route-table.js';
import type { CatalogGovernance } from '#app/catalog-ports.js';
import type { SimulateCandidate } from '#app/catalog-simulation.js';
import type {
  Caller,
  Command,
  CommandResult,
  ItemHistory,
  ItemKind,
  ItemVersion,
  Refusal,
} from '#core/governance/model.js';
import { createCatalogApiHandler } from '#functions/catalog-api/create-handler.js';
import { answer, apiEvent, context, JSON_HEADERS, observability } from '#test/support/http-api.js';

const ACCOUNT = '123456789012';
const PRODUCT_ROLE = 'Pipeline-ProductTeamCallerRole-ABC';
const OFFICER_ROLE = 'Pipeline-PrivacyOfficerCallerRole-DEF';
const assumed = (role: string, session: string) => `arn:aws:sts::${ACCOUNT}:assumed-role/${role}/${session}`;
const ALICE = assumed(PRODUCT_ROLE, 'alice');
const OLIVIA = assumed(OFFICER_ROLE, 'olivia');

const VERSION: ItemVersion = {
  kind: 'trigger',
  id: 'card-abroad-worldwide-cover',
  version: 3,
  content: { description: 'x' },
  contentHash: 'h',
  state: 'draft',
  author: ALICE,
  editors: [],
  origin: 'authored',
  createdAt: '2026-07-01T00:00:00.000Z',
  updatedAt: '2026-07-01T00:00:00.000Z',
};
const HISTORY: ItemHistory = {
  kind: 'trigger',
  id: 'card-abroad-worldwide-cover',
  revision: 4,
  versions: [VERSION],
  transitions: [],
};

interface Call {
  readonly kind: ItemKind;
  readonly id: string;
  readonly command: Command;
  readonly caller: Caller;
}

/** Simulations are tested in catalog-simulations.test.ts; here nothing is simulated. */
const noSimulation: SimulateCandidate = async () => {
  throw new Error('not simulated in this test');
};

/** The port in memory: records every command, answers `result` (ok by default). */
function fakeGovernance(result?: CommandResult) {
  const calls: Call[] = [];
  const governance: CatalogGovernance = {
    execute: async (kind, id, command, caller) => {
      calls.push({ kind, id, command, caller });
      return result ?? { ok: true, history: HISTORY, changes: { versions: [VERSION], transitions: [] } };
    },
    show: async (kind, id) => (kind === 'trigger' && id === HISTORY.id ? HISTORY : undefined),
    list: async (kind) => (kind === undefined || kind === 'trigger' ? [VERSION] : []),
    lint: async (_kind, _id, content) =>
      content.bad === true ? [{ path: 'condition', message: 'condition: expected a condition' }] : [],
    summaries: async () => [],
    live: async () => ({ revision: 'r-0123456789abcdef', versions: [VERSION] }),
  };
  return { governance, calls };
}

function handlerWith(result?: CommandResult) {
  const fake = fakeGovernance(result);
  const handler = createCatalogApiHandler({
    ...observability(),
    governance: fake.governance,
    simulate: noSimulation,
    roleNames: { 'product-team': PRODUCT_ROLE, 'privacy-officer': OFFICER_ROLE },
  });
  return { ...fake, handler };
}

interface Request {
  readonly principal?: string;
  readonly local?: boolean;
  readonly headers?: Record<string, string>;
  readonly pathParameters?: Record<string, string>;
  readonly query?: Record<string, string>;
  readonly body?: unknown;
}

const ITEM = { kind: 'trigger', id: 'card-abroad-worldwide-cover' };
const V3 = { ...ITEM, version: '3' };

function event(name: RouteName, request: Request = {}): APIGatewayProxyEventV2 {
  const route = ROUTES[name];
  const base = apiEvent({
    method: route.method,
    routeKey: routeKey(route),
    headers: { ...(request.body === undefined ? {} : JSON_HEADERS), ...request.headers },
    ...(request.pathParameters === undefined ? {} : { pathParameters: request.pathParameters }),
    ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
  });
  return {
    ...base,
    ...(request.query === undefined ? {} : { queryStringParameters: request.query }),
    requestContext: {
      ...base.requestContext,
      apiId: request.local ? 'local' : 'a1b2c3d4e5',
      ...(request.principal === undefined
        ? {}
        : { authorizer: { iam: { userArn: request.principal } } as never }),
    },
  } as APIGatewayProxyEventV2;
}

async function call(handler: ReturnType<typeof handlerWith>['handler'], e: APIGatewayProxyEventV2) {
  return answer(await handler(e, context('catalog-test')));
}

describe('the caller comes from authentication', () => {
  it('a draft is authored by the IAM principal, whatever the body says', async () => {
    const { handler, calls } = handlerWith();
    const res = await call(
      handler,
      event('draftCatalogVersion', {
        principal: ALICE,
        pathParameters: ITEM,
        body: { content: { description: 'x', author: 'mallory', by: 'mallory' } },
      }),
    );
    expect(res.status).toBe(201);
    expect(calls).toEqual([
      {
        ...ITEM,
        command: { action: 'draft', content: { description: 'x', author: 'mallory', by: 'mallory' } },
        caller: { id: ALICE, role: 'product-team' },
      },
    ]);
  });

  it('a body naming a caller or role is refused, naming the body, and nothing runs', async () => {
    const { handler, calls } = handlerWith();
    const res = await call(
      handler,
      event('approveCatalogVersion', {
        principal: OLIVIA,
        pathParameters: V3,
        body: { caller: 'x', role: 'y' },
      }),
    );
    expect(res.status).toBe(400);
    expect(res.body?.errors).toEqual([
      { field: '(body)', in: 'body', expected: expect.stringMatching(/found 2 unknown fields.*comment/) },
    ]);
    expect(calls).toEqual([]);
  });

  it('a single-audience route takes its audience as the role', async () => {
    const { handler, calls } = handlerWith();
    await call(handler, event('approveCatalogVersion', { principal: OLIVIA, pathParameters: V3 }));
    await call(handler, event('submitCatalogVersion', { principal: ALICE, pathParameters: V3 }));
    expect(calls.map((c) => [c.command.action, c.caller.role])).toEqual([
      ['approve', 'privacy-officer'],
      ['submit', 'product-team'],
    ]);
  });

  it('a shared route takes the role the principal assumed', async () => {
    const { handler, calls } = handlerWith();
    await call(handler, event('activateCatalogVersion', { principal: ALICE, pathParameters: V3 }));
    await call(handler, event('activateCatalogVersion', { principal: OLIVIA, pathParameters: V3 }));
    await call(handler, event('retireCatalogItem', { principal: OLIVIA, pathParameters: ITEM }));
    expect(calls.map((c) => c.caller)).toEqual([
      { id: ALICE, role: 'product-team' },
      { id: OLIVIA, role: 'privacy-officer' },
      { id: OLIVIA, role: 'privacy-officer' },
    ]);
  });

  it.each([
    ['another role', assumed('Admin', 'root-ish')],
    ['an IAM user', `arn:aws:iam::${ACCOUNT}:user/alice`],
    ['a role name that only starts like the caller role', assumed(`${PRODUCT_ROLE}X`, 'alice')],
  ])('a shared route refuses %s with 403, never a default role', async (_name, principal) => {
    const { handler, calls } = handlerWith();
    const res = await call(handler, event('activateCatalogVersion', { principal, pathParameters: V3 }));
    expect(res.status).toBe(403);
    expect(res.body?.type).toBe('urn:offer-pipeline:problem:caller-not-established');
    expect(res.body?.detail).toMatch(/role cannot be established/);
    expect(calls).toEqual([]);
  });

  it('a shared route refuses every caller when the stack gave no role names', async () => {
    const fake = fakeGovernance();
    const handler = createCatalogApiHandler({
      ...observability(),
      governance: fake.governance,
      simulate: noSimulation,
      roleNames: {},
    });
    const res = await call(handler, event('retireCatalogItem', { principal: ALICE, pathParameters: ITEM }));
    expect(res.status).toBe(403);
    expect(fake.calls).toEqual([]);
  });

  it('locally, identity and role come from x-local-caller and x-local-role', async () => {
    const { handler, calls } = handlerWith();
    const headers = { 'X-Local-Caller': 'alice', 'x-local-role': 'product-team' };
    const res = await call(
      handler,
      event('activateCatalogVersion', { local: true, headers, pathParameters: V3 }),
    );
    expect(res.status).toBe(200);
    expect(calls[0]?.caller).toEqual({ id: 'local:alice', role: 'product-team' });
  });

  it.each<[string, Record<string, string>, RegExp]>([
    ['no caller', { 'x-local-role': 'privacy-officer' }, /x-local-caller/],
    [
      'no role',
      { 'x-local-caller': 'olivia' },
      /x-local-role: expected one of product-team, privacy-officer/,
    ],
    ['an unknown role', { 'x-local-caller': 'olivia', 'x-local-role': 'seed-import' }, /x-local-role/],
    ['a bad name', { 'x-local-caller': 'o livia', 'x-local-role': 'privacy-officer' }, /x-local-caller/],
    [
      'a role the route is not for (a product team approving)',
      { 'x-local-caller': 'alice', 'x-local-role': 'product-team' },
      /role product-team may not call this route/,
    ],
  ])('locally, %s is refused with 403', async (_name, headers, detail) => {
    const { handler, calls } = handlerWith();
    const res = await call(
      handler,
      event('approveCatalogVersion', { local: true, headers, pathParameters: V3 }),
    );
    expect(res.status).toBe(403);
    expect(res.body?.detail).toMatch(detail);
    expect(calls).toEqual([]);
  });

  it('an AWS event ignores the local headers: without IAM it is refused, with IAM the principal counts', async () => {
    const { handler, calls } = handlerWith();
    const headers = { 'x-local-caller': 'olivia', 'x-local-role': 'privacy-officer' };
    const unsigned = await call(handler, event('approveCatalogVersion', { headers, pathParameters: V3 }));
    expect(unsigned.status).toBe(403);
    expect(calls).toEqual([]);
    await call(handler, event('activateCatalogVersion', { principal: ALICE, headers, pathParameters: V3 }));
    expect(calls.map((c) => c.caller)).toEqual([{ id: ALICE, role: 'product-team' }]);
  });

  it('property: whatever headers an AWS event carries, the caller is its principal in its assumed role', async () => {
    const header = fc.oneof(
      fc.constantFrom('x-local-caller', 'X-Local-Role', 'x-local-role', 'authorization'),
      fc.stringMatching(/^[a-z-]{1,20}$/),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(header, fc.string({ maxLength: 30 }), { maxKeys: 5 }),
        fc.constantFrom(ALICE, OLIVIA),
        async (headers, principal) => {
          const { handler, calls } = handlerWith();
          await call(handler, event('retireCatalogItem', { principal, headers, pathParameters: ITEM }));
          expect(calls.map((c) => c.caller)).toEqual([
            { id: principal, role: principal === ALICE ? 'product-team' : 'privacy-officer' },
          ]);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('a refusal is problem+json naming the broken rule', () => {
  it.each<[Refusal['kind'], number, string]>([
    ['forbidden', 403, 'catalog-forbidden'],
    ['not_found', 404, 'catalog-not-found'],
    ['conflict', 409, 'catalog-conflict'],
    ['invalid', 422, 'catalog-invalid'],
  ])('%s -> %i', async (kind, status, slug) => {
    const rule = 'approver is the author of version 3';
    const problems = kind === 'invalid' ? ['condition.all[0].field: expected a field'] : undefined;
    const { handler } = handlerWith({
      ok: false,
      refusal: { kind, rule, ...(problems ? { problems } : {}) },
    });
    const res = await call(
      handler,
      event('approveCatalogVersion', { principal: OLIVIA, pathParameters: V3 }),
    );
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toBe('application/problem+json');
    expect(res.body).toEqual({
      type: `urn:offer-pipeline:problem:${slug}`,
      title: expect.any(String),
      status,
      detail: rule,
      ...(problems ? { problems } : {}),
    });
  });
});

describe('bad requests name the field', () => {
  it.each<[string, RouteName, Request, string, string]>([
    [
      'a version that is no number',
      'submitCatalogVersion',
      { pathParameters: { ...ITEM, version: 'x' } },
      'version',
      'path',
    ],
    ['version 0', 'submitCatalogVersion', { pathParameters: { ...ITEM, version: '0' } }, 'version', 'path'],
    ['an unknown kind', 'showCatalogItem', { pathParameters: { kind: 'widget', id: 'a' } }, 'kind', 'path'],
    [
      'an id that is not kebab-case',
      'showCatalogItem',
      { pathParameters: { kind: 'offer', id: 'A_b' } },
      'id',
      'path',
    ],
    [
      'a rejection without reasons',
      'rejectCatalogVersion',
      { pathParameters: V3, body: {} },
      'reasons',
      'body',
    ],
    [
      'empty reasons',
      'rejectCatalogVersion',
      { pathParameters: V3, body: { reasons: [] } },
      'reasons',
      'body',
    ],
    [
      'a draft whose content is no object',
      'draftCatalogVersion',
      { pathParameters: ITEM, body: { content: [1] } },
      'content',
      'body',
    ],
    [
      'an activation time without offset',
      'activateCatalogVersion',
      { pathParameters: V3, body: { at: '2026-08-01T00:00:00' } },
      'at',
      'body',
    ],
    ['an unknown list filter', 'listCatalogItems', { query: { kind: 'widget' } }, 'kind', 'query'],
  ])('%s', async (_name, route, request, field, location) => {
    const { handler, calls } = handlerWith();
    const res = await call(
      handler,
      event(route, { principal: route.startsWith('reject') ? OLIVIA : ALICE, ...request }),
    );
    expect(res.status).toBe(400);
    expect(res.body?.errors).toEqual([expect.objectContaining({ field, in: location })]);
    expect(calls).toEqual([]);
  });

  it('a rejection passes its reasons; an activation its time', async () => {
    const { handler, calls } = handlerWith();
    await call(
      handler,
      event('rejectCatalogVersion', {
        principal: OLIVIA,
        pathParameters: V3,
        body: { reasons: ['too broad'] },
      }),
    );
    const at = '2026-08-01T00:00:00+02:00';
    await call(
      handler,
      event('activateCatalogVersion', { principal: OLIVIA, pathParameters: V3, body: { at } }),
    );
    expect(calls.map((c) => c.command)).toEqual([
      { action: 'reject', version: 3, reasons: ['too broad'] },
      { action: 'activate', version: 3, at },
    ]);
  });
});

describe('reads, lint and the live catalog', () => {
  it('list (filtered by kind), show (404 when unknown), lint and live', async () => {
    const { handler } = handlerWith();
    expect(
      (await call(handler, event('listCatalogItems', { principal: OLIVIA, query: { kind: 'offer' } }))).body,
    ).toEqual({
      versions: [],
    });
    const shown = await call(handler, event('showCatalogItem', { principal: ALICE, pathParameters: ITEM }));
    expect(shown.body).toEqual(HISTORY);
    const missing = await call(
      handler,
      event('showCatalogItem', { principal: ALICE, pathParameters: { kind: 'offer', id: 'nope' } }),
    );
    expect(missing.status).toBe(404);
    expect(missing.body?.detail).toBe('there is no offer nope');
    const lint = await call(
      handler,
      event('lintCatalogContent', {
        principal: ALICE,
        body: { kind: 'trigger', id: 'a', content: { bad: true } },
      }),
    );
    expect(lint.body).toEqual({
      ok: false,
      problems: ['condition: expected a condition'],
      findings: [{ path: 'condition', message: 'condition: expected a condition' }],
    });
    const live = await call(handler, event('exportLiveCatalog', { principal: OLIVIA }));
    expect(live.body).toEqual({ revision: 'r-0123456789abcdef', versions: [VERSION] });
  });

  it('a route of another function is not served', async () => {
    const { handler } = handlerWith();
    const res = await call(handler, event('listSuppressed', { principal: OLIVIA }));
    expect(res.status).toBe(404);
  });
});

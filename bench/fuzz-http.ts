import { Agent, request } from 'node:http';
import fc from 'fast-check';
import { app } from '#infra/definitions.js';
import type { LocalRuntime } from '#local/runtime.js';
import { catalogCases } from './fuzz-catalog.js';
import {
  breakOneField,
  CANARY,
  encodeSegment,
  hex32,
  instant,
  junkBody,
  methodOf,
  queryString,
  segment,
} from './fuzz-inputs.js';
import type { FuzzStats } from './fuzz-report.js';

/**
 * The HTTP targets of the fuzz suite: every route of the definitions, through the local HTTP gateway over
 * real sockets (so the real handler wiring is used) against DynamoDB Local. Per answer: a dropped
 * connection is a crash, any 5xx a fault (the stores are up), and every 4xx must be problem+json with
 * `X-Content-Type-Options: nosniff` and a body whose status agrees; an answer quoting a planted unknown
 * key is a leak.
 */

interface HttpCase {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface Known {
  readonly customers: readonly string[];
  readonly offers: ReadonlyArray<{ customerId: string; offerInstanceId: string }>;
  readonly decisions: readonly string[];
}

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/json; charset=latin1',
  'multipart/form-data; boundary=x',
  '',
];

const jsonHeaders = fc
  .constantFrom(...CONTENT_TYPES)
  .map((type) => (type === '' ? ({} as Record<string, string>) : { 'content-type': type }));

const withQuery = (path: string, query: string) => (query === '' ? path : `${path}?${query}`);

function offerEventBody() {
  return fc.oneof(
    {
      weight: 7,
      arbitrary: fc
        .tuple(fc.constantFrom('shown', 'clicked', 'dismissed', 'liked'), instant, fc.boolean())
        .chain(([type, at, withAt]) =>
          breakOneField({ eventId: 'ID', type, ...(withAt ? { at: 'AT' } : {}) }).map(
            (body) => () =>
              JSON.stringify(body)
                .replace('"ID"', JSON.stringify(`e-${Math.random().toString(36).slice(2)}`))
                .replace('"AT"', JSON.stringify(at())),
          ),
        ),
    },
    { weight: 3, arbitrary: junkBody.map((text) => () => text) },
  );
}

/** Query parameters with one field broken at a time, as the strings a query string carries. */
function brokenQueries(valid: Record<string, string>) {
  return breakOneField(valid).map((record) =>
    Object.fromEntries(
      Object.entries(record)
        .filter(([, v]) => v !== undefined && v !== null)
        .map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
    ),
  );
}

function suppressedQuery() {
  return brokenQueries({
    trigger: 'card-abroad-worldwide-cover',
    reason: 'no_consent',
    from: '2026-01-01',
    to: '2026-12-31',
    limit: '10',
    format: 'json',
    counts: 'true',
  });
}

function overviewQuery() {
  return brokenQueries({ from: '2026-11-01', to: '2026-11-30', by: 'decided' });
}

function accessLogQuery(customers: readonly string[]) {
  return brokenQueries({
    actor: 'local-gateway:unauthenticated',
    customer: customers[0] ?? 'c-1',
    from: '2026-01-01',
    to: '2026-12-31',
    limit: '10',
  });
}

/** The request generator of each route key of the definitions. */
function casesFor(routeKey: string, known: Known): fc.Arbitrary<() => HttpCase> | undefined {
  const customer = segment(known.customers);
  const offerSegment = fc.oneof(
    fc.constantFrom(...known.offers.map((o) => o.offerInstanceId)),
    hex32.map((h) => `o_${h}`),
    segment([]),
  );
  const path = (build: (parts: string[]) => string, ...parts: fc.Arbitrary<string>[]) =>
    fc.tuple(...parts).map(build);
  switch (routeKey) {
    case 'GET /customers/{customerId}/offers':
      return fc
        .tuple(
          methodOf('GET'),
          path(([c]) => `/customers/${c}/offers`, customer),
          queryString(),
        )
        .map(([method, p, q]) => () => ({ method, path: withQuery(p, q), headers: {} }));
    case 'POST /customers/{customerId}/offers/{offerInstanceId}/events': {
      const realOffer = fc
        .constantFrom(...known.offers)
        .map((o) => `/customers/${encodeSegment(o.customerId)}/offers/${o.offerInstanceId}/events`);
      const anyOffer = path(([c, o]) => `/customers/${c}/offers/${o}/events`, customer, offerSegment);
      return fc
        .tuple(methodOf('POST'), fc.oneof(realOffer, anyOffer), jsonHeaders, offerEventBody())
        .map(([method, p, headers, body]) => () => ({ method, path: p, headers, body: body() }));
    }
    case 'GET /openapi.json':
    case 'GET /health': {
      const base = routeKey.slice(4);
      return fc.tuple(methodOf('GET'), queryString()).map(([method, q]) => () => ({
        method,
        path: withQuery(base, q),
        headers: {},
      }));
    }
    case 'GET /privacy/suppressed':
      return fc.tuple(methodOf('GET'), queryString(suppressedQuery())).map(([method, q]) => () => ({
        method,
        path: withQuery('/privacy/suppressed', q),
        headers: {},
      }));
    case 'GET /privacy/overview':
      return fc.tuple(methodOf('GET'), queryString(overviewQuery())).map(([method, q]) => () => ({
        method,
        path: withQuery('/privacy/overview', q),
        headers: {},
      }));
    case 'GET /privacy/access-log':
      return fc
        .tuple(methodOf('GET'), queryString(accessLogQuery(known.customers)))
        .map(([method, q]) => () => ({ method, path: withQuery('/privacy/access-log', q), headers: {} }));
    case 'GET /privacy/customers/{customerId}/history':
      return fc.tuple(methodOf('GET'), customer, queryString()).map(([method, c, q]) => () => ({
        method,
        path: withQuery(`/privacy/customers/${c}/history`, q),
        headers: {},
      }));
    case 'GET /privacy/decisions/{decisionId}': {
      const id = fc.oneof(
        fc.constantFrom(...known.decisions),
        hex32.map((h) => `d_${h}`),
        hex32.map((h) => `w_${h}`),
        segment([]),
      );
      return fc.tuple(methodOf('GET'), id, queryString()).map(([method, d, q]) => () => ({
        method,
        path: withQuery(`/privacy/decisions/${d}`, q),
        headers: {},
      }));
    }
    case 'POST /privacy/customers/{customerId}/erasure': {
      const body = fc.oneof(fc.constant(''), fc.constant('{}'), junkBody);
      return fc
        .tuple(methodOf('POST'), segment(['fuzz-erase-me']), jsonHeaders, body)
        .map(([method, c, headers, b]) => () => ({
          method,
          path: `/privacy/customers/${c}/erasure`,
          headers,
          body: b,
        }));
    }
    default:
      return catalogCases(routeKey);
  }
}

export function httpRouteKeys(): string[] {
  return app.functions.flatMap((fn) =>
    fn.events.flatMap((e) => (e.kind === 'http' ? [`${e.method} ${e.path}`] : [])),
  );
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(base: URL, agent: Agent, c: HttpCase): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const body = c.method === 'GET' || c.method === 'HEAD' ? undefined : c.body;
    const req = request(
      {
        host: base.hostname,
        port: base.port,
        method: c.method,
        path: c.path,
        agent,
        headers: {
          ...c.headers,
          ...(body === undefined ? {} : { 'content-length': Buffer.byteLength(body) }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function isProblem(answer: Answer, method: string): boolean {
  if (answer.headers['content-type'] !== 'application/problem+json') return false;
  if (answer.headers['x-content-type-options'] !== 'nosniff') return false;
  if (method === 'HEAD') return true;
  try {
    const body = JSON.parse(answer.body) as { type?: unknown; title?: unknown; status?: unknown };
    return (
      typeof body.type === 'string' &&
      body.type.startsWith('urn:') &&
      typeof body.title === 'string' &&
      body.status === answer.status
    );
  } catch {
    return false;
  }
}

export async function fuzzRoute(
  runtime: LocalRuntime,
  routeKey: string,
  options: { cases: number; seed: number; known: Known; concurrency?: number },
): Promise<FuzzStats> {
  const arbitrary = casesFor(routeKey, options.known);
  if (!arbitrary) throw new Error(`the fuzz suite has no generator for the route ${routeKey}`);
  const cases = fc.sample(arbitrary, { seed: options.seed, numRuns: options.cases });
  const stats: FuzzStats = {
    target: routeKey,
    cases: 0,
    crashes: 0,
    serverErrors: 0,
    nonProblem: 0,
    leaks: 0,
  };
  const base = new URL(runtime.endpoints.http);
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency ?? 8 });
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const make = cases[next++];
      if (!make) continue;
      const c = make();
      stats.cases++;
      try {
        const answer = await send(base, agent, c);
        if (answer.status >= 500) stats.serverErrors++;
        if (answer.status >= 400 && !isProblem(answer, c.method)) stats.nonProblem++;
        if (answer.status >= 400 && answer.body.includes(CANARY)) stats.leaks++;
      } catch {
        stats.crashes++;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: options.concurrency ?? 8 }, worker));
  } finally {
    agent.destroy();
  }
  return stats;
}

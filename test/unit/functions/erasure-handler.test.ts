import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { ErasureStoreError } from '#adapters/dynamodb/erasure-store.js';
import { createErasureHandler } from '#functions/privacy-api/create-erasure-handler.js';
import { type AccessLogEntry, LOCAL_GATEWAY_API_ID, LOCAL_GATEWAY_CALLER } from '#privacy/access-log.js';
import type { ErasureDeps, ErasureLogEntry } from '#privacy/erasure.js';
import { NOW } from '#test/support/builders.js';
import { answer, apiEvent, context } from '#test/support/http-api.js';
import { captureOutput } from '#test/support/lambda.js';

const ROUTE = 'POST /privacy/customers/{customerId}/erasure';
const OFFICER = 'arn:aws:iam::123456789012:user/privacy-officer-1';

function observability(loud: boolean) {
  const saved = process.env.POWERTOOLS_METRICS_DISABLED;
  process.env.POWERTOOLS_METRICS_DISABLED = loud ? 'false' : 'true';
  try {
    return {
      logger: new Logger({ serviceName: 'erasure-test', logLevel: loud ? 'DEBUG' : 'SILENT' }),
      metrics: new Metrics({ namespace: 'test', serviceName: 'erasure-test' }),
    };
  } finally {
    if (saved === undefined) delete process.env.POWERTOOLS_METRICS_DISABLED;
    else process.env.POWERTOOLS_METRICS_DISABLED = saved;
  }
}

/** One customer with a profile, one offer and one consent-history entry; ports in memory. */
function build(options: { loud?: boolean; failWith?: Error } = {}) {
  const state = { customerItems: ['PROFILE', 'CONSENTS'], offers: ['o_1'], erasedIds: [] as string[] };
  const log: ErasureLogEntry[] = [];
  const access: AccessLogEntry[] = [];
  const fail = async () => {
    if (options.failWith) throw options.failWith;
  };
  const erasure: ErasureDeps = {
    customerState: {
      customerItems: async (id) => {
        state.erasedIds.push(id);
        await fail();
        return [...state.customerItems];
      },
      deleteCustomerItems: async () => {
        state.customerItems = [];
      },
      hasContactPolicy: async () => false,
      deleteContactPolicy: async () => undefined,
      offers: async () => [...state.offers],
      deleteOffers: async () => {
        state.offers = [];
      },
      offerEvents: async () => [],
      deleteOfferEvents: async () => undefined,
    },
    audit: { stillNaming: async () => [], delete: async () => [] },
    archive: {
      keys: { keysOf: async () => new Map(), destroy: async () => 'absent' },
      engine: { name: 'duckdb', run: async () => [], close: async () => {} },
      hotAuditDays: 35,
    },
    consentEvidence: {
      history: async () => [{ recordId: 'h-1', ttl: 1_900_000_000 }],
      pseudonymise: async (records) => records.map((r) => r.id),
    },
    erasureLog: {
      append: async (entry) => {
        log.push(entry);
      },
    },
    accessLog: {
      append: async (entry) => {
        access.push(entry);
      },
    },
    newId: () => `e-${log.length + 1}`,
  };
  const handler = createErasureHandler({ ...observability(options.loud ?? false), erasure, now: () => NOW });
  const post = async (event: APIGatewayProxyEventV2) =>
    answer(await handler(event, context('privacy-erasure')));
  return { state, log, access, post };
}

function erasureEvent(
  customerId: string | undefined,
  extra: {
    body?: string;
    headers?: Record<string, string>;
    userArn?: string;
    query?: Record<string, string>;
  } = {},
): APIGatewayProxyEventV2 {
  const event = apiEvent({
    method: 'POST',
    routeKey: ROUTE,
    ...(customerId === undefined ? {} : { pathParameters: { customerId } }),
    ...(extra.body === undefined ? {} : { body: extra.body }),
    ...(extra.headers === undefined ? {} : { headers: extra.headers }),
  });
  if (extra.query !== undefined) event.queryStringParameters = extra.query;
  // Without an IAM principal: a call through the local gateway (the local runtime), naming nobody.
  if (extra.userArn === undefined)
    return { ...event, requestContext: { ...event.requestContext, apiId: LOCAL_GATEWAY_API_ID } };
  // As API Gateway's IAM authorizer delivers the caller.
  return Object.assign(event, {
    requestContext: {
      ...event.requestContext,
      authorizer: { iam: { userArn: extra.userArn, accountId: '123456789012', principalOrgId: null } },
    },
  });
}

describe('POST /privacy/customers/{customerId}/erasure', () => {
  it('erases and answers 200 with the report; the requester is the IAM principal', async () => {
    const { state, log, post } = build();
    const { status, headers, body } = await post(erasureEvent('c-1', { userArn: OFFICER }));
    expect(status).toBe(200);
    expect(headers['content-type']).toBe('application/json');
    expect(headers['cache-control']).toBe('no-store');
    expect(body).toMatchObject({
      erasureId: 'e-1',
      at: NOW.toISOString(),
      requestedBy: OFFICER,
      kept: [{ kind: 'consentHistory', count: 1, until: new Date(1_900_000_000_000).toISOString() }],
    });
    expect(body?.removed).toEqual(
      expect.arrayContaining([
        { kind: 'customerProfile', count: 1, how: 'deleted' },
        { kind: 'offer', count: 1, how: 'deleted' },
      ]),
    );
    expect(state.erasedIds).toEqual(['c-1']);
    expect(log.map((e) => e.requestedBy)).toEqual([OFFICER]);
  });

  it('through the local gateway the requester is the local caller, else local-gateway:unauthenticated', async () => {
    const { body } = await build().post(erasureEvent('c-1'));
    expect(body?.requestedBy).toBe(LOCAL_GATEWAY_CALLER);
    const named = await build().post(erasureEvent('c-1', { headers: { 'x-local-caller': 'olivia' } }));
    expect(named.body?.requestedBy).toBe('local:olivia');
  });

  it('refuses (403, nothing erased) a caller that cannot be established: no identity, or a console user outside privacy-eraser', async () => {
    const anonymous = {
      ...erasureEvent('c-1', { userArn: OFFICER }),
      requestContext: apiEvent().requestContext,
    };
    const officer = erasureEvent('c-1');
    Object.assign(officer.requestContext, {
      apiId: 'a1b2c3d4e5',
      authorizer: {
        jwt: { claims: { username: 'olivia', 'cognito:groups': '[privacy-officer]' }, scopes: null },
      },
    });
    for (const event of [anonymous, officer]) {
      const { state, log, post } = build();
      const { status, body } = await post(event);
      expect(status).toBe(403);
      expect(body?.type).toMatch(/no-caller-identity$/);
      expect(state.erasedIds).toEqual([]);
      expect(log).toEqual([]);
    }
  });

  it('a console user in the group privacy-eraser is the requester, cognito:<username>', async () => {
    const event = erasureEvent('c-1');
    Object.assign(event.requestContext, {
      apiId: 'a1b2c3d4e5',
      authorizer: {
        jwt: {
          claims: { username: 'erin', 'cognito:groups': '[privacy-officer privacy-eraser]' },
          scopes: null,
        },
      },
    });
    const { status, body } = await build().post(event);
    expect(status).toBe(200);
    expect(body?.requestedBy).toBe('cognito:erin');
  });

  it('accepts an empty JSON object as the body', async () => {
    const { status } = await build().post(
      erasureEvent('c-1', { body: '{}', headers: { 'content-type': 'application/json' } }),
    );
    expect(status).toBe(200);
  });

  it.each([
    ['too long', 'c'.repeat(65)],
    ['65 characters long', 'c'.repeat(65)],
    ['a lone surrogate', 'c\ud800'],
    ['empty', ''],
  ])('a customer id that is %s is a 400 problem naming customerId, and nothing is erased', async (_, id) => {
    const { state, log, post } = build();
    const { status, headers, body } = await post(erasureEvent(id));
    expect(status).toBe(400);
    expect(headers['content-type']).toBe('application/problem+json');
    expect(body).toMatchObject({
      type: 'urn:offer-pipeline:problem:invalid-request',
      status: 400,
      errors: [{ field: 'customerId', in: 'path', expected: expect.stringContaining('customer id') }],
    });
    expect(JSON.stringify(body)).not.toContain('ccc');
    expect(state.erasedIds).toEqual([]);
    expect(log).toEqual([]);
  });

  it('a missing path parameter is a 400 problem naming customerId', async () => {
    const { status, body } = await build().post(erasureEvent(undefined));
    expect(status).toBe(400);
    expect(body?.errors).toEqual([expect.objectContaining({ field: 'customerId', in: 'path' })]);
  });

  it('a body with fields is a 400 problem counting the unknown fields without naming them', async () => {
    const { state, post } = build();
    const { status, body } = await post(
      erasureEvent('c-1', { body: '{"reason":"x"}', headers: { 'content-type': 'application/json' } }),
    );
    expect(status).toBe(400);
    expect(body?.errors).toEqual([expect.objectContaining({ field: '(body)', in: 'body' })]);
    expect(JSON.stringify(body)).not.toContain('reason');
    expect(state.erasedIds).toEqual([]);
  });

  it('a store fault is a 503 problem telling to erase again', async () => {
    const { status, headers, body } = await build({
      failWith: new ErasureStoreError('Reading customer items failed'),
    }).post(erasureEvent('c-1'));
    expect(status).toBe(503);
    expect(headers['retry-after']).toBe('1');
    expect(String(body?.detail)).toContain('Erase again');
  });

  it('any other fault is a 500 problem', async () => {
    const { status } = await build({ failWith: new TypeError('bug') }).post(erasureEvent('c-1'));
    expect(status).toBe(500);
  });

  it('logs and metrics carry counts, never the customer id or the erasure id', async () => {
    const customerId = 'customer-7f3a9c';
    const { output } = await captureOutput(async () => {
      const built = build({ loud: true });
      await built.post(erasureEvent(customerId, { userArn: OFFICER }));
      await build({ loud: true, failWith: new ErasureStoreError(`failed for ${customerId}`) }).post(
        erasureEvent(customerId),
      );
    });
    expect(output).toContain('Erasure carried out');
    expect(output).toContain('erasures');
    expect(output).toContain('ErasureStoreError');
    expect(output).not.toContain(customerId);
    expect(output).not.toContain('e-1');
  });

  it('?dryRun=true answers 200 with the preview and changes nothing; the read is in the access log', async () => {
    const { state, log, access, post } = build();
    const { status, body } = await post(erasureEvent('c-1', { userArn: OFFICER, query: { dryRun: 'true' } }));
    expect(status).toBe(200);
    expect(body).toMatchObject({
      dryRun: true,
      at: NOW.toISOString(),
      requestedBy: OFFICER,
      pseudonymises: true,
      kept: [{ kind: 'consentHistory', count: 1, until: new Date(1_900_000_000_000).toISOString() }],
    });
    expect(body?.removed).toEqual(
      expect.arrayContaining([
        { kind: 'customerProfile', count: 1, how: 'deleted' },
        { kind: 'offer', count: 1, how: 'deleted' },
      ]),
    );
    expect(body).not.toHaveProperty('erasureId');
    expect(state.customerItems).toEqual(['PROFILE', 'CONSENTS']);
    expect(state.offers).toEqual(['o_1']);
    expect(log).toEqual([]);
    expect(access).toEqual([
      expect.objectContaining({ who: OFFICER, query: 'erasure', parameters: { dryRun: true } }),
    ]);

    // The erasure that follows removes exactly what the preview said.
    const erased = await post(erasureEvent('c-1', { userArn: OFFICER, query: { dryRun: 'false' } }));
    expect(erased.body?.removed).toEqual(body?.removed);
    expect(state.offers).toEqual([]);
  });

  it.each([
    [{ dryRun: 'yes' }, 'dryRun'],
    [{ dryrun: 'true' }, '(query)'],
  ])('query %o is a 400 problem naming %s, and nothing is read or erased', async (query, field) => {
    const { state, log, access, post } = build();
    const { status, body } = await post(erasureEvent('c-1', { query }));
    expect(status).toBe(400);
    expect(body?.errors).toEqual([expect.objectContaining({ field, in: 'query' })]);
    expect(state.erasedIds).toEqual([]);
    expect(log).toEqual([]);
    expect(access).toEqual([]);
  });
});

import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import {
  createQueriesHandler,
  EXPLAIN_ROUTE,
  HISTORY_ROUTE,
  SUPPRESSED_ROUTE,
} from '#functions/privacy-api/create-queries-handler.js';
import { callerFromHttpEvent, LOCAL_GATEWAY_CALLER } from '#privacy/access-log.js';
import { AccessLogQueries } from '#privacy/access-log.query.js';
import { EXPORT_COLUMNS } from '#privacy/export.js';
import { PrivacyQueries } from '#privacy/queries.js';
import { ReaderBackedArchive } from '#test/support/archived-privacy.js';
import { parseCsv } from '#test/support/csv.js';
import { context, observability } from '#test/support/http-api.js';
import {
  InMemoryAccessLog,
  InMemoryAccessLogReader,
  InMemoryPrivacyReader,
  suppressedDecision,
} from '#test/support/in-memory-privacy.js';
import { captureOutput } from '#test/support/lambda.js';

const OFFICER_ARN = 'arn:aws:sts::123456789012:assumed-role/privacy-officer/alice';

function event(input: {
  routeKey: string;
  query?: Record<string, string>;
  path?: Record<string, string>;
  identity?: 'iam' | 'local' | 'none';
}): APIGatewayProxyEventV2 {
  const identity = input.identity ?? 'iam';
  const base: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey: input.routeKey,
    rawPath: '/privacy/x',
    rawQueryString: '',
    headers: {},
    requestContext: {
      accountId: '123456789012',
      apiId: identity === 'local' ? 'local' : 'a1b2c3d4e5',
      domainName: 'api.example',
      domainPrefix: 'api',
      http: {
        method: 'GET',
        path: '/privacy/x',
        protocol: 'HTTP/1.1',
        sourceIp: '10.0.0.1',
        userAgent: 'vitest',
      },
      requestId: 'req-42',
      routeKey: input.routeKey,
      stage: '$default',
      time: '10/Jul/2026:08:00:00 +0000',
      timeEpoch: 0,
    },
    isBase64Encoded: false,
    ...(input.query === undefined ? {} : { queryStringParameters: input.query }),
    ...(input.path === undefined ? {} : { pathParameters: input.path }),
  };
  if (identity !== 'iam') return base;
  // API Gateway adds the IAM authorizer's context; the base type does not declare it.
  return Object.assign(base, {
    requestContext: {
      ...base.requestContext,
      authorizer: { iam: { userArn: OFFICER_ARN, accountId: '123456789012' } },
    },
  });
}

function build() {
  const reader = new InMemoryPrivacyReader();
  for (let i = 0; i < 5; i++) {
    reader.addDecision(
      suppressedDecision({
        eventId: `e-${i}`,
        decidedAt: `2026-07-0${i + 1}T10:00:00.000Z`,
        triggerId: 'card-abroad-worldwide-cover',
        reasons: i % 2 ? ['no_consent', 'objected'] : ['frequency_capped'],
        customerId: i === 3 ? 'c-"quoted",x' : 'c-1',
      }),
    );
  }
  const log = new InMemoryAccessLog();
  const archive = new ReaderBackedArchive(reader, () => new Date('2026-07-10T08:00:00Z'));
  const queries = new PrivacyQueries({
    reader,
    archive,
    accessLog: log,
    triggerIds: ['card-abroad-worldwide-cover'],
    now: () => new Date('2026-07-10T08:00:00Z'),
  });
  const accessLog = new AccessLogQueries({
    reader: new InMemoryAccessLogReader(() => log.entries),
    accessLog: log,
    now: () => new Date('2026-07-10T08:00:00Z'),
  });
  const handler = createQueriesHandler({ ...observability(), queries, accessLog });
  const call = async (e: APIGatewayProxyEventV2) => {
    const result = await handler(e, context('privacy-queries'));
    const headers = Object.fromEntries(
      Object.entries(result.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]),
    );
    return { status: result.statusCode, headers, text: result.body ?? '' };
  };
  const json = (text: string) => JSON.parse(text) as Record<string, unknown>;
  return { reader, archive, log, call, json, handler };
}

describe('GET /privacy/suppressed', () => {
  it('answers a page with a cursor and the counts, logged with the IAM principal', async () => {
    const { call, json, log } = build();
    const first = await call(
      event({ routeKey: SUPPRESSED_ROUTE, query: { limit: '1', reason: 'no_consent' } }),
    );
    expect(first.status).toBe(200);
    expect(first.headers).toMatchObject({ 'content-type': 'application/json', 'cache-control': 'no-store' });
    const body = json(first.text) as {
      items: Array<{ decisionId: string }>;
      nextCursor: string;
      counts: { total: number };
    };
    expect(body.items).toHaveLength(1);
    expect(body.counts.total).toBe(2);
    expect(typeof body.nextCursor).toBe('string');
    expect(log.entries).toHaveLength(1);
    expect(log.entries[0]).toMatchObject({
      who: OFFICER_ARN,
      via: 'http',
      requestId: 'req-42',
      query: 'suppressed',
    });

    const next = await call(
      event({
        routeKey: SUPPRESSED_ROUTE,
        query: { limit: '1', reason: 'no_consent', cursor: body.nextCursor },
      }),
    );
    const second = json(next.text) as { items: Array<{ decisionId: string }>; counts?: unknown };
    expect(second.items).toHaveLength(1);
    expect(second.items[0]?.decisionId).not.toBe(body.items[0]?.decisionId);
    expect(second.counts).toBeUndefined();
    expect(log.entries).toHaveLength(2);
  });

  it('format=csv answers text/csv with the next cursor and the time basis in headers, and no counts are computed', async () => {
    const { call, reader, archive } = build();
    reader.addDecision(
      suppressedDecision({ eventId: 'e-sens', decidedAt: '2026-07-02T10:00:00.000Z', reasons: [] }),
    );
    const answer = await call(event({ routeKey: SUPPRESSED_ROUTE, query: { format: 'csv', limit: '4' } }));
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toMatch(/^text\/csv/);
    expect(answer.headers['content-disposition']).toBe('attachment; filename="suppressed.csv"');
    expect(answer.headers['x-next-cursor']).toMatch(/^[A-Za-z0-9_-]+$/);
    // By payment time (the default): the sensitive payment has none, so it is not a row but counted.
    expect(answer.headers['x-time-basis']).toBe('payment');
    expect(answer.headers['x-without-payment-time']).toBe('1');
    const rows = parseCsv(answer.text);
    expect(rows[0]).toEqual([...EXPORT_COLUMNS]);
    expect(rows).toHaveLength(5);
    expect(rows.map((r) => r[3])).toContain('c-"quoted",x');
    const counted = archive.calls.suppressedCounts;
    const decided = await call(
      event({ routeKey: SUPPRESSED_ROUTE, query: { format: 'csv', by: 'decided', limit: '6' } }),
    );
    expect(decided.headers['x-time-basis']).toBe('decided');
    expect(decided.headers['x-without-payment-time']).toBeUndefined();
    expect(parseCsv(decided.text)).toHaveLength(7);
    expect(archive.calls.suppressedCounts).toBe(counted);

    const jsonl = await call(event({ routeKey: SUPPRESSED_ROUTE, query: { format: 'jsonl' } }));
    expect(jsonl.headers['content-type']).toMatch(/^application\/jsonl/);
    expect(jsonl.headers['x-next-cursor']).toBeUndefined();
    expect(jsonl.text.trim().split('\n')).toHaveLength(5);
  });

  it('names every invalid query parameter and counts the unknown ones in one problem, and reads nothing', async () => {
    const { call, json, log, reader } = build();
    const answer = await call(
      event({
        routeKey: SUPPRESSED_ROUTE,
        query: {
          limit: '501',
          reason: 'bored',
          from: '2026-02-30',
          trigger: 'Not Kebab',
          format: 'xml',
          sort: 'asc',
        },
      }),
    );
    expect(answer.status).toBe(400);
    expect(answer.headers['content-type']).toBe('application/problem+json');
    const problem = json(answer.text) as {
      type: string;
      errors: Array<{ field: string; in: string; expected: string }>;
    };
    expect(problem.type).toBe('urn:offer-pipeline:problem:invalid-request');
    expect(problem.errors.map((e) => e.field).sort()).toEqual([
      '(query)',
      'format',
      'from',
      'limit',
      'reason',
      'trigger',
    ]);
    // An unknown parameter's name is caller input: counted, never echoed.
    expect(answer.text).not.toContain('sort');
    expect(problem.errors.every((e) => e.in === 'query')).toBe(true);
    expect(problem.errors.find((e) => e.field === 'limit')?.expected).toMatch(/1 to 500/);
    // The rejected values are not repeated.
    expect(answer.text).not.toContain('bored');
    expect(log.entries).toHaveLength(0);
    expect(reader.totalCalls).toBe(0);

    const reversed = await call(
      event({ routeKey: SUPPRESSED_ROUTE, query: { from: '2026-07-05', to: '2026-07-01' } }),
    );
    expect((json(reversed.text) as { errors: Array<{ field: string }> }).errors).toEqual([
      expect.objectContaining({ field: 'to', in: 'query' }),
    ]);
  });

  it('an unknown trigger is a 400 naming the field and the known triggers, never the value; the read is logged', async () => {
    const { call, json, log } = build();
    const answer = await call(event({ routeKey: SUPPRESSED_ROUTE, query: { trigger: 'nosuch-trigger' } }));
    expect(answer.status).toBe(400);
    expect(answer.headers['content-type']).toBe('application/problem+json');
    expect(json(answer.text)).toEqual({
      type: 'urn:offer-pipeline:problem:invalid-request',
      title: 'The request is invalid',
      status: 400,
      detail: 'No trigger of the catalog or of any suppressed record has this id.',
      errors: [
        {
          field: 'trigger',
          in: 'query',
          expected: 'one of card-abroad-worldwide-cover, none, or a trigger that suppressed records name',
        },
      ],
    });
    expect(answer.text).not.toContain('nosuch');
    expect(log.entries.at(-1)).toMatchObject({
      query: 'suppressed',
      parameters: { trigger: 'nosuch-trigger' },
    });
    const badBasis = await call(event({ routeKey: SUPPRESSED_ROUTE, query: { by: 'paid' } }));
    expect(json(badBasis.text)).toMatchObject({
      status: 400,
      errors: [
        { field: 'by', in: 'query', expected: expect.stringMatching(/^which time .*payment .*decided/) },
      ],
    });
  });

  it('by=payment finds a replay by its payment period; by=decided by its decision period', async () => {
    const { call, json, reader } = build();
    reader.addDecision(
      suppressedDecision({
        eventId: 'replayed',
        decidedAt: '2026-07-09T10:00:00.000Z',
        occurredAt: '2026-05-15T10:00:00+02:00',
        triggerId: 'card-abroad-worldwide-cover',
        reasons: ['objected'],
      }),
    );
    const may = { from: '2026-05-01', to: '2026-05-31' };
    const paid = json((await call(event({ routeKey: SUPPRESSED_ROUTE, query: may }))).text);
    expect(paid).toMatchObject({
      timeBasis: 'payment',
      items: [{ eventId: 'replayed', occurredAt: '2026-05-15T10:00:00+02:00' }],
      counts: { timeBasis: 'payment', total: 1 },
      withoutPaymentTime: { count: 0, findWith: 'by=decided' },
    });
    const decided = json(
      (await call(event({ routeKey: SUPPRESSED_ROUTE, query: { ...may, by: 'decided' } }))).text,
    );
    expect(decided).toMatchObject({ timeBasis: 'decided', items: [], counts: { total: 0 } });
    expect(decided).not.toHaveProperty('withoutPaymentTime');
  });

  it('a cursor of another query is a 400 naming cursor', async () => {
    const { call, json } = build();
    const first = json((await call(event({ routeKey: SUPPRESSED_ROUTE, query: { limit: '1' } }))).text);
    const answer = await call(
      event({ routeKey: SUPPRESSED_ROUTE, query: { reason: 'objected', cursor: String(first.nextCursor) } }),
    );
    expect(answer.status).toBe(400);
    expect(json(answer.text)).toMatchObject({ errors: [{ field: 'cursor', in: 'query' }] });
  });
});

describe('GET /privacy/decisions/{decisionId} and /privacy/customers/{customerId}/history', () => {
  it('explains a decision, 404 for an unknown id, 400 for a malformed one', async () => {
    const { call, json, reader } = build();
    const id = String(reader.audit[0]?.decisionId);
    const found = await call(event({ routeKey: EXPLAIN_ROUTE, path: { decisionId: id } }));
    expect(found.status).toBe(200);
    expect(json(found.text)).toMatchObject({ kind: 'decision', recordId: id, reasons: ['frequency_capped'] });
    const missing = await call(
      event({ routeKey: EXPLAIN_ROUTE, path: { decisionId: `d_${'0'.repeat(32)}` } }),
    );
    expect(missing.status).toBe(404);
    expect(json(missing.text)).toMatchObject({
      type: 'urn:offer-pipeline:problem:audit-record-not-found',
      status: 404,
    });
    const bad = await call(event({ routeKey: EXPLAIN_ROUTE, path: { decisionId: 'x' } }));
    expect(bad.status).toBe(400);
    expect(json(bad.text)).toMatchObject({ errors: [{ field: 'decisionId', in: 'path' }] });
    const extra = await call(
      event({ routeKey: EXPLAIN_ROUTE, path: { decisionId: id }, query: { verbose: '1' } }),
    );
    expect(json(extra.text)).toMatchObject({ errors: [{ field: '(query)', in: 'query' }] });
    expect(extra.text).not.toContain('verbose');
  });

  it("answers a customer's history, by payment time unless by=decided, both times per entry", async () => {
    const { call, json, log } = build();
    const answer = await call(event({ routeKey: HISTORY_ROUTE, path: { customerId: 'c-1' } }));
    expect(answer.status).toBe(200);
    const body = json(answer.text) as {
      customerId: string;
      timeBasis: string;
      entries: Array<{ kind: string; at: string; happenedAt?: string; recordedAt: string }>;
    };
    expect(body.customerId).toBe('c-1');
    expect(body.timeBasis).toBe('payment');
    expect(body.entries.map((e) => e.kind)).toEqual(Array(4).fill('decision'));
    expect(body.entries.every((e) => e.at === e.happenedAt && typeof e.recordedAt === 'string')).toBe(true);
    expect(log.entries.at(-1)).toMatchObject({
      query: 'history',
      parameters: { customerId: 'c-1', by: 'payment' },
    });
    const decided = json(
      (await call(event({ routeKey: HISTORY_ROUTE, path: { customerId: 'c-1' }, query: { by: 'decided' } })))
        .text,
    );
    expect(decided).toMatchObject({ timeBasis: 'decided', withoutPaymentTime: 0 });
    const bad = await call(
      event({ routeKey: HISTORY_ROUTE, path: { customerId: 'c-1' }, query: { by: 'later' } }),
    );
    expect(json(bad.text)).toMatchObject({ status: 400, errors: [{ field: 'by', in: 'query' }] });
  });

  it('a customer without records: 404 saying so, the same for every unknown id, and the read is logged', async () => {
    const { call, json, log } = build();
    const answer = await call(event({ routeKey: HISTORY_ROUTE, path: { customerId: 'c-nonexistent' } }));
    expect(answer.status).toBe(404);
    expect(answer.headers['content-type']).toBe('application/problem+json');
    const problem = json(answer.text);
    expect(problem).toEqual({
      type: 'urn:offer-pipeline:problem:no-records-for-customer',
      title: 'No records for this customer',
      status: 404,
      detail: 'Nothing is recorded about this customer.',
      errors: [{ field: 'customerId', in: 'path', expected: 'a customer about whom something is recorded' }],
    });
    const other = await call(event({ routeKey: HISTORY_ROUTE, path: { customerId: 'c-other' } }));
    expect(json(other.text)).toEqual(problem);
    expect(log.entries.map((e) => e.parameters.customerId)).toEqual(['c-nonexistent', 'c-other']);
  });
});

describe('identity, faults and logs', () => {
  it('refuses a request without a caller identity (403) and reads nothing; the local gateway is named as such', async () => {
    const { call, json, log, reader } = build();
    const answer = await call(event({ routeKey: SUPPRESSED_ROUTE, identity: 'none' }));
    expect(answer.status).toBe(403);
    expect(json(answer.text)).toMatchObject({ type: 'urn:offer-pipeline:problem:no-caller-identity' });
    expect(log.entries).toHaveLength(0);
    expect(reader.totalCalls).toBe(0);

    await call(event({ routeKey: SUPPRESSED_ROUTE, identity: 'local' }));
    expect(log.entries[0]?.who).toBe(LOCAL_GATEWAY_CALLER);
    expect(callerFromHttpEvent({ requestContext: { apiId: 'abcdefghij' } })).toBeUndefined();
  });

  it('answers 503 when the access log is down, without reading', async () => {
    const { call, json, log, reader } = build();
    log.failWith = new Error('throttled');
    const answer = await call(event({ routeKey: HISTORY_ROUTE, path: { customerId: 'c-1' } }));
    expect(answer.status).toBe(503);
    expect(answer.headers['retry-after']).toBe('1');
    expect(json(answer.text)).toMatchObject({ type: 'urn:offer-pipeline:problem:unavailable' });
    expect(reader.totalCalls).toBe(0);
  });

  it('never logs the event, the customer id or the answer', async () => {
    const reader = new InMemoryPrivacyReader();
    reader.addDecision(
      suppressedDecision({
        eventId: 'e-secret',
        decidedAt: '2026-07-01T10:00:00.000Z',
        triggerId: 'x',
        reasons: ['objected'],
        customerId: 'cust-secret',
      }),
    );
    const log = new InMemoryAccessLog();
    const handler = createQueriesHandler({
      ...observability({ loud: true }),
      queries: new PrivacyQueries({
        reader,
        archive: new ReaderBackedArchive(reader),
        accessLog: log,
        triggerIds: [],
        now: () => new Date(),
      }),
      accessLog: new AccessLogQueries({
        reader: new InMemoryAccessLogReader(() => log.entries),
        accessLog: log,
        now: () => new Date(),
      }),
    });
    const { output } = await captureOutput(async () => {
      await handler(
        event({ routeKey: HISTORY_ROUTE, path: { customerId: 'cust-secret' } }),
        context('privacy-queries'),
      );
      await handler(
        event({ routeKey: SUPPRESSED_ROUTE, query: { trigger: 'x' } }),
        context('privacy-queries'),
      );
      log.failWith = new Error('down');
      await handler(
        event({ routeKey: HISTORY_ROUTE, path: { customerId: 'cust-secret' } }),
        context('privacy-queries'),
      );
    });
    expect(output).toContain('responses_5xx');
    expect(output).not.toContain('cust-secret');
    expect(output).not.toContain('e-secret');
    expect(output).not.toContain(OFFICER_ARN);
  });
});

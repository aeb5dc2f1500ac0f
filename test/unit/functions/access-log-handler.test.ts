import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { ACCESS_LOG_ROUTE, createQueriesHandler } from '#functions/privacy-api/create-queries-handler.js';
import { accessLogEntry } from '#privacy/access-log.js';
import { AccessLogQueries } from '#privacy/access-log.query.js';
import { PrivacyQueries } from '#privacy/queries.js';
import { ReaderBackedArchive } from '#test/support/archived-privacy.js';
import { NOW } from '#test/support/builders.js';
import { answer, apiEvent, context, observability } from '#test/support/http-api.js';
import {
  InMemoryAccessLog,
  InMemoryAccessLogReader,
  InMemoryPrivacyReader,
} from '#test/support/in-memory-privacy.js';

const OFFICER = 'arn:aws:sts::123456789012:assumed-role/privacy-officer/alice';

function build() {
  const log = new InMemoryAccessLog();
  log.entries.push(
    accessLogEntry(
      { who: 'local:bob', via: 'cli' },
      'history',
      { customerId: 'c-1' },
      new Date('2026-07-09T10:00:00Z'),
    ),
    accessLogEntry(
      { who: OFFICER, via: 'http' },
      'suppressed',
      { limit: 50 },
      new Date('2026-07-09T11:00:00Z'),
    ),
  );
  const handler = createQueriesHandler({
    ...observability(),
    queries: new PrivacyQueries({
      reader: new InMemoryPrivacyReader(),
      archive: new ReaderBackedArchive(new InMemoryPrivacyReader()),
      accessLog: log,
      triggerIds: [],
      now: () => NOW,
    }),
    accessLog: new AccessLogQueries({
      reader: new InMemoryAccessLogReader(() => log.entries),
      accessLog: log,
      now: () => NOW,
    }),
  });
  const get = async (query?: Record<string, string>, iam = true) => {
    const event: APIGatewayProxyEventV2 = apiEvent({ routeKey: ACCESS_LOG_ROUTE });
    if (query !== undefined) event.queryStringParameters = query;
    const signed = iam
      ? Object.assign(event, {
          requestContext: { ...event.requestContext, authorizer: { iam: { userArn: OFFICER } } },
        })
      : event;
    return answer(await handler(signed, context('privacy-queries')));
  };
  return { log, get };
}

describe('GET /privacy/access-log', () => {
  it('answers the entries newest first, the filters as logged; the read is logged with the IAM principal', async () => {
    const { log, get } = build();
    const { status, body } = await get({ customer: 'c-1' });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      items: [
        {
          who: 'local:bob',
          via: 'cli',
          query: 'history',
          parameters: { customerId: 'c-1' },
          customerId: 'c-1',
        },
      ],
      nextCursor: null,
      period: { to: NOW.toISOString() },
    });
    expect(log.entries.at(-1)).toMatchObject({
      who: OFFICER,
      via: 'http',
      requestId: 'req-1',
      query: 'access-log',
      customerId: 'c-1',
    });
  });

  it('filters by query name; every entry carries who, at, query and parameters (customerId when one was named)', async () => {
    const { get } = build();
    const histories = await get({ query: 'history' });
    expect(histories.status).toBe(200);
    expect(histories.body?.items).toEqual([
      {
        accessId: expect.any(String),
        at: '2026-07-09T10:00:00.000Z',
        who: 'local:bob',
        via: 'cli',
        query: 'history',
        parameters: { customerId: 'c-1' },
        customerId: 'c-1',
      },
    ]);
    const suppressed = await get({ query: 'suppressed', actor: OFFICER });
    expect(suppressed.body?.items).toEqual([expect.objectContaining({ query: 'suppressed', who: OFFICER })]);
    expect((await get({ query: 'overview' })).body?.items).toEqual([]);
    // A filtered read's cursor is not valid for the unfiltered one.
    const first = await get({ limit: '1' });
    const mixed = await get({ limit: '1', query: 'history', cursor: String(first.body?.nextCursor) });
    expect(mixed.status).toBe(400);
  });

  it('pages with a cursor bound to the filters', async () => {
    const { get } = build();
    const first = await get({ limit: '1' });
    expect(first.body?.items).toHaveLength(1);
    const second = await get({ limit: '1', cursor: String(first.body?.nextCursor) });
    expect(second.status).toBe(200);
    expect(second.body?.items).toEqual([expect.objectContaining({ query: 'history' })]);
    const foreign = await get({ limit: '1', actor: OFFICER, cursor: String(first.body?.nextCursor) });
    expect(foreign.status).toBe(400);
    expect(foreign.body?.errors).toEqual([expect.objectContaining({ field: 'cursor', in: 'query' })]);
  });

  it.each([
    [{ customer: '' }, 'customer'],
    [{ from: '2026-13-01' }, 'from'],
    [{ from: '2026-07-10', to: '2026-07-09' }, 'to'],
    [{ limit: '0' }, 'limit'],
    [{ actor: '' }, 'actor'],
    [{ who: 'x' }, '(query)'],
    [{ query: 'everything' }, 'query'],
  ])('%o is a 400 problem naming %s; nothing is logged or read', async (query, field) => {
    const { log, get } = build();
    const before = log.entries.length;
    const { status, body } = await get(query);
    expect(status).toBe(400);
    expect(body?.errors).toEqual([expect.objectContaining({ field, in: 'query' })]);
    expect(log.entries.length).toBe(before);
  });

  it('without a caller identity: 403, nothing read', async () => {
    const { log, get } = build();
    const before = log.entries.length;
    expect((await get({}, false)).status).toBe(403);
    expect(log.entries.length).toBe(before);
  });
});

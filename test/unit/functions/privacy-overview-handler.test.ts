import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { ExplanationSchema, PrivacyOverviewSchema } from '#api/privacy-schemas.js';
import { decisionIdFor } from '#core/decision.js';
import {
  createQueriesHandler,
  EXPLAIN_ROUTE,
  HISTORY_ROUTE,
  OVERVIEW_ROUTE,
  SUPPRESSED_ROUTE,
} from '#functions/privacy-api/create-queries-handler.js';
import { AccessLogQueries } from '#privacy/access-log.query.js';
import { PrivacyQueries } from '#privacy/queries.js';
import { ReaderBackedArchive } from '#test/support/archived-privacy.js';
import { NOW } from '#test/support/builders.js';
import { answer, apiEvent, context, observability } from '#test/support/http-api.js';
import {
  InMemoryAccessLog,
  InMemoryAccessLogReader,
  InMemoryPrivacyReader,
  suppressedDecision,
} from '#test/support/in-memory-privacy.js';

const OFFICER = 'arn:aws:sts::123456789012:assumed-role/privacy-officer/olivia';

function build() {
  const reader = new InMemoryPrivacyReader();
  // 12 suppressions on 2026-07-08 (an exact count), 3 on 2026-07-09 (a small one), of trigger alpha.
  for (let i = 0; i < 15; i++) {
    reader.addDecision(
      suppressedDecision({
        eventId: `e-${i}`,
        decidedAt: i < 12 ? '2026-07-08T10:00:00.000Z' : '2026-07-09T10:00:00.000Z',
        triggerId: 'alpha',
        reasons: ['no_consent'],
      }),
    );
  }
  const log = new InMemoryAccessLog();
  const handler = createQueriesHandler({
    ...observability(),
    queries: new PrivacyQueries({
      reader,
      archive: new ReaderBackedArchive(reader, () => NOW),
      accessLog: log,
      triggerIds: ['alpha'],
      now: () => NOW,
    }),
    accessLog: new AccessLogQueries({
      reader: new InMemoryAccessLogReader(() => log.entries),
      accessLog: log,
      now: () => NOW,
    }),
  });
  const raw = async (
    routeKey: string,
    query?: Record<string, string>,
    pathParameters?: Record<string, string>,
  ) => {
    const event: APIGatewayProxyEventV2 = apiEvent({
      routeKey,
      ...(pathParameters === undefined ? {} : { pathParameters }),
    });
    if (query !== undefined) event.queryStringParameters = query;
    const signed = Object.assign(event, {
      requestContext: { ...event.requestContext, authorizer: { iam: { userArn: OFFICER } } },
    });
    return handler(signed, context('privacy-queries'));
  };
  const get = async (query?: Record<string, string>) => answer(await raw(OVERVIEW_ROUTE, query));
  return { log, get, raw };
}

describe('GET /privacy/overview', () => {
  it('answers every day of the period with small counts as "< 10", logged with the caller', async () => {
    const { log, get } = build();
    const { status, headers, body } = await get({ from: '2026-07-07', to: '2026-07-09', by: 'decided' });
    expect(status).toBe(200);
    expect(headers['cache-control']).toBe('no-store');
    expect(body).toMatchObject({
      timeBasis: 'decided',
      from: '2026-07-07T00:00:00.000Z',
      to: '2026-07-09T23:59:59.999Z',
      bucket: 'day',
      days: ['2026-07-07', '2026-07-08', '2026-07-09'],
      smallCountThreshold: 10,
      outcomes: {
        suppressed: [0, 12, '< 10'],
        emitted: [0, 0, 0],
        no_trigger: [0, 0, 0],
        rejected: [0, 0, 0],
      },
      reasons: { no_consent: [0, 12, '< 10'], objected: [0, 0, 0] },
      triggers: { alpha: [0, 12, '< 10'], none: [0, 0, 0] },
      totals: { outcomes: { suppressed: 15, emitted: 0 }, triggers: { alpha: 15, none: 0 } },
    });
    expect(log.entries).toEqual([
      expect.objectContaining({
        who: OFFICER,
        query: 'overview',
        parameters: { from: '2026-07-07T00:00:00.000Z', to: '2026-07-09T23:59:59.999Z', by: 'decided' },
      }),
    ]);
  });

  it('defaults to the last 30 days on the payment time', async () => {
    const { body } = await build().get();
    expect(body?.timeBasis).toBe('payment');
    expect(body?.days).toHaveLength(30);
    expect(body?.to).toBe(NOW.toISOString());
  });

  it.each([
    [{ from: '2026-01-01', to: '2026-07-01' }, 'to'],
    [{ from: '2026-01-01' }, 'to'],
    [{ from: '2026-07-09', to: '2026-07-01' }, 'to'],
    [{ from: '2026-02-30' }, 'from'],
    [{ by: 'arrival' }, 'by'],
    [{ trigger: 'alpha' }, '(query)'],
  ])('%o is a 400 problem naming %s; nothing is logged', async (query, field) => {
    const { log, get } = build();
    const { status, headers, body } = await get(query);
    expect(status).toBe(400);
    expect(headers['content-type']).toBe('application/problem+json');
    expect(body?.errors).toEqual([expect.objectContaining({ field, in: 'query' })]);
    expect(log.entries).toEqual([]);
  });
});

describe('the documented answers (the console’s client is generated from them)', () => {
  it('the overview and an explanation match their OpenAPI schemas', async () => {
    const { get, raw } = build();
    const overview = await get({ from: '2026-07-07', to: '2026-07-09' });
    expect(PrivacyOverviewSchema.safeParse(overview.body).error).toBeUndefined();
    const id = decisionIdFor('e-0', 'alpha', 1);
    const explained = answer(await raw(EXPLAIN_ROUTE, undefined, { decisionId: id }));
    expect(explained.status).toBe(200);
    expect(explained.body).toMatchObject({ kind: 'decision', recordId: id, reasons: ['no_consent'] });
    expect(ExplanationSchema.safeParse(explained.body).error).toBeUndefined();
  });
});

describe('exports through the HTTP routes', () => {
  it('history?format=jsonl is an attachment of one entry per line, in the order of the JSON answer; the format is logged', async () => {
    const { log, raw } = build();
    const json = answer(await raw(HISTORY_ROUTE, { by: 'decided' }, { customerId: 'c-1' }));
    const result = (await raw(HISTORY_ROUTE, { format: 'jsonl', by: 'decided' }, { customerId: 'c-1' })) as {
      statusCode: number;
      headers: Record<string, string>;
      body: string;
    };
    expect(result.statusCode).toBe(200);
    expect(result.headers).toMatchObject({
      'content-type': 'application/jsonl; charset=utf-8',
      'content-disposition': 'attachment; filename="customer-history.jsonl"',
      'cache-control': 'no-store',
    });
    const lines = result.body.split('\n');
    expect(lines.at(-1)).toBe('');
    expect(lines.slice(0, -1).map((line) => JSON.parse(line))).toEqual(json.body?.entries);
    expect(lines).toHaveLength(16);
    expect(log.entries.at(-1)).toMatchObject({ query: 'history', parameters: { format: 'jsonl' } });
  });

  it.each([
    ['csv', 'text/csv; charset=utf-8; header=present'],
    ['jsonl', 'application/jsonl; charset=utf-8'],
  ])('suppressed?format=%s is an attachment named suppressed.%s', async (format, type) => {
    const { raw } = build();
    const result = (await raw(SUPPRESSED_ROUTE, { format, by: 'decided' })) as {
      headers: Record<string, string>;
    };
    expect(result.headers).toMatchObject({
      'content-type': type,
      'content-disposition': `attachment; filename="suppressed.${format}"`,
    });
  });
});

import { describe, expect, it } from 'vitest';
import { parseJsonBody, parsePathParameters } from '#api/http.js';
import { PROBLEMS, type ProblemKind, ProblemSchema, problemResponse } from '#api/problem.js';
import { API_ROUTES } from '#api/routes.js';
import { MAX_BODY_BYTES, OfferEventPathSchema, OfferEventRequestSchema } from '#api/schemas.js';
import { answer, apiEvent, JSON_HEADERS } from '#test/support/http-api.js';

const body = (value: unknown) => JSON.stringify(value);

/** The parse's problem answer: status, media type and body (validated against the published schema). */
function problemOf(parsed: { ok: boolean; response?: unknown }) {
  expect(parsed.ok).toBe(false);
  const { status, headers, body: problem } = answer(parsed.response ?? {});
  expect(headers['content-type']).toBe('application/problem+json');
  return { status, headers, problem: ProblemSchema.parse(problem) };
}

describe('problem responses (RFC 9457)', () => {
  it.each(Object.keys(PROBLEMS) as ProblemKind[])(
    '%s: type, title and status agree with the table',
    (kind) => {
      const { status, headers, body: problem } = answer(problemResponse(kind, 'what happened'));
      expect(status).toBe(PROBLEMS[kind].status);
      expect(headers['content-type']).toBe('application/problem+json');
      expect(headers['cache-control']).toBe('no-store');
      expect(ProblemSchema.parse(problem)).toEqual({
        type: `urn:offer-pipeline:problem:${PROBLEMS[kind].slug}`,
        title: PROBLEMS[kind].title,
        status: PROBLEMS[kind].status,
        detail: 'what happened',
      });
    },
  );

  it('every problem kind has its own type; within the banner API, its own status', () => {
    const kinds = Object.values(PROBLEMS);
    expect(new Set(kinds.map((k) => k.slug)).size).toBe(kinds.length);
    // The one registry also holds the privacy API's and the local gateway's kinds (three 404s among them);
    // the kinds the banner and operator routes answer stay told apart by their status alone.
    const banner = [...new Set(API_ROUTES.flatMap((route) => Object.keys(route.problems)))] as ProblemKind[];
    expect(banner.length).toBeGreaterThanOrEqual(7);
    expect(new Set(banner.map((kind) => PROBLEMS[kind].status)).size).toBe(banner.length);
  });

  it('carries the field errors and extra headers', () => {
    const { headers, body: problem } = answer(
      problemResponse('unavailable', 'later', [{ field: 'x', in: 'body', expected: 'y' }], {
        'retry-after': '1',
      }),
    );
    expect(headers['retry-after']).toBe('1');
    expect(problem?.errors).toEqual([{ field: 'x', in: 'body', expected: 'y' }]);
  });
});

describe('path parameters', () => {
  it('passes valid ids through', () => {
    const parsed = parsePathParameters(
      apiEvent({ pathParameters: { customerId: 'c-1', offerInstanceId: 'o_1' } }),
      OfferEventPathSchema,
    );
    expect(parsed).toEqual({ ok: true, value: { customerId: 'c-1', offerInstanceId: 'o_1' } });
  });

  it('names every bad parameter, without repeating its value', () => {
    const bad = 'x'.repeat(65);
    const { status, problem } = problemOf(
      parsePathParameters(
        apiEvent({ pathParameters: { customerId: bad, offerInstanceId: 'a/b' } }),
        OfferEventPathSchema,
      ),
    );
    expect(status).toBe(400);
    expect(problem.errors?.map((e) => [e.field, e.in])).toEqual([
      ['customerId', 'path'],
      ['offerInstanceId', 'path'],
    ]);
    expect(problem.errors?.[0]?.expected).toBe(OfferEventPathSchema.shape.customerId.description);
    expect(JSON.stringify(problem)).not.toContain(bad);
  });

  it('treats missing path parameters as invalid', () => {
    const { problem } = problemOf(parsePathParameters(apiEvent(), OfferEventPathSchema));
    expect(problem.errors?.map((e) => e.field)).toEqual(['customerId', 'offerInstanceId']);
  });
});

describe('JSON bodies', () => {
  const valid = { eventId: 'e-1', type: 'shown' };

  it('parses a valid body, whatever the case of the header name and with a UTF-8 charset', () => {
    const variants: Array<Record<string, string>> = [
      JSON_HEADERS,
      { 'Content-Type': 'application/json; charset=utf-8' },
      { 'CONTENT-TYPE': 'Application/JSON;charset="UTF-8"' },
    ];
    for (const headers of variants) {
      const parsed = parseJsonBody(apiEvent({ headers, body: body(valid) }), OfferEventRequestSchema);
      expect(parsed).toEqual({ ok: true, value: valid });
    }
  });

  it('decodes a base64-encoded body', () => {
    const parsed = parseJsonBody(
      apiEvent({
        headers: JSON_HEADERS,
        body: Buffer.from(body(valid)).toString('base64'),
        isBase64Encoded: true,
      }),
      OfferEventRequestSchema,
    );
    expect(parsed).toEqual({ ok: true, value: valid });
  });

  it('413 for a body over 4 KiB, counted in UTF-8 bytes, also when base64-encoded', () => {
    const padded = (filler: string) => body({ ...valid, eventId: filler });
    const multiByte = padded('€'.repeat(1400)); // 1400 characters, 4200 bytes
    expect(multiByte.length).toBeLessThan(MAX_BODY_BYTES);
    for (const event of [
      apiEvent({ headers: JSON_HEADERS, body: padded('x'.repeat(MAX_BODY_BYTES)) }),
      apiEvent({ headers: JSON_HEADERS, body: multiByte }),
      apiEvent({
        headers: JSON_HEADERS,
        body: Buffer.from(multiByte).toString('base64'),
        isBase64Encoded: true,
      }),
      apiEvent({ headers: {}, body: 'x'.repeat(1_000_000) }),
    ]) {
      const { status, problem } = problemOf(parseJsonBody(event, OfferEventRequestSchema));
      expect(status).toBe(413);
      expect(problem.errors).toEqual([
        { field: '(body)', in: 'body', expected: 'at most 4096 bytes of UTF-8 JSON' },
      ]);
    }
  });

  it('accepts a body of exactly 4 KiB', () => {
    const base = body({ ...valid, eventId: '' });
    const exact = body({ ...valid, eventId: 'x'.repeat(MAX_BODY_BYTES - base.length) });
    expect(Buffer.byteLength(exact)).toBe(MAX_BODY_BYTES);
    const { status } = problemOf(
      parseJsonBody(apiEvent({ headers: JSON_HEADERS, body: exact }), OfferEventRequestSchema),
    );
    // Not 413: the eventId is too long for the schema, which is the next check.
    expect(status).toBe(400);
  });

  it.each([
    ['no content type', {}],
    ['text/plain', { 'content-type': 'text/plain' }],
    ['form data', { 'content-type': 'application/x-www-form-urlencoded' }],
    ['a JSON suffix type', { 'content-type': 'application/merge-patch+json' }],
    ['another charset', { 'content-type': 'application/json; charset=latin1' }],
  ])('415 for %s', (_, headers) => {
    const {
      status,
      headers: answered,
      problem,
    } = problemOf(parseJsonBody(apiEvent({ headers, body: body(valid) }), OfferEventRequestSchema));
    expect(status).toBe(415);
    expect(answered['accept-post']).toBe('application/json');
    expect(problem.errors).toEqual([
      { field: 'content-type', in: 'header', expected: 'application/json (UTF-8)' },
    ]);
  });

  it.each([
    ['not JSON', '{"eventId": '],
    ['empty', ''],
    ['invalid UTF-8', Buffer.from([0x7b, 0xff, 0x7d]).toString('base64')],
  ])('400 naming the body for a body that is %s', (name, text) => {
    const { status, problem } = problemOf(
      parseJsonBody(
        apiEvent({ headers: JSON_HEADERS, body: text, isBase64Encoded: name === 'invalid UTF-8' }),
        OfferEventRequestSchema,
      ),
    );
    expect(status).toBe(400);
    expect(problem.errors).toEqual([{ field: '(body)', in: 'body', expected: 'a JSON object' }]);
  });

  it.each([
    ['an array', '[]'],
    ['a string', '"shown"'],
    ['null', 'null'],
  ])('400 for %s', (_, text) => {
    const { problem } = problemOf(
      parseJsonBody(apiEvent({ headers: JSON_HEADERS, body: text }), OfferEventRequestSchema),
    );
    expect(problem.errors?.map((e) => e.field)).toEqual(['(body)']);
  });

  it('names each invalid, missing and unknown field', () => {
    const { status, problem } = problemOf(
      parseJsonBody(
        apiEvent({
          headers: JSON_HEADERS,
          body: body({ type: 'liked', at: 'yesterday', customerId: 'c-1', channel: 'app' }),
        }),
        OfferEventRequestSchema,
      ),
    );
    expect(status).toBe(400);
    const byField = new Map(problem.errors?.map((e) => [e.field, e]));
    // Unknown fields are counted at the parent, never named (a key is caller input like any value).
    expect([...byField.keys()].sort()).toEqual(['(body)', 'at', 'eventId', 'type']);
    expect(byField.get('type')?.expected).toBe(OfferEventRequestSchema.shape.type.description);
    expect(byField.get('eventId')?.expected).toBe(OfferEventRequestSchema.shape.eventId.description);
    expect(byField.get('(body)')?.expected).toBe(
      'no unknown fields (found 2 unknown fields); the allowed fields are eventId, type, at',
    );
    expect(JSON.stringify(problem)).not.toContain('channel');
    expect(JSON.stringify(problem)).not.toContain('customerId');
    for (const error of problem.errors ?? []) expect(error.in).toBe('body');
    expect(JSON.stringify(problem)).not.toContain('yesterday');
  });
});

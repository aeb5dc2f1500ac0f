import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Decision, Reason } from '#core/decision.js';
import { AccessLogUnavailableError, type Caller } from '#privacy/access-log.js';
import { InvalidCursorError, queryFingerprint } from '#privacy/cursor.js';
import {
  decodeCursor,
  encodeCursor,
  mergePage,
  type Position,
  type StreamState,
} from '#privacy/page-merge.js';
import {
  AuditRecordNotFoundError,
  InvalidQueryError,
  PrivacyQueries,
  type SuppressedQuery,
  type SuppressedRecord,
  streamsFor,
  UnknownNameError,
} from '#privacy/queries.js';
import { MAX_CURSOR_LENGTH } from '#privacy/query-params.js';
import {
  NO_TRIGGER,
  OWN_INDEX_REASONS,
  paymentTimeOf,
  SUPPRESSION_REASONS,
  type SuppressionReason,
  sharedReasonSets,
  type TimeBasis,
} from '#shared/audit-index.js';
import { NOW } from '#test/support/builders.js';
import {
  InMemoryAccessLog,
  InMemoryPrivacyReader,
  suppressedDecision,
  type TieOrder,
} from '#test/support/in-memory-privacy.js';

const OFFICER: Caller = { who: 'arn:aws:iam::123456789012:user/officer', via: 'http', requestId: 'r-1' };
const TRIGGERS = ['alpha', 'beta', 'gamma'] as const;

function service(
  reader: InMemoryPrivacyReader,
  log = new InMemoryAccessLog(),
  triggerIds: readonly string[] = TRIGGERS,
) {
  return { queries: new PrivacyQueries({ reader, accessLog: log, triggerIds, now: () => NOW }), log };
}

/** Every page of a query, in order (bounded, so a cursor that never ends fails the test). */
async function allPages(queries: PrivacyQueries, query: SuppressedQuery) {
  const pages: SuppressedRecord[][] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 1_000; i++) {
    const page = await queries.suppressed(OFFICER, { ...query, ...(cursor === undefined ? {} : { cursor }) });
    pages.push([...page.items]);
    if (page.nextCursor === null) return pages;
    cursor = page.nextCursor;
  }
  throw new Error('the cursor never ended');
}

/** A record's time on a basis: its payment time in UTC (none for a sensitive screen) or its decision time. */
const timeOn = (basis: TimeBasis, d: { decidedAt: string; occurredAt?: string }) =>
  basis === 'payment' ? paymentTimeOf(d.occurredAt) : d.decidedAt;

/** The brute-force filter on the query's trigger and reason only. */
function matchesFilters(d: Decision, query: SuppressedQuery): boolean {
  return (
    (query.trigger === undefined || (d.triggerId ?? NO_TRIGGER) === query.trigger) &&
    (query.reason === undefined || d.reasons.includes(query.reason))
  );
}

const inPeriod = (at: string | undefined, query: SuppressedQuery) =>
  at !== undefined &&
  (query.from === undefined || at >= query.from) &&
  (query.to === undefined || at <= query.to);

/** The brute-force answer: every suppressed decision the query matches, on its time basis. */
function expected(decisions: readonly Decision[], query: SuppressedQuery): Decision[] {
  const basis = query.by ?? 'payment';
  return decisions.filter((d) => matchesFilters(d, query) && inPeriod(timeOn(basis, d), query));
}

/** A trigger filter naming neither a catalog trigger, `none`, nor any stored suppressed decision. */
const unknownTrigger = (decisions: readonly Decision[], query: SuppressedQuery, catalog: readonly string[]) =>
  query.trigger !== undefined &&
  query.trigger !== NO_TRIGGER &&
  !catalog.includes(query.trigger) &&
  !decisions.some((d) => d.triggerId === query.trigger);

/** The brute-force count of matching records a payment-time answer cannot hold (decided in the period). */
function withoutPaymentTime(decisions: readonly Decision[], query: SuppressedQuery): number {
  return decisions.filter(
    (d) =>
      matchesFilters(d, query) && paymentTimeOf(d.occurredAt) === undefined && inPeriod(d.decidedAt, query),
  ).length;
}

// A few instants only, so many decisions share one decidedAt (ties are where cursors go wrong).
const INSTANTS = [
  '2026-07-01T10:00:00.000Z',
  '2026-07-02T10:00:00.000Z',
  '2026-07-02T10:00:00.001Z',
  '2026-07-03T23:59:59.999Z',
  '2026-07-04T00:00:00.000Z',
];
const GATE_REASONS: readonly Reason[] = [
  'no_consent',
  'objected',
  'customer_excluded',
  'unsuitable',
  'frequency_capped',
  // Issue 13: the reasons of the shared index, in any combination (also ones decide never makes).
  'arbitration_lost',
  'active_offer_limit',
  'repeated_dismissals',
];

/**
 * Payment times as a payment system sends them (any offset): the same few instants as INSTANTS (ties), some
 * written with an offset (string order is not time order until normalised), and older ones (a replay).
 */
const PAYMENT_TIMES = [
  ...INSTANTS,
  '2026-07-02T12:00:00+02:00',
  '2026-07-01T23:59:59.999-10:00',
  '2026-06-02T10:00:00.000Z',
  '2026-06-03T01:00:00+01:00',
];

const decisionArb = fc.record({
  trigger: fc.constantFrom<string | undefined>(...TRIGGERS, undefined),
  reasons: fc.subarray([...GATE_REASONS], { minLength: 1 }),
  at: fc.constantFrom(...INSTANTS),
  paid: fc.constantFrom(...PAYMENT_TIMES),
  customer: fc.constantFrom('c-1', 'c-2'),
});
const decisionsArb = fc.array(decisionArb, { maxLength: 90 }).map((specs) =>
  specs.map((s, i) =>
    suppressedDecision({
      eventId: `e-${i}`,
      decidedAt: s.at,
      occurredAt: s.paid,
      ...(s.trigger === undefined ? {} : { triggerId: s.trigger }),
      reasons: s.reasons,
      customerId: s.customer,
    }),
  ),
);
const queryArb = fc.record(
  {
    trigger: fc.constantFrom(...TRIGGERS, NO_TRIGGER, 'retired'),
    reason: fc.constantFrom(...SUPPRESSION_REASONS),
    from: fc.constantFrom('2026-06-02T00:00:00.000Z', '2026-07-02T00:00:00.000Z', '2026-07-02T10:00:00.001Z'),
    to: fc.constantFrom('2026-06-02T10:00:00.000Z', '2026-07-02T10:00:00.000Z', '2026-07-03T23:59:59.999Z'),
    by: fc.constantFrom<TimeBasis>('payment', 'decided'),
    limit: fc.integer({ min: 1, max: 17 }),
  },
  { requiredKeys: ['limit'] },
);

function build(decisions: readonly Decision[], tieOrder: TieOrder) {
  const reader = new InMemoryPrivacyReader(tieOrder);
  for (const d of decisions) reader.addDecision(d);
  return { reader, ...service(reader) };
}

describe('suppressed offers: merge, pagination and cursor', () => {
  it('pages through every matching record exactly once, newest first on its time basis, whatever the page size and tie order', async () => {
    await fc.assert(
      fc.asyncProperty(
        decisionsArb,
        queryArb,
        fc.constantFrom<TieOrder>('decisionId-desc', 'decisionId-asc'),
        async (decisions, query, tieOrder) => {
          if (query.from !== undefined && query.to !== undefined && query.to < query.from) return;
          const { queries } = build(decisions, tieOrder);
          if (unknownTrigger(decisions, query, TRIGGERS)) {
            await expect(allPages(queries, { ...query, counts: false })).rejects.toThrow(UnknownNameError);
            return;
          }
          const pages = await allPages(queries, { ...query, counts: false });
          const got = pages.flat();
          for (const page of pages.slice(0, -1)) expect(page).toHaveLength(query.limit);
          const ids = got.map((r) => r.decisionId);
          expect(new Set(ids).size).toBe(ids.length);
          expect(new Set(ids)).toEqual(new Set(expected(decisions, query).map((d) => d.decisionId)));
          const basis = query.by ?? 'payment';
          for (let i = 1; i < got.length; i++) {
            const [newer, older] = [
              timeOn(basis, got[i - 1] as SuppressedRecord),
              timeOn(basis, got[i] as SuppressedRecord),
            ];
            expect(newer !== undefined && older !== undefined && newer >= older).toBe(true);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('without filters, reads the own reason indexes and every set of the shared one, and returns a multi-reason decision once', async () => {
    const multi = suppressedDecision({
      eventId: 'multi',
      decidedAt: INSTANTS[0] as string,
      triggerId: 'alpha',
      reasons: ['no_consent', 'customer_excluded', 'unsuitable'],
    });
    const sensitive = suppressedDecision({
      eventId: 'pharmacy',
      decidedAt: INSTANTS[1] as string,
      reasons: [],
    });
    const { queries } = build([multi, sensitive], 'decisionId-desc');
    const page = await queries.suppressed(OFFICER, { by: 'decided' });
    expect(page.items.map((r) => r.decisionId)).toEqual([sensitive.decisionId, multi.decisionId]);
    expect(page.nextCursor).toBeNull();
    expect(streamsFor({}, 'payment')).toHaveLength(
      (OWN_INDEX_REASONS.length + sharedReasonSets().length) * 8,
    );
    // Each decision is owned by the streams of one reason only: its first in SUPPRESSION_REASONS order.
    const owners = streamsFor({}, 'decided').filter(
      (s) =>
        s.partition.index === 'reason' &&
        multi.reasons.includes(s.partition.reason) &&
        s.exclude.every((r) => !multi.reasons.includes(r)),
    );
    expect(new Set(owners.map((s) => (s.partition.index === 'reason' ? s.partition.reason : '')))).toEqual(
      new Set(['no_consent']),
    );
  });

  it('queries the trigger index for a trigger, with the reason as a filter, and the reason index for a reason', () => {
    expect(streamsFor({ trigger: 'alpha', reason: 'unsuitable' }, 'payment')).toEqual(
      Array.from({ length: 8 }, (_, shard) => ({
        partition: { index: 'trigger', triggerId: 'alpha' },
        shard,
        basis: 'payment',
        require: ['unsuitable'],
        exclude: [],
      })),
    );
    expect(
      streamsFor({ reason: 'objected' }, 'decided').map((s) => [s.partition, s.shard, s.require, s.exclude]),
    ).toEqual(
      Array.from({ length: 8 }, (_, shard) => [{ index: 'reason', reason: 'objected' }, shard, [], []]),
    );
    // A reason of the shared index: every set that contains it, each on every shard, no filter.
    const shared = streamsFor({ reason: 'repeated_dismissals' }, 'decided');
    expect(shared).toHaveLength(4 * 8);
    expect(new Set(shared.map((s) => JSON.stringify(s.partition)))).toEqual(
      new Set(
        [
          ['repeated_dismissals'],
          ['arbitration_lost', 'repeated_dismissals'],
          ['active_offer_limit', 'repeated_dismissals'],
          ['arbitration_lost', 'active_offer_limit', 'repeated_dismissals'],
        ].map((reasons) => JSON.stringify({ index: 'shared', reasons })),
      ),
    );
    expect(shared.every((s) => s.require.length === 0 && s.exclude.length === 0)).toBe(true);
  });

  it('refuses a cursor of another query, an altered one and a made-up one, before logging or reading', async () => {
    const decisions = Array.from({ length: 12 }, (_, i) =>
      suppressedDecision({
        eventId: `e-${i}`,
        decidedAt: INSTANTS[i % 3] as string,
        triggerId: 'alpha',
        reasons: ['no_consent'],
      }),
    );
    const { queries, reader, log } = build(decisions, 'decisionId-desc');
    const first = await queries.suppressed(OFFICER, { trigger: 'alpha', limit: 5 });
    expect(first.nextCursor).not.toBeNull();
    const cursor = first.nextCursor as string;
    const [calls, entries] = [reader.totalCalls, log.entries.length];

    await expect(queries.suppressed(OFFICER, { trigger: 'beta', limit: 5, cursor })).rejects.toThrow(
      InvalidCursorError,
    );
    await expect(queries.suppressed(OFFICER, { trigger: 'alpha', to: INSTANTS[4], cursor })).rejects.toThrow(
      /other filters or another period/,
    );
    await expect(queries.suppressed(OFFICER, { trigger: 'alpha', by: 'decided', cursor })).rejects.toThrow(
      /other filters or another period/,
    );
    const body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { s: unknown[] };
    const altered = Buffer.from(JSON.stringify({ ...body, s: body.s.slice(1) })).toString('base64url');
    await expect(queries.suppressed(OFFICER, { trigger: 'alpha', cursor: altered })).rejects.toThrow(
      InvalidCursorError,
    );
    await expect(queries.suppressed(OFFICER, { trigger: 'alpha', cursor: 'bm90LWpzb24' })).rejects.toThrow(
      InvalidCursorError,
    );
    expect([reader.totalCalls, log.entries.length]).toEqual([calls, entries]);

    // The same cursor with another page size is fine: it belongs to the filters, not to the page.
    const rest = await queries.suppressed(OFFICER, { trigger: 'alpha', limit: 50, cursor });
    expect(rest.items).toHaveLength(7);
    expect(rest.nextCursor).toBeNull();
  });

  it('encodes stream states losslessly as base64url', () => {
    const states: StreamState[] = [
      'start',
      'end',
      { at: INSTANTS[2] as string, decisionId: `d_${'a'.repeat(32)}` },
    ];
    const q = queryFingerprint({ trigger: 'alpha', reason: undefined });
    const cursor = encodeCursor(q, states);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, q, 3)).toEqual(states);
    expect(() => decodeCursor(cursor, q, 4)).toThrow(InvalidCursorError);
    expect(queryFingerprint({ a: 'x', b: undefined })).toBe(queryFingerprint({ b: undefined, a: 'x' }));
    expect(queryFingerprint({ a: 'x' })).not.toBe(queryFingerprint({ a: 'y' }));
  });

  it('a cursor over every stream of the unfiltered query fits the parameter limit, and any position round-trips', () => {
    const q = queryFingerprint({});
    const count = streamsFor({}, 'decided').length;
    const full = Array.from({ length: count }, (_, i) => ({
      at: '2099-12-31T23:59:59.999Z',
      decisionId: `d_${i.toString(16).padStart(32, 'f')}`,
    }));
    const cursor = encodeCursor(q, full);
    expect(cursor.length).toBeLessThanOrEqual(MAX_CURSOR_LENGTH);
    expect(decodeCursor(cursor, q, count)).toEqual(full);
    // A sort-key text that is not a canonical instant (an old record, an offset) is kept verbatim.
    fc.assert(
      fc.property(
        fc.oneof(
          fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
          fc.constantFrom('2026-07-01T10:00:00Z', '2026-07-01T12:00:00+02:00', '2026-07-01', 'x'),
        ),
        fc.stringMatching(/^[0-9a-f]{32}$/),
        (at, hex) => {
          const states: StreamState[] = [{ at, decisionId: `d_${hex}` }, 'end'];
          expect(decodeCursor(encodeCursor(q, states), q, 2)).toEqual(states);
        },
      ),
    );
    // Version 1 cursors ([time, decisionId]) are still read.
    const v1 = Buffer.from(
      JSON.stringify({ v: 1, q, s: [0, 1, [INSTANTS[0], `d_${'b'.repeat(32)}`]] }),
      'utf8',
    ).toString('base64url');
    expect(decodeCursor(v1, q, 3)).toEqual([
      'start',
      'end',
      { at: INSTANTS[0], decisionId: `d_${'b'.repeat(32)}` },
    ]);
  });

  it('merges by time and never takes a record while a dry stream could still hold a newer one', async () => {
    // Stream 0 has one old record per page; stream 1 a newer record behind an empty filtered page.
    const pos = (at: string, n: number) => ({
      at,
      decisionId: `d_${String(n).padStart(32, '0')}`,
    });
    const streams = [
      [pos('2026-07-01', 1), pos('2026-06-30', 2)],
      [pos('2026-07-03', 3), pos('2026-07-02', 4)],
    ];
    const fetched: Array<[number, string | undefined, number]> = [];
    const result = await mergePage<Position>(['start', 'start'], {
      limit: 3,
      concurrency: 2,
      keyOf: (p) => p,
      fetch: async (i, after, limit) => {
        fetched.push([i, after?.at, limit]);
        const all = streams[i] ?? [];
        // Resuming after the filtered-out record (not in `all`) starts at the stream's first record.
        const index = after === undefined ? -1 : all.findIndex((p) => p.decisionId === after.decisionId);
        const start = index + 1;
        // Stream 1's first read evaluates nothing that passes the filter, yet has more.
        if (i === 1 && after === undefined)
          return { items: [], last: { at: '2026-07-04', decisionId: `d_${'f'.repeat(32)}` } };
        const items = all.slice(start, start + 1);
        const last = items.at(-1);
        return { items, ...(last !== undefined && start + 1 < all.length ? { last } : {}) };
      },
    });
    expect(result.items.map((p) => p.at)).toEqual(['2026-07-03', '2026-07-02', '2026-07-01']);
    expect(result.states[0]).toEqual(pos('2026-07-01', 1));
    expect(result.states[1]).toBe('end');
    expect(fetched.filter(([i]) => i === 1).length).toBeGreaterThan(1);
  });
});

describe('suppressed offers: counts', () => {
  function bruteCounts(
    decisions: readonly Decision[],
    query: SuppressedQuery,
    triggerIds: readonly string[],
  ) {
    const matching = expected(decisions, query);
    const byReason = Object.fromEntries(
      SUPPRESSION_REASONS.map((r) => [r, matching.filter((d) => d.reasons.includes(r)).length]),
    );
    const ids = query.trigger !== undefined ? [query.trigger] : [...triggerIds, NO_TRIGGER];
    const byTrigger = Object.fromEntries(
      ids.map((id) => [id, matching.filter((d) => (d.triggerId ?? NO_TRIGGER) === id).length]),
    );
    const inCatalog = Object.values(byTrigger).reduce((a, b) => a + b, 0);
    return {
      timeBasis: query.by ?? 'payment',
      total: matching.length,
      byReason,
      byTrigger,
      notInCatalog: query.trigger !== undefined ? 0 : matching.length - inCatalog,
    };
  }

  it('counts per reason and per trigger equal a brute-force count of the same query, on its time basis', async () => {
    await fc.assert(
      fc.asyncProperty(decisionsArb, queryArb, async (decisions, query) => {
        if (query.from !== undefined && query.to !== undefined && query.to < query.from) return;
        // 'gamma' is not in this deployment's catalog any more: its decisions show up as notInCatalog.
        const reader = new InMemoryPrivacyReader();
        for (const d of decisions) reader.addDecision(d);
        const { queries } = service(reader, new InMemoryAccessLog(), ['alpha', 'beta']);
        if (unknownTrigger(decisions, query, ['alpha', 'beta'])) {
          await expect(queries.suppressed(OFFICER, { ...query, limit: 1 })).rejects.toThrow(
            `no trigger '${query.trigger}' (known: alpha, beta, none; no suppressed record names it either)`,
          );
          return;
        }
        const page = await queries.suppressed(OFFICER, { ...query, limit: 1 });
        expect(page.counts).toEqual({
          ...(query.from === undefined ? {} : { from: query.from }),
          ...(query.to === undefined ? {} : { to: query.to }),
          ...bruteCounts(decisions, query, ['alpha', 'beta']),
        });
        // A payment-time answer says how many matching records it cannot hold (no payment time).
        expect(page.withoutPaymentTime).toEqual(
          (query.by ?? 'payment') === 'payment'
            ? { count: withoutPaymentTime(decisions, query), findWith: 'by=decided' }
            : undefined,
        );
      }),
      { numRuns: 100 },
    );
  });

  it('normalises the period: a date is a whole UTC day, a timestamp with offset its UTC instant', async () => {
    const reader = new InMemoryPrivacyReader();
    const at = (decidedAt: string, i: number) =>
      reader.addDecision(
        suppressedDecision({ eventId: `p-${i}`, decidedAt, triggerId: 'alpha', reasons: ['objected'] }),
      );
    at('2026-07-01T23:59:59.999Z', 0);
    at('2026-07-02T00:00:00.000Z', 1);
    at('2026-07-02T23:59:59.999Z', 2);
    at('2026-07-03T00:00:00.000Z', 3);
    const { queries, log } = service(reader);
    const day = await queries.suppressed(OFFICER, { from: '2026-07-02', to: '2026-07-02', by: 'decided' });
    expect(day.items.map((r) => r.eventId)).toEqual(['p-2', 'p-1']);
    expect(day.counts).toMatchObject({
      from: '2026-07-02T00:00:00.000Z',
      to: '2026-07-02T23:59:59.999Z',
      total: 2,
    });
    const offset = await queries.suppressed(OFFICER, {
      from: '2026-07-02T01:59:59.999+02:00',
      by: 'decided',
    });
    expect(offset.items.map((r) => r.eventId)).toEqual(['p-3', 'p-2', 'p-1', 'p-0']);
    expect(log.entries[1]?.parameters.from).toBe('2026-07-01T23:59:59.999Z');
  });

  it('comes with the first page only, and not at all when declined', async () => {
    const reader = new InMemoryPrivacyReader();
    for (let i = 0; i < 4; i++) {
      reader.addDecision(
        suppressedDecision({
          eventId: `e-${i}`,
          decidedAt: INSTANTS[i] as string,
          triggerId: 'alpha',
          reasons: ['objected'],
        }),
      );
    }
    const { queries } = service(reader);
    const first = await queries.suppressed(OFFICER, { limit: 2 });
    expect(first.counts?.total).toBe(4);
    expect(first.withoutPaymentTime).toEqual({ count: 0, findWith: 'by=decided' });
    const second = await queries.suppressed(OFFICER, { limit: 2, cursor: first.nextCursor as string });
    expect(second.counts).toBeUndefined();
    expect(second.withoutPaymentTime).toBeUndefined();
    const counted = reader.calls.countSuppressed;
    const declined = await queries.suppressed(OFFICER, { limit: 2, counts: false, by: 'decided' });
    expect(declined.counts).toBeUndefined();
    expect(declined.withoutPaymentTime).toBeUndefined();
    expect(reader.calls.countSuppressed).toBe(counted);
  });
});

describe('the access log', () => {
  it('gets one entry per query, before anything is read, with who, when and the parameters but no results', async () => {
    const reader = new InMemoryPrivacyReader();
    const decision = suppressedDecision({
      eventId: 'e-1',
      decidedAt: INSTANTS[0] as string,
      triggerId: 'alpha',
      reasons: ['no_consent'],
    });
    for (let i = 0; i < 3; i++) {
      reader.addDecision(
        suppressedDecision({
          eventId: `e-${i}`,
          decidedAt: INSTANTS[i] as string,
          triggerId: 'alpha',
          reasons: ['no_consent'],
        }),
      );
    }
    const { queries, log } = service(reader);
    const first = await queries.suppressed(OFFICER, {
      trigger: 'alpha',
      reason: 'no_consent',
      from: '2026-07-01T00:00:00.000Z',
      limit: 2,
      format: 'csv',
    });
    await queries.suppressed(OFFICER, {
      trigger: 'alpha',
      reason: 'no_consent',
      from: '2026-07-01T00:00:00.000Z',
      limit: 2,
      cursor: first.nextCursor as string,
    });
    await queries.history({ who: 'local:alice', via: 'cli' }, 'c-1');
    await queries.explain(OFFICER, decision.decisionId);

    expect(log.entries).toHaveLength(4);
    expect(log.entries[0]).toEqual({
      day: '2026-07-10',
      accessId: expect.stringMatching(/^2026-07-10T08:00:00\.000Z#[0-9a-f-]{36}$/),
      at: '2026-07-10T08:00:00.000Z',
      who: OFFICER.who,
      via: 'http',
      requestId: 'r-1',
      query: 'suppressed',
      parameters: {
        trigger: 'alpha',
        reason: 'no_consent',
        from: '2026-07-01T00:00:00.000Z',
        by: 'payment',
        limit: 2,
        continued: false,
        format: 'csv',
      },
      ttl: Math.floor(NOW.getTime() / 1000) + 1_825 * 86_400,
    });
    expect(log.entries[1]?.parameters).toMatchObject({ continued: true });
    expect(log.entries[2]).toMatchObject({
      who: 'local:alice',
      via: 'cli',
      query: 'history',
      parameters: { customerId: 'c-1', by: 'payment' },
    });
    expect(log.entries[3]).toMatchObject({
      query: 'explain',
      parameters: { decisionId: decision.decisionId },
    });
    expect(new Set(log.entries.map((e) => e.accessId)).size).toBe(4);
    // Never the results, nor the cursor (it holds result keys).
    const logged = JSON.stringify(log.entries.slice(0, 2));
    for (const item of first.items) expect(logged).not.toContain(item.decisionId);
    expect(logged).not.toContain(first.nextCursor as string);
  });

  it('when it cannot be written, the query fails and nothing is read', async () => {
    const reader = new InMemoryPrivacyReader();
    reader.addDecision(
      suppressedDecision({
        eventId: 'e-1',
        decidedAt: INSTANTS[0] as string,
        triggerId: 'alpha',
        reasons: ['no_consent'],
      }),
    );
    const log = new InMemoryAccessLog();
    log.failWith = new Error('throttled');
    const { queries } = service(reader, log);
    await expect(queries.suppressed(OFFICER, {})).rejects.toThrow(AccessLogUnavailableError);
    await expect(queries.history(OFFICER, 'c-1')).rejects.toThrow(AccessLogUnavailableError);
    await expect(queries.explain(OFFICER, `d_${'0'.repeat(32)}`)).rejects.toThrow(AccessLogUnavailableError);
    expect(reader.totalCalls).toBe(0);
    expect(log.entries).toHaveLength(0);
  });

  it('invalid arguments are refused before logging', async () => {
    const reader = new InMemoryPrivacyReader();
    const { queries, log } = service(reader);
    await expect(queries.suppressed(OFFICER, { limit: 501 })).rejects.toThrow(InvalidQueryError);
    await expect(queries.suppressed(OFFICER, { limit: 0 })).rejects.toThrow(InvalidQueryError);
    await expect(queries.suppressed(OFFICER, { from: INSTANTS[2], to: INSTANTS[1] })).rejects.toThrow(
      /to: expected/,
    );
    await expect(queries.suppressed(OFFICER, { from: 'yesterday' })).rejects.toThrow(/from: expected/);
    await expect(queries.explain(OFFICER, 'd_nothex')).rejects.toThrow(InvalidQueryError);
    await expect(queries.history(OFFICER, '')).rejects.toThrow(InvalidQueryError);
    expect(log.entries).toHaveLength(0);
    expect(reader.totalCalls).toBe(0);
  });
});

describe('history and explain through the service', () => {
  it('returns every kind of record of the customer in time order, offer events found through the audit too', async () => {
    const reader = new InMemoryPrivacyReader();
    const emitted: Decision = {
      decisionId: `d_${'1'.repeat(32)}`,
      eventId: 'e-emit',
      customerId: 'c-1',
      outcome: 'emitted',
      triggerId: 'alpha',
      triggerVersion: 2,
      offerId: 'offer-a',
      offerInstanceId: `o_${'1'.repeat(32)}`,
      reasons: [],
      decidedAt: '2026-07-02T10:00:00.000Z',
      policyVersion: 'p',
      consentRegime: 'opt-in',
      occurredAt: '2026-07-02T11:59:00+02:00',
      gates: [],
    };
    reader.addDecision(emitted);
    reader.addDecision(
      suppressedDecision({ eventId: 'e-sens', decidedAt: '2026-07-01T09:00:00.000Z', reasons: [] }),
    );
    reader.addDecision(
      suppressedDecision({
        eventId: 'other',
        decidedAt: '2026-07-01T09:00:00.000Z',
        triggerId: 'alpha',
        reasons: ['objected'],
        customerId: 'c-2',
      }),
    );
    reader.addItem({
      decisionId: `w_${'2'.repeat(32)}`,
      kind: 'offer_withdrawal',
      customerId: 'c-1',
      offerInstanceId: `o_${'1'.repeat(32)}`,
      offerId: 'offer-a',
      triggerId: 'alpha',
      triggerVersion: 2,
      withdrawalReason: 'consent_withdrawn',
      decidedAt: '2026-07-03T08:00:00.000Z',
      ttl: 1,
    });
    reader.consents.push({
      customerId: 'c-1',
      recordId: 'ch-1',
      purpose: 'transaction-offers',
      status: 'withdrawn',
      at: '2026-07-03T09:59:00+02:00',
      receivedAt: '2026-07-03T08:00:01.000Z',
      applied: true,
      collectionSource: 'app',
    });
    // The offer row has expired (TTL); its event is still found through the emitted decision.
    reader.events.push({
      offerInstanceId: `o_${'1'.repeat(32)}`,
      clientEventId: 'shown-1',
      customerId: 'c-1',
      offerId: 'offer-a',
      type: 'shown',
      at: '2026-07-02T12:00:00.000Z',
      recordedAt: '2026-07-02T12:00:01.000Z',
    });
    const { queries } = service(reader);
    const decided = await queries.history(OFFICER, 'c-1', { by: 'decided' });
    expect(decided.customerId).toBe('c-1');
    expect(decided.timeBasis).toBe('decided');
    expect(decided.withoutPaymentTime).toBe(0);
    // By decision time, `at` is when the pipeline recorded each entry.
    expect(decided.entries.map((e) => [e.at, e.kind])).toEqual([
      ['2026-07-01T09:00:00.000Z', 'decision'],
      ['2026-07-02T10:00:00.000Z', 'decision'],
      ['2026-07-02T12:00:01.000Z', 'offer_event'],
      ['2026-07-03T08:00:00.000Z', 'offer_withdrawal'],
      ['2026-07-03T08:00:01.000Z', 'consent_change'],
    ]);
    expect(decided.entries[2]).toMatchObject({ eventAt: '2026-07-02T12:00:00.000Z', type: 'shown' });
    expect(decided.entries[4]).toMatchObject({ givenAt: '2026-07-03T09:59:00+02:00', status: 'withdrawn' });
    expect(JSON.stringify(decided)).not.toContain('c-2');

    // By payment time (the default), `at` is when it happened; every entry shows both times. The sensitive
    // screen and the withdrawal have no such time: placed by their recorded time, and counted.
    const history = await queries.history(OFFICER, 'c-1');
    expect(history.timeBasis).toBe('payment');
    expect(history.withoutPaymentTime).toBe(2);
    expect(history.entries.map((e) => [e.at, e.kind, e.happenedAt ?? null, e.recordedAt])).toEqual([
      ['2026-07-01T09:00:00.000Z', 'decision', null, '2026-07-01T09:00:00.000Z'],
      ['2026-07-02T09:59:00.000Z', 'decision', '2026-07-02T09:59:00.000Z', '2026-07-02T10:00:00.000Z'],
      ['2026-07-02T12:00:00.000Z', 'offer_event', '2026-07-02T12:00:00.000Z', '2026-07-02T12:00:01.000Z'],
      ['2026-07-03T07:59:00.000Z', 'consent_change', '2026-07-03T07:59:00.000Z', '2026-07-03T08:00:01.000Z'],
      ['2026-07-03T08:00:00.000Z', 'offer_withdrawal', null, '2026-07-03T08:00:00.000Z'],
    ]);
  });

  it('an unknown id is not found', async () => {
    const { queries } = service(new InMemoryPrivacyReader());
    await expect(queries.explain(OFFICER, `d_${'9'.repeat(32)}`)).rejects.toThrow(AuditRecordNotFoundError);
  });

  it('reason codes of the index stay those of the decision core', () => {
    const reasons: readonly SuppressionReason[] = SUPPRESSION_REASONS;
    expect([...reasons, 'invalid_event', 'duplicate_event_id'].sort()).toEqual(
      ['sensitive_category', 'stale_event', ...GATE_REASONS, 'invalid_event', 'duplicate_event_id'].sort(),
    );
  });
});

describe('issue 16: dates mean one thing, unknown names are errors', () => {
  /** Last month's payments replayed today: decided on 2026-07-10, paid in June. */
  function replayed() {
    const reader = new InMemoryPrivacyReader();
    const paid = ['2026-06-03T09:00:00+02:00', '2026-06-17T12:00:00.000Z', '2026-06-30T23:30:00-01:00'];
    for (const [i, occurredAt] of paid.entries()) {
      reader.addDecision(
        suppressedDecision({
          eventId: `r-${i}`,
          decidedAt: `2026-07-10T07:00:0${i}.000Z`,
          occurredAt,
          triggerId: 'alpha',
          reasons: ['frequency_capped'],
        }),
      );
    }
    // A sensitive payment replayed with them: it keeps no payment time.
    reader.addDecision(
      suppressedDecision({ eventId: 'r-sens', decidedAt: '2026-07-10T07:00:05.000Z', reasons: [] }),
    );
    return reader;
  }

  it('a period of payments finds a replay by payment time, ordered by payment time, counted on that basis', async () => {
    const { queries } = service(replayed());
    const june = await queries.suppressed(OFFICER, { from: '2026-06-01', to: '2026-06-30' });
    expect(june.timeBasis).toBe('payment');
    // 2026-06-30T23:30-01:00 is 1 July in UTC: outside a June period, as UTC days are.
    expect(june.items.map((r) => r.eventId)).toEqual(['r-1', 'r-0']);
    expect(june.counts).toMatchObject({ timeBasis: 'payment', total: 2, byReason: { frequency_capped: 2 } });
    expect(june.counts?.byTrigger).toMatchObject({ alpha: 2, none: 0 });
    // The sensitive payment has no payment time: not listed, but counted (it was decided in no June day).
    expect(june.withoutPaymentTime).toEqual({ count: 0, findWith: 'by=decided' });
    const byDecision = await queries.suppressed(OFFICER, {
      from: '2026-06-01',
      to: '2026-06-30',
      by: 'decided',
    });
    expect(byDecision.items).toEqual([]);
    expect(byDecision.counts?.total).toBe(0);

    const july = await queries.suppressed(OFFICER, { from: '2026-07-01' });
    expect(july.items.map((r) => r.eventId)).toEqual(['r-2']);
    expect(july.withoutPaymentTime).toEqual({ count: 1, findWith: 'by=decided' });
    const julyDecided = await queries.suppressed(OFFICER, { from: '2026-07-01', by: 'decided' });
    expect(julyDecided.items.map((r) => r.eventId)).toEqual(['r-sens', 'r-2', 'r-1', 'r-0']);
    expect(julyDecided.counts?.byTrigger).toMatchObject({ alpha: 3, none: 1 });
  });

  it('a trigger neither in the catalog nor in any suppressed record is an error naming the known ones, after the access is logged', async () => {
    const reader = replayed();
    reader.addDecision(
      suppressedDecision({
        eventId: 'old',
        decidedAt: '2025-01-01T00:00:00.000Z',
        triggerId: 'retired-one',
        reasons: ['no_consent'],
      }),
    );
    const { queries, log } = service(reader);
    await expect(queries.suppressed(OFFICER, { trigger: 'nosuch' })).rejects.toThrow(
      "no trigger 'nosuch' (known: alpha, beta, gamma, none; no suppressed record names it either)",
    );
    expect(log.entries.at(-1)?.parameters).toMatchObject({ trigger: 'nosuch' });
    // A retired trigger with records stays queryable, also for a period where it has none.
    const retired = await queries.suppressed(OFFICER, { trigger: 'retired-one', from: '2026-01-01' });
    expect(retired.items).toEqual([]);
    const all = await queries.suppressed(OFFICER, { trigger: 'retired-one', by: 'decided' });
    expect(all.items.map((r) => r.eventId)).toEqual(['old']);
    // A catalog trigger without records, and `none`, are known: empty answers, no error.
    expect((await queries.suppressed(OFFICER, { trigger: 'beta' })).items).toEqual([]);
    expect((await queries.suppressed(OFFICER, { trigger: NO_TRIGGER, by: 'decided' })).items).toHaveLength(1);
  });

  it('a customer without records gets an empty history, and the read is logged', async () => {
    const { queries, log } = service(replayed());
    const history = await queries.history(OFFICER, 'c-nonexistent');
    expect(history).toEqual({
      customerId: 'c-nonexistent',
      timeBasis: 'payment',
      withoutPaymentTime: 0,
      entries: [],
    });
    expect(log.entries.at(-1)).toMatchObject({
      query: 'history',
      parameters: { customerId: 'c-nonexistent' },
    });
  });

  it('an unknown record id names the id', async () => {
    const { queries } = service(new InMemoryPrivacyReader());
    await expect(queries.explain(OFFICER, `d_${'9'.repeat(32)}`)).rejects.toThrow(
      `no decision or offer-withdrawal record 'd_${'9'.repeat(32)}'`,
    );
  });

  it('an unknown time basis is refused before logging', async () => {
    const { queries, log } = service(new InMemoryPrivacyReader());
    await expect(queries.suppressed(OFFICER, { by: 'paid' as TimeBasis })).rejects.toThrow(
      "by: expected 'payment' or 'decided'",
    );
    await expect(queries.history(OFFICER, 'c-1', { by: 'x' as TimeBasis })).rejects.toThrow(
      InvalidQueryError,
    );
    expect(log.entries).toHaveLength(0);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AccessLogEntry, accessLogEntry, type Caller } from '#privacy/access-log.js';
import { AccessLogQueries, type AccessLogQuery } from '#privacy/access-log.query.js';
import { InvalidCursorError, InvalidQueryError } from '#privacy/queries.js';
import { NOW } from '#test/support/builders.js';
import { InMemoryAccessLog, InMemoryAccessLogReader } from '#test/support/in-memory-privacy.js';

const ALICE: Caller = { who: 'arn:aws:sts::1:assumed-role/privacy-officer/alice', via: 'http' };
const BOB: Caller = { who: 'local:bob', via: 'cli' };

function build(seed: AccessLogEntry[] = []) {
  const log = new InMemoryAccessLog();
  log.entries.push(...seed);
  const reader = new InMemoryAccessLogReader(() => log.entries);
  const service = new AccessLogQueries({ reader, accessLog: log, now: () => NOW });
  return { log, reader, service };
}

const at = (iso: string) => new Date(iso);
/** A realistic log: two officers, three customers, reads of every kind over three days. */
const SEED = [
  accessLogEntry(ALICE, 'history', { customerId: 'c-1' }, at('2026-07-08T09:00:00Z'), 'a1'),
  accessLogEntry(
    ALICE,
    'suppressed',
    { reason: 'no_consent', limit: 50, continued: false },
    at('2026-07-08T09:05:00Z'),
    'a2',
  ),
  accessLogEntry(BOB, 'history', { customerId: 'c-2' }, at('2026-07-09T10:00:00Z'), 'b1'),
  accessLogEntry(BOB, 'explain', { decisionId: `d_${'0'.repeat(32)}` }, at('2026-07-09T10:01:00Z'), 'b2'),
  accessLogEntry(BOB, 'history', { customerId: 'c-1' }, at('2026-07-10T07:00:00Z'), 'b3'),
  accessLogEntry(ALICE, 'erasure', { erasureId: 'e-1' }, at('2026-07-10T07:30:00Z'), 'a3'),
];

const ids = (page: { items: ReadonlyArray<{ accessId: string }> }) =>
  page.items.map((i) => i.accessId.split('#')[1]);

describe('AccessLogQueries.read', () => {
  it('everything, newest first; the read is logged first (filters, never results) and left out of its own page', async () => {
    const { log, service } = build([...SEED]);
    const page = await service.read(ALICE, {});
    expect(ids(page)).toEqual(['a3', 'b3', 'b2', 'b1', 'a2', 'a1']);
    expect(page.nextCursor).toBeNull();
    const own = log.entries.at(-1);
    expect(own).toMatchObject({
      who: ALICE.who,
      query: 'access-log',
      parameters: { limit: 50, continued: false },
    });
    expect(own).not.toHaveProperty('customerId');
    // The next read shows the first one.
    const again = await service.read(BOB, { limit: 1 });
    expect(again.items[0]).toMatchObject({ who: ALICE.who, query: 'access-log' });
  });

  it('--customer: who looked at this customer, through the byCustomer index only; the read names the customer', async () => {
    const { log, reader, service } = build([...SEED]);
    const page = await service.read(ALICE, { customerId: 'c-1' });
    expect(ids(page)).toEqual(['b3', 'a1']);
    expect(page.items.map((i) => [i.who, i.query, i.customerId])).toEqual([
      [BOB.who, 'history', 'c-1'],
      [ALICE.who, 'history', 'c-1'],
    ]);
    expect(new Set(reader.reads)).toEqual(new Set(['customer']));
    // This read concerned c-1: the customer's next access request shows it.
    expect(log.entries.at(-1)).toMatchObject({
      query: 'access-log',
      customerId: 'c-1',
      parameters: { customerId: 'c-1' },
    });
    expect(ids(await service.read(BOB, { customerId: 'c-1', limit: 1 }))).toEqual([
      expect.stringMatching(/^[0-9a-f-]{36}$/),
    ]);
  });

  it('--actor: what one person read, through the byActor index; with --customer, both', async () => {
    const { reader, service } = build([...SEED]);
    expect(ids(await service.read(ALICE, { actor: BOB.who }))).toEqual(['b3', 'b2', 'b1']);
    expect(reader.reads).toEqual(['actor']);
    expect(ids(await service.read(ALICE, { actor: ALICE.who, customerId: 'c-1' }))).toEqual(['a1']);
    expect(ids(await service.read(ALICE, { actor: 'local:nobody' }))).toEqual([]);
  });

  it('--from/--to: whole UTC days or instants, inclusive', async () => {
    const { service } = build([...SEED]);
    expect(ids(await service.read(ALICE, { from: '2026-07-09', to: '2026-07-09' }))).toEqual(['b2', 'b1']);
    expect(ids(await service.read(ALICE, { to: '2026-07-09T10:00:00Z' }))).toEqual(['b1', 'a2', 'a1']);
    expect(ids(await service.read(ALICE, { from: '2026-07-10T07:00:00+00:00', actor: BOB.who }))).toEqual([
      'b3',
    ]);
  });

  it('without actor, customer and from, the last 31 days up to `to` (said in `period`); older entries with --from or an index', async () => {
    const old = accessLogEntry(BOB, 'history', { customerId: 'c-9' }, at('2026-06-01T12:00:00Z'), 'old');
    const { reader, service } = build([...SEED, old]);
    const recent = await service.read(ALICE, {});
    expect(ids(recent)).not.toContain('old');
    expect(recent.period).toEqual({ from: '2026-06-10T00:00:00.000Z', to: NOW.toISOString() });
    expect(reader.reads.filter((r) => r === 'day')).toHaveLength(31);
    expect(ids(await service.read(ALICE, { from: '2026-06-01' }))).toContain('old');
    expect(ids(await service.read(ALICE, { to: '2026-06-02' }))).toEqual(['old']);
    expect(ids(await service.read(ALICE, { customerId: 'c-9' }))).toEqual(['old']);
    expect((await service.read(ALICE, { customerId: 'c-9' })).period).toEqual({ to: NOW.toISOString() });
  });

  it('refuses bad arguments and foreign cursors before logging or reading anything', async () => {
    const { log, reader, service } = build([...SEED]);
    const first = await service.read(ALICE, { limit: 2 });
    const before = log.entries.length;
    const reads = reader.reads.length;
    await expect(
      service.read(ALICE, { limit: 2, actor: BOB.who, cursor: first.nextCursor ?? '' }),
    ).rejects.toThrow(InvalidCursorError);
    await expect(service.read(ALICE, { cursor: 'bm90IGEgY3Vyc29y' })).rejects.toThrow(InvalidCursorError);
    await expect(service.read(ALICE, { from: '2026-02-30' })).rejects.toThrow(InvalidQueryError);
    await expect(service.read(ALICE, { from: '2026-07-10', to: '2026-07-09' })).rejects.toThrow(
      /to: expected not before from/,
    );
    await expect(service.read(ALICE, { limit: 0 })).rejects.toThrow(InvalidQueryError);
    await expect(service.read(ALICE, { customerId: '' })).rejects.toThrow(/customerId/);
    expect(log.entries.length).toBe(before);
    expect(reader.reads.length).toBe(reads);
  });

  it('an access log that cannot be written: nothing is read', async () => {
    const { log, reader, service } = build([...SEED]);
    log.failWith = new Error('down');
    await expect(service.read(ALICE, {})).rejects.toThrow('access log down');
    expect(reader.reads).toEqual([]);
  });

  it('property: for any log, filters and page size, the pages together are exactly the matching entries, newest first, once each', async () => {
    const callers = [ALICE, BOB, { who: 'local-gateway:unauthenticated', via: 'http' } as const];
    const customers = ['c-1', 'c-2', 'c-3'];
    const start = Date.parse('2026-07-05T00:00:00Z');
    const entry = fc.record({
      offsetMs: fc.integer({ min: 0, max: 5 * 86_400_000 }),
      caller: fc.integer({ min: 0, max: 2 }),
      customer: fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined }),
    });
    const filters = fc.record({
      // Each filter absent half of the time, so every combination (none at all included) is common.
      actor: fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined, freq: 1 }),
      customer: fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined, freq: 1 }),
      fromDay: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined, freq: 1 }),
      toMs: fc.option(fc.integer({ min: 0, max: 5 * 86_400_000 }), { nil: undefined, freq: 1 }),
      limit: fc.integer({ min: 1, max: 7 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(entry, { maxLength: 25 }), filters, async (generated, f) => {
        const seed = generated.map((g, i) =>
          accessLogEntry(
            callers[g.caller] as Caller,
            g.customer === undefined ? 'suppressed' : 'history',
            g.customer === undefined ? { limit: 50 } : { customerId: customers[g.customer] as string },
            new Date(start + g.offsetMs),
            `id-${i}`,
          ),
        );
        const { service } = build(seed);
        const from =
          f.fromDay === undefined
            ? undefined
            : new Date(start + f.fromDay * 86_400_000).toISOString().slice(0, 10);
        const to = f.toMs === undefined ? undefined : new Date(start + f.toMs).toISOString();
        const query: AccessLogQuery = {
          ...(f.actor === undefined ? {} : { actor: (callers[f.actor] as Caller).who }),
          ...(f.customer === undefined ? {} : { customerId: customers[f.customer] }),
          ...(from === undefined ? {} : { from }),
          ...(to === undefined || (from !== undefined && to < from) ? {} : { to }),
          limit: f.limit,
        };
        const expected = seed
          .filter(
            (e) =>
              (query.actor === undefined || e.who === query.actor) &&
              (query.customerId === undefined || e.customerId === query.customerId) &&
              (query.from === undefined || e.at >= `${query.from}T00:00:00.000Z`) &&
              (query.to === undefined || e.at <= query.to),
          )
          .map((e) => e.accessId)
          .sort()
          .reverse();
        const seen: string[] = [];
        let cursor: string | undefined;
        let pages = 0;
        do {
          const page = await service.read(ALICE, { ...query, ...(cursor === undefined ? {} : { cursor }) });
          expect(page.items.length).toBeLessThanOrEqual(f.limit);
          if (page.nextCursor !== null) expect(page.items.length).toBe(f.limit);
          seen.push(...page.items.map((i) => i.accessId));
          cursor = page.nextCursor ?? undefined;
          pages++;
        } while (cursor !== undefined && pages < 50);
        expect(seen).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });
});

import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { hourOf } from '#archive/schema.js';
import type { Decision, Reason } from '#core/decision.js';
import { AccessLogUnavailableError, type Caller } from '#privacy/access-log.js';
import {
  AuditRecordNotFoundError,
  InvalidCursorError,
  InvalidQueryError,
  type SuppressedQuery,
  type SuppressedRecord,
  UnknownNameError,
} from '#privacy/queries.js';
import { NO_TRIGGER, type SUPPRESSION_REASONS, type TimeBasis } from '#shared/audit-index.js';
import { ArchivedPrivacy } from '#test/support/archived-privacy.js';
import { suppressedDecision } from '#test/support/in-memory-privacy.js';

/**
 * The privacy officers' queries on the archive (issue 15): DuckDB over Parquet written as the archiver
 * writes it, so the SQL that runs in AWS on Athena is what answers here.
 */

const OFFICER: Caller = { who: 'arn:aws:iam::123456789012:user/officer', via: 'http', requestId: 'r-1' };
const TRIGGERS = ['alpha', 'beta', 'gamma'] as const;
const NOW = new Date('2026-07-10T08:00:00.000Z');

let open: ArchivedPrivacy[] = [];
afterEach(async () => {
  await Promise.all(open.map((p) => p.close()));
  open = [];
});
async function archived(decisions: readonly Decision[]): Promise<ArchivedPrivacy> {
  const privacy = new ArchivedPrivacy(() => NOW);
  open.push(privacy);
  if (decisions.length > 0) await privacy.archive(decisions);
  return privacy;
}

async function allPages(privacy: ArchivedPrivacy, query: SuppressedQuery) {
  const queries = await privacy.queries({ triggerIds: TRIGGERS });
  const pages: SuppressedRecord[][] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 500; i++) {
    const page = await queries.suppressed(OFFICER, { ...query, ...(cursor === undefined ? {} : { cursor }) });
    pages.push([...page.items]);
    if (page.nextCursor === null) return pages;
    cursor = page.nextCursor;
  }
  throw new Error('the cursor never ended');
}

const idOf = (r: SuppressedRecord): string => ('unlinkable' in r ? 'unlinkable' : r.decisionId);

/** The hour of a record on a basis (the archive's clear time), none for a sensitive screen on payment. */
const hourOn = (basis: TimeBasis, d: { decidedAt: string; occurredAt?: string }) =>
  basis === 'payment' ? (d.occurredAt === undefined ? undefined : hourOf(d.occurredAt)) : hourOf(d.decidedAt);

const matches = (d: Decision, q: SuppressedQuery) =>
  (q.trigger === undefined || (d.triggerId ?? NO_TRIGGER) === q.trigger) &&
  (q.reason === undefined || d.reasons.includes(q.reason));

/** In the period widened to whole hours (what the archive answers). */
const inHours = (hour: string | undefined, q: SuppressedQuery) =>
  hour !== undefined &&
  (q.from === undefined || hour >= hourOf(q.from)) &&
  (q.to === undefined || hour <= hourOf(q.to));

function expected(decisions: readonly Decision[], q: SuppressedQuery): Decision[] {
  const basis = q.by ?? 'payment';
  return decisions.filter((d) => matches(d, q) && inHours(hourOn(basis, d), q));
}

const INSTANTS = [
  '2026-07-01T10:00:00.000Z',
  '2026-07-02T10:00:00.000Z',
  '2026-07-02T10:59:00.001Z',
  '2026-07-03T23:59:59.999Z',
  '2026-07-04T00:00:00.000Z',
];
const PAYMENT_TIMES = [...INSTANTS, '2026-07-02T12:00:00+02:00', '2026-06-30T23:59:59.999-10:00'];
const GATE_REASONS: readonly Reason[] = ['no_consent', 'objected', 'frequency_capped', 'arbitration_lost'];

const decisionsArb = fc
  .array(
    fc.record({
      trigger: fc.constantFrom<string | undefined>(...TRIGGERS, 'retired', undefined),
      reasons: fc.subarray([...GATE_REASONS], { minLength: 1 }),
      at: fc.constantFrom(...INSTANTS),
      paid: fc.constantFrom(...PAYMENT_TIMES),
    }),
    { maxLength: 30 },
  )
  .map((specs) =>
    specs.map((s, i) =>
      suppressedDecision({
        eventId: `e-${i}`,
        decidedAt: s.at,
        occurredAt: s.paid,
        ...(s.trigger === undefined ? {} : { triggerId: s.trigger }),
        reasons: s.reasons,
        customerId: `c-${i % 3}`,
      }),
    ),
  );
const queryArb = fc.record(
  {
    trigger: fc.constantFrom(...TRIGGERS, NO_TRIGGER, 'retired'),
    reason: fc.constantFrom(...GATE_REASONS.map((r) => r as (typeof SUPPRESSION_REASONS)[number])),
    from: fc.constantFrom('2026-07-01T10:30:00.000Z', '2026-07-02T00:00:00.000Z'),
    to: fc.constantFrom('2026-07-02T10:00:00.000Z', '2026-07-03T23:00:00.000Z'),
    by: fc.constantFrom<TimeBasis>('payment', 'decided'),
    limit: fc.integer({ min: 1, max: 7 }),
  },
  { requiredKeys: ['limit'] },
);

describe('suppressed offers on the archive', () => {
  it('pages through every matching record exactly once, newest hour first, and counts them', async () => {
    await fc.assert(
      fc.asyncProperty(decisionsArb, queryArb, async (decisions, query) => {
        const privacy = await archived(decisions);
        if (query.trigger === 'retired' && !decisions.some((d) => d.triggerId === 'retired')) {
          await expect(allPages(privacy, query)).rejects.toThrow(UnknownNameError);
          return;
        }
        const pages = await allPages(privacy, query);
        for (const page of pages.slice(0, -1)) expect(page).toHaveLength(query.limit);
        const got = pages.flat();
        const ids = got.map(idOf);
        expect(new Set(ids).size).toBe(ids.length);
        const want = expected(decisions, query);
        expect(new Set(ids)).toEqual(new Set(want.map((d) => d.decisionId)));
        const basis = query.by ?? 'payment';
        const hours = got.map(
          (r) => ('unlinkable' in r ? r.decidedHour : hourOn(basis, r as Decision)) ?? '',
        );
        expect([...hours].sort().reverse()).toEqual(hours);
        const first = await (await privacy.queries({ triggerIds: TRIGGERS })).suppressed(OFFICER, {
          ...query,
          limit: 1,
        });
        expect(first.counts?.total).toBe(want.length);
        for (const reason of GATE_REASONS) {
          expect(first.counts?.byReason[reason as (typeof SUPPRESSION_REASONS)[number]]).toBe(
            want.filter((d) => d.reasons.includes(reason)).length,
          );
        }
        await privacy.close();
        open = open.filter((p) => p !== privacy);
      }),
      { numRuns: 12 },
    );
  }, 120_000);

  it('counts per reason and trigger, states the whole hours counted, and what has no payment time', async () => {
    const decisions = [
      suppressedDecision({
        eventId: 'a',
        decidedAt: '2026-07-02T10:05:00Z',
        triggerId: 'alpha',
        reasons: ['no_consent', 'objected'],
      }),
      suppressedDecision({
        eventId: 'b',
        decidedAt: '2026-07-02T11:00:00Z',
        triggerId: 'retired',
        reasons: ['no_consent'],
      }),
      suppressedDecision({ eventId: 'c', decidedAt: '2026-07-02T12:00:00Z', reasons: [] }),
    ];
    const privacy = await archived(decisions);
    // A redelivered batch: counted once.
    await privacy.archive(decisions.slice(0, 1), { batch: 'again' });
    const queries = await privacy.queries({ triggerIds: TRIGGERS });
    const page = await queries.suppressed(OFFICER, {
      from: '2026-07-02T10:30:00Z',
      to: '2026-07-02T12:10:00Z',
    });
    expect(page.counts).toMatchObject({
      timeBasis: 'payment',
      from: '2026-07-02T10:00:00.000Z',
      to: '2026-07-02T12:59:59.999Z',
      total: 2,
      byTrigger: { alpha: 1, beta: 0, gamma: 0, none: 0 },
      notInCatalog: 1,
    });
    expect(page.counts?.byReason.no_consent).toBe(2);
    expect(page.counts?.byReason.objected).toBe(1);
    expect(page.withoutPaymentTime).toEqual({ count: 1, findWith: 'by=decided' });
    const decided = await queries.suppressed(OFFICER, {
      from: '2026-07-02',
      to: '2026-07-02',
      by: 'decided',
    });
    expect(decided.counts?.total).toBe(3);
    expect(decided.counts?.byTrigger.none).toBe(1);
    expect(decided.withoutPaymentTime).toBeUndefined();
  });

  it('lists an erased customer as unlinkable and still counts them', async () => {
    const privacy = await archived([
      suppressedDecision({
        eventId: 'a',
        decidedAt: '2026-07-02T10:05:00Z',
        triggerId: 'alpha',
        reasons: ['no_consent'],
        customerId: 'c-gone',
      }),
      suppressedDecision({
        eventId: 'b',
        decidedAt: '2026-07-02T09:05:00Z',
        triggerId: 'alpha',
        reasons: ['no_consent'],
        customerId: 'c-here',
      }),
    ]);
    expect(await privacy.keys.destroy('c-gone')).toBe('destroyed');
    const page = await (await privacy.queries({ triggerIds: TRIGGERS })).suppressed(OFFICER, {
      by: 'decided',
    });
    expect(page.counts?.total).toBe(2);
    expect(page.items).toEqual([
      {
        unlinkable: true,
        decidedHour: '2026-07-02T10',
        paidHour: '2026-07-02T10',
        triggerId: 'alpha',
        triggerVersion: 1,
        offerId: 'offer-of-alpha',
        reasons: ['no_consent'],
        policyVersion: expect.any(String),
        consentRegime: 'opt-in',
      },
      expect.objectContaining({ customerId: 'c-here', eventId: 'b' }),
    ]);
    expect(JSON.stringify(page.items[0])).not.toMatch(/c-gone|"a"/);
  });

  it('refuses an unknown trigger, accepts one only archived records name, and logs every read first', async () => {
    const privacy = await archived([
      suppressedDecision({
        eventId: 'a',
        decidedAt: '2026-07-02T10:05:00Z',
        triggerId: 'retired',
        reasons: ['no_consent'],
      }),
    ]);
    const queries = await privacy.queries({ triggerIds: TRIGGERS });
    await expect(queries.suppressed(OFFICER, { trigger: 'never-was' })).rejects.toThrow(UnknownNameError);
    expect((await queries.suppressed(OFFICER, { trigger: 'retired', by: 'decided' })).items).toHaveLength(1);
    expect(privacy.accessLog.entries.map((e) => e.query)).toEqual(['suppressed', 'suppressed']);
    await expect(queries.suppressed(OFFICER, { cursor: 'bm90LWEtY3Vyc29y' })).rejects.toThrow(
      InvalidCursorError,
    );
    expect(privacy.accessLog.entries).toHaveLength(2);
    privacy.accessLog.failWith = new Error('down');
    await expect(queries.suppressed(OFFICER, {})).rejects.toThrow(AccessLogUnavailableError);
  });

  it('refuses a cursor of another query', async () => {
    const privacy = await archived(
      ['a', 'b'].map((e) =>
        suppressedDecision({
          eventId: e,
          decidedAt: '2026-07-02T10:05:00Z',
          triggerId: 'alpha',
          reasons: ['no_consent'],
        }),
      ),
    );
    const queries = await privacy.queries({ triggerIds: TRIGGERS });
    const first = await queries.suppressed(OFFICER, { limit: 1, by: 'decided' });
    expect(first.nextCursor).not.toBeNull();
    await expect(
      queries.suppressed(OFFICER, {
        limit: 1,
        by: 'decided',
        trigger: 'alpha',
        cursor: first.nextCursor ?? '',
      }),
    ).rejects.toThrow(InvalidCursorError);
  });
});

describe('history and explain on the archive', () => {
  const decision = suppressedDecision({
    eventId: 'e-1',
    decidedAt: '2026-06-02T10:05:00Z',
    triggerId: 'alpha',
    reasons: ['no_consent'],
    customerId: 'c-7',
  });

  it("reads a customer's archived decisions and withdrawals while their key exists", async () => {
    const privacy = await archived([decision]);
    await privacy.archiveWithdrawals([
      {
        decisionId: `w_${'1'.repeat(32)}`,
        kind: 'offer_withdrawal',
        customerId: 'c-7',
        offerInstanceId: 'oi-1',
        offerId: 'offer-of-alpha',
        triggerId: 'alpha',
        triggerVersion: 1,
        withdrawalReason: 'consent_withdrawn',
        decidedAt: '2026-06-03T10:00:00.000Z',
      },
    ]);
    const queries = await privacy.queries();
    const history = await queries.history(OFFICER, 'c-7', { by: 'decided' });
    expect(history.entries.map((e) => e.kind)).toEqual(['decision', 'offer_withdrawal']);
    expect((await queries.history(OFFICER, 'c-other')).entries).toEqual([]);
    await privacy.keys.destroy('c-7');
    expect((await queries.history(OFFICER, 'c-7')).entries).toEqual([]);
    expect(privacy.accessLog.entries.map((e) => e.query)).toEqual(['history', 'history', 'history']);
  });

  it('explains from the hot table first, else from the archive with the customer id', async () => {
    const privacy = await archived([decision]);
    const queries = await privacy.queries();
    const error = await queries.explain(OFFICER, decision.decisionId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuditRecordNotFoundError);
    expect((error as AuditRecordNotFoundError).needsCustomer).toBe(true);
    const explained = await queries.explain(OFFICER, decision.decisionId, { customerId: 'c-7' });
    expect(explained).toMatchObject({ kind: 'decision', recordId: decision.decisionId, customerId: 'c-7' });
    await expect(queries.explain(OFFICER, decision.decisionId, { customerId: 'c-8' })).rejects.toThrow(
      AuditRecordNotFoundError,
    );
    privacy.reader.addDecision({ ...decision, policyVersion: 'hot' });
    expect(await queries.explain(OFFICER, decision.decisionId)).toMatchObject({ policyVersion: 'hot' });
    await expect(queries.explain(OFFICER, 'x')).rejects.toThrow(InvalidQueryError);
    expect(privacy.accessLog.entries.at(-1)?.parameters).toEqual({ decisionId: decision.decisionId });
  });
});

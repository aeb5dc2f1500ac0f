import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Decision, decisionIdFor, OUTCOMES, type Outcome, type Reason } from '#core/decision.js';
import type { Caller } from '#privacy/access-log.js';
import {
  type Cell,
  cellOf,
  OVERVIEW_MAX_DAYS,
  type OverviewCounts,
  overviewAnswer,
  overviewPeriod,
  SMALL_COUNT_CELL,
} from '#privacy/overview.js';
import { InvalidQueryError, PrivacyQueries } from '#privacy/queries.js';
import {
  NO_TRIGGER,
  paymentTimeOf,
  SUPPRESSION_REASONS,
  type SuppressionReason,
  type TimeBasis,
} from '#shared/audit-index.js';
import { ReaderBackedArchive } from '#test/support/archived-privacy.js';
import { NOW } from '#test/support/builders.js';
import {
  InMemoryAccessLog,
  InMemoryPrivacyReader,
  POLICY,
  suppressedDecision,
} from '#test/support/in-memory-privacy.js';

const OFFICER: Caller = { who: 'local:olivia', via: 'http', requestId: 'r-1' };
const CATALOG = ['alpha', 'beta'] as const;
const DAY_MS = 86_400_000;

/** A cell never holds 1 to 9. */
const isSmall = (cell: Cell) => typeof cell === 'number' && cell >= 1 && cell <= 9;

const everyCell = (answer: ReturnType<typeof overviewAnswer>): Cell[] => [
  ...Object.values(answer.outcomes).flat(),
  ...Object.values(answer.reasons).flat(),
  ...Object.values(answer.triggers).flat(),
  ...answer.notInCatalog,
  ...Object.values(answer.totals.outcomes),
  ...Object.values(answer.totals.reasons),
  ...Object.values(answer.totals.triggers),
  answer.totals.notInCatalog,
];

describe('the overview’s small-cell rule', () => {
  it('shows 0 as 0, 1 to 9 as "< 10", and every other count exactly', () => {
    fc.assert(
      fc.property(fc.nat({ max: 100_000 }), (n) => {
        const cell = cellOf(n);
        expect(isSmall(cell)).toBe(false);
        if (n === 0 || n >= 10) expect(cell).toBe(n);
        else expect(cell).toBe(SMALL_COUNT_CELL);
      }),
    );
    expect([0, 1, 9, 10].map(cellOf)).toEqual([0, '< 10', '< 10', 10]);
  });

  it('no cell or total ever holds 1 to 9; totals are the suppressed sums of the exact daily counts', () => {
    const counts = (days: number) => fc.array(fc.nat({ max: 40 }), { minLength: days, maxLength: days });
    const arbitrary = fc.integer({ min: 1, max: 12 }).chain((n) =>
      fc.record({
        n: fc.constant(n),
        outcomes: fc.record(
          Object.fromEntries(OUTCOMES.map((o) => [o, counts(n)])) as Record<Outcome, fc.Arbitrary<number[]>>,
        ),
        reasons: fc.record(
          Object.fromEntries(SUPPRESSION_REASONS.map((r) => [r, counts(n)])) as Record<
            SuppressionReason,
            fc.Arbitrary<number[]>
          >,
        ),
        triggers: fc.record({ alpha: counts(n), none: counts(n) }),
      }),
    );
    fc.assert(
      fc.property(arbitrary, ({ n, outcomes, reasons, triggers }) => {
        const days = Array.from({ length: n }, (_, i) => new Date(Date.UTC(2026, 6, 1) + i * DAY_MS)).map(
          (d) => d.toISOString().slice(0, 10),
        );
        const period = { from: `${days[0]}T00:00:00.000Z`, to: `${days.at(-1)}T23:59:59.999Z`, days };
        const counted: OverviewCounts = { outcomes, reasons, triggers };
        const answer = overviewAnswer('decided', period, counted);
        expect(everyCell(answer).filter(isSmall)).toEqual([]);
        const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
        for (const outcome of OUTCOMES) {
          expect(answer.outcomes[outcome]).toEqual(outcomes[outcome].map(cellOf));
          expect(answer.totals.outcomes[outcome]).toBe(cellOf(sum(outcomes[outcome])));
        }
        for (const reason of SUPPRESSION_REASONS) {
          expect(answer.totals.reasons[reason]).toBe(cellOf(sum(reasons[reason])));
        }
        expect(answer.totals.triggers).toEqual({
          alpha: cellOf(sum(triggers.alpha)),
          none: cellOf(sum(triggers.none)),
        });
        expect(answer.days).toEqual(days);
        expect(answer.smallCountThreshold).toBe(10);
      }),
    );
  });
});

describe('the overview’s period', () => {
  it('defaults to the 30 UTC days up to now, today included', () => {
    const period = overviewPeriod({}, NOW);
    expect(period.to).toBe(NOW.toISOString());
    expect(period.days).toHaveLength(30);
    expect(period.days.at(-1)).toBe('2026-07-10');
    expect(period.from).toBe('2026-06-11T00:00:00.000Z');
  });

  it('lists every UTC day the period touches, in order, for bounds with any offset', () => {
    const period = overviewPeriod({ from: '2026-07-01T23:30:00-02:00', to: '2026-07-03' }, NOW);
    expect(period).toEqual({
      from: '2026-07-02T01:30:00.000Z',
      to: '2026-07-03T23:59:59.999Z',
      days: ['2026-07-02', '2026-07-03'],
    });
    expect(overviewPeriod({ from: '2026-02-27', to: '2026-03-01' }, NOW).days).toEqual([
      '2026-02-27',
      '2026-02-28',
      '2026-03-01',
    ]);
  });

  it('takes at most 92 days; more, or an end before the start, is an error naming to', () => {
    expect(overviewPeriod({ from: '2026-04-01', to: '2026-07-01' }, NOW).days).toHaveLength(
      OVERVIEW_MAX_DAYS,
    );
    const refused = (query: { from?: string; to?: string }) => {
      try {
        overviewPeriod(query, NOW);
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidQueryError);
        return (error as InvalidQueryError).field;
      }
      return undefined;
    };
    expect(refused({ from: '2026-03-31', to: '2026-07-01' })).toBe('to');
    expect(refused({ from: '2026-01-01' })).toBe('to');
    expect(refused({ from: '2026-07-11' })).toBe('to');
    expect(refused({ from: 'yesterday' })).toBe('from');
  });
});

/** A decision of any outcome, as the pipeline writes them (suppressed ones through the shared builder). */
function decisionOf(input: {
  event: string;
  outcome: Outcome;
  trigger: string | undefined;
  reasons: readonly Reason[];
  decidedAt: string;
  occurredAt: string | undefined;
}): Decision {
  if (input.outcome === 'suppressed') {
    return suppressedDecision({
      eventId: input.event,
      decidedAt: input.decidedAt,
      ...(input.occurredAt === undefined ? {} : { occurredAt: input.occurredAt }),
      ...(input.trigger === undefined ? {} : { triggerId: input.trigger }),
      reasons: input.reasons,
    });
  }
  const triggered = input.outcome === 'emitted' && input.trigger !== undefined;
  return {
    decisionId: triggered ? decisionIdFor(input.event, input.trigger, 1) : decisionIdFor(input.event),
    eventId: input.event,
    customerId: 'c-1',
    outcome: input.outcome,
    reasons: input.outcome === 'rejected' ? ['invalid_event'] : [],
    decidedAt: input.decidedAt,
    policyVersion: POLICY,
    ...(triggered ? { triggerId: input.trigger, triggerVersion: 1 } : {}),
    // A rejected event has no payment time.
    ...(input.outcome === 'rejected' || input.occurredAt === undefined
      ? {}
      : { occurredAt: input.occurredAt }),
  };
}

describe('the overview service', () => {
  const start = Date.parse('2026-07-01T00:00:00Z');
  const instant = fc.integer({ min: start - 2 * DAY_MS, max: start + 8 * DAY_MS });
  const offset = fc.constantFrom('Z', '+02:00', '-05:00');
  const withOffset = (ms: number, off: string) => {
    const shift = off === 'Z' ? 0 : (off.startsWith('+') ? 1 : -1) * Number(off.slice(1, 3)) * 3_600_000;
    return `${new Date(ms + shift).toISOString().slice(0, 19)}${off}`;
  };
  const decisions = fc.uniqueArray(
    fc.record({
      event: fc.stringMatching(/^e-[a-z0-9]{1,8}$/),
      outcome: fc.constantFrom<Outcome>(...OUTCOMES),
      trigger: fc.option(fc.constantFrom('alpha', 'beta', 'retired'), { nil: undefined }),
      reasons: fc.subarray(
        SUPPRESSION_REASONS.filter((r) => r !== 'sensitive_category'),
        { minLength: 1 },
      ),
      decidedAt: instant,
      paidAt: fc.option(fc.tuple(instant, offset), { nil: undefined }),
    }),
    { selector: (d) => d.event, maxLength: 60 },
  );

  it('counts every decision once per day of its time on the basis, by outcome, reason and trigger, exactly as a brute-force count (then suppressed)', async () => {
    await fc.assert(
      fc.asyncProperty(decisions, fc.constantFrom<TimeBasis>('payment', 'decided'), async (drawn, basis) => {
        const reader = new InMemoryPrivacyReader();
        const stored = drawn.map((d) =>
          decisionOf({
            event: d.event,
            outcome: d.outcome,
            trigger: d.trigger,
            reasons: d.reasons,
            decidedAt: new Date(d.decidedAt).toISOString(),
            occurredAt: d.paidAt === undefined ? undefined : withOffset(d.paidAt[0], d.paidAt[1]),
          }),
        );
        // The pipeline never decides a payment more than its clock skew before it happened (clock guard).
        for (const decision of stored) {
          const paid = paymentTimeOf(decision.occurredAt);
          if (paid === undefined || Date.parse(paid) <= Date.parse(decision.decidedAt) + 300_000) {
            reader.addDecision(decision);
          }
        }
        const kept = reader.audit.map((item) => item.decisionId);
        const log = new InMemoryAccessLog();
        const archive = new ReaderBackedArchive(reader, () => NOW);
        const queries = new PrivacyQueries({
          reader,
          archive,
          accessLog: log,
          triggerIds: CATALOG,
          now: () => NOW,
        });
        const answer = await queries.overview(OFFICER, { from: '2026-07-01', to: '2026-07-05', by: basis });

        const days = ['2026-07-01', '2026-07-02', '2026-07-03', '2026-07-04', '2026-07-05'];
        expect(answer.days).toEqual(days);
        const expected = (keep: (d: Decision) => boolean) =>
          days.map(
            (day) =>
              stored.filter((d) => {
                if (!kept.includes(d.decisionId)) return false;
                const at = basis === 'payment' ? paymentTimeOf(d.occurredAt) : d.decidedAt;
                return at !== undefined && at.slice(0, 10) === day && keep(d);
              }).length,
          );
        for (const outcome of OUTCOMES) {
          expect(answer.outcomes[outcome], outcome).toEqual(
            expected((d) => d.outcome === outcome).map(cellOf),
          );
        }
        const suppressed = (d: Decision) => d.outcome === 'suppressed';
        for (const reason of SUPPRESSION_REASONS) {
          const series = expected((d) => suppressed(d) && d.reasons.includes(reason));
          expect(answer.reasons[reason], reason).toEqual(series.map(cellOf));
          expect(answer.totals.reasons[reason]).toBe(cellOf(series.reduce((a, b) => a + b, 0)));
        }
        expect(Object.keys(answer.triggers).sort()).toEqual([...CATALOG, NO_TRIGGER].sort());
        for (const trigger of [...CATALOG, NO_TRIGGER]) {
          const series = expected((d) => suppressed(d) && (d.triggerId ?? NO_TRIGGER) === trigger);
          expect(answer.triggers[trigger], trigger).toEqual(series.map(cellOf));
        }
        expect(answer.notInCatalog).toEqual(
          expected((d) => suppressed(d) && d.triggerId === 'retired').map(cellOf),
        );
        expect(everyCell(answer).filter(isSmall)).toEqual([]);
        // Logged first, with the period and basis, never a count.
        expect(log.entries).toHaveLength(1);
        expect(log.entries[0]).toMatchObject({
          who: 'local:olivia',
          query: 'overview',
          parameters: { from: '2026-07-01T00:00:00.000Z', to: '2026-07-05T23:59:59.999Z', by: basis },
        });
        await archive.close();
      }),
      { numRuns: 15 },
    );
  });

  it('runs one archive statement per overview, whatever the length of the period', async () => {
    const reader = new InMemoryPrivacyReader();
    const archive = new ReaderBackedArchive(reader, () => NOW);
    const queries = new PrivacyQueries({
      reader,
      archive,
      accessLog: new InMemoryAccessLog(),
      triggerIds: CATALOG,
      now: () => NOW,
    });
    await queries.overview(OFFICER, { from: '2026-07-01', to: '2026-07-02' });
    await queries.overview(OFFICER, { from: '2026-04-10', to: '2026-07-10' });
    expect(archive.calls).toMatchObject({ overview: 2, suppressedPage: 0, suppressedCounts: 0 });
    await archive.close();
  });

  it('logs nothing and reads nothing for a period it refuses', async () => {
    const reader = new InMemoryPrivacyReader();
    const log = new InMemoryAccessLog();
    const archive = new ReaderBackedArchive(reader, () => NOW);
    const queries = new PrivacyQueries({
      reader,
      archive,
      accessLog: log,
      triggerIds: CATALOG,
      now: () => NOW,
    });
    await expect(queries.overview(OFFICER, { from: '2026-01-01', to: '2026-07-01' })).rejects.toMatchObject({
      field: 'to',
    });
    expect(log.entries).toEqual([]);
    expect(reader.totalCalls).toBe(0);
    expect(archive.calls.overview).toBe(0);
  });
});

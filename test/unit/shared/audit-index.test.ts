import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REASONS } from '#core/decision.js';
import { app } from '#infra/definitions.js';
import { normalizePeriodBound } from '#privacy/query-params.js';
import { paymentTimeOf, REJECTION_REASONS, SUPPRESSION_REASONS } from '#shared/audit-index.js';

/** An instant written as a payment system may send it: any offset in whole quarter hours, ms or not. */
const sentInstant = fc
  .record({
    ms: fc.integer({ min: Date.parse('2020-01-01T00:00:00Z'), max: Date.parse('2030-12-31T23:59:59Z') }),
    offsetQuarters: fc.integer({ min: -48, max: 56 }),
    withMs: fc.boolean(),
  })
  .map(({ ms, offsetQuarters, withMs }) => {
    const instant = withMs ? ms : ms - (ms % 1000);
    const offsetMin = offsetQuarters * 15;
    const local = new Date(instant + offsetMin * 60_000).toISOString().slice(0, withMs ? 23 : 19);
    const sign = offsetMin < 0 ? '-' : '+';
    const abs = Math.abs(offsetMin);
    const offset =
      offsetMin === 0
        ? 'Z'
        : `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
    return { text: `${local}${offset}`, instant };
  });

describe('payment times and the hot audit table', () => {
  it('stores payment times so that string order is time order, whatever offset they were sent with', () => {
    fc.assert(
      fc.property(sentInstant, sentInstant, (a, b) => {
        const [x, y] = [paymentTimeOf(a.text), paymentTimeOf(b.text)];
        expect(x).toBe(new Date(a.instant).toISOString());
        expect(Math.sign((x as string).localeCompare(y as string))).toBe(Math.sign(a.instant - b.instant));
        // A period bound given with the same text compares equal to it: a bound is inclusive on both bases.
        expect(normalizePeriodBound('from', a.text)).toBe(x);
      }),
    );
    expect(paymentTimeOf(undefined)).toBeUndefined();
    expect(paymentTimeOf('not a time')).toBeUndefined();
  });

  it('the audit table has no global index any more (issue 15: counts and lists run on the archive)', () => {
    const audit = app.tables.find((t) => t.name === 'audit');
    expect(audit?.globalIndexes ?? []).toEqual([]);
  });
});

describe('the suppression reasons', () => {
  it('are every reason but the rejection reasons', () => {
    expect([...SUPPRESSION_REASONS, ...REJECTION_REASONS].sort()).toEqual([...REASONS].sort());
    expect(SUPPRESSION_REASONS).not.toContain('invalid_event');
  });
});

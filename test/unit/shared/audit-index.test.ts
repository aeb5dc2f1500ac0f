import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decisionIdFor } from '#core/decision.js';
import { app } from '#infra/definitions.js';
import { normalizePeriodBound } from '#privacy/query-params.js';
import {
  auditIndexAttributes,
  PAYMENT_TIME_KEY,
  paymentTimeOf,
  SUPPRESSION_INDEXES,
  SUPPRESSION_REASONS,
  TIME_BASES,
} from '#shared/audit-index.js';

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

describe('the audit indexes (issue 16: payment time)', () => {
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

  it('indexes a suppressed decision by payment time only when it has one', () => {
    const base = { outcome: 'suppressed', triggerId: 't', reasons: ['no_consent'] } as const;
    const withTime = auditIndexAttributes({
      ...base,
      decisionId: decisionIdFor('e-1', 't', 1),
      occurredAt: '2026-06-12T09:00:00-04:00',
    });
    expect(withTime[PAYMENT_TIME_KEY]).toBe('2026-06-12T13:00:00.000Z');
    expect(auditIndexAttributes({ ...base, decisionId: decisionIdFor('e-2') })).not.toHaveProperty(
      PAYMENT_TIME_KEY,
    );
    expect(
      auditIndexAttributes({
        outcome: 'emitted',
        decisionId: decisionIdFor('e-3'),
        reasons: [],
        occurredAt: '2026-06-12T09:00:00Z',
      }),
    ).toEqual({});
  });

  it('every suppression index exists on both time bases, and the audit table stays within DynamoDB’s 20 global indexes', () => {
    expect(SUPPRESSION_INDEXES).toHaveLength(TIME_BASES.length * (SUPPRESSION_REASONS.length + 1));
    const audit = app.tables.find((t) => t.name === 'audit');
    const declared = (audit?.globalIndexes ?? []).map((i) => [
      i.indexName,
      i.partitionKey.name,
      i.sortKey?.name,
    ]);
    for (const index of SUPPRESSION_INDEXES) {
      expect(declared).toContainEqual([index.indexName, index.partitionKey, index.sortKey]);
    }
    expect(declared.length).toBeLessThanOrEqual(20);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decisionIdFor } from '#core/decision.js';
import { app } from '#infra/definitions.js';
import { normalizePeriodBound } from '#privacy/query-params.js';
import {
  auditIndexAttributes,
  OWN_INDEX_REASONS,
  PAYMENT_TIME_KEY,
  paymentTimeOf,
  SHARED_INDEX_REASONS,
  SUPPRESSION_INDEXES,
  SUPPRESSION_REASONS,
  shardOf,
  sharedReasonSets,
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
    // Another outcome: only its partition of the shared index (issue 14), with its payment time.
    const emitted = decisionIdFor('e-3', 't', 1);
    expect(
      auditIndexAttributes({
        outcome: 'emitted',
        decisionId: emitted,
        reasons: [],
        occurredAt: '2026-06-12T09:00:00Z',
      }),
    ).toEqual({
      suppShared: `outcome_emitted#${shardOf(emitted)}`,
      [PAYMENT_TIME_KEY]: '2026-06-12T09:00:00.000Z',
    });
  });

  it('the audit table has no global index any more (issue 15: counts and lists run on the archive)', () => {
    // The index helpers stay until the last pre-archive reader is gone; no table declares them.
    expect(SUPPRESSION_INDEXES).toHaveLength(TIME_BASES.length * (OWN_INDEX_REASONS.length + 2));
    expect([...OWN_INDEX_REASONS, ...SHARED_INDEX_REASONS].sort()).toEqual([...SUPPRESSION_REASONS].sort());
    const audit = app.tables.find((t) => t.name === 'audit');
    expect(audit?.globalIndexes ?? []).toEqual([]);
  });
});

describe('the shared index of the issue-13 reasons (20 global indexes at most)', () => {
  it('writes one shared partition value per decision: its set of shared reasons and shard', () => {
    const decisionId = decisionIdFor('e-9', 'alpha', 1);
    const attributes = (reasons: string[]) =>
      auditIndexAttributes({ decisionId, outcome: 'suppressed', triggerId: 'alpha', reasons });
    const shard = attributes(['no_consent']).supp_no_consent;
    expect(attributes(['no_consent'])).not.toHaveProperty('suppShared');
    expect(attributes(['arbitration_lost']).suppShared).toBe(`arbitration_lost#${shard}`);
    expect(attributes(['repeated_dismissals', 'active_offer_limit', 'no_consent']).suppShared).toBe(
      `active_offer_limit+repeated_dismissals#${shard}`,
    );
    // The filter attributes of the shared reasons are written too (a trigger query filters on them).
    expect(attributes(['active_offer_limit'])).toMatchObject({ supp_active_offer_limit: shard });
    expect(sharedReasonSets()).toHaveLength(7);
    expect(sharedReasonSets('arbitration_lost')).toHaveLength(4);
  });
});

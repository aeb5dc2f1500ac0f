import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { streamQuery } from '#adapters/dynamodb/audit-reader.js';
import { decisionIdFor, OUTCOMES, type Outcome, sortReasons } from '#core/decision.js';
import { app } from '#infra/definitions.js';
import { normalizePeriodBound } from '#privacy/query-params.js';
import { outcomeStreams, type StreamSpec, streamsFor } from '#privacy/streams.query.js';
import {
  auditIndexAttributes,
  OUTCOME_PARTITION_OUTCOMES,
  OWN_INDEX_REASONS,
  PAYMENT_TIME_KEY,
  paymentTimeOf,
  SHARED_INDEX_REASONS,
  SUPPRESSION_INDEXES,
  SUPPRESSION_REASONS,
  shardOf,
  sharedReasonSets,
  TIME_BASES,
  type TimeBasis,
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

/**
 * Whether a stored item is returned by one stream's Query: it is in the index the Query names (an index of
 * the audit table whose partition key the item carries, sparse), in the partition, and passes the filter.
 * Read from the Query input the adapter sends, so writer, reader and table definition are checked together.
 */
function streamReturns(stream: StreamSpec, item: Record<string, string>): boolean {
  const input = streamQuery(stream, {}, 'audit');
  const names = input.ExpressionAttributeNames ?? {};
  const index = SUPPRESSION_INDEXES.find((i) => i.indexName === input.IndexName);
  if (index === undefined || names['#pk'] !== index.partitionKey) return false;
  if (item[index.sortKey] === undefined) return false;
  if (item[index.partitionKey] !== input.ExpressionAttributeValues?.[':pk']) return false;
  return Object.entries(names).every(([alias, attribute]) => {
    if (alias.startsWith('#req')) return item[attribute] !== undefined;
    if (alias.startsWith('#exc') || alias === '#paid') return item[attribute] === undefined;
    return true;
  });
}

describe('the shared index of the issue-13 reasons (20 global indexes at most)', () => {
  const suppressed = fc.record({
    event: fc.string({ minLength: 1, maxLength: 12 }),
    trigger: fc.constantFrom('alpha', 'beta'),
    reasons: fc.subarray([...SUPPRESSION_REASONS], { minLength: 1 }),
    paid: fc.boolean(),
  });

  it('finds every suppressed decision exactly once under each of its reasons, and once without a filter, on both bases', () => {
    fc.assert(
      fc.property(suppressed, fc.constantFrom<TimeBasis>('payment', 'decided'), (d, basis) => {
        const decision = {
          decisionId: decisionIdFor(d.event, d.trigger, 1),
          outcome: 'suppressed',
          triggerId: d.trigger,
          reasons: sortReasons(d.reasons),
          ...(d.paid ? { occurredAt: '2026-07-01T10:00:00+02:00' } : {}),
        };
        const item = { decidedAt: '2026-07-01T08:00:01.000Z', ...auditIndexAttributes(decision) };
        const hits = (streams: readonly StreamSpec[]) => streams.filter((s) => streamReturns(s, item)).length;
        const visible = basis === 'decided' || d.paid;
        for (const reason of SUPPRESSION_REASONS) {
          const expected = visible && d.reasons.includes(reason) ? 1 : 0;
          expect(hits(streamsFor({ reason }, basis)), reason).toBe(expected);
          expect(hits(streamsFor({ trigger: d.trigger, reason }, basis)), `${reason} of its trigger`).toBe(
            expected,
          );
        }
        expect(hits(streamsFor({}, basis))).toBe(visible ? 1 : 0);
      }),
      { numRuns: 500 },
    );
  });

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

describe('the outcome partitions of the shared index (issue 14: the overview)', () => {
  const decisionOf = fc.record({
    event: fc.string({ minLength: 1, maxLength: 12 }),
    outcome: fc.constantFrom<Outcome>(...OUTCOMES),
    trigger: fc.option(fc.constantFrom('alpha', 'beta'), { nil: undefined }),
    reasons: fc.subarray([...SUPPRESSION_REASONS], { minLength: 1 }),
    paid: fc.boolean(),
  });

  it('finds every decision once in the partitions of its outcome and in no other, and no suppression query finds another outcome, on both bases', () => {
    fc.assert(
      fc.property(decisionOf, fc.constantFrom<TimeBasis>('payment', 'decided'), (d, basis) => {
        const suppressed = d.outcome === 'suppressed';
        const decision = {
          decisionId: decisionIdFor(d.event, d.trigger, d.trigger === undefined ? undefined : 1),
          outcome: d.outcome,
          ...(d.trigger === undefined ? {} : { triggerId: d.trigger }),
          reasons: suppressed ? sortReasons(d.reasons) : [],
          ...(d.paid ? { occurredAt: '2026-07-01T10:00:00+02:00' } : {}),
        };
        const item = { decidedAt: '2026-07-01T08:00:01.000Z', ...auditIndexAttributes(decision) };
        const hits = (streams: readonly StreamSpec[]) => streams.filter((s) => streamReturns(s, item)).length;
        const visible = basis === 'decided' || d.paid;
        for (const outcome of OUTCOME_PARTITION_OUTCOMES) {
          expect(hits(outcomeStreams(basis, outcome)), outcome).toBe(
            visible && d.outcome === outcome ? 1 : 0,
          );
        }
        // The suppression queries (every listing, reason and trigger) see only suppressed decisions.
        expect(hits(streamsFor({}, basis))).toBe(visible && suppressed ? 1 : 0);
        for (const reason of SUPPRESSION_REASONS) {
          if (!suppressed) expect(hits(streamsFor({ reason }, basis)), reason).toBe(0);
        }
        for (const trigger of ['alpha', 'beta', 'none']) {
          if (!suppressed) expect(hits(streamsFor({ trigger }, basis)), trigger).toBe(0);
        }
      }),
      { numRuns: 500 },
    );
  });
});

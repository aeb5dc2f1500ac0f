import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Decision } from '#core/decision.js';
import { explainRecord } from '#privacy/explain.query.js';
import { auditEntry } from '#privacy/history.query.js';
import { optional, pickDefined, SUPPRESSED_FIELDS, suppressedRecord } from '#privacy/record-views.js';
import { suppressedDecision } from '#test/support/in-memory-privacy.js';

/** Attributes a stored item may carry besides the decision: index keys, TTL, digest, anything a writer adds. */
const EXTRA = fc.dictionary(
  fc.string({ minLength: 1, maxLength: 12 }).filter(
    (key) =>
      !(
        key in
        suppressedDecision({
          eventId: 'e',
          decidedAt: '2026-07-03T10:00:00.000Z',
          triggerId: 't',
          reasons: ['no_consent'],
        })
      ),
  ),
  fc.oneof(fc.string(), fc.integer(), fc.constant({ mcc: '8011', merchant: 'Kliniek' })),
  { maxKeys: 6 },
);

const DECISIONS = fc
  .record({
    eventId: fc.string({ minLength: 1, maxLength: 8 }),
    triggered: fc.boolean(),
  })
  .map(({ eventId, triggered }) =>
    suppressedDecision({
      eventId,
      decidedAt: '2026-07-03T10:00:00.000Z',
      occurredAt: '2026-07-03T09:00:00.000Z',
      reasons: ['frequency_capped'],
      ...(triggered ? { triggerId: 'card-abroad-worldwide-cover' } : {}),
    }),
  );

describe('record views: stored decisions mapped once, by whitelist', () => {
  it('no attribute outside the whitelist of a view reaches it, whatever the stored item carries', () => {
    fc.assert(
      fc.property(DECISIONS, EXTRA, (decision, extra) => {
        const stored = { ...extra, ...decision } as Decision;
        const listed = suppressedRecord(stored);
        expect(
          Object.keys(listed).every((key) => (SUPPRESSED_FIELDS as readonly string[]).includes(key)),
        ).toBe(true);
        expect(listed).toEqual(suppressedRecord(decision));
        expect(auditEntry({ kind: 'decision', decision: stored })).toEqual(
          auditEntry({ kind: 'decision', decision }),
        );
        expect(explainRecord({ kind: 'decision', decision: stored })).toEqual(
          explainRecord({ kind: 'decision', decision }),
        );
        for (const key of Object.keys(extra)) {
          expect(JSON.stringify(explainRecord({ kind: 'decision', decision: stored }))).not.toContain(
            `"${key}":`,
          );
        }
      }),
    );
  });

  it('leaves absent fields out and copies arrays (a view never shares the stored item)', () => {
    const decision = suppressedDecision({
      eventId: 'e-1',
      decidedAt: '2026-07-03T10:00:00.000Z',
      reasons: [],
    });
    const listed = suppressedRecord(decision);
    expect(listed).not.toHaveProperty('triggerId');
    expect(listed).not.toHaveProperty('occurredAt');
    expect(listed.reasons).toEqual(decision.reasons);
    expect(listed.reasons).not.toBe(decision.reasons);
    expect(pickDefined({ a: 1, b: undefined, c: [1] }, ['a', 'b'])).toEqual({ a: 1 });
    expect(optional('x', undefined)).toEqual({});
    expect(optional('x', 0)).toEqual({ x: 0 });
  });
});

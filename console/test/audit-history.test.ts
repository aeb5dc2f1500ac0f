import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../src/pages/audit/audit-types.js';
import { gateRows } from '../src/pages/audit/decision-model.js';
import { entryDetails, explainableId, pageOf } from '../src/pages/audit/history-model.js';

const at = '2026-11-01T10:00:00.000Z';

describe('history entries as table rows', () => {
  it('says per kind what the entry is about, from its named fields', () => {
    const decision: HistoryEntry = {
      kind: 'decision',
      at,
      decisionId: 'd_1',
      outcome: 'suppressed',
      triggerId: 'card-abroad',
      triggerVersion: 2,
      reasons: ['no_consent', 'frequency_capped'],
    };
    expect(entryDetails(decision)).toBe('suppressed; card-abroad v2; reasons: no_consent, frequency_capped');
    expect(explainableId(decision)).toBe('d_1');
    expect(
      entryDetails({
        kind: 'consent_change',
        at,
        purpose: 'marketing',
        status: 'withdrawn',
        applied: false,
        ignoredBecause: 'older',
      }),
    ).toBe('marketing: withdrawn; not applied (older)');
    expect(explainableId({ kind: 'offer_withdrawal', at, recordId: 'w_1' })).toBe('w_1');
    expect(explainableId({ kind: 'offer', at, offerId: 'o' })).toBeUndefined();
    expect(entryDetails({ kind: 'something_new', at })).toBe('something_new');
    expect(entryDetails({ kind: 'offer', at })).toBe('–');
  });

  it('pages a long history: every entry on exactly one page, in order (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 300 }), fc.integer({ min: 1, max: 60 }), (items, size) => {
        const seen: number[] = [];
        let offset: number | undefined = 0;
        let pages = 0;
        while (offset !== undefined) {
          const page: { items: readonly number[]; next?: number } = pageOf(items, offset, size);
          expect(page.items.length).toBeLessThanOrEqual(size);
          seen.push(...page.items);
          offset = page.next;
          pages += 1;
        }
        expect(seen).toEqual(items);
        expect(pages).toBe(Math.max(1, Math.ceil(items.length / size)));
      }),
    );
  });

  it('treats an offset from a tampered cursor as the first page or the end', () => {
    expect(pageOf([1, 2, 3], Number.NaN, 2)).toEqual({ items: [1, 2], next: 2 });
    expect(pageOf([1, 2, 3], -5, 2)).toEqual({ items: [1, 2], next: 2 });
    expect(pageOf([1, 2, 3], 99, 2)).toEqual({ items: [] });
  });
});

describe('gateRows: the gates of an explanation in the order they ran', () => {
  it('merges passed and failed gates in pipeline order, failures with their reason', () => {
    const rows = gateRows({
      passed: ['arbitration', 'consent'],
      failed: [{ gate: 'contact_policy', reason: 'frequency_capped' }, { gate: 'future_gate' }],
    });
    expect(rows).toEqual([
      { gate: 'consent', passed: true },
      { gate: 'contact_policy', passed: false, reason: 'frequency_capped' },
      { gate: 'arbitration', passed: true },
      { gate: 'future_gate', passed: false },
    ]);
    expect(gateRows(undefined)).toEqual([]);
  });
});

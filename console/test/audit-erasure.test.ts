import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ErasureAnswer } from '../src/pages/audit/audit-types.js';
import { erasureLists, kindLabel, mayErase } from '../src/pages/audit/erasure-model.js';

const PREVIEW: ErasureAnswer = {
  dryRun: true,
  pseudonymises: true,
  at: '2026-11-30T10:00:00.000Z',
  removed: [
    { kind: 'customerProfile', count: 1, how: 'deleted' },
    { kind: 'offers', count: 2, how: 'deleted' },
    { kind: 'decisionEmitted', count: 3, how: 'pseudonymised' },
    { kind: 'decisionSuppressed', count: 0, how: 'pseudonymised' },
  ],
  kept: [
    {
      kind: 'decisionEmitted',
      count: 3,
      until: '2033-11-30T00:00:00.000Z',
      why: 'audit duty',
      linkedToCustomer: false,
    },
    {
      kind: 'consentHistory',
      count: 4,
      until: '2031-01-01T00:00:00.000Z',
      why: 'proof of consent',
      linkedToCustomer: true,
    },
    {
      kind: 'offerWithdrawal',
      count: 1,
      until: '2032-01-01T00:00:00.000Z',
      why: 'audit duty',
      linkedToCustomer: false,
    },
  ],
  keptUntil: '2033-11-30T00:00:00.000Z',
  notSearched: [{ kind: 'pipelineErrors', why: 'no key leads from a customer to them' }],
};

describe('erasureLists: the preview as removed, pseudonymised and kept', () => {
  it('splits the answer into the three lists, each with until when and why', () => {
    const lists = erasureLists(PREVIEW);
    expect(lists.removed).toEqual([
      { kind: 'customerProfile', count: 1 },
      { kind: 'offers', count: 2 },
    ]);
    expect(lists.pseudonymised).toEqual([
      { kind: 'decisionEmitted', count: 3, until: '2033-11-30T00:00:00.000Z', why: 'audit duty' },
      { kind: 'decisionSuppressed', count: 0 },
      { kind: 'offerWithdrawal', count: 1, until: '2032-01-01T00:00:00.000Z', why: 'audit duty' },
    ]);
    expect(lists.kept).toEqual([
      { kind: 'consentHistory', count: 4, until: '2031-01-01T00:00:00.000Z', why: 'proof of consent' },
    ]);
    expect(lists.notSearched).toEqual(PREVIEW.notSearched);
  });

  it('loses no kind and no record of the answer, and puts none in two lists (property)', () => {
    const kind = fc.constantFrom('a', 'b', 'c', 'd', 'e');
    const answer = fc.record({
      removed: fc.uniqueArray(
        fc.record({
          kind,
          count: fc.nat(20),
          how: fc.constantFrom('deleted' as const, 'pseudonymised' as const),
        }),
        { selector: (r) => r.kind },
      ),
      kept: fc.uniqueArray(
        fc.record({
          kind,
          count: fc.integer({ min: 1, max: 20 }),
          until: fc.constant('2030-01-01T00:00:00.000Z'),
          why: fc.constant('duty'),
          linkedToCustomer: fc.boolean(),
        }),
        { selector: (r) => `${r.kind}:${r.linkedToCustomer}` },
      ),
    });
    fc.assert(
      fc.property(answer, ({ removed, kept }) => {
        const lists = erasureLists({ at: '2026-01-01T00:00:00.000Z', removed, kept });
        const deleted = removed.filter((r) => r.how === 'deleted');
        expect(lists.removed.map((r) => r.kind)).toEqual(deleted.map((r) => r.kind));
        // Every kept record is shown exactly once: linked ones as kept, unlinked ones as pseudonymised.
        const keptLinked = kept.filter((k) => k.linkedToCustomer);
        expect(lists.kept.map((r) => [r.kind, r.count])).toEqual(keptLinked.map((k) => [k.kind, k.count]));
        const pseudonymisedKinds = new Set([
          ...removed.filter((r) => r.how === 'pseudonymised').map((r) => r.kind),
          ...kept.filter((k) => !k.linkedToCustomer).map((k) => k.kind),
        ]);
        expect(new Set(lists.pseudonymised.map((r) => r.kind))).toEqual(pseudonymisedKinds);
        expect(lists.pseudonymised).toHaveLength(pseudonymisedKinds.size);
        for (const row of lists.pseudonymised) {
          const unlinked = kept.find((k) => k.kind === row.kind && !k.linkedToCustomer);
          if (unlinked !== undefined) expect(row.until).toBe(unlinked.until);
        }
      }),
    );
  });
});

describe('mayErase: the typed confirmation', () => {
  const ready = { canErase: true, previewed: true, typed: 'c-123', customerId: 'c-123', busy: false };

  it('allows Erase only when the typed text is exactly the customer id', () => {
    expect(mayErase(ready)).toBe(true);
    for (const typed of ['', 'c-12', 'c-1234', ' c-123', 'c-123 ', 'C-123']) {
      expect(mayErase({ ...ready, typed })).toBe(false);
    }
  });

  it('never without the permission, before the preview, or while a request runs', () => {
    expect(mayErase({ ...ready, canErase: false })).toBe(false);
    expect(mayErase({ ...ready, previewed: false })).toBe(false);
    expect(mayErase({ ...ready, busy: true })).toBe(false);
    expect(mayErase({ ...ready, customerId: '', typed: '' })).toBe(false);
  });

  it('holds for any ids: enabled exactly when typed equals the id (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 64 }),
        fc.string({ maxLength: 64 }),
        (customerId, typed) => {
          expect(mayErase({ ...ready, customerId, typed })).toBe(typed === customerId);
          expect(mayErase({ ...ready, customerId, typed: customerId })).toBe(true);
        },
      ),
    );
  });
});

describe('kindLabel: record kinds as people read them', () => {
  it('names the kinds of the retention config, and splits an unknown camelCase kind into words', () => {
    expect(kindLabel('decisionSuppressed')).toBe('Suppressed decisions');
    expect(kindLabel('customerProfile')).toBe('Customer profile');
    expect(kindLabel('someNewKind')).toBe('Some New Kind');
    expect(kindLabel('')).toBe('');
  });
});

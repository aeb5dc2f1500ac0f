import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyConsentChangeMessage } from '#app/apply-consent-change.js';
import { type CustomerToLoad, loadConsents } from '#app/load-consents.js';
import {
  type ConsentChange,
  compareConsentRecords,
  consentHistoryId,
  isRestrictive,
} from '#core/consent-change.js';
import { CONSENT_PURPOSES, UNKNOWN_NOTICE_VERSION } from '#core/customer.js';
import { InMemoryConsentStore, InMemoryOfferWithdrawer } from '#test/support/in-memory-consents.js';

/**
 * Loading fixture consents (shared/app/load-consents.ts) through the consent
 * store's port, for any records in any order with repeats, ties and records within the skew of each other:
 *  - every distinct record is evidence exactly once, with its source, and a notice version that is the
 *    fixture's or `unknown` (never invented);
 *  - the current consents are, per purpose, the latest record by the consent-change order, and each has
 *    its evidence entry marked applied (state and evidence agree); a loaded withdrawal sets lastWithdrawnAt;
 *  - loading again (in another order, from another file) adds no evidence and changes nothing;
 *  - after a later change received on the queue, a reload never undoes it.
 */

const SKEW_MS = 300_000;
const T0 = Date.parse('2026-01-01T00:00:00Z');

const record = fc.record({
  purpose: fc.constantFrom(...CONSENT_PURPOSES),
  status: fc.constantFrom('granted' as const, 'withdrawn' as const, 'objected' as const),
  minutes: fc.integer({ min: 0, max: 20 }),
  source: fc.constantFrom('app-privacy-settings', 'branch'),
  noticeVersion: fc.option(fc.constantFrom('2026-01', '2026-02'), { nil: undefined }),
});

const scenario = fc.record({
  records: fc.array(record, { maxLength: 8 }),
  repeats: fc.array(fc.nat(), { maxLength: 3 }),
  reorder: fc.array(fc.nat(), { minLength: 11, maxLength: 11 }),
  later: fc.record({
    purpose: fc.constantFrom(...CONSENT_PURPOSES),
    status: fc.constantFrom('granted' as const, 'withdrawn' as const, 'objected' as const),
    minutes: fc.integer({ min: 0, max: 40 }),
  }),
});

const customerOf = (records: CustomerToLoad['consents']): CustomerToLoad => ({
  customerId: 'c-1',
  consents: records,
});

function shuffled<T>(items: readonly T[], keys: readonly number[]): T[] {
  return items
    .map((item, i) => ({ item, key: keys[i % keys.length] ?? 0, i }))
    .sort((a, b) => a.key - b.key || a.i - b.i)
    .map((x) => x.item);
}

describe('loadConsents: fixture consents become evidence and agree with the current consents', () => {
  it('for any records in any order: evidence once each, state the latest, reloads change nothing', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const consents = s.records.map((r) => ({
          purpose: r.purpose,
          status: r.status,
          at: new Date(T0 + r.minutes * 60_000).toISOString(),
          source: r.source,
          ...(r.noticeVersion === undefined ? {} : { noticeVersion: r.noticeVersion }),
        }));
        for (const i of s.repeats) {
          const again = consents[i % Math.max(1, consents.length)];
          if (again !== undefined) consents.push(again);
        }
        const store = new InMemoryConsentStore();
        const now = new Date('2026-06-01T00:00:00Z');
        const options = { evidenceSource: 'fixture:a.json', now, skewMs: SKEW_MS };
        await loadConsents(store, [customerOf(consents)], options);

        const changes: ConsentChange[] = consents.map((c) => ({
          customerId: 'c-1',
          ...c,
          noticeVersion: c.noticeVersion ?? UNKNOWN_NOTICE_VERSION,
        }));
        const ids = new Set(changes.map(consentHistoryId));
        expect(new Set(store.history.keys())).toEqual(ids);
        for (const entry of store.history.values()) {
          expect(entry).toMatchObject({ evidenceSource: 'fixture:a.json', receivedAt: now.toISOString() });
          // The fixture's notice version, or `unknown` where the fixture gives none: never another.
          const given = consents
            .filter(
              (c) =>
                c.at === entry.record.at &&
                c.status === entry.record.status &&
                c.purpose === entry.record.purpose &&
                c.source === entry.record.source,
            )
            .map((c) => c.noticeVersion ?? UNKNOWN_NOTICE_VERSION);
          expect(given).toContain(entry.record.noticeVersion);
        }

        const state = await store.load('c-1');
        for (const purpose of CONSENT_PURPOSES) {
          const mine = changes.filter((c) => c.purpose === purpose);
          const current = state.records.filter((r) => r.purpose === purpose);
          if (mine.length === 0) {
            expect(current).toEqual([]);
            expect(state.lastWithdrawnAt[purpose]).toBeUndefined();
            continue;
          }
          const latest = [...mine].sort((a, b) => compareConsentRecords(a, b, SKEW_MS)).at(-1);
          expect(current).toHaveLength(1);
          expect(current[0]).toMatchObject({
            at: latest?.at,
            status: latest?.status,
            source: latest?.source,
          });
          // The state agrees with the evidence: its record was applied.
          const entry = latest === undefined ? undefined : store.history.get(consentHistoryId(latest));
          expect(entry?.applied).toBe(true);
          expect(state.lastWithdrawnAt[purpose] !== undefined).toBe(
            mine.some((c) => isRestrictive(c.status)),
          );
        }

        // Again, in another order and from another file: nothing new, nothing changed.
        const history = structuredClone([...store.history]);
        const before = structuredClone(state);
        await loadConsents(store, [customerOf(shuffled(consents, s.reorder))], {
          ...options,
          evidenceSource: 'fixture:b.json',
          now: new Date('2026-06-02T00:00:00Z'),
        });
        expect([...store.history]).toEqual(history);
        expect(await store.load('c-1')).toEqual(before);

        // A change received later on the queue is never undone by a reload.
        await applyConsentChangeMessage(
          {
            customerId: 'c-1',
            purpose: s.later.purpose,
            status: s.later.status,
            at: new Date(T0 + s.later.minutes * 60_000).toISOString(),
            source: 'app-privacy-settings',
            noticeVersion: '2026-02',
          },
          {
            consents: store,
            offers: new InMemoryOfferWithdrawer(),
            regime: 'opt-in',
            clockGuard: { maxFutureSkewSeconds: SKEW_MS / 1000 },
            now: () => new Date('2026-06-03T00:00:00Z'),
          },
        );
        const afterChange = structuredClone(await store.load('c-1'));
        const historySize = store.history.size;
        await loadConsents(store, [customerOf(consents)], {
          ...options,
          now: new Date('2026-06-04T00:00:00Z'),
        });
        expect(await store.load('c-1')).toEqual(afterChange);
        expect(store.history.size).toBe(historySize);
      }),
      { numRuns: 150 },
    );
  });
});

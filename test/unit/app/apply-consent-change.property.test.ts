import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyConsentChangeMessage } from '#app/apply-consent-change.js';
import type { ConsentChange } from '#core/consent-change.js';
import { CONSENT_PURPOSES, CONSENT_STATUSES } from '#core/customer.js';
import { offersAllowed } from '#core/gates.js';
import { InMemoryConsentStore, InMemoryOfferWithdrawer } from '#test/support/in-memory-consents.js';

/**
 * The consent service over arrival orders: the same changes, delivered in any order and with redeliveries,
 * end in the same current consents; whenever the final consents do not allow offers, no offer is left
 * active; and every change is kept as evidence exactly once.
 */

const SKEW_S = 300;
const T0 = Date.parse('2026-07-01T12:00:00Z');
const RECEIVED = new Date(T0 + 3_600_000);

const changeArb = fc
  .record({
    purpose: fc.constantFrom(...CONSENT_PURPOSES),
    status: fc.constantFrom(...CONSENT_STATUSES),
    offset: fc.integer({ min: 0, max: 12 }).map((n) => n * 100_000),
  })
  .map(
    ({ purpose, status, offset }): ConsentChange => ({
      customerId: 'c-1',
      purpose,
      status,
      at: new Date(T0 + offset).toISOString(),
      source: 'app',
      noticeVersion: '2026-01',
    }),
  );

async function deliver(changes: readonly ConsentChange[], regime: 'opt-in' | 'opt-out') {
  const consents = new InMemoryConsentStore();
  const offers = new InMemoryOfferWithdrawer();
  for (let i = 0; i < 3; i++) {
    offers.add({
      customerId: 'c-1',
      offerInstanceId: `o_${i}`,
      offerId: 'savings-account',
      productCode: 'savings-account',
      category: 'savings',
      triggerId: 'high-balance-savings',
      triggerVersion: 1,
    });
  }
  const deps = {
    consents,
    offers,
    regime,
    clockGuard: { maxFutureSkewSeconds: SKEW_S },
    now: () => RECEIVED,
  };
  for (const change of changes) await applyConsentChangeMessage(change, deps, RECEIVED);
  const state = await consents.load('c-1');
  const records = [...state.records].sort((a, b) => (a.purpose < b.purpose ? -1 : 1));
  const active = (await offers.openOffers('c-1')).length;
  return { records, active, history: consents.history.size };
}

describe('applyConsentChangeMessage over arrival orders and redeliveries', () => {
  it('same final consents for every order; no active offer once they forbid offers; evidence once each', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(changeArb, { minLength: 1, maxLength: 6 }).chain((changes) =>
          fc.tuple(
            fc.constant(changes),
            // Another arrival order, with some changes delivered twice (SQS redelivery).
            fc
              .tuple(fc.shuffledSubarray(changes, { minLength: changes.length }), fc.subarray(changes))
              .chain(([order, repeats]) =>
                fc.shuffledSubarray([...order, ...repeats], { minLength: order.length + repeats.length }),
              ),
            fc.constantFrom('opt-in' as const, 'opt-out' as const),
          ),
        ),
        async ([inOrder, shuffled, regime]) => {
          const a = await deliver(inOrder, regime);
          const b = await deliver(shuffled, regime);
          expect(b.records).toEqual(a.records);
          expect(b.history).toBe(a.history);
          for (const run of [a, b]) {
            if (!offersAllowed(run.records, regime)) expect(run.active).toBe(0);
          }
        },
      ),
      { numRuns: 300, seed: 9_3030 },
    );
  });
});

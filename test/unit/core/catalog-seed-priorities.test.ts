import { describe, expect, it } from 'vitest';
import { triggerPriority } from '#core/catalog/catalog.js';
import { seedCatalog } from '#core/catalog/seed.js';
import { customer, ticket } from '#test/support/decide.js';

/**
 * The seed's priorities (catalog/README.md): when several offers pass their gates for one payment the
 * highest priority wins, and the seed ranks protective products over accounts and savings, and all of
 * them over credit.
 */

const CATEGORY_RANK = { insurance: 2, account: 1, savings: 1, credit: 0 } as const;

describe('seed priorities', () => {
  it('every seed trigger states one: insurance outranks accounts and savings, and they outrank credit', () => {
    const triggers = seedCatalog().triggers;
    for (const t of triggers) expect(t.priority, t.id).toBeTypeOf('number');
    for (const a of triggers) {
      for (const b of triggers) {
        if (CATEGORY_RANK[a.offer.category] > CATEGORY_RANK[b.offer.category]) {
          expect(triggerPriority(a), `${a.id} over ${b.id}`).toBeGreaterThan(triggerPriority(b));
        }
      }
    }
  });

  it('a ticket of EUR 1,500 matches travel insurance and the credit card: travel insurance ranks first', () => {
    const payment = ticket({ amount: { minor: 150_000, currency: 'EUR' } });
    const holdings = new Set(customer({ holdings: [] }).holdings);
    const matched = seedCatalog()
      .candidates(payment)
      .filter((t) => t.matches(payment, holdings));
    expect(matched.map((t) => t.id).sort()).toEqual([
      'large-purchase-credit-card',
      'ticket-travel-insurance',
    ]);
    const ranked = [...matched].sort(
      (a, b) => triggerPriority(b) - triggerPriority(a) || (a.id < b.id ? -1 : 1),
    );
    expect(ranked[0]?.id).toBe('ticket-travel-insurance');
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Catalog } from '#core/catalog/catalog.js';
import { parseCatalog } from '#core/catalog/parse.js';
import { SEED_CATALOG_INPUT, seedCatalog } from '#core/catalog/seed.js';
import { holdingsOf } from '#core/customer.js';
import { type PaymentEvent, PaymentEventSchema } from '#core/payment-event.js';
import { TEST_TRIGGER_FIELDS } from '#test/support/catalog-content.js';
import { event } from '#test/support/decide.js';

/** The seed catalog plus triggers guarded by merchant category, country and currency. */
function guardedCatalog(): Catalog {
  const meta = { ...TEST_TRIGGER_FIELDS, offerId: 'savings-account' };
  const extra: Array<[string, string[], unknown]> = [
    ['a-mcc', ['card_payment'], { field: 'merchant.mcc', in: ['5411', '5732'] }],
    [
      'z-mcc-and-more',
      ['card_payment', 'atm_withdrawal'],
      {
        all: [
          { field: 'amount.minor', gte: 500 },
          { field: 'merchant.mcc', equals: '6011' },
        ],
      },
    ],
    [
      'zz-country',
      ['atm_withdrawal', 'card_payment'],
      { all: [{ field: 'merchant.country', in: ['US', 'JP'] }, { holds: 'current-account' }] },
    ],
    [
      'm-currency',
      ['transfer_in', 'card_payment'],
      { all: [{ field: 'amount.currency', equals: 'USD' }, { not: { holds: 'credit-card' } }] },
    ],
    [
      'zzz-two-guards',
      ['card_payment'],
      {
        all: [
          { field: 'amount.currency', equals: 'EUR' },
          { field: 'merchant.mcc', equals: '5411' },
        ],
      },
    ],
    [
      'unguarded',
      ['card_payment', 'transfer_in'],
      {
        any: [
          { field: 'merchant.mcc', equals: '5411' },
          { field: 'amount.minor', lte: 1_000 },
        ],
      },
    ],
  ];
  const triggers = [
    ...SEED_CATALOG_INPUT.triggers,
    ...extra.map(([id, eventTypes, condition]) => ({
      file: `catalog/triggers/${id}.json`,
      content: { ...meta, id, eventTypes, condition },
    })),
  ];
  const result = parseCatalog({ ...SEED_CATALOG_INPUT, triggers });
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.catalog;
}

describe('catalog.candidates', () => {
  it('skips triggers whose required currency the event does not carry', () => {
    const ids = (e: PaymentEvent) =>
      seedCatalog()
        .candidates(e)
        .map((t) => t.id);
    const card = (currency: string) =>
      event({
        type: 'card_payment',
        amount: { minor: 150_000, currency },
        merchant: { name: 'Shop', mcc: '5732', country: 'NL' },
      });
    expect(ids(card('EUR'))).toContain('large-purchase-credit-card');
    expect(ids(card('USD'))).not.toContain('large-purchase-credit-card');
    // high-balance-savings needs a EUR balanceAfter, which this payment does not carry.
    expect(ids(card('USD'))).toEqual(['card-abroad-worldwide-cover', 'ticket-travel-insurance']);
    expect(ids({ ...card('USD'), balanceAfter: { minor: 3_000_000, currency: 'EUR' } })).toContain(
      'high-balance-savings',
    );
  });

  it('finds exactly the triggers a full scan of the event type would match, in id order', () => {
    const catalog = guardedCatalog();
    const anEvent = fc
      .record({
        type: fc.constantFrom('card_payment', 'atm_withdrawal', 'transfer_in'),
        minor: fc.integer({ min: 0, max: 2_000 }),
        currency: fc.constantFrom('EUR', 'USD', 'JPY'),
        mcc: fc.constantFrom('5411', '5732', '6011', '4511', '3008'),
        country: fc.constantFrom('NL', 'US', 'JP', 'FR'),
      })
      .map(({ type, minor, currency, mcc, country }) =>
        PaymentEventSchema.parse({
          eventId: 'e',
          occurredAt: '2026-07-01T10:00:00Z',
          customerId: 'c',
          type,
          amount: { minor, currency },
          ...(type === 'transfer_in'
            ? { counterparty: { name: 'Payer' } }
            : { merchant: { name: 'Shop', mcc, country } }),
        }),
      );
    fc.assert(
      fc.property(anEvent, fc.subarray([...seedCatalog().products.keys(), 'pension']), (e, held) => {
        const holdings = holdingsOf(held);
        const candidates = catalog.candidates(e);
        const all = catalog.triggersByEventType.get(e.type) ?? [];
        const matching = (list: typeof all) => list.filter((t) => t.matches(e, holdings)).map((t) => t.id);
        expect(matching(candidates)).toEqual(matching(all));
        const ids = candidates.map((t) => t.id);
        expect(ids).toEqual([...ids].sort());
        expect(new Set(ids).size).toBe(ids.length);
      }),
      { numRuns: 1_000 },
    );
  });

  it('actually narrows: an event outside every guard sees only the unguarded triggers', () => {
    const catalog = guardedCatalog();
    const e = event({
      type: 'card_payment',
      amount: { minor: 5, currency: 'JPY' },
      merchant: { name: 'Shop', mcc: '4511', country: 'FR' },
    });
    expect(catalog.candidates(e).map((t) => t.id)).toEqual([
      'card-abroad-worldwide-cover',
      'ticket-travel-insurance',
      'unguarded',
    ]);
  });
});

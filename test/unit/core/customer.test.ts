import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CustomerStateSchema, holdingsOf, NO_HOLDINGS, ProductCodeSchema } from '#core/customer.js';
import { CustomerUpdateSchema } from '#core/customer-update.js';

describe('holdings', () => {
  it('are the set of the held codes, with no fixed list of products', () => {
    expect(holdingsOf([])).toBe(NO_HOLDINGS);
    expect(NO_HOLDINGS.has('current-account')).toBe(false);
    // A bit mask stopped at 31 products; a set has no such bound (small and large holdings alike).
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 99 }), { maxLength: 64 }),
        fc.integer({ min: 0, max: 99 }),
        (numbers, probe) => {
          const codes = numbers.map((n) => `product-${n}`);
          expect(holdingsOf(codes).has(`product-${probe}`)).toBe(numbers.includes(probe));
        },
      ),
    );
  });
});

describe('product codes are a syntax, not a list', () => {
  const kebab = fc
    .array(fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'), minLength: 1 }), {
      minLength: 1,
      maxLength: 6,
    })
    .map((parts) => parts.join('-'))
    .filter((code) => code.length <= 100);

  it('accepts any kebab-case code of at most 100 characters, known to a catalog or not', () => {
    fc.assert(
      fc.property(kebab, (code) => {
        expect(ProductCodeSchema.safeParse(code).success).toBe(true);
      }),
    );
    expect(ProductCodeSchema.safeParse('pension').success).toBe(true);
  });

  it('refuses what is not one, saying what was expected', () => {
    for (const bad of [
      '',
      'Credit-Card',
      'credit_card',
      '-pension',
      'pension-',
      'a--b',
      'a b',
      'x'.repeat(101),
    ]) {
      const result = ProductCodeSchema.safeParse(bad);
      expect(result.success, bad).toBe(false);
      expect(result.error?.issues[0]?.message, bad).toMatch(/product code/);
    }
    expect(ProductCodeSchema.safeParse(7).success).toBe(false);
  });

  it('lets a stored profile and a CRM update carry codes the catalog does not know', () => {
    const profile = { customerId: 'c-1', holdings: ['pension', 'current-account'], flags: [], consents: [] };
    expect(CustomerStateSchema.parse(profile).holdings).toEqual(['pension', 'current-account']);
    const update = { customerId: 'c-1', at: '2026-11-30T10:00:00Z', holdings: ['mortgage-loan'] };
    expect(CustomerUpdateSchema.parse(update).holdings).toEqual(['mortgage-loan']);
    expect(CustomerUpdateSchema.safeParse({ ...update, holdings: ['Mortgage Loan'] }).success).toBe(false);
  });
});

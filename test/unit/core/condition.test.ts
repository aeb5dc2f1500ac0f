import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ConditionContext, compileCondition } from '#core/catalog/condition.js';
import { checkCondition } from '#core/catalog/condition-check.js';
import { seedCatalog } from '#core/catalog/seed.js';
import { holdingsOf, type ProductCode } from '#core/customer.js';
import type { PaymentEvent } from '#core/payment-event.js';
import { atmAbroad, event, groceries, salaryHighBalance, studentFinance } from '#test/support/decide.js';

const ctx: ConditionContext = {
  regions: seedCatalog().regions,
  products: new Set(seedCatalog().products.keys()),
};

function matches(condition: unknown, e: PaymentEvent, holdings: readonly ProductCode[] = []): boolean {
  const errors: Parameters<typeof checkCondition>[2] = [];
  if (!checkCondition(condition, ctx, errors)) throw new Error(errors.map((e) => e.expected).join('\n'));
  return compileCondition(condition, ctx)(e, holdingsOf(holdings));
}

describe('the condition language', () => {
  const card = groceries(); // EUR 23.50 at MCC 5411 in NL, "Albert Heijn 1234", Utrecht

  it('equals, in and notIn compare exactly', () => {
    expect(matches({ field: 'type', equals: 'card_payment' }, card)).toBe(true);
    expect(matches({ field: 'amount.minor', equals: 2_350 }, card)).toBe(true);
    expect(matches({ field: 'merchant.mcc', in: ['5411', '5412'] }, card)).toBe(true);
    expect(matches({ field: 'merchant.mcc', notIn: ['5411'] }, card)).toBe(false);
    expect(matches({ field: 'merchant.name', equals: 'albert heijn 1234' }, card)).toBe(false);
  });

  it('gte, lte and between are inclusive, on amounts and on merchant category codes', () => {
    expect(matches({ field: 'amount.minor', gte: 2_350 }, card)).toBe(true);
    expect(matches({ field: 'amount.minor', gte: 2_351 }, card)).toBe(false);
    expect(matches({ field: 'amount.minor', lte: 2_350 }, card)).toBe(true);
    expect(matches({ field: 'amount.minor', between: [2_350, 2_350] }, card)).toBe(true);
    expect(matches({ field: 'merchant.mcc', between: ['5000', '5411'] }, card)).toBe(true);
    expect(matches({ field: 'merchant.mcc', between: ['5412', '5999'] }, card)).toBe(false);
    expect(matches({ field: 'merchant.mcc', gte: '5411' }, card)).toBe(true);
  });

  it('ignores case for equalsIgnoreCase and containsIgnoreCase', () => {
    expect(matches({ field: 'merchant.name', equalsIgnoreCase: 'ALBERT HEIJN 1234' }, card)).toBe(true);
    expect(matches({ field: 'merchant.name', containsIgnoreCase: 'HEIJN' }, card)).toBe(true);
    expect(matches({ field: 'merchant.city', containsIgnoreCase: 'amsterdam' }, card)).toBe(false);
  });

  it('tests countries against named regions', () => {
    expect(matches({ field: 'merchant.country', inRegion: 'european-cover-area' }, card)).toBe(true);
    expect(matches({ field: 'merchant.country', notInRegion: 'european-cover-area' }, atmAbroad())).toBe(
      true,
    );
  });

  it('tests holdings', () => {
    expect(matches({ holds: 'credit-card' }, card, ['credit-card'])).toBe(true);
    expect(matches({ holdsAny: ['savings-account', 'credit-card'] }, card, ['credit-card'])).toBe(true);
    expect(matches({ holdsNone: ['savings-account', 'credit-card'] }, card, ['credit-card'])).toBe(false);
    expect(matches({ holdsNone: ['savings-account'] }, card, [])).toBe(true);
  });

  it('holds, holdsAny and holdsNone mean set membership, for any holdings (unknown codes match nothing)', () => {
    const known = [...ctx.products];
    const held = fc.subarray([...known, 'pension', 'mortgage-loan']);
    fc.assert(
      fc.property(fc.constantFrom(...known), fc.subarray(known, { minLength: 1 }), held, (one, some, has) => {
        const set = new Set(has);
        expect(matches({ holds: one }, card, has)).toBe(set.has(one));
        expect(matches({ holdsAny: some }, card, has)).toBe(some.some((code) => set.has(code)));
        expect(matches({ holdsNone: some }, card, has)).toBe(!some.some((code) => set.has(code)));
      }),
      { numRuns: 500 },
    );
  });

  it('combines with all, any and not', () => {
    const yes = { field: 'type', equals: 'card_payment' };
    const no = { field: 'type', equals: 'direct_debit' };
    expect(matches({ all: [yes, yes] }, card)).toBe(true);
    expect(matches({ all: [yes, no] }, card)).toBe(false);
    expect(matches({ any: [no, yes] }, card)).toBe(true);
    expect(matches({ any: [no] }, card)).toBe(false);
    expect(matches({ not: no }, card)).toBe(true);
  });

  it('lets a field the event does not carry satisfy no field operator, not even the negative ones', () => {
    const transfer = studentFinance(); // no merchant, no balanceAfter
    expect(matches({ field: 'merchant.mcc', notIn: ['5411'] }, transfer)).toBe(false);
    expect(matches({ field: 'merchant.country', notInRegion: 'european-cover-area' }, transfer)).toBe(false);
    expect(matches({ field: 'balanceAfter.minor', lte: 0 }, transfer)).toBe(false);
    expect(matches({ not: { field: 'merchant.mcc', in: ['5411'] } }, transfer)).toBe(true);
    expect(matches({ field: 'balanceAfter.minor', gte: 2_500_000 }, salaryHighBalance())).toBe(true);
  });

  it('reads counterparty fields', () => {
    const transfer = event({
      type: 'transfer_in',
      amount: { minor: 1, currency: 'EUR' },
      counterparty: { name: 'DUO', iban: 'NL91ABNA0417164300', reference: 'Studiefinanciering' },
    });
    expect(matches({ field: 'counterparty.iban', equals: 'NL91ABNA0417164300' }, transfer)).toBe(true);
    expect(matches({ field: 'counterparty.reference', containsIgnoreCase: 'studie' }, transfer)).toBe(true);
  });
});

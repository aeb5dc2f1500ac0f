import { describe, expect, it } from 'vitest';
import { holdingsOf, productBit } from '#core/customer.js';

describe('holdings masks', () => {
  it('give every product its own bit', () => {
    expect(holdingsOf([])).toBe(0);
    expect(holdingsOf(['current-account', 'credit-card'])).toBe(
      productBit('current-account') | productBit('credit-card'),
    );
    expect(productBit('current-account') & productBit('credit-card')).toBe(0);
  });
});

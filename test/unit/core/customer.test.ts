import { describe, expect, it } from 'vitest';
import { ContactStateSchema, emptyContactState, holdingsOf, productBit } from '#core/customer.js';

describe('contact state', () => {
  it('starts empty at version 0 and validates', () => {
    const state = emptyContactState('c-1');
    expect(state).toEqual({ customerId: 'c-1', version: 0, emissions: [], cooldownUntil: {} });
    expect(ContactStateSchema.parse(state)).toEqual(state);
  });
});

describe('holdings masks', () => {
  it('give every product its own bit', () => {
    expect(holdingsOf([])).toBe(0);
    expect(holdingsOf(['current-account', 'credit-card'])).toBe(
      productBit('current-account') | productBit('credit-card'),
    );
    expect(productBit('current-account') & productBit('credit-card')).toBe(0);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chartValue, formatCount } from '../src/components/count.js';

describe('formatCount: small-cell suppression on every count a privacy officer sees', () => {
  it('shows 1 to 9 as "< 10", and 0 and 10 up as numbers', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(1)).toBe('< 10');
    expect(formatCount(9)).toBe('< 10');
    expect(formatCount(10)).toBe('10');
    expect(formatCount(12345)).toBe('12,345');
    expect(formatCount('< 10')).toBe('< 10');
    expect(formatCount(undefined)).toBe('–');
  });

  it('never shows a count from 1 to 9', () => {
    fc.assert(
      fc.property(fc.nat(1_000_000), (n) => {
        expect(formatCount(n)).not.toMatch(/^[1-9]$/);
      }),
    );
  });

  it('draws a suppressed cell at 0', () => {
    expect(chartValue('< 10')).toBe(0);
    expect(chartValue(42)).toBe(42);
  });
});

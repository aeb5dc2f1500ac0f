import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anniversary, instantMs, isYoungerThan, localDateOf } from '#core/time.js';

describe('instantMs', () => {
  it('agrees with Date.parse on every timestamp shape the schemas accept', () => {
    const two = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, '0'));
    const timestamp = fc
      .record({
        // Date.parse handles four-digit years; the core needs no more.
        year: fc.integer({ min: 1000, max: 9999 }).map(String),
        month: fc.integer({ min: 1, max: 12 }).map((n) => String(n).padStart(2, '0')),
        day: fc.integer({ min: 1, max: 28 }).map((n) => String(n).padStart(2, '0')),
        hour: two(23),
        minute: two(59),
        second: two(59),
        fraction: fc.option(
          fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: 9 }),
        ),
        offset: fc.oneof(
          fc.constant('Z'),
          fc.tuple(fc.constantFrom('+', '-'), two(14), two(59)).map(([sign, h, m]) => `${sign}${h}:${m}`),
        ),
      })
      .map(
        (t) =>
          `${t.year}-${t.month}-${t.day}T${t.hour}:${t.minute}:${t.second}${t.fraction === null ? '' : `.${t.fraction}`}${t.offset}`,
      );
    fc.assert(
      fc.property(timestamp, (iso) => {
        expect(instantMs(iso)).toBe(Date.parse(iso));
      }),
      { numRuns: 3_000 },
    );
  });

  it('falls back to Date.parse for other shapes', () => {
    expect(instantMs('2026-07-03')).toBe(Date.parse('2026-07-03'));
    expect(Number.isNaN(instantMs('not a date'))).toBe(true);
  });
});

describe('age on the event date', () => {
  it('uses the calendar date where the payment happened', () => {
    expect(localDateOf('2026-07-03T23:30:00-04:00')).toBe('2026-07-03');
  });

  it('turns 18 on the birthday itself', () => {
    expect(isYoungerThan('2008-07-04', 18, '2026-07-03')).toBe(true);
    expect(isYoungerThan('2008-07-04', 18, '2026-07-04')).toBe(false);
  });

  it('lets someone born on February 29th turn 18 on March 1st in a common year', () => {
    expect(anniversary('2008-02-29', 18)).toBe('2026-03-01');
    expect(anniversary('2008-02-29', 16)).toBe('2024-02-29');
    expect(isYoungerThan('2008-02-29', 18, '2026-02-28')).toBe(true);
    expect(isYoungerThan('2008-02-29', 18, '2026-03-01')).toBe(false);
  });
});

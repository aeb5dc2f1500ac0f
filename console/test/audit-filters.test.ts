import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AccessLogForm,
  accessLogErrors,
  accessLogQuery,
  type SuppressedForm,
  suppressedErrors,
  suppressedQuery,
} from '../src/pages/audit/filters.js';
import {
  daysSpanned,
  hasErrors,
  isCalendarDate,
  lastDays,
  periodErrors,
  periodQuery,
} from '../src/pages/audit/period.js';

const SUPPRESSED: SuppressedForm = { trigger: '', reason: '', from: '', to: '', by: 'payment', limit: 50 };
const ACCESS: AccessLogForm = { who: '', customerId: '', query: '', from: '', to: '' };

describe('the period of every audit query', () => {
  it('accepts empty bounds (the API default) and real dates', () => {
    expect(periodErrors({ from: '', to: '' })).toEqual({});
    expect(periodErrors({ from: '2026-11-01', to: '2026-11-30' })).toEqual({});
    expect(periodErrors({ from: '2026-11-01', to: '2026-11-01' })).toEqual({});
  });

  it('names the field that is wrong and what was expected', () => {
    expect(periodErrors({ from: '2026-02-30', to: '' })).toEqual({ from: 'Expected a date (YYYY-MM-DD).' });
    expect(periodErrors({ from: '', to: 'yesterday' })).toEqual({ to: 'Expected a date (YYYY-MM-DD).' });
    expect(periodErrors({ from: '2026-11-02', to: '2026-11-01' })).toEqual({
      to: 'Expected a date that is not before From.',
    });
  });

  it('flags "to before from" exactly when it is (property)', () => {
    const day = fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true });
    fc.assert(
      fc.property(day, day, (a, b) => {
        const from = a.toISOString().slice(0, 10);
        const to = b.toISOString().slice(0, 10);
        expect(isCalendarDate(from) && isCalendarDate(to)).toBe(true);
        expect(hasErrors(periodErrors({ from, to }))).toBe(to < from);
      }),
    );
  });

  it('names a period longer than the query takes (the overview: 92 days), counting both ends', () => {
    expect(periodErrors({ from: '2026-01-01', to: '2026-04-02' }, 92)).toEqual({});
    expect(daysSpanned('2026-01-01', '2026-04-02')).toBe(92);
    expect(periodErrors({ from: '2026-01-01', to: '2026-04-03' }, 92)).toEqual({
      to: 'Expected a period of at most 92 days.',
    });
    expect(daysSpanned('2026-03-28', '2026-03-30')).toBe(3);
  });

  it('leaves empty bounds out of the query and always says the basis', () => {
    expect(periodQuery({ from: '', to: '', by: 'decided' })).toEqual({ by: 'decided' });
    expect(periodQuery({ from: '2026-11-01', to: '', by: 'payment' })).toEqual({
      from: '2026-11-01',
      by: 'payment',
    });
  });

  it('lastDays: a period of whole UTC days ending today', () => {
    expect(lastDays(new Date('2026-12-01T02:00:00Z'), 30)).toEqual({ from: '2026-11-02', to: '2026-12-01' });
    expect(lastDays(new Date('2026-12-01T23:59:59Z'), 1)).toEqual({ from: '2026-12-01', to: '2026-12-01' });
  });
});

describe('suppressed-offers filters', () => {
  it('turns the form into the query, empty fields left out', () => {
    expect(suppressedQuery(SUPPRESSED)).toEqual({ by: 'payment', limit: 50 });
    expect(
      suppressedQuery({
        ...SUPPRESSED,
        trigger: ' card-abroad ',
        reason: 'no_consent',
        from: '2026-11-01',
        by: 'decided',
      }),
    ).toEqual({ trigger: 'card-abroad', reason: 'no_consent', from: '2026-11-01', by: 'decided', limit: 50 });
  });

  it('accepts catalog trigger ids and none; names the trigger field otherwise', () => {
    expect(suppressedErrors({ ...SUPPRESSED, trigger: 'card-abroad-worldwide-cover' })).toEqual({});
    expect(suppressedErrors({ ...SUPPRESSED, trigger: 'none' })).toEqual({});
    for (const trigger of ['Card Abroad', 'card_abroad', '-x', 'x-', 'a'.repeat(101)]) {
      expect(suppressedErrors({ ...SUPPRESSED, trigger }).trigger).toMatch(/^Expected a trigger id/);
    }
  });
});

describe('access-log filters', () => {
  it('maps Who to actor and Customer id to customer, exactly (a customer id is not trimmed)', () => {
    expect(accessLogQuery(ACCESS)).toEqual({});
    expect(
      accessLogQuery({
        who: ' local:olivia ',
        customerId: ' c 1',
        query: 'history',
        from: '2026-11-01',
        to: '',
      }),
    ).toEqual({ actor: 'local:olivia', customer: ' c 1', query: 'history', from: '2026-11-01' });
  });

  it('names a customer id longer than 64 characters and a bad period', () => {
    expect(accessLogErrors({ ...ACCESS, customerId: 'x'.repeat(64) })).toEqual({});
    expect(accessLogErrors({ ...ACCESS, customerId: 'x'.repeat(65) }).customerId).toMatch(/1 to 64/);
    expect(accessLogErrors({ ...ACCESS, from: '2026-11-02', to: '2026-11-01' }).to).toMatch(
      /not before From/,
    );
  });
});

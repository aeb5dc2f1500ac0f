import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Cell, PrivacyOverview } from '../src/api/audit.js';
import { formatCount } from '../src/components/count.js';
import { overviewCharts, safeCell, totalsRows } from '../src/pages/audit/overview-model.js';

const DAYS = ['2026-11-01', '2026-11-02', '2026-11-03'];

/** An answer with `parts` replaced: loosely typed on purpose, the pages must survive a faulty API too. */
function overview(parts: Record<string, unknown> = {}): PrivacyOverview {
  return {
    timeBasis: 'payment',
    from: '2026-11-01T00:00:00.000Z',
    to: '2026-11-03T23:59:59.999Z',
    bucket: 'day',
    days: DAYS,
    smallCountThreshold: 10,
    outcomes: {
      emitted: [12, 0, '< 10'],
      suppressed: [0, 40, 0],
      no_trigger: [0, 0, 0],
      rejected: [0, 0, 0],
    },
    reasons: { no_consent: [0, 40, 0], objected: [0, 0, 0] },
    triggers: { 'card-abroad': [0, 30, 0], none: [0, 10, 0], quiet: [0, 0, 0] },
    totals: {
      outcomes: { emitted: 12, suppressed: 40, no_trigger: 0, rejected: 0 },
      reasons: { no_consent: 40, objected: 0 },
      triggers: { 'card-abroad': 30, none: 10, quiet: 0 },
    },
    ...parts,
  } as unknown as PrivacyOverview;
}

/** Whatever a cell of an answer could be, including what a faulty API might send. */
const anyCell = fc.oneof(fc.nat(100_000), fc.constant('< 10' as const), fc.integer({ min: 1, max: 9 }));
const cells = (days: number) => fc.array(anyCell, { minLength: 0, maxLength: days + 2 });

describe('overviewCharts: the overview answer as chart series', () => {
  it('makes one series per outcome in the pipeline order, aligned to the days', () => {
    const charts = overviewCharts(overview());
    expect(charts.days).toEqual(DAYS);
    expect(charts.outcomes.map((s) => s.label)).toEqual(['Emitted', 'Suppressed', 'No trigger', 'Rejected']);
    expect(charts.outcomes[0]?.values).toEqual([12, 0, '< 10']);
  });

  it('draws only reasons and triggers with a suppression in the period, the sensitive screen named', () => {
    const charts = overviewCharts(overview());
    expect(charts.reasons.map((s) => s.label)).toEqual(['no_consent']);
    expect(charts.triggers.map((s) => s.label)).toEqual(['card-abroad', 'none (screened out as sensitive)']);
  });

  it('keeps a reason whose only counts are "< 10"', () => {
    const charts = overviewCharts(overview({ reasons: { objected: [0, '< 10', 0] } }));
    expect(charts.reasons.map((s) => s.label)).toEqual(['objected']);
  });

  it('never lets a count from 1 to 9 into a series or a total, whatever the API sends (property)', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom('emitted', 'suppressed', 'no_trigger', 'rejected', 'other'), cells(3)),
        fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), cells(3)),
        fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), anyCell),
        cells(3),
        anyCell,
        (outcomes, triggers, totals, notInCatalog, notInCatalogTotal) => {
          const answer = overview({
            outcomes,
            triggers,
            notInCatalog,
            totals: { outcomes: totals, reasons: totals, triggers: totals, notInCatalog: notInCatalogTotal },
          });
          const charts = overviewCharts(answer);
          for (const series of [...charts.outcomes, ...charts.reasons, ...charts.triggers]) {
            expect(series.values).toHaveLength(DAYS.length);
            for (const value of series.values) {
              expect(
                value === '< 10' ||
                  value === '–' ||
                  (typeof value === 'number' && (value === 0 || value >= 10)),
              ).toBe(true);
              expect(formatCount(value)).not.toMatch(/^[1-9]$/);
            }
          }
          for (const row of totalsRows(answer)) {
            expect(formatCount(row.count)).not.toMatch(/^[1-9]$/);
          }
        },
      ),
    );
  });

  it('shows a missing day as "–", not as 0', () => {
    const charts = overviewCharts(overview({ outcomes: { emitted: [12] } }));
    expect(charts.outcomes[0]?.values).toEqual([12, '–', '–']);
  });
});

describe('suppressions of triggers no longer in the catalog', () => {
  it('are a trigger series and a totals row when the answer has them', () => {
    const answer = overview({
      notInCatalog: [0, 12, '< 10'],
      totals: { ...overview().totals, notInCatalog: 22 },
    });
    const series = overviewCharts(answer).triggers.find(
      (s) => s.label === 'triggers no longer in the catalog',
    );
    expect(series?.values).toEqual([0, 12, '< 10']);
    expect(totalsRows(answer).at(-1)).toEqual({
      group: 'Trigger',
      name: 'triggers no longer in the catalog',
      count: 22,
    });
  });

  it('are left out when the answer has none', () => {
    expect(overviewCharts(overview()).triggers.map((s) => s.label)).not.toContain(
      'triggers no longer in the catalog',
    );
    expect(totalsRows(overview()).map((r) => r.name)).not.toContain('triggers no longer in the catalog');
  });
});

describe('totalsRows: the totals table', () => {
  it('lists every outcome, reason and trigger of the totals, known ones in order, the rest by name', () => {
    const rows = totalsRows(overview());
    expect(rows.map((r) => `${r.group}:${r.name}:${formatCount(r.count)}`)).toEqual([
      'Outcome:Emitted:12',
      'Outcome:Suppressed:40',
      'Outcome:No trigger:0',
      'Outcome:Rejected:0',
      'Reason:no_consent:40',
      'Reason:objected:0',
      'Trigger:card-abroad:30',
      'Trigger:none (screened out as sensitive):10',
      'Trigger:quiet:0',
    ]);
  });

  it('suppresses a small total to "< 10" even when the API sends the number', () => {
    const rows = totalsRows(
      overview({ totals: { outcomes: { emitted: 3 }, reasons: {}, triggers: { a: '< 10' } } }),
    );
    expect(rows.map((r) => r.count)).toEqual(['< 10', '< 10']);
  });

  it('safeCell: a count that is not a whole non-negative number shows as "–"', () => {
    const odd: unknown[] = [-1, Number.NaN, Number.POSITIVE_INFINITY, '12', null, undefined, {}];
    for (const value of odd) expect(safeCell(value as Cell)).toBe('–');
    expect(safeCell(10.7)).toBe(10);
  });
});

/**
 * The overview answer (GET /privacy/overview) as the page draws it: one chart series per outcome, per
 * reason and per trigger, aligned to the answer's days, and the rows of the totals table. Small-cell
 * suppression holds here too, whatever the API sends: a count from 1 to 9 becomes "< 10" before it reaches
 * a series or a row (the API already does it; a page never relies on that alone).
 */

import type { Cell, PrivacyOverview } from '../../api/audit.js';
import type { Series } from '../../components/chart.js';
import { SMALL_COUNT } from '../../components/count.js';
import { OUTCOMES, SUPPRESSION_REASONS } from './audit-types.js';

/** What a cell shows: a count, "< 10", or "–" when the answer lacks the cell. */
export type ShownCell = number | string;

export const SMALL = `< ${SMALL_COUNT}`;
export const MISSING = '–';

/** A cell of the answer, suppressed again: 1..9 (and anything that is not a whole count) never passes. */
export function safeCell(cell: Cell | unknown): ShownCell {
  if (cell === SMALL) return SMALL;
  if (typeof cell !== 'number' || !Number.isFinite(cell) || cell < 0) return MISSING;
  if (cell > 0 && cell < SMALL_COUNT) return SMALL;
  return Math.floor(cell);
}

export const OUTCOME_LABELS: Readonly<Record<string, string>> = {
  emitted: 'Emitted',
  suppressed: 'Suppressed',
  no_trigger: 'No trigger',
  rejected: 'Rejected',
};

export const NONE_TRIGGER = 'none';
/** The label of the suppressions of triggers no longer in the catalog (the answer's `notInCatalog`). */
export const NOT_IN_CATALOG = 'triggers no longer in the catalog';
const triggerLabel = (id: string) => (id === NONE_TRIGGER ? 'none (screened out as sensitive)' : id);

/** The keys of a record in a known order first, then the others by name. */
function ordered(keys: readonly string[], known: readonly string[]): string[] {
  const rest = keys.filter((key) => !known.includes(key)).sort((a, b) => a.localeCompare(b));
  return [...known.filter((key) => keys.includes(key)), ...rest];
}

function seriesOf(
  cells: Readonly<Record<string, readonly Cell[]>> | undefined,
  days: readonly string[],
  known: readonly string[],
  label: (key: string) => string,
): Series[] {
  const source = cells ?? {};
  return ordered(Object.keys(source), known).map((key) => {
    const values = source[key] ?? [];
    return { label: label(key), values: days.map((_, i) => safeCell(values[i])) };
  });
}

/** Whether a series has anything to draw (a count or "< 10" on some day). */
export const hasData = (series: Series): boolean =>
  series.values.some((value) => value === SMALL || (typeof value === 'number' && value > 0));

export interface OverviewCharts {
  readonly days: readonly string[];
  readonly outcomes: readonly Series[];
  /** Only reasons and triggers with a suppression in the period (every one is still in the totals). */
  readonly reasons: readonly Series[];
  readonly triggers: readonly Series[];
}

export function overviewCharts(overview: PrivacyOverview): OverviewCharts {
  const days = overview.days ?? [];
  return {
    days,
    outcomes: seriesOf(overview.outcomes, days, OUTCOMES, (key) => OUTCOME_LABELS[key] ?? key),
    reasons: seriesOf(overview.reasons, days, SUPPRESSION_REASONS, (key) => key).filter(hasData),
    triggers: [
      ...seriesOf(overview.triggers, days, [], triggerLabel),
      ...(overview.notInCatalog === undefined
        ? []
        : [{ label: NOT_IN_CATALOG, values: days.map((_, i) => safeCell(overview.notInCatalog?.[i])) }]),
    ].filter(hasData),
  };
}

export interface TotalsRow {
  readonly group: 'Outcome' | 'Reason' | 'Trigger';
  readonly name: string;
  readonly count: ShownCell;
}

/** Every outcome, reason and trigger of the answer's totals, with its (suppressed) count. */
export function totalsRows(overview: PrivacyOverview): TotalsRow[] {
  const totals = overview.totals ?? { outcomes: {}, reasons: {}, triggers: {} };
  const rows = (
    group: TotalsRow['group'],
    cells: Readonly<Record<string, Cell>> | undefined,
    known: readonly string[],
    label: (key: string) => string,
  ): TotalsRow[] =>
    ordered(Object.keys(cells ?? {}), known).map((key) => ({
      group,
      name: label(key),
      count: safeCell(cells?.[key]),
    }));
  return [
    ...rows('Outcome', totals.outcomes, OUTCOMES, (key) => OUTCOME_LABELS[key] ?? key),
    ...rows('Reason', totals.reasons, SUPPRESSION_REASONS, (key) => key),
    ...rows('Trigger', totals.triggers, [], triggerLabel),
    ...(totals.notInCatalog === undefined
      ? []
      : [{ group: 'Trigger' as const, name: NOT_IN_CATALOG, count: safeCell(totals.notInCatalog) }]),
  ];
}

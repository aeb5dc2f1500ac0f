/**
 * The period and time basis every audit query takes (from, to, by), as the pages' forms hold them, checked
 * before a request so a mistake is named next to its field. The API checks again (shared/privacy/
 * query-params.ts) and its problem is shown as it answers.
 */
import type { TimeBasis } from './audit-types.js';

export interface PeriodForm {
  /** YYYY-MM-DD or empty (the API's default). */
  readonly from: string;
  readonly to: string;
  readonly by: TimeBasis;
}

export type FieldErrors<K extends string> = Partial<Record<K, string>>;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date YYYY-MM-DD (2026-02-30 is not). */
export function isCalendarDate(text: string): boolean {
  const match = DATE.exec(text);
  if (match === null) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** The UTC day `days - 1` days before `now`, and `now`'s: a period of `days` whole days ending today. */
export function lastDays(now: Date, days: number): { from: string; to: string } {
  const to = now.toISOString().slice(0, 10);
  const from = new Date(now.getTime() - (days - 1) * 86_400_000).toISOString().slice(0, 10);
  return { from, to };
}

/** How many whole days a period of two calendar dates spans, both included. */
export const daysSpanned = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;

/**
 * What is wrong with the period, per field (empty: nothing). `maxDays`: the longest period the query
 * takes (the overview: 92 days), checked when both bounds are given.
 */
export function periodErrors(
  form: Pick<PeriodForm, 'from' | 'to'>,
  maxDays?: number,
): FieldErrors<'from' | 'to'> {
  const errors: { from?: string; to?: string } = {};
  if (form.from !== '' && !isCalendarDate(form.from)) errors.from = 'Expected a date (YYYY-MM-DD).';
  if (form.to !== '' && !isCalendarDate(form.to)) errors.to = 'Expected a date (YYYY-MM-DD).';
  if (errors.from === undefined && errors.to === undefined && form.from !== '' && form.to !== '') {
    if (form.to < form.from) errors.to = 'Expected a date that is not before From.';
    else if (maxDays !== undefined && daysSpanned(form.from, form.to) > maxDays)
      errors.to = `Expected a period of at most ${maxDays} days.`;
  }
  return errors;
}

/** The query parameters of a period: empty bounds left out (the API then uses its default). */
export function periodQuery(form: PeriodForm): { from?: string; to?: string; by: TimeBasis } {
  return {
    ...(form.from === '' ? {} : { from: form.from }),
    ...(form.to === '' ? {} : { to: form.to }),
    by: form.by,
  };
}

export const hasErrors = (errors: Readonly<Record<string, string | undefined>>): boolean =>
  Object.values(errors).some((error) => error !== undefined);

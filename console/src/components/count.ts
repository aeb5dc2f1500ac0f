/**
 * Counts as privacy officers see them: 1 to 9 is "< 10" (small-cell suppression: the overview API already
 * answers the string "< 10"; every other count on a page goes through here too), 0 and 10 up as numbers.
 */
export const SMALL_COUNT = 10;

export function formatCount(value: number | string | undefined): string {
  if (value === undefined) return '–';
  if (typeof value === 'string') return value;
  if (value > 0 && value < SMALL_COUNT) return `< ${SMALL_COUNT}`;
  return value.toLocaleString('en');
}

/** A count as a number for a chart: a suppressed cell is drawn at 0 (its label still says "< 10"). */
export function chartValue(value: number | string | undefined): number {
  return typeof value === 'number' ? value : 0;
}

import { dayOfHour } from '../schema.js';

/**
 * The pieces the archive's query definitions share (./*.sql.ts): the hour column of a time basis, the
 * partition range of a period of hours, and checks of what is written into the SQL text itself (names
 * and page sizes are checked, everything else is a `?` parameter).
 *
 * Periods on the archive are whole UTC hours (`YYYY-MM-DDTHH`, from inclusive, to exclusive): the clear
 * columns are hourly on purpose (shared/archive/schema.ts), so an answer from the archive is exact to the
 * hour, not to the millisecond.
 */

export type ArchiveTimeBasis = 'decided' | 'payment';

export interface HourPeriod {
  /** Inclusive, `YYYY-MM-DDTHH` (UTC). */
  readonly fromHour: string;
  /** Exclusive, `YYYY-MM-DDTHH` (UTC). */
  readonly toHour: string;
  /**
   * Payment basis only: the last `record_day` to read (YYYY-MM-DD; default tomorrow, UTC): payments of the
   * period may have been decided (replayed) until then.
   */
  readonly decidedUntilDay?: string;
}

/** Payment times slightly in the future of the decision (clock skew) still fall in the partition range. */
const SKEW_DAYS = 1;

const HOUR = /^\d{4}-\d{2}-\d{2}T\d{2}$/;

export class ArchiveQueryError extends Error {
  override readonly name = 'ArchiveQueryError';
}

export function checkedHour(what: string, hour: string): string {
  if (!HOUR.test(hour) || Number.isNaN(Date.parse(`${hour}:00:00Z`))) {
    throw new ArchiveQueryError(`${what} is not a UTC hour YYYY-MM-DDTHH: ${hour}`);
  }
  return hour;
}

export function checkedPeriod(period: HourPeriod): HourPeriod {
  checkedHour('fromHour', period.fromHour);
  checkedHour('toHour', period.toHour);
  if (period.toHour < period.fromHour) throw new ArchiveQueryError('toHour is before fromHour');
  return period;
}

/** A whole number written into the SQL text (LIMIT): checked, never a string from outside. */
export function checkedInt(what: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ArchiveQueryError(`${what} must be a whole number from ${min} to ${max}`);
  }
  return value;
}

const DAY_MS = 86_400_000;
const shiftDay = (day: string, days: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** The hour column a basis compares: `record_hour` (decided) or `paid_hour` (payment). */
export const hourColumn = (basis: ArchiveTimeBasis): 'record_hour' | 'paid_hour' =>
  basis === 'decided' ? 'record_hour' : 'paid_hour';

/**
 * The `record_day` range (inclusive days) that holds every record of the period on the basis: the days of
 * the period itself on the decision basis. On the payment basis a payment may be decided any time later (a
 * replay decides old payments today): from the period's first day (less a day of clock skew) up to
 * `decidedUntilDay` (default: tomorrow, UTC), so a payment-time query reads the partitions from its period
 * up to now, and the decision-time basis is the cheap one for old periods.
 */
export function partitionDays(
  basis: ArchiveTimeBasis,
  period: HourPeriod,
  decidedUntilDay: string = shiftDay(new Date().toISOString().slice(0, 10), 1),
): [string, string] {
  const { fromHour, toHour } = checkedPeriod(period);
  const fromDay = dayOfHour(fromHour);
  const toDay = dayOfHour(toHour);
  if (basis === 'decided') return [fromDay, toDay];
  return [shiftDay(fromDay, -SKEW_DAYS), decidedUntilDay > toDay ? decidedUntilDay : toDay];
}

/**
 * The WHERE conditions of a period on a basis, with their parameters: partition pruning first, then the
 * hour range (strings compare as times: fixed-width ISO text in both engines).
 */
export function periodWhere(
  basis: ArchiveTimeBasis,
  period: HourPeriod & { readonly decidedUntilDay?: string },
): { readonly sql: string; readonly params: readonly string[] } {
  const [fromDay, toDay] = partitionDays(basis, period, period.decidedUntilDay);
  const hour = hourColumn(basis);
  return {
    sql: `record_day >= ? AND record_day <= ? AND ${hour} >= ? AND ${hour} < ?`,
    params: [fromDay, toDay, period.fromHour, period.toHour],
  };
}

/** The `record_day` range of the last `days` days up to `now` (explain, "any record of"...). */
export function lastDays(now: Date, days: number): [string, string] {
  const today = now.toISOString().slice(0, 10);
  return [shiftDay(today, -days), shiftDay(today, 1)];
}

/**
 * The trigger filter: a trigger id, or `none` for payments screened out as sensitive (no trigger). The
 * value is a parameter; `none` becomes `trigger_id IS NULL`.
 */
export const NO_TRIGGER_FILTER = 'none';
export function triggerWhere(triggerId: string | undefined): {
  readonly sql: string;
  readonly params: readonly string[];
} {
  if (triggerId === undefined) return { sql: '', params: [] };
  if (triggerId === NO_TRIGGER_FILTER) return { sql: ' AND trigger_id IS NULL', params: [] };
  return { sql: ' AND trigger_id = ?', params: [triggerId] };
}

/** The reason filter: `reasons` holds ",a,b," so `strpos(reasons, ',a,') > 0` finds one reason. */
export function reasonWhere(reason: string | undefined): {
  readonly sql: string;
  readonly params: readonly string[];
} {
  if (reason === undefined) return { sql: '', params: [] };
  return { sql: ' AND strpos(reasons, ?) > 0', params: [`,${reason},`] };
}

/** A VALUES list of names (checked: lower-case words only) as a one-column relation. */
export function namesRelation(names: readonly string[], alias: string, column: string): string {
  if (names.length === 0) throw new ArchiveQueryError('A names relation needs at least one name');
  for (const name of names) {
    if (!/^[a-z][a-z0-9_-]*$/.test(name)) throw new ArchiveQueryError(`Not a plain name: ${name}`);
  }
  return `(VALUES ${names.map((name) => `('${name}')`).join(', ')}) AS ${alias}(${column})`;
}

/**
 * Calendar and duration helpers. Pure: every instant comes in as an argument, never from the clock.
 */

export const DAY_MS = 86_400_000;

/** Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** The number spelt by `length` ASCII digits at `at`, or -1 if any is not a digit. */
function digitsAt(text: string, at: number, length: number): number {
  let value = 0;
  for (let i = at; i < at + length; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** The offset in minutes of "Z", "+hh:mm", "-hhmm" at `at` (the end of the text), or undefined. */
function offsetMinutesAt(text: string, at: number): number | undefined {
  const rest = text.length - at;
  if (rest === 1 && text.charCodeAt(at) === 90 /* Z */) return 0;
  const sign = text.charCodeAt(at) === 45 /* - */ ? -1 : text.charCodeAt(at) === 43 /* + */ ? 1 : 0;
  if (sign === 0 || (rest !== 6 && rest !== 5)) return undefined;
  const hours = digitsAt(text, at + 1, 2);
  const minutes = digitsAt(text, rest === 6 ? at + 4 : at + 3, 2);
  if (hours < 0 || minutes < 0 || (rest === 6 && text.charCodeAt(at + 3) !== 58) /* : */) return undefined;
  return sign * (hours * 60 + minutes);
}

/**
 * Milliseconds since the epoch of an ISO 8601 timestamp with offset, in the shapes the schemas accept.
 * Hand-parsed (it runs several times per decision and Date.parse is slower on offsets); anything
 * unexpected falls back to Date.parse.
 */
export function instantMs(iso: string): number {
  const year = digitsAt(iso, 0, 4);
  const month = digitsAt(iso, 5, 2);
  const day = digitsAt(iso, 8, 2);
  const hour = digitsAt(iso, 11, 2);
  const minute = digitsAt(iso, 14, 2);
  const second = digitsAt(iso, 17, 2);
  if ((year | month | day | hour | minute | second) < 0 || iso.charCodeAt(10) !== 84 /* T */)
    return Date.parse(iso);
  let at = 19;
  let millis = 0;
  if (iso.charCodeAt(at) === 46 /* . */) {
    let scale = 100;
    for (at++; at < iso.length; at++) {
      const digit = iso.charCodeAt(at) - 48;
      if (digit < 0 || digit > 9) break;
      millis += digit * scale;
      scale /= 10;
    }
    millis = Math.floor(millis);
  }
  const offset = offsetMinutesAt(iso, at);
  if (offset === undefined) return Date.parse(iso);
  const days = daysFromCivil(year, month, day);
  return (((days * 24 + hour) * 60 + minute - offset) * 60 + second) * 1_000 + millis;
}

let lastIso: { ms: number; iso: string } | undefined;

/**
 * now.toISOString(), remembered for the last instant: every event of a batch is decided with the same
 * `now`, and formatting it is a surprisingly large share of a decision's cost.
 */
export function isoOf(now: Date): string {
  const ms = now.getTime();
  if (lastIso?.ms === ms) return lastIso.iso;
  const iso = now.toISOString();
  lastIso = { ms, iso };
  return iso;
}

let lastExpiry: { ms: number; byDays: Map<number, string> } | undefined;

/** now + days as ISO, remembered per `days` for the last `now` (offers of one batch share both). */
export function addDaysIso(now: Date, days: number): string {
  const ms = now.getTime();
  if (lastExpiry?.ms !== ms) lastExpiry = { ms, byDays: new Map() };
  let iso = lastExpiry.byDays.get(days);
  if (iso === undefined) {
    iso = new Date(ms + days * DAY_MS).toISOString();
    lastExpiry.byDays.set(days, iso);
  }
  return iso;
}

/**
 * The calendar date (YYYY-MM-DD) of a timestamp in its own offset: "2026-07-03T23:30:00-04:00" is
 * July 3rd where the payment happened, although it is already July 4th in Amsterdam. Age checks use
 * this date, so a customer turns 18 on their birthday wherever they are.
 */
export function localDateOf(isoWithOffset: string): string {
  return isoWithOffset.slice(0, 10);
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/**
 * The date (YYYY-MM-DD) on which someone born on `birthDate` reaches `years` of age. Someone born on
 * February 29th reaches it on March 1st in a non-leap year: the later of the two candidate dates, so the
 * duty-of-care exclusion never ends a day early.
 */
export function anniversary(birthDate: string, years: number): string {
  const year = Number(birthDate.slice(0, 4)) + years;
  const monthDay = birthDate.slice(5);
  const adjusted = monthDay === '02-29' && !isLeapYear(year) ? '03-01' : monthDay;
  return `${String(year).padStart(4, '0')}-${adjusted}`;
}

let lastAnniversary = { birthDate: '', years: 0, date: '' };

/** True when someone born on `birthDate` is younger than `years` on the calendar date `onDate`. */
export function isYoungerThan(birthDate: string, years: number, onDate: string): boolean {
  // Remembered for the last birth date: a customer's events in a batch are decided one after another.
  if (lastAnniversary.birthDate !== birthDate || lastAnniversary.years !== years) {
    lastAnniversary = { birthDate, years, date: anniversary(birthDate, years) };
  }
  // YYYY-MM-DD strings compare like the dates they name.
  return onDate < lastAnniversary.date;
}

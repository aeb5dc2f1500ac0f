import { hourOf } from '#archive/schema.js';
import { ARCHIVE_LOOKBACK_DAYS } from './archive.query.js';

/**
 * A query's period as the archive reads it: whole UTC hours (the archive's clear times are hourly,
 * shared/archive/schema.ts). `from` widens to the start of its hour, `to` (inclusive) to the end of its
 * hour; without `from`, everything the archive still keeps (ARCHIVE_LOOKBACK_DAYS); without `to`, up to
 * now. The answer states the widened bounds, so the reader sees what was counted.
 */
export interface HourlyPeriod {
  /** `YYYY-MM-DDTHH`, inclusive. */
  readonly fromHour: string;
  /** `YYYY-MM-DDTHH`, exclusive. */
  readonly toHour: string;
  /** The same bounds as instants: the first millisecond of the first hour, the last of the last hour. */
  readonly from: string;
  readonly to: string;
  /** The last archive day a payment of the period may have been decided on (replays): tomorrow, UTC. */
  readonly decidedUntilDay: string;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export function hourlyPeriod(
  period: { readonly from?: string | undefined; readonly to?: string | undefined },
  now: Date,
): HourlyPeriod {
  const fromHour = hourOf(period.from ?? new Date(now.getTime() - ARCHIVE_LOOKBACK_DAYS * DAY_MS));
  const lastHour = hourOf(period.to ?? now);
  const toHour = hourOf(new Date(Date.parse(`${lastHour}:00:00.000Z`) + HOUR_MS));
  return {
    fromHour,
    toHour,
    from: `${fromHour}:00:00.000Z`,
    to: `${lastHour}:59:59.999Z`,
    decidedUntilDay: new Date(now.getTime() + DAY_MS).toISOString().slice(0, 10),
  };
}

import type { ClockGuard } from '#core/clock-guard.js';
import type { SettingValues } from './settings.js';

/** The clock guard built from a function's validated settings (./settings.ts), once at cold start. */

/** The future-skew part of the clock guard, for the functions that judge instants of changes and feedback. */
export function futureSkewFrom(
  settings: SettingValues<'MAX_FUTURE_SKEW_SECONDS'>,
): Pick<ClockGuard, 'maxFutureSkewSeconds'> {
  return { maxFutureSkewSeconds: settings.MAX_FUTURE_SKEW_SECONDS };
}

export function clockGuardFrom(
  settings: SettingValues<'MAX_FUTURE_SKEW_SECONDS' | 'STALE_EVENT_HORIZON_DAYS'>,
): ClockGuard {
  return {
    maxFutureSkewSeconds: settings.MAX_FUTURE_SKEW_SECONDS,
    staleEventHorizonDays: settings.STALE_EVENT_HORIZON_DAYS,
  };
}

/**
 * Instants that come from outside (a payment's `occurredAt`, a consent or CRM change's `at`, a feedback
 * event's `at`) are checked against the time the pipeline received them, so that nobody can game caps,
 * cooldowns or consent ordering with a date in the future or a long-past payment.
 *
 * Pure: the receive time is an argument, never the clock.
 */

import { instantMs } from './time.js';

/** How far ahead of the receive time an outside instant may be (clock skew between systems). */
export const DEFAULT_MAX_FUTURE_SKEW_SECONDS = 300;
/** A payment older than this, at receive time, is decided without an offer (`stale_event`). */
export const DEFAULT_STALE_EVENT_HORIZON_DAYS = 30;

export interface ClockGuard {
  /** Largest allowed lead of an outside instant over the receive time, in seconds. */
  readonly maxFutureSkewSeconds: number;
  /** Largest allowed age of a payment at receive time, in days. */
  readonly staleEventHorizonDays: number;
}

export const DEFAULT_CLOCK_GUARD: ClockGuard = Object.freeze({
  maxFutureSkewSeconds: DEFAULT_MAX_FUTURE_SKEW_SECONDS,
  staleEventHorizonDays: DEFAULT_STALE_EVENT_HORIZON_DAYS,
});

export type InstantCheck = 'ok' | 'future' | 'stale';

/**
 * Where an outside instant stands against the receive time: 'future' beyond the skew (refuse it with a
 * field error), 'stale' older than the horizon (only meaningful for payments), otherwise 'ok'.
 */
export function checkInstant(instantMs: number, receivedAtMs: number, guard: ClockGuard): InstantCheck {
  if (!Number.isFinite(instantMs)) return 'future';
  if (instantMs - receivedAtMs > guard.maxFutureSkewSeconds * 1000) return 'future';
  if (receivedAtMs - instantMs > guard.staleEventHorizonDays * 86_400_000) return 'stale';
  return 'ok';
}

/** The field error for an instant beyond the skew: names the limit, never echoes other fields. */
export function futureInstantMessage(guard: ClockGuard): string {
  return `expected an instant no later than ${guard.maxFutureSkewSeconds} s after the time it was received`;
}

/** A refused field: its path and what was expected (never the value). */
export interface FieldProblem {
  readonly field: string;
  readonly expected: string;
}

/**
 * The problem with an outside instant (a payment's `occurredAt`, a consent or CRM change's `at`, a
 * feedback `at`) beyond the future skew of the time it was received, or undefined when it is acceptable.
 * Age is judged separately (`checkInstant`'s 'stale', for payments only): an old change is still evidence.
 */
export function futureInstantProblem(
  field: string,
  instant: string,
  receivedAt: Date,
  guard: Pick<ClockGuard, 'maxFutureSkewSeconds'>,
): FieldProblem | undefined {
  const skewOnly: ClockGuard = {
    maxFutureSkewSeconds: guard.maxFutureSkewSeconds,
    staleEventHorizonDays: Number.POSITIVE_INFINITY,
  };
  return checkInstant(instantMs(instant), receivedAt.getTime(), skewOnly) === 'future'
    ? { field, expected: futureInstantMessage(skewOnly) }
    : undefined;
}

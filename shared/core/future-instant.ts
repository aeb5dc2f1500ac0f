import { type ClockGuard, checkInstant, futureInstantMessage } from './clock-guard.js';
import { instantMs } from './time.js';

/** A refused field: its path and what was expected (never the value). */
export interface FieldProblem {
  readonly field: string;
  readonly expected: string;
}

/**
 * The problem with an outside instant (a consent or CRM change's `at`, a feedback `at`) that lies beyond the
 * future skew of the time the pipeline received it, or undefined when it is acceptable. Age is not judged
 * here: an old change is still evidence and simply loses by its instant.
 */
export function futureInstantProblem(
  field: string,
  instant: string,
  receivedAt: Date,
  guard: Pick<ClockGuard, 'maxFutureSkewSeconds'>,
): FieldProblem | undefined {
  const full: ClockGuard = {
    maxFutureSkewSeconds: guard.maxFutureSkewSeconds,
    staleEventHorizonDays: Number.POSITIVE_INFINITY,
  };
  return checkInstant(instantMs(instant), receivedAt.getTime(), full) === 'future'
    ? { field, expected: futureInstantMessage(full) }
    : undefined;
}

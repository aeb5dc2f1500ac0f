import * as z from 'zod';
import {
  type ClockGuard,
  DEFAULT_MAX_FUTURE_SKEW_SECONDS,
  DEFAULT_STALE_EVENT_HORIZON_DAYS,
} from '#core/clock-guard.js';
import { ConfigurationError } from '#shared/errors.js';

/**
 * Reads and validates a handler's environment once, at cold start. A bad or missing variable stops the
 * function with a message that names every offending variable and what was expected.
 */
export function readEnv<T extends z.ZodType>(schema: T, env: NodeJS.ProcessEnv = process.env): z.output<T> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(env)'}: ${issue.message}`);
  throw new ConfigurationError(`Invalid environment:\n  ${problems.join('\n  ')}`);
}

export const nonEmpty = (what: string) => z.string({ error: `expected ${what}` }).min(1, `expected ${what}`);

export const positiveIntFromEnv = (what: string, fallback: number) =>
  z.coerce
    .number({ error: `expected ${what} (a whole number)` })
    .int(`expected ${what} (a whole number)`)
    .positive(`expected ${what} (greater than 0)`)
    .default(fallback);

/**
 * The clock guard every consumer of outside instants reads (payments, consent and CRM changes, feedback):
 * MAX_FUTURE_SKEW_SECONDS and STALE_EVENT_HORIZON_DAYS, declared once here.
 */
export const ClockGuardEnv = z.object({
  MAX_FUTURE_SKEW_SECONDS: positiveIntFromEnv(
    'the allowed clock skew in seconds',
    DEFAULT_MAX_FUTURE_SKEW_SECONDS,
  ),
  STALE_EVENT_HORIZON_DAYS: positiveIntFromEnv(
    'the age in days after which a payment is stale',
    DEFAULT_STALE_EVENT_HORIZON_DAYS,
  ),
});

export function clockGuardFrom(env: z.output<typeof ClockGuardEnv>): ClockGuard {
  return {
    maxFutureSkewSeconds: env.MAX_FUTURE_SKEW_SECONDS,
    staleEventHorizonDays: env.STALE_EVENT_HORIZON_DAYS,
  };
}

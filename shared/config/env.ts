import * as z from 'zod';
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

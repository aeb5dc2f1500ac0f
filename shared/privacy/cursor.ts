import type * as z from 'zod';
import { sha256Hex } from '#core/hash.js';

/** A cursor that this API did not issue, or one issued for another query. */
export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
}

/** A short fingerprint of what a cursor is valid for (the query's filters and period, not its page size). */
export function queryFingerprint(parts: Readonly<Record<string, string | undefined>>): string {
  const normalized = Object.keys(parts)
    .sort()
    .map((key) => [key, parts[key] ?? null]);
  return sha256Hex(JSON.stringify(normalized)).slice(0, 16);
}

/** base64url(JSON): opaque to callers, who must pass it back unchanged. */
export function sealCursor<T extends { readonly q: string }>(body: T): string {
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
}

/**
 * The body of a cursor sealed by `sealCursor`, checked against its schema (and `valid`, for what a schema
 * cannot say) and bound to the query: a cursor of another query, or one not issued here, is refused.
 */
export function openCursor<T extends { readonly q: string }>(
  cursor: string,
  schema: z.ZodType<T>,
  fingerprint: string,
  valid: (body: T) => boolean = () => true,
): T {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError('The cursor is not one this API issued.');
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success || !valid(parsed.data)) {
    throw new InvalidCursorError('The cursor is not one this API issued.');
  }
  if (parsed.data.q !== fingerprint) {
    throw new InvalidCursorError('The cursor belongs to a query with other filters or another period.');
  }
  return parsed.data;
}

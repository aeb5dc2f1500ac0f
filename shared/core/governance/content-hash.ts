import { sha256Hex } from '#core/hash.js';
import type { JsonObject } from './model.js';

/**
 * A version's content hash: SHA-256 (hex) of its canonical JSON — object keys sorted at every depth, no
 * whitespace — so the order in which an author wrote the keys never changes it, and any change of a
 * value does. An approval names this hash; a version goes live only while its content still has it.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function contentHash(content: JsonObject): string {
  return sha256Hex(canonicalJson(content));
}

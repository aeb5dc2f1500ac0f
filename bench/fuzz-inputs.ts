import fc from 'fast-check';
import { isWellFormedText } from '#core/identifiers.js';

/**
 * Inputs of the fuzz suite: arbitrary junk mixed with near-valid inputs (a valid shape with one field
 * broken), so that the fuzz gets past the first check and reaches the handlers' deeper paths. Every
 * unknown key planted here contains CANARY, so a log line that echoes a key can be found.
 */

export const CANARY = 'fuzz-canary@example.org';

/** Percent-encodes a path segment the way a client must (`/` → %2F, `.` → %2E, UTF-8 for the rest). */
export const encodeSegment = (text: string): string => encodeURIComponent(text).replace(/\./g, '%2E');

/** Bytes a client library cannot send raw (controls, space, beyond ASCII) percent-encoded, the rest kept. */
export const sendable = (target: string): string =>
  [...target]
    .map((c) => {
      const code = c.codePointAt(0) ?? 0;
      if (code > 0x20 && code < 0x7f) return c;
      return isWellFormedText(c) ? encodeURIComponent(c) : '%ED%A0%80';
    })
    .join('');

/** Any customer id the pipeline accepts (1–64 UTF-16 units, well-formed). */
export const anyCustomerId = fc
  .string({ unit: 'binary', minLength: 1, maxLength: 40 })
  .filter((s) => s.length >= 1 && s.length <= 64 && isWellFormedText(s));

const nastyIds = fc.constantFrom(
  'a b',
  'x@y.nl',
  'klänt',
  'a/b',
  'a+b',
  '100%',
  '..',
  '.',
  '😀',
  'a?b#c',
  '\t',
);

/** A path segment: a valid id (encoded), a known one, or junk the gateway must refuse without failing. */
export function segment(known: readonly string[]) {
  return fc.oneof(
    { weight: 4, arbitrary: anyCustomerId.map(encodeSegment) },
    { weight: 2, arbitrary: nastyIds.map(encodeSegment) },
    { weight: 3, arbitrary: fc.constantFrom(...(known.length > 0 ? known : ['c-1'])).map(encodeSegment) },
    {
      weight: 3,
      arbitrary: fc.constantFrom(
        '%',
        '%zz',
        '%E0%A4',
        '%C0%AF',
        '%ED%A0%80',
        '%FF',
        'x'.repeat(65),
        encodeSegment('x'.repeat(65)),
        '%00',
        '[',
        '%2F%2F',
      ),
    },
    { weight: 1, arbitrary: fc.string({ maxLength: 12 }).map(sendable) },
  );
}

export const hex32 = fc.string({
  unit: fc.constantFrom(...'0123456789abcdef'),
  minLength: 32,
  maxLength: 32,
});

export const methodOf = (usual: string) =>
  fc.oneof(
    { weight: 12, arbitrary: fc.constant(usual) },
    {
      weight: 1,
      arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'FROB'),
    },
  );

/** A query string: junk, unknown parameters (named with the canary), bad escapes, or the given pairs. */
export function queryString(pairs: fc.Arbitrary<Record<string, string>> = fc.constant({})) {
  const encodePairs = (record: Record<string, string>) =>
    Object.entries(record)
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
      .join('&');
  return fc.oneof(
    { weight: 6, arbitrary: pairs.map(encodePairs) },
    { weight: 1, arbitrary: pairs.map((p) => encodePairs({ ...p, [CANARY]: 'x' })) },
    { weight: 1, arbitrary: fc.constantFrom('x=%', '%zz=1', 'a=%E0%A4', '&&=&', 'a=1&a=2', '') },
    { weight: 1, arbitrary: fc.string({ maxLength: 20 }).map(sendable) },
  );
}

export const instant = fc.oneof(
  fc.constant(() => new Date().toISOString()),
  fc.constant(() => new Date(Date.now() - 3_600_000).toISOString()),
  fc.constantFrom(
    () => '2099-01-01T00:00:00Z',
    () => '1970-01-01T00:00:00Z',
    () => '2026-13-01T00:00:00Z',
    () => 'yesterday',
    () => '2026-07-03T14:22:05',
  ),
);

/** Junk JSON texts and non-JSON bodies. */
export const junkBody = fc.oneof(
  fc.json().map((text) => text),
  fc.string({ maxLength: 50 }),
  fc.constantFrom('', '{', '[]', 'null', '"x"', '{"a":1,"a":2}', `{"${CANARY}":1}`, '\u0000', '{}'),
  fc.uint8Array({ maxLength: 40 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
  fc.constant(`{"x":"${'y'.repeat(20_000)}"}`),
  fc.constant(`${'['.repeat(5000)}${']'.repeat(5000)}`),
);

/** Replaces one field of a valid object: a wrong type, an out-of-range value, removal, or an unknown key. */
export function breakOneField(valid: Record<string, unknown>) {
  const keys = Object.keys(valid);
  const wrong = fc.oneof(
    fc.constant(undefined),
    fc.constant(null),
    fc.integer(),
    fc.string({ maxLength: 5 }),
    fc.constant('x'.repeat(300)),
    fc.array(fc.integer(), { maxLength: 2 }),
    fc.constant({}),
    fc.boolean(),
  );
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant(valid) },
    {
      weight: 6,
      arbitrary: fc.tuple(fc.constantFrom(...keys), wrong).map(([key, value]) => {
        const copy: Record<string, unknown> = { ...valid };
        if (value === undefined) delete copy[key];
        else copy[key] = value;
        return copy;
      }),
    },
    { weight: 2, arbitrary: fc.constant({ ...valid, [CANARY]: 'unknown' }) },
  );
}

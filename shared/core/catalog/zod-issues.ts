import * as z from 'zod';
import type { JsonPathSegment } from '#core/json-source.js';
import { type CatalogIssue, describeFound, valueAt } from './problems.js';

/**
 * zod's issues in the catalog's words. What a field expects is written once, as the field's description
 * in ./schemas.ts ("a whole number of days from 1 to 30"); an enum without one lists its options. What
 * was found is read from the input itself ("missing", "\"x\"", "a list of 3").
 */

type ZodIssue = z.core.$ZodIssue;

const quoted = (values: readonly unknown[]): string => values.map((v) => JSON.stringify(v)).join(', ');

/** The schema a path leads to, through objects, lists, records and optional fields. */
function schemaAt(schema: z.ZodType, path: readonly PropertyKey[]): z.ZodType | undefined {
  let current: z.ZodType | undefined = schema;
  for (const segment of path) {
    current = current === undefined ? undefined : step(unwrap(current), segment);
  }
  return current;
}

function step(schema: z.ZodType, segment: PropertyKey): z.ZodType | undefined {
  if (schema instanceof z.ZodObject && typeof segment === 'string') {
    return (schema.shape as Record<string, z.ZodType>)[segment];
  }
  if (schema instanceof z.ZodArray && typeof segment === 'number') return schema.element as z.ZodType;
  if (schema instanceof z.ZodRecord) return schema.valueType as z.ZodType;
  return undefined;
}

function unwrap(schema: z.ZodType): z.ZodType {
  return schema instanceof z.ZodOptional ? unwrap(schema.unwrap() as z.ZodType) : schema;
}

function describedAs(schema: z.ZodType | undefined): string | undefined {
  if (schema === undefined) return undefined;
  if (schema.description !== undefined) return schema.description;
  const inner = unwrap(schema);
  if (inner.description !== undefined) return inner.description;
  if (inner instanceof z.ZodEnum) return `one of ${quoted(inner.options)}`;
  return undefined;
}

function fromMessage(message: string): string {
  return message.startsWith('expected ') ? message.slice('expected '.length) : message;
}

function expectedOf(root: z.ZodType, issue: ZodIssue): string {
  const described = describedAs(schemaAt(root, issue.path));
  if (described !== undefined) return described;
  if (issue.code === 'invalid_value') return `one of ${quoted(issue.values)}`;
  return fromMessage(issue.message);
}

function segments(path: readonly PropertyKey[]): JsonPathSegment[] {
  return path.map((part) => (typeof part === 'number' ? part : String(part)));
}

/** The closest known name to a misspelt one (a few edits apart for its length, or equal ignoring case). */
export function closest(name: string, known: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = candidate.toLowerCase() === name.toLowerCase() ? 0 : editDistance(name, candidate);
    // Two edits in a long name is a typo; in a three-letter one it is another word.
    const limit = Math.min(2, Math.floor(Math.max(name.length, candidate.length) / 3));
    if (distance <= limit && (best === undefined || distance < best.distance))
      best = { name: candidate, distance };
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** An unknown field: named at its key, with the fields that are allowed there. */
export function unknownFieldIssue(
  path: readonly JsonPathSegment[],
  key: string,
  known: readonly string[],
): CatalogIssue {
  const suggestion = closest(key, known);
  return {
    path: [...path, key],
    onKey: true,
    expected: `one of the fields ${quoted(known)}`,
    found: `an unknown field${suggestion === undefined ? '' : ` (did you mean ${JSON.stringify(suggestion)}?)`}`,
  };
}

/** Every issue of a failed safeParse of `input` against `schema`, in words, with path prefix `at`. */
export function zodIssues(
  schema: z.ZodType,
  input: unknown,
  error: z.ZodError,
  at: readonly JsonPathSegment[] = [],
): CatalogIssue[] {
  return error.issues.flatMap((issue): CatalogIssue[] => {
    const path = segments(issue.path);
    if (issue.code === 'unrecognized_keys') {
      const parent = unwrap(schemaAt(schema, issue.path) ?? schema);
      const known = parent instanceof z.ZodObject ? Object.keys(parent.shape) : [];
      return issue.keys.map((key) => unknownFieldIssue([...at, ...path], key, known));
    }
    if (issue.code === 'invalid_key') {
      const [first] = issue.issues;
      return [
        {
          path: [...at, ...path],
          onKey: true,
          expected: `a name that is ${first === undefined ? 'valid here' : fromMessage(first.message)}`,
          found: JSON.stringify(String(path[path.length - 1] ?? '')),
        },
      ];
    }
    return [
      {
        path: [...at, ...path],
        expected: expectedOf(schema, issue),
        found: describeFound(valueAt(input, path)),
      },
    ];
  });
}

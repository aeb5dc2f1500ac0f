import { type JsonDocument, type JsonPathSegment, positionOf } from '#core/json-source.js';

/**
 * A catalog problem as a product team reads it: where (file, line, column), which field, what was
 * expected in words and what was found, e.g.
 *   catalog/triggers/foo.json:14:3: offerId: expected an offer id defined in catalog/offers.json
 *   ("credit-card", "savings-account"), got "moon-cover"
 *   catalog/offers.json:9:5: offers[1].validityDays: required, a whole number of days from 1 to 30; missing
 */
export interface CatalogProblem {
  readonly file: string;
  /** 1-based; absent only when the file's text is unknown (unreadable, or values given without text). */
  readonly line?: number;
  readonly column?: number;
  /** The field's path in the file, e.g. "condition.all[1].field"; "(file)" for the file as a whole. */
  readonly field: string;
  /** The same path as segments (["condition", "all", 1, "field"]; [] for the file), when it is known. */
  readonly path?: readonly JsonPathSegment[];
  /** What was expected, in words ("one of "a", "b"", "a whole number of days from 1 to 30"). */
  readonly expected: string;
  /** What was there ("missing", "\"x\"", "a list"); absent for a rule rather than a value. */
  readonly found?: string;
}

/** A problem before it has a position: the field as a path, so it can be found in the JSON text. */
export interface CatalogIssue {
  readonly path: readonly JsonPathSegment[];
  readonly expected: string;
  readonly found?: string;
  /** Point at the field's name rather than its value (an unknown or repeated field). */
  readonly onKey?: boolean;
}

export const MISSING = 'missing';

/** A field path as written in messages: condition.all[1].field; a key that is not a name is quoted. */
export function formatPath(path: readonly JsonPathSegment[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(part)) out += `${out === '' ? '' : '.'}${part}`;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out === '' ? '(file)' : out;
}

/** A value as shown in "got ...": texts quoted (shortened), other kinds named. */
export function describeFound(value: unknown): string {
  if (value === undefined) return MISSING;
  if (value === null) return 'null';
  if (typeof value === 'string') {
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : `a list of ${value.length}`;
  return typeof value === 'object' ? 'an object' : typeof value;
}

/** The value at a path in a parsed document, or undefined. */
export function valueAt(root: unknown, path: readonly JsonPathSegment[]): unknown {
  let value = root;
  for (const segment of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    if (!Object.hasOwn(value, segment)) return undefined;
    value = (value as Record<string | number, unknown>)[segment];
  }
  return value;
}

/** One line per problem: "file:line:column: field: expected ..., got ...". */
export function formatProblem(problem: CatalogProblem): string {
  const where =
    problem.line === undefined ? problem.file : `${problem.file}:${problem.line}:${problem.column ?? 1}`;
  return `${where}: ${problem.field}: ${describeProblem(problem)}`;
}

function describeProblem({ expected, found }: CatalogProblem): string {
  if (found === undefined) return expected;
  if (found === MISSING) return `required, ${expected}; missing`;
  return `expected ${expected}, got ${found}`;
}

/** Stable order: by file, then line, then column; problems at one place keep the order found. */
export function sortProblems(problems: readonly CatalogProblem[]): CatalogProblem[] {
  const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return problems
    .map((problem, index) => ({ problem, index }))
    .sort(
      (a, b) =>
        compare(a.problem.file, b.problem.file) ||
        (a.problem.line ?? 0) - (b.problem.line ?? 0) ||
        (a.problem.column ?? 0) - (b.problem.column ?? 0) ||
        a.index - b.index,
    )
    .map(({ problem }) => problem);
}

/** An issue placed in its file: at its node when the text is known, by field path alone otherwise. */
export function placeIssue(file: string, issue: CatalogIssue, document?: JsonDocument): CatalogProblem {
  const position = document === undefined ? {} : positionOf(document, issue.path, issue.onKey === true);
  return {
    file,
    ...position,
    field: formatPath(issue.path),
    path: issue.path,
    expected: issue.expected,
    ...(issue.found === undefined ? {} : { found: issue.found }),
  };
}

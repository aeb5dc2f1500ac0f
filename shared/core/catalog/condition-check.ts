import type { JsonPathSegment } from '#core/json-source.js';
import type { Condition, ConditionContext } from './condition.js';
import {
  checkValue,
  FIELD_PATHS,
  FIELDS,
  type FieldKind,
  fieldsOfKind,
  isFieldPath,
  isOrdered,
} from './fields.js';
import { knownProductsExpectation } from './parse-entries.js';
import { type CatalogIssue, describeFound } from './problems.js';
import { unknownFieldIssue } from './zod-issues.js';

/**
 * Validation of an untrusted condition (the language is described in ./condition.ts). Done by hand
 * rather than with a zod union: a union can only say "invalid input" at the node, while product teams
 * need to hear "condition.all[1].field: expected one of ..., got "merchant.land"". Every issue carries
 * the path of the node it is about, so it can be placed at its line and column in the file.
 */

export const COMBINATORS = ['all', 'any', 'not'] as const;
export const HOLDING_OPS = ['holds', 'holdsAny', 'holdsNone'] as const;
export const FIELD_OPS = [
  'equals',
  'in',
  'notIn',
  'gte',
  'lte',
  'between',
  'equalsIgnoreCase',
  'containsIgnoreCase',
  'inRegion',
  'notInRegion',
] as const;
const OPERATORS: readonly string[] = [...COMBINATORS, ...HOLDING_OPS, ...FIELD_OPS];
const KEYS: readonly string[] = ['field', ...OPERATORS];
export const MAX_DEPTH = 32;

const quoted = (values: readonly string[]): string => values.map((v) => `"${v}"`).join(', ');

/** A product code of the catalog (products.json); the problem lists the known ones. */
function checkProduct(code: unknown, path: Path, ctx: ConditionContext, issues: CatalogIssue[]): void {
  if (typeof code === 'string' && (ctx.products.has(code) || ctx.productsKnown === false)) return;
  issues.push({ path, expected: knownProductsExpectation(ctx.products), found: describeFound(code) });
}

type Path = readonly JsonPathSegment[];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Validates an untrusted condition, appending an issue per problem; true when it is well formed. */
export function checkCondition(
  node: unknown,
  ctx: ConditionContext,
  issues: CatalogIssue[],
  path: Path = ['condition'],
): node is Condition {
  const before = issues.length;
  checkNode(node, path, ctx, issues, 0);
  return issues.length === before;
}

function checkNode(
  node: unknown,
  path: Path,
  ctx: ConditionContext,
  issues: CatalogIssue[],
  depth: number,
): void {
  if (depth > MAX_DEPTH) {
    issues.push({ path, expected: `conditions nested at most ${MAX_DEPTH} levels deep`, found: 'deeper' });
    return;
  }
  if (!isPlainObject(node)) {
    issues.push({
      path,
      expected:
        'a condition object such as {"all": [...]}, {"field": "amount.minor", "gte": 100000} or {"holds": "credit-card"}',
      found: describeFound(node),
    });
    return;
  }
  const keys = Object.keys(node);
  const unknown = keys.filter((key) => !KEYS.includes(key));
  for (const key of unknown) issues.push(unknownFieldIssue(path, key, KEYS));
  if (unknown.length > 0) return;
  const ops = keys.filter((key) => key !== 'field');
  const op = ops[0];
  if (op === undefined || ops.length > 1) {
    issues.push({
      path,
      expected: `exactly one operator (${quoted(OPERATORS)})`,
      found: ops.length === 0 ? 'none' : quoted(ops),
    });
    return;
  }
  const value = node[op];
  if ((COMBINATORS as readonly string[]).includes(op) || (HOLDING_OPS as readonly string[]).includes(op)) {
    if ('field' in node)
      issues.push({ path: [...path, 'field'], onKey: true, expected: `not allowed with "${op}"` });
    checkStructural(op, value, [...path, op], ctx, issues, depth);
    return;
  }
  checkFieldOperator(op, node.field, value, path, ctx, issues);
}

function checkStructural(
  op: string,
  value: unknown,
  path: Path,
  ctx: ConditionContext,
  issues: CatalogIssue[],
  depth: number,
): void {
  switch (op) {
    case 'all':
    case 'any':
      if (!Array.isArray(value) || value.length === 0) {
        issues.push({ path, expected: 'a non-empty list of conditions', found: describeFound(value) });
        return;
      }
      value.forEach((child, index) => {
        checkNode(child, [...path, index], ctx, issues, depth + 1);
      });
      return;
    case 'not':
      checkNode(value, path, ctx, issues, depth + 1);
      return;
    case 'holds':
      checkProduct(value, path, ctx, issues);
      return;
    default:
      if (!Array.isArray(value) || value.length === 0) {
        issues.push({ path, expected: 'a non-empty list of product codes', found: describeFound(value) });
        return;
      }
      value.forEach((code, index) => {
        checkProduct(code, [...path, index], ctx, issues);
      });
  }
}

function checkFieldOperator(
  op: string,
  field: unknown,
  value: unknown,
  path: Path,
  ctx: ConditionContext,
  issues: CatalogIssue[],
): void {
  if (!isFieldPath(field)) {
    issues.push({
      path: [...path, 'field'],
      expected: `the field "${op}" compares: one of ${quoted(FIELD_PATHS)}`,
      found: describeFound(field),
    });
    return;
  }
  const kind = FIELDS[field].kind;
  const at: Path = [...path, op];
  const checkOne = (v: unknown, where: Path): void => {
    const expected = checkValue(kind, v);
    if (expected !== undefined) {
      issues.push({ path: where, expected: `${expected} for field "${field}"`, found: describeFound(v) });
    }
  };
  const requireKind = (ok: (k: FieldKind) => boolean, what: string): boolean => {
    if (ok(kind)) return true;
    issues.push({
      path: at,
      onKey: true,
      expected: `operator "${op}" needs ${what} (${fieldsOfKind(ok)}); "${field}" is not one`,
    });
    return false;
  };
  switch (op) {
    case 'equals':
      checkOne(value, at);
      return;
    case 'in':
    case 'notIn':
      if (!Array.isArray(value) || value.length === 0) {
        issues.push({ path: at, expected: 'a non-empty list of values', found: describeFound(value) });
        return;
      }
      value.forEach((v, index) => {
        checkOne(v, [...at, index]);
      });
      return;
    case 'gte':
    case 'lte':
      if (requireKind(isOrdered, 'an ordered field')) checkOne(value, at);
      return;
    case 'between':
      if (!requireKind(isOrdered, 'an ordered field')) return;
      if (!Array.isArray(value) || value.length !== 2) {
        issues.push({
          path: at,
          expected: 'a list [lowest, highest] (both inclusive)',
          found: describeFound(value),
        });
        return;
      }
      checkOne(value[0], [...at, 0]);
      checkOne(value[1], [...at, 1]);
      if (isReversed(value[0], value[1])) {
        issues.push({
          path: at,
          expected: '[lowest, highest] with the lowest value first',
          found: JSON.stringify(value),
        });
      }
      return;
    case 'equalsIgnoreCase':
    case 'containsIgnoreCase':
      if (requireKind((k) => k === 'text', 'a text field')) checkOne(value, at);
      return;
    default:
      if (!requireKind((k) => k === 'country', 'a country field')) return;
      if (typeof value !== 'string' || (!ctx.regions.has(value) && ctx.regionsKnown !== false)) {
        issues.push({
          path: at,
          expected: `a region defined in regions.json (${quoted([...ctx.regions.keys()])})`,
          found: describeFound(value),
        });
      }
  }
}

function isReversed(low: unknown, high: unknown): boolean {
  if (typeof low === 'number' && typeof high === 'number') return low > high;
  if (typeof low === 'string' && typeof high === 'string') return low > high;
  return false;
}

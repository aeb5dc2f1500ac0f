import { type Holdings, holdingsOf, PRODUCT_CODES, type ProductCode, productBit } from '../customer.js';
import type { PaymentEvent } from '../payment-event.js';
import {
  checkValue,
  FIELD_PATHS,
  FIELDS,
  type FieldKind,
  type FieldPath,
  fieldsOfKind,
  isFieldPath,
  isOrdered,
} from './fields.js';

/**
 * The trigger condition language: small, declarative JSON that a product team can read and a privacy
 * officer can approve. Every node has exactly one operator:
 *
 *   {"all": [c, ...]}  {"any": [c, ...]}  {"not": c}
 *   {"field": F, "equals": v}  {"field": F, "in": [v, ...]}  {"field": F, "notIn": [v, ...]}
 *   {"field": F, "gte": v}  {"field": F, "lte": v}  {"field": F, "between": [lo, hi]}   (inclusive)
 *   {"field": F, "equalsIgnoreCase": s}  {"field": F, "containsIgnoreCase": s}          (text fields)
 *   {"field": F, "inRegion": r}  {"field": F, "notInRegion": r}                         (country fields)
 *   {"holds": p}  {"holdsAny": [p, ...]}  {"holdsNone": [p, ...]}                        (customer holdings)
 *
 * Values are typed by the field: amounts are integers in minor units, currencies and countries are
 * ISO codes, merchant category codes are 4-digit strings (so {"between": ["3000", "3350"]} reads as the
 * airline range). A field the event does not carry (no balanceAfter, no merchant) satisfies no field
 * operator, not even notIn / notInRegion; wrap in "not" to mean "absent or different".
 *
 * Conditions are validated by hand rather than with a zod union: a union can only say "invalid input"
 * at the node, while product teams need to hear "condition.all[1].field: expected one of ...".
 */

type Scalar = string | number;

export type Condition =
  | { readonly all: readonly Condition[] }
  | { readonly any: readonly Condition[] }
  | { readonly not: Condition }
  | { readonly field: FieldPath; readonly equals: Scalar }
  | { readonly field: FieldPath; readonly in: readonly Scalar[] }
  | { readonly field: FieldPath; readonly notIn: readonly Scalar[] }
  | { readonly field: FieldPath; readonly gte: Scalar }
  | { readonly field: FieldPath; readonly lte: Scalar }
  | { readonly field: FieldPath; readonly between: readonly [Scalar, Scalar] }
  | { readonly field: FieldPath; readonly equalsIgnoreCase: string }
  | { readonly field: FieldPath; readonly containsIgnoreCase: string }
  | { readonly field: FieldPath; readonly inRegion: string }
  | { readonly field: FieldPath; readonly notInRegion: string }
  | { readonly holds: ProductCode }
  | { readonly holdsAny: readonly ProductCode[] }
  | { readonly holdsNone: readonly ProductCode[] };

/** A compiled condition: the event, and the customer's holdings as a mask (see holdingsOf). */
export type Matcher = (event: PaymentEvent, holdings: Holdings) => boolean;

export interface ConditionContext {
  readonly regions: ReadonlyMap<string, ReadonlySet<string>>;
  /** False when regions.json itself is broken: then "unknown region" errors would only be noise. */
  readonly regionsKnown?: boolean;
}

const COMBINATORS = ['all', 'any', 'not'] as const;
const HOLDING_OPS = ['holds', 'holdsAny', 'holdsNone'] as const;
const FIELD_OPS = [
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
const MAX_DEPTH = 32;

const productCodes: ReadonlySet<unknown> = new Set(PRODUCT_CODES);
const quoted = (values: readonly string[]): string => values.map((v) => `"${v}"`).join(', ');

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Validates an untrusted condition, appending "path: message" errors; true when it is well formed. */
export function checkCondition(
  node: unknown,
  path: string,
  ctx: ConditionContext,
  errors: string[],
  depth = 0,
): node is Condition {
  const before = errors.length;
  checkNode(node, path, ctx, errors, depth);
  return errors.length === before;
}

function checkNode(
  node: unknown,
  path: string,
  ctx: ConditionContext,
  errors: string[],
  depth: number,
): void {
  if (depth > MAX_DEPTH) {
    errors.push(`${path}: conditions may nest at most ${MAX_DEPTH} levels deep`);
    return;
  }
  if (!isPlainObject(node)) {
    errors.push(
      `${path}: expected a condition object such as {"all": [...]}, ` +
        '{"field": "amount.minor", "gte": 100000} or {"holds": "credit-card"}',
    );
    return;
  }
  const keys = Object.keys(node);
  const unknown = keys.filter((key) => !KEYS.includes(key));
  for (const key of unknown) errors.push(`${path}.${key}: unknown key; expected one of ${quoted(KEYS)}`);
  if (unknown.length > 0) return;
  const ops = keys.filter((key) => key !== 'field');
  const op = ops[0];
  if (op === undefined || ops.length > 1) {
    errors.push(
      `${path}: expected exactly one operator (${quoted(OPERATORS)}), found ${ops.length === 0 ? 'none' : quoted(ops)}`,
    );
    return;
  }
  const value = node[op];
  if ((COMBINATORS as readonly string[]).includes(op) || (HOLDING_OPS as readonly string[]).includes(op)) {
    if ('field' in node) errors.push(`${path}.field: not allowed with "${op}"`);
    checkStructural(op, value, `${path}.${op}`, ctx, errors, depth);
    return;
  }
  checkFieldOperator(op, node.field, value, path, ctx, errors);
}

function checkStructural(
  op: string,
  value: unknown,
  path: string,
  ctx: ConditionContext,
  errors: string[],
  depth: number,
): void {
  switch (op) {
    case 'all':
    case 'any':
      if (!Array.isArray(value) || value.length === 0) {
        errors.push(`${path}: expected a non-empty list of conditions`);
        return;
      }
      value.forEach((child, index) => {
        checkNode(child, `${path}[${index}]`, ctx, errors, depth + 1);
      });
      return;
    case 'not':
      checkNode(value, path, ctx, errors, depth + 1);
      return;
    case 'holds':
      if (!productCodes.has(value)) errors.push(`${path}: expected one of ${quoted(PRODUCT_CODES)}`);
      return;
    default:
      if (!Array.isArray(value) || value.length === 0) {
        errors.push(`${path}: expected a non-empty list of product codes`);
        return;
      }
      value.forEach((code, index) => {
        if (!productCodes.has(code))
          errors.push(`${path}[${index}]: expected one of ${quoted(PRODUCT_CODES)}`);
      });
  }
}

function checkFieldOperator(
  op: string,
  field: unknown,
  value: unknown,
  path: string,
  ctx: ConditionContext,
  errors: string[],
): void {
  if (field === undefined) {
    errors.push(`${path}.field: required with "${op}"; expected one of ${quoted(FIELD_PATHS)}`);
    return;
  }
  if (!isFieldPath(field)) {
    errors.push(`${path}.field: expected one of ${quoted(FIELD_PATHS)}`);
    return;
  }
  const kind = FIELDS[field].kind;
  const at = `${path}.${op}`;
  const checkOne = (v: unknown, where: string): void => {
    const expected = checkValue(kind, v);
    if (expected !== undefined) errors.push(`${where}: expected ${expected} for field "${field}"`);
  };
  const requireKind = (ok: (k: FieldKind) => boolean, what: string): boolean => {
    if (ok(kind)) return true;
    errors.push(`${at}: operator "${op}" needs ${what} (${fieldsOfKind(ok)}); "${field}" is not one`);
    return false;
  };
  switch (op) {
    case 'equals':
      checkOne(value, at);
      return;
    case 'in':
    case 'notIn':
      if (!Array.isArray(value) || value.length === 0) {
        errors.push(`${at}: expected a non-empty list of values`);
        return;
      }
      value.forEach((v, index) => {
        checkOne(v, `${at}[${index}]`);
      });
      return;
    case 'gte':
    case 'lte':
      if (requireKind(isOrdered, 'an ordered field')) checkOne(value, at);
      return;
    case 'between':
      if (!requireKind(isOrdered, 'an ordered field')) return;
      if (!Array.isArray(value) || value.length !== 2) {
        errors.push(`${at}: expected [lowest, highest] (both inclusive)`);
        return;
      }
      checkOne(value[0], `${at}[0]`);
      checkOne(value[1], `${at}[1]`);
      if (isReversed(value[0], value[1])) errors.push(`${at}: the lowest value comes first`);
      return;
    case 'equalsIgnoreCase':
    case 'containsIgnoreCase':
      if (requireKind((k) => k === 'text', 'a text field')) checkOne(value, at);
      return;
    default:
      if (!requireKind((k) => k === 'country', 'a country field')) return;
      if (typeof value !== 'string' || (!ctx.regions.has(value) && ctx.regionsKnown !== false)) {
        errors.push(`${at}: expected a region defined in regions.json (${quoted([...ctx.regions.keys()])})`);
      }
  }
}

function isReversed(low: unknown, high: unknown): boolean {
  if (typeof low === 'number' && typeof high === 'number') return low > high;
  if (typeof low === 'string' && typeof high === 'string') return low > high;
  return false;
}

// --- Compilation -------------------------------------------------------------------------------------
// Conditions become closures once, at load; deciding is then plain function calls with no parsing,
// no dispatch on operator names and no allocation.

type Getter<T> = (event: PaymentEvent) => T | undefined;

export function compileCondition(condition: Condition, ctx: ConditionContext): Matcher {
  if ('all' in condition) return allOf(condition.all.map((c) => compileCondition(c, ctx)));
  if ('any' in condition) return anyOf(condition.any.map((c) => compileCondition(c, ctx)));
  if ('not' in condition) {
    const inner = compileCondition(condition.not, ctx);
    return (event, holdings) => !inner(event, holdings);
  }
  if ('holds' in condition) {
    const bit = productBit(condition.holds);
    return (_event, holdings) => (holdings & bit) !== 0;
  }
  if ('holdsAny' in condition) {
    const bits = holdingsOf(condition.holdsAny);
    return (_event, holdings) => (holdings & bits) !== 0;
  }
  if ('holdsNone' in condition) {
    const bits = holdingsOf(condition.holdsNone);
    return (_event, holdings) => (holdings & bits) === 0;
  }
  return compileField(condition, ctx);
}

function allOf(matchers: readonly Matcher[]): Matcher {
  const [only] = matchers;
  if (matchers.length === 1 && only !== undefined) return only;
  return (event, holdings) => {
    for (const matcher of matchers) if (!matcher(event, holdings)) return false;
    return true;
  };
}

function anyOf(matchers: readonly Matcher[]): Matcher {
  const [only] = matchers;
  if (matchers.length === 1 && only !== undefined) return only;
  return (event, holdings) => {
    for (const matcher of matchers) if (matcher(event, holdings)) return true;
    return false;
  };
}

type FieldCondition = Extract<Condition, { readonly field: FieldPath }>;

let lastText = '';
let lastLower = '';

/**
 * text.toLowerCase(), remembered for the last text: many triggers test the same counterparty name of
 * the same event, and lower-casing allocates a new string each time.
 */
function lowerCase(text: string): string {
  if (text !== lastText) {
    lastText = text;
    lastLower = text.toLowerCase();
  }
  return lastLower;
}

/**
 * An inclusive range test. Validation guarantees that ranges only meet ordered fields and that the
 * bounds have the field's type: numbers for integers, 4-digit strings for MCCs (which order like the
 * numbers they spell), so each branch compares like with like.
 */
function compileRange(field: FieldPath, low: Scalar | undefined, high: Scalar | undefined): Matcher {
  const spec = FIELDS[field];
  if (spec.kind === 'integer') {
    const get = spec.get as Getter<number>;
    const lo = typeof low === 'number' ? low : Number.NEGATIVE_INFINITY;
    const hi = typeof high === 'number' ? high : Number.POSITIVE_INFINITY;
    return (event) => {
      const v = get(event);
      return v !== undefined && v >= lo && v <= hi;
    };
  }
  const get = spec.get as Getter<string>;
  const lo = typeof low === 'string' ? low : '';
  const hi = typeof high === 'string' ? high : '\uffff';
  return (event) => {
    const v = get(event);
    return v !== undefined && v >= lo && v <= hi;
  };
}

function compileField(condition: FieldCondition, ctx: ConditionContext): Matcher {
  const get: Getter<Scalar> = FIELDS[condition.field].get;
  const text = get as Getter<string>;
  if ('equals' in condition) {
    const expected = condition.equals;
    return (event) => get(event) === expected;
  }
  if ('in' in condition) {
    const set = new Set<unknown>(condition.in);
    return (event) => {
      const v = get(event);
      return v !== undefined && set.has(v);
    };
  }
  if ('notIn' in condition) {
    const set = new Set<unknown>(condition.notIn);
    return (event) => {
      const v = get(event);
      return v !== undefined && !set.has(v);
    };
  }
  if ('gte' in condition) return compileRange(condition.field, condition.gte, undefined);
  if ('lte' in condition) return compileRange(condition.field, undefined, condition.lte);
  if ('between' in condition)
    return compileRange(condition.field, condition.between[0], condition.between[1]);
  if ('equalsIgnoreCase' in condition) {
    const expected = condition.equalsIgnoreCase.toLowerCase();
    return (event) => {
      const v = text(event);
      return v !== undefined && lowerCase(v) === expected;
    };
  }
  if ('containsIgnoreCase' in condition) {
    const needle = condition.containsIgnoreCase.toLowerCase();
    return (event) => {
      const v = text(event);
      return v !== undefined && lowerCase(v).includes(needle);
    };
  }
  const regionName = 'inRegion' in condition ? condition.inRegion : condition.notInRegion;
  const region = ctx.regions.get(regionName) ?? new Set<string>();
  const inside = 'inRegion' in condition;
  return (event) => {
    const v = text(event);
    return v !== undefined && region.has(v) === inside;
  };
}

import type { Holdings, ProductCode } from '#core/customer.js';
import type { PaymentEvent } from '#core/payment-event.js';
import { FIELDS, type FieldPath } from './fields.js';

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
 * Conditions are validated by ./condition-check.ts, field by field, before they are compiled here.
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

/** A compiled condition: the event, and the customer's holdings as a set of codes (see holdingsOf). */
export type Matcher = (event: PaymentEvent, holdings: Holdings) => boolean;

export interface ConditionContext {
  readonly regions: ReadonlyMap<string, ReadonlySet<string>>;
  /** False when regions.json itself is broken: then "unknown region" errors would only be noise. */
  readonly regionsKnown?: boolean;
  /** The catalog's product codes (products.json): what holds/holdsAny/holdsNone may name. */
  readonly products: ReadonlySet<string>;
  /** False when products.json itself is broken: then "unknown product" errors would only be noise. */
  readonly productsKnown?: boolean;
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
    const code = condition.holds;
    return (_event, holdings) => holdings.has(code);
  }
  if ('holdsAny' in condition) return holdsAny([...condition.holdsAny]);
  if ('holdsNone' in condition) {
    const any = holdsAny([...condition.holdsNone]);
    return (event, holdings) => !any(event, holdings);
  }
  return compileField(condition, ctx);
}

function holdsAny(codes: readonly string[]): Matcher {
  const [only] = codes;
  if (codes.length === 1 && only !== undefined) return (_event, holdings) => holdings.has(only);
  return (_event, holdings) => {
    for (const code of codes) if (holdings.has(code)) return true;
    return false;
  };
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

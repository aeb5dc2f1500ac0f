import { EVENT_TYPES, type EventType, type PaymentEvent } from '#core/payment-event.js';
import type { Trigger } from './catalog.js';
import type { Condition } from './condition.js';
import { FIELDS, type FieldPath } from './fields.js';

/**
 * Which triggers could fire on an event, answered from the event alone and cheaply, so triggers that
 * cannot match cost nothing (and an event without candidates needs no customer read at all).
 *
 * First by event type. Then, within a type, a trigger whose condition requires an exact value of a
 * merchant category, country, currency or balance currency (as the whole condition or one conjunct of a top-level
 * "all": {"field": "merchant.mcc", "in": [...]}) is filed under those values, and only looked at when
 * the event carries one of them. Both steps are exact: they skip only triggers whose condition is
 * false for the event.
 */

/** Fields worth indexing on, most selective first. */
const GUARD_FIELDS: readonly FieldPath[] = [
  'merchant.mcc',
  'merchant.country',
  'amount.currency',
  'balanceAfter.currency',
];

interface Guard {
  readonly field: FieldPath;
  readonly values: readonly (string | number)[];
}

function guardOf(condition: Condition): Guard | undefined {
  const conjuncts = 'all' in condition ? condition.all : [condition];
  let best: Guard | undefined;
  for (const conjunct of conjuncts) {
    if (!('field' in conjunct) || !GUARD_FIELDS.includes(conjunct.field)) continue;
    const values = 'equals' in conjunct ? [conjunct.equals] : 'in' in conjunct ? conjunct.in : undefined;
    if (values === undefined) continue;
    if (best === undefined || GUARD_FIELDS.indexOf(conjunct.field) < GUARD_FIELDS.indexOf(best.field)) {
      best = { field: conjunct.field, values };
    }
  }
  return best;
}

interface FieldIndex {
  readonly get: (event: PaymentEvent) => string | number | undefined;
  readonly byValue: ReadonlyMap<string | number, readonly Trigger[]>;
}

interface TypeIndex {
  /** Triggers without a guard: always candidates for this type. */
  readonly unguarded: readonly Trigger[];
  readonly fields: readonly FieldIndex[];
}

const byId = (a: Trigger, b: Trigger): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Two id-sorted lists as one id-sorted list. */
function merge(a: readonly Trigger[], b: readonly Trigger[]): readonly Trigger[] {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const out: Trigger[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as Trigger;
    const y = b[j] as Trigger;
    if (byId(x, y) <= 0) {
      out.push(x);
      i++;
    } else {
      out.push(y);
      j++;
    }
  }
  while (i < a.length) out.push(a[i++] as Trigger);
  while (j < b.length) out.push(b[j++] as Trigger);
  return out;
}

function indexType(triggers: readonly Trigger[]): TypeIndex {
  const unguarded: Trigger[] = [];
  const guarded = new Map<FieldPath, Map<string | number, Trigger[]>>();
  for (const trigger of triggers) {
    const guard = guardOf(trigger.condition);
    if (guard === undefined) {
      unguarded.push(trigger);
      continue;
    }
    const byValue = guarded.get(guard.field) ?? new Map<string | number, Trigger[]>();
    guarded.set(guard.field, byValue);
    for (const value of new Set(guard.values)) {
      const list = byValue.get(value) ?? [];
      list.push(trigger);
      byValue.set(value, list);
    }
  }
  return {
    unguarded,
    fields: [...guarded].map(([field, byValue]) => ({ get: FIELDS[field].get, byValue })),
  };
}

export type CandidateLookup = (event: PaymentEvent) => readonly Trigger[];

/** Builds the lookup from triggers already sorted by id; its answers are sorted by id too. */
export function buildCandidateLookup(byType: ReadonlyMap<EventType, readonly Trigger[]>): CandidateLookup {
  const indexes = new Map(EVENT_TYPES.map((type) => [type, indexType(byType.get(type) ?? [])]));
  return (event) => {
    const index = indexes.get(event.type);
    if (index === undefined) return [];
    let candidates = index.unguarded;
    for (const field of index.fields) {
      const value = field.get(event);
      const hit = value === undefined ? undefined : field.byValue.get(value);
      if (hit !== undefined) candidates = merge(candidates, hit);
    }
    return candidates;
  };
}

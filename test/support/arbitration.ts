import type { Catalog, Explanation, Trigger } from '#core/catalog/catalog.js';
import { seedCatalog } from '#core/catalog/seed.js';

/**
 * Catalogs of competing triggers for the arbitration tests: every trigger matches every event (so which
 * triggers compete is the test's choice), each with its own priority and one of the seed catalog's offers.
 */

export interface Competitor {
  readonly id: string;
  readonly priority?: number;
  readonly offerId: string;
  readonly explanation?: Explanation;
}

/** The seed catalog's offer ids. */
export const OFFER_IDS: readonly string[] = [...seedCatalog().offers.keys()];

/** A trigger of the seed catalog, renamed, reprioritised and pointed at `offerId`, matching everything. */
export function competitor(spec: Competitor): Trigger {
  const seed = seedCatalog();
  const base = seed.triggers[0];
  const offer = seed.offers.get(spec.offerId);
  if (base === undefined || offer === undefined) throw new Error(`no seed offer ${spec.offerId}`);
  const { priority: _priority, ...rest } = base;
  return {
    ...rest,
    id: spec.id,
    file: `catalog/triggers/${spec.id}.json`,
    offerId: spec.offerId,
    offer,
    ...(spec.priority === undefined ? {} : { priority: spec.priority }),
    explanation: spec.explanation ?? base.explanation,
    matches: () => true,
  };
}

/** The seed catalog (offers, version) whose only candidates for any event are these triggers, by id. */
export function competingCatalog(specs: readonly Competitor[]): Catalog {
  const triggers = specs.map(competitor).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { ...seedCatalog(), triggers, candidates: () => triggers };
}

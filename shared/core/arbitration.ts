import { type Trigger, triggerPriority } from './catalog/catalog.js';
import type { GateResult } from './decision.js';
import { gateResults } from './gates.js';

/**
 * Arbitration for the one banner slot (issue 13): of the triggers that passed every other gate for one
 * payment, the highest priority wins (ties by trigger id), at most `maxOffersPerEvent` of them. Pure: the
 * caller says whether a contender still fits next to the winners ranked above it (contact policy and
 * active-offer limit with their emissions, decide.ts).
 */

export const ARBITRATION: { readonly pass: GateResult; readonly fail: GateResult } = gateResults(
  'arbitration',
  'arbitration_lost',
);

/** A trigger that passed its gates on its own, and the id of its decision. */
export interface Contender {
  readonly trigger: Trigger;
  readonly decisionId: string;
}

/** Ranking order: higher priority first, then trigger id ascending (ids are unique in a catalog). */
export function compareContenders(a: Contender, b: Contender): number {
  const byPriority = triggerPriority(b.trigger) - triggerPriority(a.trigger);
  if (byPriority !== 0) return byPriority;
  const x = a.trigger.id;
  const y = b.trigger.id;
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * The winners, in ranking order: walking the contenders from the highest rank down, each one wins while
 * fewer than `maxOffersPerEvent` have won, when it offers none of the winners' offers and when `fits` says
 * it still fits next to the winners so far. Every other contender loses. So the first of the ranking wins
 * whenever `maxOffersPerEvent` >= 1 and it fits alone, which every contender of decide() does (it passed
 * its gates against the contact state before the event).
 */
export function arbitrate<C extends Contender>(
  contenders: readonly C[],
  maxOffersPerEvent: number,
  fits: (contender: C, winners: readonly C[]) => boolean,
): C[] {
  const ranked = contenders.length > 1 ? [...contenders].sort(compareContenders) : contenders;
  const winners: C[] = [];
  for (const contender of ranked) {
    if (winners.length >= maxOffersPerEvent) break;
    const offerId = contender.trigger.offer.offerId;
    if (winners.some((w) => w.trigger.offer.offerId === offerId)) continue;
    if (!fits(contender, winners)) continue;
    winners.push(contender);
  }
  return winners;
}

import type { Catalog, Offer } from './catalog/catalog.js';
import type { ClockGuard } from './clock-guard.js';
import { dismissalHorizonDays } from './contact-limits.js';
import type { ContactState } from './contact-state.js';
import type { GateResult } from './decision.js';
import { gateResults } from './gates.js';
import type { Policy } from './policy.js';
import { DAY_MS, instantMs } from './time.js';

export {
  activeOfferGate,
  dismissalHorizonDays,
  dismissalPauseGate,
  dismissalPauseUntil,
  isActiveAt,
  longestValidityDays,
} from './contact-limits.js';
export {
  type ContactState,
  ContactStateSchema,
  type Emission,
  EmissionSchema,
  emptyContactState,
} from './contact-state.js';

/**
 * The contact policy (domain.md point 3, "don't nag"): what it remembers per customer, the gate that reads
 * it, how long what it remembers matters (pruning) and the cooldown a dismissal starts; the active-offer
 * limit and the dismissal pause live in ./contact-limits.ts, the state and its schema in ./contact-state.ts,
 * and both are exported from here too. Pure: every instant
 * comes in as an argument. Stored by shared/adapters/dynamodb/contact-policy-store.ts, the only code that
 * knows the item.
 */

const CONTACT = gateResults('contact_policy', 'frequency_capped');

/**
 * The contact-policy gate. It holds in any processing order (retries, redeliveries, events arriving late),
 * on two time lines: event time (`at` = occurredAt, so replays decide as live traffic did) and decision
 * time (`decidedAt` = the receive time, what the customer actually sees):
 *  - frequency cap: no closed window of `windowDays` on either line may hold more than `maxOffers`
 *    emissions, this one included: emissions before AND after this one count;
 *  - cooldown: not the same offer if it was emitted within `cooldownDays` of this event, before or after,
 *    on either line (so never twice for one event), nor while an emission of it may still be active
 *    (decided less than `validityDays` ago), nor while `cooldownUntil[offerId]` (a dismissal) is after
 *    the event or the receive time.
 */
export function contactGate(
  contact: ContactState,
  occurredMs: number,
  nowMs: number,
  offer: Offer,
  cap: Policy['frequencyCap'],
): GateResult {
  const window = cap.windowDays * DAY_MS;
  const cooldown = offer.cooldownDays * DAY_MS;
  const validity = offer.validityDays * DAY_MS;
  const nearByEvent: number[] = [];
  const nearByDecision: number[] = [];
  let cooling = false;
  for (const emission of contact.emissions) {
    const at = instantMs(emission.at);
    const decided = emission.decidedAt === undefined ? at : instantMs(emission.decidedAt);
    const eventGap = Math.abs(at - occurredMs);
    const decisionGap = Math.abs(decided - nowMs);
    if (
      emission.offerId === offer.offerId &&
      (eventGap <= cooldown || decisionGap <= cooldown || decisionGap < validity)
    ) {
      cooling = true;
    }
    if (eventGap <= window) nearByEvent.push(at);
    if (decisionGap <= window) nearByDecision.push(decided);
  }
  if (Object.hasOwn(contact.cooldownUntil, offer.offerId)) {
    const until = contact.cooldownUntil[offer.offerId];
    if (until !== undefined && instantMs(until) > Math.min(occurredMs, nowMs)) cooling = true;
  }
  const capped =
    wouldExceedCap(nearByEvent, occurredMs, window, cap.maxOffers) ||
    wouldExceedCap(nearByDecision, nowMs, window, cap.maxOffers);
  return capped || cooling ? CONTACT.fail : CONTACT.pass;
}

/**
 * Whether one more emission at `t` would put more than `max` emissions into some closed window of length
 * `window`. Only windows containing t matter, i.e. starting in [t - window, t]; the fullest of them starts
 * at t or at one of the existing emissions in that range (sliding a window right until its start meets an
 * emission loses none and may gain some). `times` holds the emissions within `window` of t.
 */
export function wouldExceedCap(times: readonly number[], t: number, window: number, max: number): boolean {
  if (times.length < max) return false;
  const starts = [t];
  for (const x of times) if (x >= t - window && x <= t) starts.push(x);
  for (const start of starts) {
    let inside = 0;
    for (const x of times) if (x >= start && x <= start + window) inside++;
    if (inside >= max) return true;
  }
  return false;
}

/**
 * How far back contact-policy state matters: the frequency window, the longest cooldown or validity (an
 * emission without `expiresAt` counts as active that long), and a dismissal pause's reach (`withinDays` for
 * a run of dismissals to form, then `pauseDays`).
 */
export function contactHorizonDays(policy: Policy, catalog: Catalog): number {
  let days = Math.max(policy.frequencyCap.windowDays, dismissalHorizonDays(policy.dismissalPause));
  for (const offer of catalog.offers.values()) days = Math.max(days, offer.cooldownDays, offer.validityDays);
  return days;
}

/**
 * Drops what no later decision can need (data minimisation), relative to the receive time `now`, never to
 * an instant taken from an event: an event decided later is received later, so its occurredAt is at least
 * now - stale horizon. `horizonDays` = contact horizon + stale horizon.
 */
export function prune(state: ContactState, now: Date, horizonDays: number, guard: ClockGuard): ContactState {
  const nowMs = now.getTime();
  const eventFrom = nowMs - horizonDays * DAY_MS;
  const decisionFrom = nowMs - (horizonDays - guard.staleEventHorizonDays) * DAY_MS;
  const cooldownFrom = nowMs - guard.staleEventHorizonDays * DAY_MS;
  const pruned: ContactState = {
    ...state,
    // Kept while a later event could meet it on either time line, or while it can still count as an
    // active offer (its expiry may lie beyond the horizon when a catalog shortened the offer's validity).
    emissions: state.emissions.filter(
      (e) =>
        instantMs(e.at) >= eventFrom ||
        instantMs(e.decidedAt ?? e.at) >= decisionFrom ||
        (e.expiresAt !== undefined &&
          instantMs(e.expiresAt) > nowMs &&
          (e.endedAt === undefined || instantMs(e.endedAt) > nowMs)),
    ),
    cooldownUntil: Object.fromEntries(
      Object.entries(state.cooldownUntil).filter(([, until]) => instantMs(until) >= cooldownFrom),
    ),
  };
  // A dismissal older than the horizon (>= stale horizon + withinDays + pauseDays, contactHorizonDays) can
  // only belong to runs whose pause ended before any event still decided: dropping it changes no verdict.
  if (state.dismissals === undefined) return pruned;
  return { ...pruned, dismissals: state.dismissals.filter((at) => instantMs(at) >= eventFrom) };
}

/** Until when a dismissal at `at` keeps the offer away: `cooldownDays` later, as an ISO instant (UTC). */
export function dismissalCooldownUntil(at: string, cooldownDays: number): string {
  return new Date(instantMs(at) + cooldownDays * DAY_MS).toISOString();
}

/**
 * The cooldown of each catalog offer, for dismissals. An offer the catalog no longer has (emitted under an
 * older catalog) gets the longest cooldown of the catalog: a dismissal errs on the side of not nagging.
 */
export function cooldownDaysFrom(catalog: Pick<Catalog, 'offers'>): (offerId: string) => number {
  const longest = Math.max(0, ...[...catalog.offers.values()].map((offer) => offer.cooldownDays));
  return (offerId) => catalog.offers.get(offerId)?.cooldownDays ?? longest;
}

/**
 * The cooldowns after a dismissal of `offerId` until `until`: a cooldown already running longer is kept,
 * never shortened.
 */
export function withDismissal(
  cooldownUntil: Readonly<Record<string, string>>,
  offerId: string,
  until: string,
): Record<string, string> {
  const current = Object.hasOwn(cooldownUntil, offerId) ? cooldownUntil[offerId] : undefined;
  const later = current !== undefined && instantMs(current) >= instantMs(until) ? current : until;
  return { ...cooldownUntil, [offerId]: later };
}

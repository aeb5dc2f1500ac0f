import type { Catalog } from './catalog/catalog.js';
import type { ContactState, Emission } from './contact-state.js';
import type { GateResult } from './decision.js';
import { gateResults } from './gates.js';
import type { ArbitrationLimits, DismissalPause } from './policy.js';
import { DAY_MS, instantMs } from './time.js';

/**
 * The contact policy's limits of issue 13, read from the contact state (./contact-policy.ts, which exports
 * them too): the active-offer limit (how many offers a customer holds at once) and the dismissal pause
 * (repeated dismissals stop all offers). Pure: every instant comes in as an argument.
 */

/**
 * Whether an emission is an active offer at `t` (epoch ms): decided at or before t, not yet expired and its
 * active life not ended (clicked, dismissed). An emission without `expiresAt` (written before issue 13)
 * counts as active until its decision time + `fallbackValidityDays` (give the longest validity of the
 * catalog: in doubt the active-offer limit holds).
 */
export function isActiveAt(emission: Emission, t: number, fallbackValidityDays: number): boolean {
  const decided = instantMs(emission.decidedAt ?? emission.at);
  if (decided > t) return false;
  const expires =
    emission.expiresAt === undefined
      ? decided + fallbackValidityDays * DAY_MS
      : instantMs(emission.expiresAt);
  if (expires <= t) return false;
  return emission.endedAt === undefined || instantMs(emission.endedAt) > t;
}

/**
 * Until when (epoch ms) repeated dismissals pause all offers: `pauseDays` after the last dismissal of any
 * run of `dismissals` dismissals within `withinDays`; undefined when no such run exists.
 */
export function dismissalPauseUntil(
  dismissals: ReadonlyArray<string> | undefined,
  pause: DismissalPause,
): number | undefined {
  if (dismissals === undefined || dismissals.length < pause.dismissals || pause.dismissals < 1)
    return undefined;
  const times = dismissals.map(instantMs).sort((a, b) => a - b);
  const within = pause.withinDays * DAY_MS;
  let until: number | undefined;
  for (let last = pause.dismissals - 1; last < times.length; last++) {
    const first = times[last - pause.dismissals + 1];
    const end = times[last];
    if (first === undefined || end === undefined || end - first > within) continue;
    until = Math.max(until ?? end, end + pause.pauseDays * DAY_MS);
  }
  return until;
}

/**
 * Days a dismissal can matter to the pause: it can be the first of a run whose last dismissal is up to
 * `withinDays` later, and that run pauses offers for `pauseDays` after its last.
 */
export function dismissalHorizonDays(pause: DismissalPause): number {
  return pause.withinDays + pause.pauseDays;
}

const ACTIVE = gateResults('active_offers', 'active_offer_limit');
const PAUSE = gateResults('dismissal_pause', 'repeated_dismissals');

const longestValidity = new WeakMap<Pick<Catalog, 'offers'>, number>();

/**
 * The longest validity of the catalog's offers, in days: how long an emission without `expiresAt` (written
 * before issue 13) counts as active (isActiveAt). Computed once per catalog.
 */
export function longestValidityDays(catalog: Pick<Catalog, 'offers'>): number {
  let days = longestValidity.get(catalog);
  if (days === undefined) {
    days = 0;
    for (const offer of catalog.offers.values()) days = Math.max(days, offer.validityDays);
    longestValidity.set(catalog, days);
  }
  return days;
}

/** How many of the emissions are active offers at `t` (isActiveAt). */
function activeCountAt(emissions: ReadonlyArray<Emission>, t: number, fallbackValidityDays: number): number {
  let count = 0;
  for (const emission of emissions) if (isActiveAt(emission, t, fallbackValidityDays)) count++;
  return count;
}

/**
 * The active-offer limit (issue 13), on the decision time line: an offer emitted at `nowMs` is active until
 * `expiresMs` (its offer's expiresAt) or its end, and at no instant of that life may the customer hold more
 * than `maxActiveOffers` active offers, this one included. So the gate fails when `maxActiveOffers` are
 * active at `nowMs`, and also when they will be at the decision time of an emission decided later than
 * `nowMs` (an event decided out of receive order must not push a later instant over the limit). The
 * decision time line because "active" is what the banner shows: offers live from their decision until
 * their expiry or the customer's click or dismissal; a payment's occurredAt says nothing about which offers
 * the customer holds now. Emissions without `expiresAt` count as active for `fallbackValidityDays`
 * (longestValidityDays): in doubt, the limit holds.
 */
export function activeOfferGate(
  contact: ContactState,
  nowMs: number,
  expiresMs: number,
  limits: Pick<ArbitrationLimits, 'maxActiveOffers'>,
  fallbackValidityDays: number,
): GateResult {
  const max = limits.maxActiveOffers;
  const emissions = contact.emissions;
  if (emissions.length < max) return ACTIVE.pass;
  if (activeCountAt(emissions, nowMs, fallbackValidityDays) >= max) return ACTIVE.fail;
  for (const emission of emissions) {
    const decided = instantMs(emission.decidedAt ?? emission.at);
    if (
      decided > nowMs &&
      decided < expiresMs &&
      activeCountAt(emissions, decided, fallbackValidityDays) >= max
    )
      return ACTIVE.fail;
  }
  return ACTIVE.pass;
}

/**
 * The dismissal pause (issue 13): repeated dismissals (dismissalPauseUntil) stop every offer while the pause
 * runs past the event or the receive time, whichever is earlier (both time lines, like a dismissal's
 * cooldown: a late-arriving payment from before the pause is paused too).
 */
export function dismissalPauseGate(
  contact: ContactState,
  occurredMs: number,
  nowMs: number,
  pause: DismissalPause,
): GateResult {
  const until = dismissalPauseUntil(contact.dismissals, pause);
  return until !== undefined && until > Math.min(occurredMs, nowMs) ? PAUSE.fail : PAUSE.pass;
}

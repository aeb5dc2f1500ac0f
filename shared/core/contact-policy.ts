import * as z from 'zod';
import type { Catalog, Offer } from './catalog/catalog.js';
import type { ClockGuard } from './clock-guard.js';
import type { GateResult } from './decision.js';
import { gateResults } from './gates.js';
import { CustomerIdSchema } from './identifiers.js';
import type { ArbitrationLimits, DismissalPause, Policy } from './policy.js';
import { DAY_MS, instantMs } from './time.js';

/**
 * The contact policy (domain.md point 3, "don't nag"): what it remembers per customer, the gate that reads
 * it, how long what it remembers matters (pruning) and the cooldown a dismissal starts. Pure: every instant
 * comes in as an argument. Stored by shared/adapters/dynamodb/contact-policy-store.ts, the only code that
 * knows the item.
 */

/**
 * One emitted offer as the contact policy remembers it: `at` is the `occurredAt` of the event that emitted
 * it, `decidedAt` the receive time it was decided at (absent in state written before it was recorded:
 * then `at` stands in for it). Caps and cooldowns hold on both time lines (see contactGate).
 */
export interface Emission {
  readonly offerId: string;
  readonly at: string;
  readonly decidedAt?: string;
  /**
   * Issue 13, the active-offer limit: the offer instance emitted, when it expires, and when its active life
   * ended early (clicked or dismissed, recorded by the banner API's feedback). An emission is active at t
   * when decided at or before t, not expired at t and not ended at or before t. Emissions written before
   * these fields existed count as active until decidedAt (or at) + the longest validity of the catalog:
   * in doubt, the limit holds (fail closed).
   */
  readonly offerInstanceId?: string;
  readonly expiresAt?: string;
  readonly endedAt?: string;
}

/**
 * Contact-policy state per customer: the emissions that still matter and dismissal cooldowns.
 * `version` is for the adapter's optimistic locking: the core never changes it.
 */
export interface ContactState {
  readonly customerId: string;
  readonly version: number;
  readonly emissions: ReadonlyArray<Emission>;
  /** offerId -> ISO instant before which the offer must not be shown again (e.g. after a dismissal). */
  readonly cooldownUntil: Readonly<Record<string, string>>;
  /**
   * Issue 13: when the customer dismissed an offer (the feedback's `at`, UTC ISO), oldest first, kept as
   * long as the dismissal pause can need them. Absent on state written before it existed: no dismissals.
   */
  readonly dismissals?: ReadonlyArray<string>;
}

/** Real instants only: a corrupt timestamp would silently stop counting towards caps (fail open). */
const Instant = z.iso.datetime({ offset: true });

export const EmissionSchema = z.object({
  offerId: z.string().min(1),
  at: Instant,
  decidedAt: Instant.optional(),
  offerInstanceId: z.string().min(1).optional(),
  expiresAt: Instant.optional(),
  endedAt: Instant.optional(),
});

/** The one schema of the contact state; the store parses every stored item with it. */
export const ContactStateSchema = z.object({
  customerId: CustomerIdSchema,
  version: z.number().int().nonnegative(),
  emissions: z.array(EmissionSchema),
  cooldownUntil: z.record(z.string(), Instant),
  dismissals: z.array(Instant).optional(),
});

export function emptyContactState(customerId: string): ContactState {
  return { customerId, version: 0, emissions: [], cooldownUntil: {} };
}

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
  const { withinDays, pauseDays } = policy.dismissalPause;
  let days = Math.max(policy.frequencyCap.windowDays, withinDays + pauseDays);
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
 * `validityDays` later (or its end), and at no instant of that life may the customer hold more than
 * `maxActiveOffers` active offers, this one included. So the gate fails when `maxActiveOffers` are active
 * at `nowMs`, and also when they will be at the decision time of an emission decided later than `nowMs`
 * (an event decided out of receive order must not push a later instant over the limit). The decision time
 * line because "active" is what the banner shows: offers live from their decision until their expiry or
 * the customer's click or dismissal, all instants of the real clock; a payment's occurredAt says nothing
 * about which offers the customer holds now. Emissions without `expiresAt` count as active for
 * `fallbackValidityDays` (longestValidityDays): in doubt, the limit holds.
 */
export function activeOfferGate(
  contact: ContactState,
  nowMs: number,
  validityDays: number,
  limits: Pick<ArbitrationLimits, 'maxActiveOffers'>,
  fallbackValidityDays: number,
): GateResult {
  const max = limits.maxActiveOffers;
  const emissions = contact.emissions;
  if (emissions.length < max) return ACTIVE.pass;
  if (activeCountAt(emissions, nowMs, fallbackValidityDays) >= max) return ACTIVE.fail;
  const until = nowMs + validityDays * DAY_MS;
  for (const emission of emissions) {
    const decided = instantMs(emission.decidedAt ?? emission.at);
    if (decided > nowMs && decided < until && activeCountAt(emissions, decided, fallbackValidityDays) >= max)
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

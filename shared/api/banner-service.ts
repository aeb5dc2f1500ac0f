import type { ClockGuard } from '#core/clock-guard.js';
import { futureInstantProblem } from '#core/clock-guard.js';
import { createdAfterLastWithdrawal } from '#core/consent-change.js';
import { dismissalPauseUntil } from '#core/contact-policy.js';
import type { FeedbackRefusal } from '#core/offer-feedback.js';
import type { ConsentRegime, DismissalPause } from '#core/policy.js';
import { DAY_MS, instantMs } from '#core/time.js';
import { offersAllowed } from './consent-check.js';
import type {
  ConsentReader,
  DismissalsReader,
  OfferEventRecord,
  OfferEventsStore,
  OfferReader,
  StoredOffer,
} from './ports.js';
import type { FieldProblem } from './problem.js';
import {
  type BannerOffer,
  MAX_AT_AGE_DAYS,
  MAX_OFFERS_PER_RESPONSE,
  type OfferEventRequest,
  OfferEventRequestSchema,
} from './schemas.js';

/**
 * The banner API's application logic, behind ports and free of HTTP: which offers a customer may see now,
 * and what one reported offer event changes. The handlers in functions/banner-api/ translate to HTTP.
 */

export interface ListOffersDeps {
  readonly consents: ConsentReader;
  readonly offers: OfferReader;
  /** The customer's dismissals (the contact-policy state): repeated ones pause all offers. */
  readonly dismissals: DismissalsReader;
  readonly regime: ConsentRegime;
  /** N dismissals within D days pause all offers for M days (the policy's dismissalPause). */
  readonly dismissalPause: DismissalPause;
  readonly now: () => Date;
}

export interface ListOffersResult {
  readonly offers: BannerOffer[];
  /** The customer's current consent does not allow offers: their offers were not even read. */
  readonly hiddenByConsent: boolean;
  /** Repeated dismissals pause all offers now (reason repeated_dismissals): their offers were not read. */
  readonly pausedByDismissals: boolean;
  /** Stored rows that did not validate (never served). */
  readonly skipped: number;
  /** Active rows emitted before the customer's latest withdrawal or objection (never served). */
  readonly endedByWithdrawal: number;
}

const NONE = {
  offers: [],
  hiddenByConsent: false,
  pausedByDismissals: false,
  skipped: 0,
  endedByWithdrawal: 0,
};

/**
 * The offer as the banner shows it: the stored text, disclosures, expiry, priority and the explanation
 * copied verbatim (the approved text of the trigger version, never anything of the payment); an offer
 * emitted before priorities or explanations existed is served without them (no text is made up).
 */
function toBannerOffer(offer: StoredOffer): BannerOffer {
  return {
    offerInstanceId: offer.offerInstanceId,
    offerId: offer.offerId,
    text: offer.text,
    disclosures: [...offer.disclosures],
    expiresAt: offer.expiresAt,
    ...(offer.priority === undefined ? {} : { priority: offer.priority }),
    ...(offer.explanation === undefined
      ? {}
      : { explanation: { nl: offer.explanation.nl, en: offer.explanation.en } }),
  };
}

interface Ranked {
  readonly offer: StoredOffer;
  readonly expiresMs: number;
}

/**
 * The banner's order: highest priority first (an offer without one after every offer with one), then
 * soonest expiry, then offer instance id: a total order, so the answer never depends on the store's.
 */
export function byRank(a: Ranked, b: Ranked): number {
  const pa = a.offer.priority ?? Number.NEGATIVE_INFINITY;
  const pb = b.offer.priority ?? Number.NEGATIVE_INFINITY;
  if (pa !== pb) return pa > pb ? -1 : 1;
  if (a.expiresMs !== b.expiresMs) return a.expiresMs - b.expiresMs;
  const ia = a.offer.offerInstanceId;
  const ib = b.offer.offerInstanceId;
  return ia < ib ? -1 : ia > ib ? 1 : 0;
}

/**
 * The customer's active, unexpired offers, ranked (byRank) — or none when their consent, read now, does
 * not allow offers (a withdrawal the consent handler has not processed yet already counts), or while
 * repeated dismissals pause all offers (dismissalPauseUntil of the dismissals in the contact-policy state,
 * read now, after now). An offer emitted before the customer's latest withdrawal or objection is never
 * served, even if a race left it active and consent was granted again since: a re-grant never revives an
 * offer. An unknown customer simply has no consent and no offers: the answer does not tell them apart.
 */
export async function listOffers(deps: ListOffersDeps, customerId: string): Promise<ListOffersResult> {
  const consent = await deps.consents.consentState(customerId);
  if (!offersAllowed(consent.records, deps.regime)) return { ...NONE, hiddenByConsent: true };
  const nowMs = deps.now().getTime();
  const pausedUntil = dismissalPauseUntil(await deps.dismissals.dismissals(customerId), deps.dismissalPause);
  if (pausedUntil !== undefined && pausedUntil > nowMs) return { ...NONE, pausedByDismissals: true };
  const { offers, skipped } = await deps.offers.activeOffers(customerId);
  let endedByWithdrawal = 0;
  const live = offers
    .filter((offer) => {
      if (offer.status !== 'active') return false;
      if (createdAfterLastWithdrawal(offer.createdAt, consent.lastWithdrawnAt)) return true;
      endedByWithdrawal++;
      return false;
    })
    .map((offer) => ({ offer, expiresMs: instantMs(offer.expiresAt) }))
    .filter(({ expiresMs }) => expiresMs > nowMs)
    .sort(byRank)
    .slice(0, MAX_OFFERS_PER_RESPONSE)
    .map(({ offer }) => toBannerOffer(offer));
  return { ...NONE, offers: live, skipped, endedByWithdrawal };
}

export interface RecordOfferEventDeps {
  readonly offers: OfferReader;
  readonly store: OfferEventsStore;
  /** Days a dismissal keeps the offer away (the catalog offer's cooldownDays). */
  readonly cooldownDays: (offerId: string) => number;
  /** The policy's dismissal pause: how long dismissals are kept in the contact-policy state. */
  readonly dismissalPause: DismissalPause;
  /** How far a reported `at` may lead the time the request arrived (MAX_FUTURE_SKEW_SECONDS). */
  readonly clockGuard: Pick<ClockGuard, 'maxFutureSkewSeconds'>;
  readonly now: () => Date;
}

export interface RecordOfferEventInput {
  readonly customerId: string;
  readonly offerInstanceId: string;
  readonly request: OfferEventRequest;
}

export type RecordOfferEventResult =
  | { readonly kind: 'recorded'; readonly record: OfferEventRecord; readonly replayed: boolean }
  | { readonly kind: 'invalid'; readonly problems: readonly FieldProblem[] }
  | { readonly kind: 'offer_not_found' }
  /** The feedback is impossible for the offer (judgeFeedback): nothing changed. */
  | { readonly kind: 'refused'; readonly refusal: FeedbackRefusal }
  | { readonly kind: 'event_id_reused' };

const AT_EXPECTED = OfferEventRequestSchema.shape.at.description ?? 'a recent ISO 8601 timestamp';

/**
 * The request's `at` as a UTC instant, or the problem with it: beyond the future skew of the time the
 * request arrived (the clock guard every outside instant passes), or older than MAX_AT_AGE_DAYS.
 */
function eventInstant(
  at: string | undefined,
  now: Date,
  guard: Pick<ClockGuard, 'maxFutureSkewSeconds'>,
): { at: string } | { problem: FieldProblem } {
  if (at === undefined) return { at: now.toISOString() };
  const future = futureInstantProblem('at', at, now, guard);
  if (future !== undefined) return { problem: { ...future, in: 'body' } };
  const ms = instantMs(at);
  if (!Number.isFinite(ms) || ms < now.getTime() - MAX_AT_AGE_DAYS * DAY_MS) {
    return { problem: { field: 'at', in: 'body', expected: AT_EXPECTED } };
  }
  return { at: new Date(ms).toISOString() };
}

/** Whether a repeated eventId describes the same event as the one recorded (else the key was reused). */
function sameEvent(stored: OfferEventRecord, request: OfferEventRequest): boolean {
  if (stored.type !== request.type) return false;
  return request.at === undefined || instantMs(request.at) === instantMs(stored.at);
}

/**
 * Records one offer event for an offer of this customer, idempotent per (offer, eventId), and only if the
 * offer's life allows it (shared/core/offer-feedback.ts): nothing after a click, a dismissal or a
 * withdrawal, nothing at or after its expiry (judged by `at`). Clicked and dismissed end the offer's active
 * life and its emission's (the active-offer limit); dismissed also starts its cooldown from `at` and counts
 * towards the dismissal pause. A repeated eventId with the same type (and `at`, if given) is answered with
 * the first record and changes nothing, whatever the offer's state now; with a different type or `at` it is
 * refused.
 */
export async function recordOfferEvent(
  deps: RecordOfferEventDeps,
  input: RecordOfferEventInput,
): Promise<RecordOfferEventResult> {
  const now = deps.now();
  const instant = eventInstant(input.request.at, now, deps.clockGuard);
  if ('problem' in instant) return { kind: 'invalid', problems: [instant.problem] };
  const { at } = instant;

  const offer = await deps.offers.findOffer(input.customerId, input.offerInstanceId);
  if (offer === undefined) return { kind: 'offer_not_found' };

  const { type, eventId } = input.request;
  const record: OfferEventRecord = {
    offerInstanceId: offer.offerInstanceId,
    eventId,
    type,
    at,
    recordedAt: now.toISOString(),
  };
  const outcome = await deps.store.record({
    customerId: input.customerId,
    offerId: offer.offerId,
    offerStatus: offer.status,
    offerExpiresAt: offer.expiresAt,
    record,
    effect: { cooldownDays: deps.cooldownDays(offer.offerId), pause: deps.dismissalPause },
    now,
  });
  switch (outcome.outcome) {
    case 'recorded':
      return { kind: 'recorded', record: outcome.record, replayed: false };
    case 'refused':
      return { kind: 'refused', refusal: outcome.refusal };
    case 'offer_not_found':
      return { kind: 'offer_not_found' };
    case 'duplicate':
      if (!sameEvent(outcome.record, input.request)) return { kind: 'event_id_reused' };
      return { kind: 'recorded', record: outcome.record, replayed: true };
  }
}

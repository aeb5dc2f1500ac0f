import {
  type ContactState,
  dismissalCooldownUntil,
  dismissalHorizonDays,
  type Emission,
  withDismissal,
} from './contact-policy.js';

export { dismissalHorizonDays };

import type { DismissalPause } from './policy.js';
import { DAY_MS, instantMs } from './time.js';

/**
 * Feedback that protects the customer (issue 13, part 3): what the banner service may report about an offer
 * (shown, clicked, dismissed), whether a report is possible at all given the offer's life so far, and what
 * an allowed one changes in the customer's contact-policy state. Pure: every instant comes in as an
 * argument. The banner API (shared/api/banner-service.ts) and its store (shared/adapters/dynamodb/
 * offer-events-store.ts, which re-judges on the row it conditions its transaction on) apply it.
 *
 * An offer's life: `active` from its emission until it is clicked, dismissed or withdrawn (each final) or
 * until it expires. Feedback is possible only while the offer is active and unexpired at the feedback's
 * `at`: nothing after a click (neither shown nor dismissed, nor a second click), nothing after a dismissal,
 * nothing after a withdrawal, nothing at or after `expiresAt`. A status this module does not know is not
 * active (fail closed). A repeat of an eventId already recorded is not judged again: the API answers it with
 * the first record (idempotency comes before the state machine).
 */

export const OFFER_FEEDBACK_TYPES = ['shown', 'clicked', 'dismissed'] as const;
export type OfferFeedbackType = (typeof OFFER_FEEDBACK_TYPES)[number];

/** Why a feedback is impossible: the offer was clicked, dismissed or withdrawn, expired, or ended otherwise. */
export const FEEDBACK_REFUSALS = ['clicked', 'dismissed', 'withdrawn', 'expired', 'ended'] as const;
export type FeedbackRefusal = (typeof FEEDBACK_REFUSALS)[number];

/** The offer as the feedback is judged on: its stored status and expiry. */
export interface FeedbackOffer {
  readonly status: string;
  readonly expiresAt: string;
}

/** One reported feedback: its type and when it happened (UTC ISO, already through the clock guard). */
export interface Feedback {
  readonly type: OfferFeedbackType;
  readonly at: string;
}

export type FeedbackVerdict =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly refusal: FeedbackRefusal };

const ALLOWED: FeedbackVerdict = Object.freeze({ allowed: true });
const refused = (refusal: FeedbackRefusal): FeedbackVerdict => ({ allowed: false, refusal });

/** Statuses that end an offer's life for good, each its own refusal. */
const ENDED: Readonly<Record<string, FeedbackRefusal>> = {
  clicked: 'clicked',
  dismissed: 'dismissed',
  withdrawn: 'withdrawn',
};

/**
 * Whether `feedback` is possible for `offer`: only while its status is `active` and `at` is before
 * `expiresAt`. An ended status is the refusal (a withdrawal, click or dismissal says more than an expiry);
 * an unknown status is `ended`; an expiry or `at` that is not a real instant is `expired` (fail closed).
 */
export function judgeFeedback(offer: FeedbackOffer, feedback: Feedback): FeedbackVerdict {
  if (offer.status !== 'active') {
    return refused(Object.hasOwn(ENDED, offer.status) ? (ENDED[offer.status] ?? 'ended') : 'ended');
  }
  const expires = instantMs(offer.expiresAt);
  const at = instantMs(feedback.at);
  if (!Number.isFinite(expires) || !Number.isFinite(at) || at >= expires) return refused('expired');
  return ALLOWED;
}

/** The status an allowed feedback leaves the offer in: clicked and dismissed end its active life. */
export function statusAfter(feedback: Feedback): 'active' | 'clicked' | 'dismissed' {
  return feedback.type === 'shown' ? 'active' : feedback.type;
}

/** What the contact-policy effect of a feedback needs beyond the state. */
export interface FeedbackEffectSettings {
  /** Days a dismissal keeps the offer away (the catalog offer's cooldownDays). */
  readonly cooldownDays: number;
  /** The dismissal pause: dismissals are kept while they can still start or extend one. */
  readonly pause: DismissalPause;
}

/** The offer a feedback is about, as the contact-policy state knows it. */
export interface FeedbackTarget {
  readonly offerId: string;
  readonly offerInstanceId: string;
}

/**
 * The dismissals after one more at `at`: oldest first, without those that can no longer start or extend a
 * pause at `now` (data minimisation: a dismissal older than withinDays + pauseDays says nothing any more).
 */
export function withDismissalAt(
  dismissals: ReadonlyArray<string> | undefined,
  at: string,
  now: Date,
  pause: DismissalPause,
): string[] {
  const from = now.getTime() - dismissalHorizonDays(pause) * DAY_MS;
  return [...(dismissals ?? []), at]
    .map((instant) => ({ instant, ms: instantMs(instant) }))
    .filter(({ ms }) => ms > from)
    .sort((a, b) => a.ms - b.ms)
    .map(({ instant }) => instant);
}

/** The emission of this offer instance with its active life ended at `at` (an earlier end is kept). */
function endedEmission(emission: Emission, target: FeedbackTarget, at: string): Emission {
  if (emission.offerInstanceId !== target.offerInstanceId) return emission;
  if (emission.endedAt !== undefined && instantMs(emission.endedAt) <= instantMs(at)) return emission;
  return { ...emission, endedAt: at };
}

/**
 * The contact-policy state after an allowed feedback (judgeFeedback): `shown` changes nothing; `clicked`
 * and `dismissed` end the emission of this offer instance at `at` (endedAt: it no longer counts towards the
 * active-offer limit); `dismissed` also records `at` among the dismissals (the dismissal pause) and starts
 * the offer's cooldown from `at` (withDismissal: never shortened). Emissions written before they knew their
 * offer instance are not matched: they count as active until they expire (in doubt, the limit holds).
 * A feedback that changes nothing returns `state` itself (the store then writes nothing); `version` is
 * left alone: the store bumps it.
 */
export function feedbackEffect(
  state: ContactState,
  target: FeedbackTarget,
  feedback: Feedback,
  settings: FeedbackEffectSettings,
  now: Date,
): ContactState {
  if (feedback.type === 'shown') return state;
  const emissions = state.emissions.map((emission) => endedEmission(emission, target, feedback.at));
  if (feedback.type === 'clicked') {
    return emissions.every((emission, i) => emission === state.emissions[i])
      ? state
      : { ...state, emissions };
  }
  return {
    ...state,
    emissions,
    cooldownUntil: withDismissal(
      state.cooldownUntil,
      target.offerId,
      dismissalCooldownUntil(feedback.at, settings.cooldownDays),
    ),
    dismissals: withDismissalAt(state.dismissals, feedback.at, now, settings.pause),
  };
}

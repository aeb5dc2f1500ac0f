import type { ConsentState } from '#core/consent-change.js';
import type { FeedbackEffectSettings, FeedbackRefusal } from '#core/offer-feedback.js';
import type { OfferEventType } from './schemas.js';

/**
 * What the banner API needs from the stores. The handlers wire the DynamoDB adapters in
 * (shared/adapters/dynamodb/offer-reader.ts, offer-events-store.ts); tests may wire in-memory ones.
 * Store faults are thrown as InfrastructureError subclasses (shared/errors.ts): the API answers 503.
 */

/** An offer row as the API reads it. `status` is 'active' until something ends the offer's life. */
export interface StoredOffer {
  readonly customerId: string;
  readonly offerInstanceId: string;
  readonly offerId: string;
  readonly text: string;
  readonly disclosures: readonly string[];
  /** When the offer was emitted: never served if a withdrawal or objection came after (UTC ISO). */
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly status: string;
  /**
   * The trigger version's priority: offers are ranked by it. Absent on offers emitted before priorities
   * existed (issue 13): they rank after every offer that has one.
   */
  readonly priority?: number;
  /**
   * Why the customer sees the offer: the trigger version's approved text, copied verbatim at emission.
   * Absent on offers emitted before explanations existed: served without one (no text is made up).
   */
  readonly explanation?: { readonly nl: string; readonly en: string };
}

export interface OfferReader {
  /**
   * The customer's offers with status 'active' (expired ones included: the caller compares with its clock).
   * `skipped` counts stored rows that did not validate: never served.
   */
  activeOffers(
    customerId: string,
  ): Promise<{ readonly offers: readonly StoredOffer[]; readonly skipped: number }>;
  /** One offer of this customer, whatever its status; undefined when the customer has no such offer. */
  findOffer(customerId: string, offerInstanceId: string): Promise<StoredOffer | undefined>;
}

export interface DismissalsReader {
  /**
   * When the customer dismissed offers (UTC ISO, as the contact-policy state keeps them for the dismissal
   * pause); empty when none. Throws CustomerStateUnavailableError when the stored state cannot be read or
   * does not validate (fail closed: the API answers 503 and shows nothing).
   */
  dismissals(customerId: string): Promise<readonly string[]>;
}

export interface ConsentReader {
  /**
   * The customer's current consent records and, per purpose, when a withdrawal or objection last ended
   * their offers (empty for an unknown customer or one never asked). Throws CustomerStateUnavailableError
   * when the stored item cannot be read or does not validate.
   */
  consentState(customerId: string): Promise<ConsentState>;
}

/** An offer event as recorded, and as the API answers it (every time the same eventId is repeated). */
export interface OfferEventRecord {
  readonly offerInstanceId: string;
  readonly eventId: string;
  readonly type: OfferEventType;
  /** When it happened (UTC ISO). */
  readonly at: string;
  /** When the API recorded it first (UTC ISO). */
  readonly recordedAt: string;
}

export interface RecordOfferEventCommand {
  readonly customerId: string;
  readonly offerId: string;
  /**
   * The offer's status and expiry when it was read. The store judges the feedback on them
   * (judgeFeedback, shared/core/offer-feedback.ts), makes its write conditional on the offer still being
   * so, and re-reads and judges again when it changed meanwhile.
   */
  readonly offerStatus: string;
  readonly offerExpiresAt: string;
  readonly record: OfferEventRecord;
  /** clicked / dismissed: what the contact-policy effect needs (feedbackEffect): cooldown, dismissal pause. */
  readonly effect: FeedbackEffectSettings;
  readonly now: Date;
}

export type RecordOfferEventOutcome =
  | { readonly outcome: 'recorded'; readonly record: OfferEventRecord }
  /** The eventId was recorded before: nothing was changed; `record` is the stored one. */
  | { readonly outcome: 'duplicate'; readonly record: OfferEventRecord }
  /** The feedback is impossible for the offer as it is now (judgeFeedback): nothing was changed. */
  | { readonly outcome: 'refused'; readonly refusal: FeedbackRefusal }
  /** The offer is gone (deleted since it was read: its TTL after expiry, an erasure): nothing was changed. */
  | { readonly outcome: 'offer_not_found' };

export interface OfferEventsStore {
  /**
   * Records the event and applies its effects all together or not at all, only if the feedback is possible
   * for the offer as it is when written (atomically: the write is conditional on the offer's status and
   * expiry judged). A repeated eventId is answered with its first record, whatever the offer's state now.
   * Throws an InfrastructureError when the store fails or keeps conflicting with concurrent writers.
   */
  record(command: RecordOfferEventCommand): Promise<RecordOfferEventOutcome>;
}

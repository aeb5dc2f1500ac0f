import type { ConsentState } from '#core/consent-change.js';
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
  /** The offer's status when it was read; the store re-reads it if it changed meanwhile. */
  readonly offerStatus: string;
  readonly record: OfferEventRecord;
  /** clicked / dismissed: the offer's status becomes this, if it is still 'active'. */
  readonly endsActiveLife?: 'clicked' | 'dismissed';
  /** dismissed: the customer's contact-policy state gets cooldownUntil[offerId] = until (never shortened). */
  readonly cooldown?: { readonly offerId: string; readonly until: string };
  readonly now: Date;
}

export type RecordOfferEventOutcome =
  | { readonly outcome: 'recorded'; readonly record: OfferEventRecord }
  /** The eventId was recorded before: nothing was changed; `record` is the stored one. */
  | { readonly outcome: 'duplicate'; readonly record: OfferEventRecord };

export interface OfferEventsStore {
  /**
   * Records the event and applies its effects all together or not at all. Throws an InfrastructureError
   * when the store fails or keeps conflicting with concurrent writers.
   */
  record(command: RecordOfferEventCommand): Promise<RecordOfferEventOutcome>;
}

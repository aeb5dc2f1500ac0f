import type {
  ConsentReader,
  DismissalsReader,
  OfferEventRecord,
  OfferEventsStore,
  OfferReader,
  RecordOfferEventCommand,
  RecordOfferEventOutcome,
  StoredOffer,
} from '#api/ports.js';
import type { ConsentState, LastWithdrawnAt } from '#core/consent-change.js';
import { type ContactState, emptyContactState } from '#core/contact-policy.js';
import type { ConsentRecord } from '#core/customer.js';
import { feedbackEffect, judgeFeedback } from '#core/offer-feedback.js';

/** The banner API's ports in memory, and a stored offer to put in them. No module mocking anywhere. */

export function storedOffer(overrides: Partial<StoredOffer> = {}): StoredOffer {
  return {
    customerId: 'c-1',
    offerInstanceId: 'o_0123456789abcdef0123456789abcdef',
    offerId: 'worldwide-travel-cover',
    text: 'Op reis buiten Europa?',
    disclosures: ['Lees de productinformatie (IPID).'],
    createdAt: '2026-07-05T08:00:00.000Z',
    expiresAt: '2026-07-20T08:00:00.000Z',
    status: 'active',
    ...overrides,
  };
}

/**
 * The banner API's ports in memory, with the semantics the DynamoDB adapters have: one record per
 * (offer, eventId) answered before anything else, feedback judged on the offer as it is at the write
 * (judgeFeedback) and applied with the core's effect (feedbackEffect) to the customer's contact state, the
 * version bumped; a refused or unknown offer's feedback changes nothing. Counts the calls.
 */
export class InMemoryBanner implements OfferReader, ConsentReader, OfferEventsStore, DismissalsReader {
  readonly consents = new Map<string, ConsentRecord[]>();
  readonly lastWithdrawnAt = new Map<string, LastWithdrawnAt>();
  readonly offers = new Map<string, StoredOffer>();
  readonly events = new Map<string, OfferEventRecord>();
  /** The contact-policy state per customer, as the feedback leaves it. */
  readonly contacts = new Map<string, ContactState>();
  readonly calls = { consentState: 0, activeOffers: 0, findOffer: 0, record: 0, dismissals: 0 };
  /** Stored rows that do not validate, per customer (reported as skipped). */
  readonly unreadable = new Map<string, number>();
  failWith: Error | undefined;

  addOffer(offer: StoredOffer): this {
    this.offers.set(`${offer.customerId}/${offer.offerInstanceId}`, offer);
    return this;
  }

  setConsents(customerId: string, records: ConsentRecord[]): this {
    this.consents.set(customerId, records);
    return this;
  }

  setContact(state: ContactState): this {
    this.contacts.set(state.customerId, state);
    return this;
  }

  /** The cooldowns of the customer's contact state (undefined: no state at all). */
  cooldownsOf(customerId: string): Readonly<Record<string, string>> | undefined {
    return this.contacts.get(customerId)?.cooldownUntil;
  }

  async dismissals(customerId: string): Promise<readonly string[]> {
    this.calls.dismissals++;
    if (this.failWith) throw this.failWith;
    return this.contacts.get(customerId)?.dismissals ?? [];
  }

  setLastWithdrawnAt(customerId: string, lastWithdrawnAt: LastWithdrawnAt): this {
    this.lastWithdrawnAt.set(customerId, lastWithdrawnAt);
    return this;
  }

  async consentState(customerId: string): Promise<ConsentState> {
    this.calls.consentState++;
    if (this.failWith) throw this.failWith;
    return {
      records: this.consents.get(customerId) ?? [],
      lastWithdrawnAt: this.lastWithdrawnAt.get(customerId) ?? {},
    };
  }

  async activeOffers(customerId: string) {
    this.calls.activeOffers++;
    if (this.failWith) throw this.failWith;
    const offers = [...this.offers.values()].filter(
      (o) => o.customerId === customerId && o.status === 'active',
    );
    return { offers, skipped: this.unreadable.get(customerId) ?? 0 };
  }

  async findOffer(customerId: string, offerInstanceId: string) {
    this.calls.findOffer++;
    if (this.failWith) throw this.failWith;
    return this.offers.get(`${customerId}/${offerInstanceId}`);
  }

  async record(command: RecordOfferEventCommand): Promise<RecordOfferEventOutcome> {
    this.calls.record++;
    if (this.failWith) throw this.failWith;
    const key = `${command.record.offerInstanceId}/${command.record.eventId}`;
    const stored = this.events.get(key);
    if (stored) return { outcome: 'duplicate', record: stored };
    const offerKey = `${command.customerId}/${command.record.offerInstanceId}`;
    const offer = this.offers.get(offerKey);
    if (offer === undefined) return { outcome: 'offer_not_found' };
    const feedback = { type: command.record.type, at: command.record.at };
    const verdict = judgeFeedback(offer, feedback);
    if (!verdict.allowed) return { outcome: 'refused', refusal: verdict.refusal };
    this.events.set(key, command.record);
    if (feedback.type !== 'shown') {
      this.offers.set(offerKey, { ...offer, status: feedback.type });
      const state = this.contacts.get(command.customerId) ?? emptyContactState(command.customerId);
      const target = { offerId: command.offerId, offerInstanceId: command.record.offerInstanceId };
      const next = feedbackEffect(state, target, feedback, command.effect, command.now);
      if (next !== state) this.contacts.set(command.customerId, { ...next, version: state.version + 1 });
    }
    return { outcome: 'recorded', record: command.record };
  }
}

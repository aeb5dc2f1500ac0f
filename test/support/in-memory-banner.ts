import type {
  ConsentReader,
  OfferEventRecord,
  OfferEventsStore,
  OfferReader,
  RecordOfferEventCommand,
  RecordOfferEventOutcome,
  StoredOffer,
} from '#api/ports.js';
import type { ConsentState, LastWithdrawnAt } from '#core/consent-change.js';
import type { ConsentRecord } from '#core/customer.js';

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
 * (offer, eventId), the offer ends only while active, cooldowns never shortened. Counts the calls.
 */
export class InMemoryBanner implements OfferReader, ConsentReader, OfferEventsStore {
  readonly consents = new Map<string, ConsentRecord[]>();
  readonly lastWithdrawnAt = new Map<string, LastWithdrawnAt>();
  readonly offers = new Map<string, StoredOffer>();
  readonly events = new Map<string, OfferEventRecord>();
  readonly cooldowns = new Map<string, Record<string, string>>();
  readonly calls = { consentState: 0, activeOffers: 0, findOffer: 0, record: 0 };
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
    this.events.set(key, command.record);
    const offerKey = `${command.customerId}/${command.record.offerInstanceId}`;
    const offer = this.offers.get(offerKey);
    if (command.endsActiveLife && offer?.status === 'active') {
      this.offers.set(offerKey, { ...offer, status: command.endsActiveLife });
    }
    if (command.cooldown) {
      const current = this.cooldowns.get(command.customerId) ?? {};
      const before = current[command.cooldown.offerId];
      const until =
        before !== undefined && Date.parse(before) >= Date.parse(command.cooldown.until)
          ? before
          : command.cooldown.until;
      this.cooldowns.set(command.customerId, { ...current, [command.cooldown.offerId]: until });
    }
    return { outcome: 'recorded', record: command.record };
  }
}

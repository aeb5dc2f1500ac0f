import type { ConsentState } from '#core/consent-change.js';
import type { WithdrawalReason } from '#core/customer-update.js';
import type { ConsentHistoryEntry, ConsentStore, OfferWithdrawer, OpenOfferRecord } from '#shared/ports.js';

/** The consent store in memory: current state with a revision per customer, and the history entries. */
export class InMemoryConsentStore implements ConsentStore {
  readonly state = new Map<string, ConsentState & { revision: number }>();
  readonly history = new Map<string, ConsentHistoryEntry>();

  async load(customerId: string) {
    return this.state.get(customerId) ?? { records: [], lastWithdrawnAt: {}, revision: 0 };
  }

  async save(customerId: string, state: ConsentState, readRevision: number, entry: ConsentHistoryEntry) {
    if (this.history.has(entry.recordId)) return 'duplicate' as const;
    if ((this.state.get(customerId)?.revision ?? 0) !== readRevision) return 'conflict' as const;
    this.state.set(customerId, { ...state, revision: readRevision + 1 });
    this.history.set(entry.recordId, entry);
    return 'saved' as const;
  }

  async appendHistory(entry: ConsentHistoryEntry): Promise<void> {
    if (!this.history.has(entry.recordId)) this.history.set(entry.recordId, entry);
  }
}

/** Offers in memory: open ones per customer; a withdrawal ends one and remembers why. */
export class InMemoryOfferWithdrawer implements OfferWithdrawer {
  readonly offers = new Map<string, { offer: OpenOfferRecord; status: string; reason?: WithdrawalReason }>();

  add(offer: OpenOfferRecord): void {
    this.offers.set(offer.offerInstanceId, { offer, status: 'active' });
  }

  async openOffers(customerId: string): Promise<OpenOfferRecord[]> {
    return [...this.offers.values()]
      .filter((o) => o.offer.customerId === customerId && o.status === 'active')
      .map((o) => o.offer);
  }

  async withdraw(offer: OpenOfferRecord, reason: WithdrawalReason): Promise<'withdrawn' | 'already'> {
    const stored = this.offers.get(offer.offerInstanceId);
    if (stored === undefined || stored.status !== 'active') return 'already';
    this.offers.set(offer.offerInstanceId, { ...stored, status: 'withdrawn', reason });
    return 'withdrawn';
  }
}

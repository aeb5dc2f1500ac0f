import type { ConsentState } from './core/consent-change.js';
import type { ConsentRecord, ContactState, CustomerState } from './core/customer.js';
import type { CustomerUpdate, OpenOffer, WithdrawalReason } from './core/customer-update.js';
import type { Decision, OfferInstance } from './core/decision.js';

/**
 * What the application needs from the outside world. The core never sees these; handlers wire DynamoDB
 * adapters in, tests may wire in-memory ones.
 */

export interface CustomerSnapshot {
  /** Undefined when the bank has no profile for the customer (treated as: no consent, no holdings). */
  readonly customer: CustomerState | undefined;
  readonly contact: ContactState;
}

export interface CustomerStateReader {
  /**
   * Reads profile, consents and contact-policy state for every customer, completely or not at all: throws
   * CustomerStateUnavailableError rather than returning a partial answer.
   */
  loadMany(customerIds: readonly string[]): Promise<ReadonlyMap<string, CustomerSnapshot>>;
}

export interface EventDecisionCommit {
  readonly decisions: readonly Decision[];
  readonly offers: readonly OfferInstance[];
  /** The contact state after this event, when an offer was emitted; written only if still at `readVersion`. */
  readonly contact?: { readonly state: ContactState; readonly readVersion: number };
}

export interface DecisionWriter {
  /**
   * Stores decisions that need no customer state and carry no offer (sensitive, no trigger, rejected), in
   * bulk. Resolves with the ids of decisions still unstored after retries; throws when the store is down.
   */
  writeBulk(decisions: readonly Decision[]): Promise<ReadonlySet<string>>;
  /**
   * Atomically stores one event's trigger decisions with their offers and contact-policy state: all or
   * nothing. Returns 'duplicate' when the decisions were already stored (a redelivery), and throws
   * ContactStateConflictError when the contact state moved since it was read.
   */
  commit(event: EventDecisionCommit): Promise<'committed' | 'duplicate'>;
}

export interface ConsentHistoryEntry {
  readonly customerId: string;
  /** Deterministic per change (consentHistoryId): a redelivered change is one entry. */
  readonly recordId: string;
  readonly record: ConsentRecord;
  readonly receivedAt: string;
  readonly applied: boolean;
  readonly ignoredBecause?: 'stale' | 'unchanged';
}

export interface ConsentStore {
  /**
   * The customer's current consents and withdrawal instants, and the revision they were read at (0: none
   * stored yet). Strongly consistent.
   */
  load(customerId: string): Promise<ConsentState & { readonly revision: number }>;
  /**
   * Stores the new current consents (records and withdrawal instants) together with their history entry,
   * atomically, if the consents are still at `readRevision`. 'conflict': another change came first (re-read
   * and apply again); 'duplicate': this very change was stored before.
   */
  save(
    customerId: string,
    state: ConsentState,
    readRevision: number,
    entry: ConsentHistoryEntry,
  ): Promise<'saved' | 'conflict' | 'duplicate'>;
  /** Appends a history entry only (a stale or repeated change); a repeat of the same entry is a no-op. */
  appendHistory(entry: ConsentHistoryEntry): Promise<void>;
}

export interface OpenOfferRecord extends OpenOffer {
  readonly customerId: string;
  readonly offerId: string;
  readonly triggerId: string;
  readonly triggerVersion: number;
}

export interface OfferWithdrawer {
  /**
   * The customer's offers still active (not clicked, dismissed, withdrawn or expired), read strongly
   * consistently: every offer committed before the call is in the answer.
   */
  openOffers(customerId: string): Promise<OpenOfferRecord[]>;
  /**
   * Ends an open offer and writes the audit record of that, in one transaction. 'already': the offer
   * was no longer active (or its withdrawal was recorded before).
   */
  withdraw(offer: OpenOfferRecord, reason: WithdrawalReason, now: Date): Promise<'withdrawn' | 'already'>;
}

export interface ProfileStore {
  /**
   * Applies the fields of the update if no newer update is stored; returns the profile as it now is, or
   * 'stale' when a newer update was applied before.
   */
  apply(
    update: CustomerUpdate,
  ): Promise<
    { outcome: 'applied'; profile: Pick<CustomerState, 'holdings' | 'flags'> } | { outcome: 'stale' }
  >;
}

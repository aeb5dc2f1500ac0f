import type { ConsentState } from './core/consent-change.js';
import type { ContactState } from './core/contact-policy.js';
import type { ConsentRecord, CustomerState } from './core/customer.js';
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
  /**
   * The revision of the customer's current consents as read (0: none stored). An offer is committed only
   * if the consents are still at this revision, so a withdrawal applied meanwhile always wins.
   */
  readonly consentsRevision: number;
}

export interface CustomerStateReader {
  /**
   * Reads profile, consents (with their revision) and contact-policy state for every customer, consistently
   * and completely or not at all: throws CustomerStateUnavailableError rather than returning a partial answer.
   */
  loadMany(customerIds: readonly string[]): Promise<ReadonlyMap<string, CustomerSnapshot>>;
}

/**
 * An event's claim on its event id in the audit table: the digest of its content (contentHashOf) stored
 * under the event-level decision id (decisionIdFor(eventId)), written once and never replaced. A later
 * message with the same event id and the same digest is a redelivery; with another digest, a reused id.
 */
export interface EventClaim {
  readonly key: string;
  readonly contentHash: string;
}

/** One audit record for writeBulk: the decision and, when its id is an event's claim, the content digest. */
export interface AuditRecord {
  readonly decision: Decision;
  readonly contentHash: string;
}

/**
 * 'stored': written now; 'duplicate': a record with this id and the same content digest was there (a
 * redelivery, nothing written); 'reused': a record with this id holds another digest (the event id was
 * used before for a different event, nothing written).
 */
export type AuditWriteOutcome = 'stored' | 'duplicate' | 'reused';

export interface EventDecisionCommit {
  readonly claim: EventClaim;
  readonly decisions: readonly Decision[];
  readonly offers: readonly OfferInstance[];
  /** The contact state after this event, when an offer was emitted; written only if still at `readVersion`. */
  readonly contact?: { readonly state: ContactState; readonly readVersion: number };
  /** When an offer is emitted: the consents revision the decision read; the commit requires it unchanged. */
  readonly consents?: { readonly customerId: string; readonly readRevision: number };
}

export interface DecisionWriter {
  /**
   * Stores decisions that carry no offer or contact state (sensitive, stale, no trigger, rejected), each
   * conditional on its id not existing: the audit is append-only, nothing is ever replaced. Resolves with
   * the outcome per decision id; throws DecisionStoreError when the store fails (nothing is lost: the
   * messages are retried and their records compared by digest).
   */
  writeBulk(records: readonly AuditRecord[]): Promise<ReadonlyMap<string, AuditWriteOutcome>>;
  /**
   * Atomically stores one event's claim, trigger decisions, offers and contact-policy state: all or
   * nothing. 'duplicate' / 'reused': the claim was there (same / other content), nothing written;
   * 'conflict': the contact state or the consents moved since they were read (re-read and decide again).
   */
  commit(event: EventDecisionCommit): Promise<'committed' | 'duplicate' | 'reused' | 'conflict'>;
}

export interface ConsentHistoryEntry {
  readonly customerId: string;
  /** Deterministic per change (consentHistoryId): a redelivered change is one entry. */
  readonly recordId: string;
  readonly record: ConsentRecord;
  readonly receivedAt: string;
  readonly applied: boolean;
  readonly ignoredBecause?: 'stale' | 'unchanged';
  /**
   * Set on an entry that did not arrive as a consent change but was loaded with customer state: where from
   * (`fixture:<file name>`, `demo-generator`, `crm-import`). Absent: it came from the consent-changes queue.
   */
  readonly evidenceSource?: string;
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

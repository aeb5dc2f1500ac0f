import type { ContactState, CustomerState } from './core/customer.js';
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

import type { RecordKind } from '../retention.js';
import type { AccessLog } from './access-log.js';

/**
 * The erasure contract (GDPR art. 17): what the audit CLI and the privacy API call (./erasure-service.ts),
 * the report they get back, and the ports the service works through. The DynamoDB adapters are in
 * shared/adapters/dynamodb/erasure-store.ts. What is deleted, pseudonymised or kept, and why, comes from
 * the retention config (shared/retention.ts) and is explained in docs/retention.md.
 */

/**
 * The record kinds of the retention config, plus two catch-alls for items an erasure finds but no
 * kind describes: a customers-table item with an unknown sort key (deleted, like the rest of the customer
 * state) and an audit record of an unknown kind (pseudonymised, like the audit records that must stay).
 */
export type ErasureKind = RecordKind | 'otherCustomerRecord' | 'otherAuditRecord';

export type ErasureHow = 'deleted' | 'pseudonymised';

export interface ErasureRemoved {
  readonly kind: ErasureKind;
  readonly count: number;
  readonly how: ErasureHow;
}

export interface ErasureKept {
  readonly kind: ErasureKind;
  readonly count: number;
  /** The latest expiry (TTL) among the kept records of this kind, ISO 8601 UTC. */
  readonly until: string;
  /** The legal duty that keeps them. */
  readonly why: string;
  /** Whether the kept records still name the customer (false: they carry the erasure's pseudonym). */
  readonly linkedToCustomer: boolean;
}

export interface ErasureReport {
  readonly erasureId: string;
  readonly at: string;
  readonly requestedBy: string;
  /**
   * Record kinds removed or pseudonymised, with counts: every kind an erasure deletes or pseudonymises is
   * listed, with count 0 when nothing was left (a repeated erasure).
   */
  readonly removed: ReadonlyArray<ErasureRemoved>;
  /** Record kinds kept because a legal duty requires it (only kinds with records), until when, and why. */
  readonly kept: ReadonlyArray<ErasureKept>;
  /** The latest `until` of all kept records; absent when nothing is kept. */
  readonly keptUntil?: string;
  /**
   * The pseudonym that replaced the customer id in the kept audit records (`erased:<erasureId>`); absent
   * when no record was pseudonymised.
   */
  readonly pseudonym?: string;
  /** Kinds an erasure does not look for (no key or index leads from a customer to them), and why. */
  readonly notSearched: ReadonlyArray<{ readonly kind: ErasureKind; readonly why: string }>;
}

export interface ErasureRequest {
  readonly customerId: string;
  /** Who asked: the IAM principal ARN of the privacy officer, or a local operator's name. */
  readonly requestedBy: string;
  /** Through which door the request came (recorded in the audit access log); default http. */
  readonly via?: 'http' | 'cli';
  readonly now: Date;
}

/** The pseudonym of an erasure: random (the erasure id), so it cannot be derived from the customer id. */
export function pseudonymFor(erasureId: string): string {
  return `erased:${erasureId}`;
}

// --- Ports -------------------------------------------------------------------------------------------

/** One audit-table record of the customer, as the erasure needs it (nothing about the payment). */
export interface AuditRecordRef {
  readonly decisionId: string;
  /** `offer_withdrawal` for withdrawals; absent on decisions. */
  readonly kind?: string;
  /** The decision's outcome; absent on withdrawals. */
  readonly outcome?: string;
  /** Emitted decisions and withdrawals name the offer instance (its offer events are found through it). */
  readonly offerInstanceId?: string;
  /** Epoch seconds. */
  readonly ttl?: number;
}

export interface OfferEventKey {
  readonly offerInstanceId: string;
  readonly clientEventId: string;
}

export interface ConsentEvidenceRef {
  readonly recordId: string;
  /** Epoch seconds. */
  readonly ttl?: number;
}

/** The customer's operational state: everything here is deleted by an erasure. */
export interface CustomerStatePort {
  /** Sort keys of the customer's items in the customers table (PROFILE, CONSENTS). */
  customerItems(customerId: string): Promise<string[]>;
  deleteCustomerItems(customerId: string, sortKeys: readonly string[]): Promise<void>;
  hasContactPolicy(customerId: string): Promise<boolean>;
  deleteContactPolicy(customerId: string): Promise<void>;
  /** Offer instance ids of the customer's offers, whatever their status. */
  offers(customerId: string): Promise<string[]>;
  deleteOffers(customerId: string, offerInstanceIds: readonly string[]): Promise<void>;
  /** Every recorded event of these offer instances. */
  offerEvents(offerInstanceIds: readonly string[]): Promise<OfferEventKey[]>;
  deleteOfferEvents(keys: readonly OfferEventKey[]): Promise<void>;
}

export interface AuditRecordsPort {
  /** Every audit record whose customerId is this one (decisions of every outcome and withdrawals). */
  byCustomer(customerId: string): Promise<AuditRecordRef[]>;
  delete(decisionIds: readonly string[]): Promise<void>;
  /**
   * Replaces the customer id of these records with the pseudonym, each only if it still names the
   * customer. Resolves with the ids actually changed.
   */
  pseudonymise(decisionIds: readonly string[], customerId: string, pseudonym: string): Promise<string[]>;
}

export interface ConsentEvidencePort {
  /** The customer's consent-history entries (kept: proof of consent, withdrawal and objection). */
  history(customerId: string): Promise<ConsentEvidenceRef[]>;
}

/** The erasure log item: no customer id, only the report. */
export interface ErasureLogEntry {
  readonly erasureId: string;
  readonly at: string;
  readonly requestedBy: string;
  readonly report: ErasureReport;
  /** Epoch seconds (RETENTION_DAYS.erasureLog after `at`). */
  readonly ttl: number;
}

export interface ErasureLogPort {
  /** Appends the entry; never overwrites one (a conditional put on the erasure id). */
  append(entry: ErasureLogEntry): Promise<void>;
}

export interface ErasureDeps {
  readonly customerState: CustomerStatePort;
  readonly audit: AuditRecordsPort;
  readonly consentEvidence: ConsentEvidencePort;
  readonly erasureLog: ErasureLogPort;
  /** An erasure reads the audit data too: it is recorded in the access log first, like every query. */
  readonly accessLog: AccessLog;
  /** A new random erasure id (crypto.randomUUID in production). */
  readonly newId: () => string;
}

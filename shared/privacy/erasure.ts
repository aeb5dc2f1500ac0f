import { sha256Hex } from '#core/hash.js';
import type { AccessLog } from './access-log.js';
import type { ErasureArchiveDeps, ErasureArchiveReport, ErasureKind } from './erasure-types.js';

export type {
  ErasureArchiveDeps,
  ErasureArchiveReport,
  ErasureKind,
  ErasureShredded,
} from './erasure-types.js';

/**
 * The erasure contract (GDPR art. 17): what the audit CLI and the privacy API call (./erasure-service.ts),
 * the report they get back, and the ports the service works through. The DynamoDB adapters are in
 * shared/adapters/dynamodb/erasure-store.ts. What is deleted, pseudonymised, crypto-shredded or kept, and
 * why, comes from the retention config (shared/retention.ts) and is explained in docs/retention.md.
 */

export type ErasureHow = 'deleted' | 'pseudonymised';

export interface ErasureRemoved {
  readonly kind: ErasureKind;
  readonly count: number;
  readonly how: ErasureHow;
}

export interface ErasureKept {
  readonly kind: ErasureKind;
  readonly count: number;
  /** The latest expiry (TTL, or for archived rows their retention) among the kept records, ISO 8601 UTC. */
  readonly until: string;
  /** The legal duty that keeps them. */
  readonly why: string;
  /**
   * Whether the kept records still name the customer (false: they carry the erasure's pseudonym, or they are
   * archived rows whose customer key was destroyed).
   */
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
   * The pseudonym that replaced the customer id in the kept consent history (`erased:<erasureId>`); absent
   * when no record was pseudonymised. (Audit records are not pseudonymised any more: their hot copies are
   * deleted and their archived rows crypto-shredded, see `archive`.)
   */
  readonly pseudonym?: string;
  /** Kinds an erasure does not look for (no key or index leads from a customer to them), and why. */
  readonly notSearched: ReadonlyArray<{ readonly kind: ErasureKind; readonly why: string }>;
  /** The archive: the customer's key, the audit kinds crypto-shredded, the hot copies deleted, the limit. */
  readonly archive: ErasureArchiveReport;
}

/**
 * The preview of an erasure (`--dry-run`, `?dryRun=true`): the report the erasure would give now, from the
 * same planning code (./erasure-plan.ts), with nothing changed and nothing written but the access-log
 * entry. It has no erasure id and no pseudonym: each erasure draws a new random one when it runs.
 */
export interface ErasurePreview extends Omit<ErasureReport, 'erasureId' | 'pseudonym'> {
  readonly dryRun: true;
  /** Whether kept records would be moved to the erasure's pseudonym (`erased:<erasureId>`). */
  readonly pseudonymises: boolean;
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

/**
 * The record id a pseudonymised consent-history entry gets. The original id holds a hash of the customer
 * id (shared/core/consent-change.ts, consentHistoryId), so keeping it would keep a link anyone with the
 * customer id could re-derive; the new one keeps the instant and purpose prefix (the order of the
 * history) and replaces the digest by one of the pseudonym — the same on a retry of the same erasure.
 */
export function pseudonymousRecordId(recordId: string, pseudonym: string): string {
  const cut = recordId.lastIndexOf('#');
  const prefix = cut < 0 ? '' : recordId.slice(0, cut + 1);
  return `${prefix}${sha256Hex(`${pseudonym}\u0000${recordId}`).slice(0, 16)}`;
}

// --- Change records ----------------------------------------------------------------------------------

/** The append-only tables an erasure may change (the exception of the append-only rule). */
export type ErasableTable = 'audit' | 'consent-history';

/** A record (or hot audit item) an erasure changes, with its kind (the erasure log counts changes per kind). */
export interface ErasureTarget {
  readonly id: string;
  readonly kind: ErasureKind;
  /**
   * The kinds of the records one item holds, when it holds several (an event item of the audit table holds
   * every trigger decision of its event); absent: one record of `kind`.
   */
  readonly records?: readonly ErasureKind[];
}

/** The erasure whose changes are being recorded. */
export interface ErasureChangeLog {
  readonly erasureId: string;
  readonly at: string;
  /** Epoch seconds (RETENTION_DAYS.erasureLog after `at`). */
  readonly ttl: number;
}

/**
 * One erasure-log item per change transaction: written in the same DynamoDB transaction as the changes it
 * describes, so no record of an append-only table is pseudonymised or deleted without its trace in the
 * erasure log — even when the erasure stops half-way and its report is never written. It names the table,
 * what was done and how many records of each kind; never the customer id nor the record ids (a decision id
 * leads back to the payment event, a consent record id to the customer).
 */
export interface ErasureChangeRecord {
  /** The item key: `<erasureId>#<table>#<how>#<n>` (the report itself is keyed by the bare erasure id). */
  readonly erasureId: string;
  readonly entry: 'change';
  /** The erasure the change belongs to. */
  readonly erasure: string;
  readonly at: string;
  readonly table: ErasableTable;
  readonly how: ErasureHow;
  readonly counts: Readonly<Partial<Record<ErasureKind, number>>>;
  readonly ttl: number;
}

/** The change record of the `n`th transaction of one kind of change. */
export function changeRecord(
  log: ErasureChangeLog,
  table: ErasableTable,
  how: ErasureHow,
  n: number,
  targets: readonly ErasureTarget[],
): ErasureChangeRecord {
  const counts: Partial<Record<ErasureKind, number>> = {};
  for (const target of targets) {
    for (const kind of target.records ?? [target.kind]) counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return {
    erasureId: `${log.erasureId}#${table}#${how}#${n}`,
    entry: 'change',
    erasure: log.erasureId,
    at: log.at,
    table,
    how,
    counts,
    ttl: log.ttl,
  };
}

// --- Ports -------------------------------------------------------------------------------------------

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
  /**
   * Every recorded event of these offer instances, and every event naming the customer (offer events outlive
   * their offers: the offer-events table's byCustomer index finds them).
   */
  offerEvents(offerInstanceIds: readonly string[], customerId: string): Promise<OfferEventKey[]>;
  deleteOfferEvents(keys: readonly OfferEventKey[]): Promise<void>;
}

/** A table whose records an erasure keeps, no longer linked to the customer. */
export interface PseudonymisingPort {
  /**
   * Moves these records to the pseudonym, each only if it still is the customer's, in transactions with
   * their change records. Resolves with the ids actually changed.
   */
  pseudonymise(
    records: readonly ErasureTarget[],
    customerId: string,
    pseudonym: string,
    log: ErasureChangeLog,
  ): Promise<string[]>;
}

/**
 * The hot audit table (shared/audit-items.ts), append-only for everyone but the erasure. It has no index: the
 * erasure finds the customer's hot items through their archived rows (./erasure-archive.ts).
 */
export interface HotAuditPort {
  /**
   * Which of these items (ids are hot keys) still exist and name the customer (strongly consistent): an
   * archived row's hot copy may have expired already, and a preview must not claim to delete it.
   */
  stillNaming(ids: readonly string[], customerId: string): Promise<string[]>;
  /**
   * Deletes these items (ids are hot keys: an event item, a decision item or a withdrawal), each only if it
   * still names the customer, in transactions with their change records (ErasureChangeRecord). Resolves
   * with the ids deleted.
   */
  delete(items: readonly ErasureTarget[], customerId: string, log: ErasureChangeLog): Promise<string[]>;
}

/**
 * The consent history: proof of consent, withdrawal and objection, append-only but for the erasure. Its
 * pseudonymise moves entries (ids are record ids) to the pseudonym: the same evidence under the pseudonym
 * and pseudonymousRecordId, the original removed, both in one transaction with the change record.
 */
export interface ConsentEvidencePort extends PseudonymisingPort {
  /** The customer's consent-history entries. */
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
  /**
   * Appends the report, after every change record of the erasure; never overwrites one (a conditional put
   * on the erasure id).
   */
  append(entry: ErasureLogEntry): Promise<void>;
}

export interface ErasureDeps {
  readonly customerState: CustomerStatePort;
  readonly audit: HotAuditPort;
  readonly archive: ErasureArchiveDeps;
  readonly consentEvidence: ConsentEvidencePort;
  readonly erasureLog: ErasureLogPort;
  /** An erasure reads the audit data too: it is recorded in the access log first, like every query. */
  readonly accessLog: AccessLog;
  /** A new random erasure id (crypto.randomUUID in production). */
  readonly newId: () => string;
}

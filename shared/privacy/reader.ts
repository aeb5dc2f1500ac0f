import type { Position } from './page-merge.js';
import type {
  AuditRecord,
  StoredConsentEntry,
  StoredDecision,
  StoredOffer,
  StoredOfferEvent,
} from './stored-records.js';
import type { Period, StreamSpec } from './streams.query.js';

/** The reads of the privacy officers' queries (./queries.ts); the DynamoDB adapter: audit-reader.ts. */
export interface PrivacyReader {
  /**
   * Up to `limit` records evaluated from one index partition, newest first, after `after`, filtered by the
   * stream's require/exclude reasons; `last` is where the read stopped (undefined: nothing further).
   */
  suppressedPage(
    stream: StreamSpec,
    period: Period,
    after: Position | undefined,
    limit: number,
  ): Promise<{ readonly items: readonly StoredDecision[]; readonly last?: Position }>;
  /** How many records of one index partition match, over every page of a COUNT query. */
  countSuppressed(stream: StreamSpec, period: Period): Promise<number>;
  /**
   * How many records of one index partition match in the period, per UTC day of the partition's sort key
   * (YYYY-MM-DD; days without any are absent): the overview's counts. Reads every matching record's key
   * once, over every page.
   */
  countByDay(stream: StreamSpec, period: Period): Promise<ReadonlyMap<string, number>>;
  /** Whether any suppressed decision, at any time, names this trigger (one key-only read per shard). */
  hasSuppressedOf(triggerId: string): Promise<boolean>;
  /** One audit record (decision or offer withdrawal) by id. */
  auditRecord(recordId: string): Promise<AuditRecord | undefined>;
  /** Every audit record of a customer (index byCustomer). */
  auditRecordsOf(customerId: string): Promise<readonly AuditRecord[]>;
  consentHistoryOf(customerId: string): Promise<readonly StoredConsentEntry[]>;
  offersOf(customerId: string): Promise<readonly StoredOffer[]>;
  offerEventsOf(offerInstanceId: string): Promise<readonly StoredOfferEvent[]>;
}

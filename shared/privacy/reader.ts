import type { AuditRecord, StoredConsentEntry, StoredOffer, StoredOfferEvent } from './stored-records.js';

/**
 * The DynamoDB reads of the privacy officers' queries (./queries.ts); adapter:
 * shared/adapters/dynamodb/audit-reader.ts. Counts, lists and the audit part of a customer's history are
 * read from the archive (./archive.query.ts): the hot audit table has no index any more.
 */
export interface PrivacyReader {
  /**
   * One audit record of the hot table (its last weeks) by id: a decision stored under its own id (an event
   * decided without a trigger, or the event-level item of a matched event holding it), or an offer
   * withdrawal. Undefined when the hot table does not hold it (older, or a trigger decision asked by its
   * own id: those are found in the archive).
   */
  auditRecord(recordId: string): Promise<AuditRecord | undefined>;
  consentHistoryOf(customerId: string): Promise<readonly StoredConsentEntry[]>;
  offersOf(customerId: string): Promise<readonly StoredOffer[]>;
  offerEventsOf(offerInstanceId: string): Promise<readonly StoredOfferEvent[]>;
}

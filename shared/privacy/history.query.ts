import type { Outcome, Reason } from '../core/decision.js';
import type { AuditRecord, StoredConsentEntry, StoredOffer, StoredOfferEvent } from './records.query.js';

/**
 * A customer's full history for an access request (GDPR art. 15): every decision, offer withdrawal,
 * consent change, offer and offer event, as one list of uniform entries `{ at, kind, ...details }` in time
 * order. `at` is when the pipeline recorded the entry (decidedAt, receivedAt, createdAt, recordedAt), so the
 * order is the order in which things happened to the data, also for replays and late deliveries; the
 * customer-side times stay in the details (a consent's `givenAt`, an offer event's `eventAt`, a decision's
 * `occurredAt`). `at` is normalised to UTC (`2026-07-03T18:22:05.000Z`) so entries from different sources
 * compare.
 */

interface Entry<K extends string> {
  readonly at: string;
  readonly kind: K;
}

export interface DecisionEntry extends Entry<'decision'> {
  readonly decisionId: string;
  readonly eventId?: string;
  readonly outcome: Outcome;
  readonly triggerId?: string;
  readonly triggerVersion?: number;
  readonly offerId?: string;
  readonly offerInstanceId?: string;
  readonly reasons: readonly Reason[];
  readonly policyVersion: string;
  readonly consentRegime?: string;
  readonly occurredAt?: string;
}

export interface WithdrawalEntry extends Entry<'offer_withdrawal'> {
  readonly recordId: string;
  readonly offerInstanceId: string;
  readonly offerId: string;
  readonly triggerId: string;
  readonly triggerVersion: number;
  readonly withdrawalReason: string;
}

export interface ConsentEntry extends Entry<'consent_change'> {
  readonly recordId: string;
  readonly purpose: string;
  readonly status: string;
  /** When the customer gave or changed it (the record's own `at`, as received). */
  readonly givenAt: string;
  readonly collectionSource?: string;
  readonly noticeVersion?: string;
  readonly legalBasis?: string;
  readonly applied: boolean;
  readonly ignoredBecause?: string;
  /** Where the evidence was loaded from (fixture, demo, CRM import); absent for a change received. */
  readonly evidenceSource?: string;
}

export interface OfferEntry extends Entry<'offer'> {
  readonly offerInstanceId: string;
  readonly offerId: string;
  readonly decisionId?: string;
  readonly status: string;
  readonly text?: string;
  readonly disclosures?: readonly string[];
  readonly expiresAt?: string;
  readonly statusChangedAt?: string;
  readonly withdrawnAt?: string;
  readonly withdrawalReason?: string;
}

export interface OfferEventEntry extends Entry<'offer_event'> {
  readonly offerInstanceId: string;
  readonly offerId?: string;
  readonly clientEventId: string;
  readonly type: string;
  /** When it happened on the device, as the banner service reported it. */
  readonly eventAt: string;
}

export type HistoryEntry = DecisionEntry | WithdrawalEntry | ConsentEntry | OfferEntry | OfferEventEntry;
export type HistoryKind = HistoryEntry['kind'];

export interface CustomerHistory {
  readonly customerId: string;
  readonly entries: readonly HistoryEntry[];
}

/** Any ISO 8601 instant as UTC with milliseconds; left as it is when it cannot be read. */
export function utc(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : new Date(ms).toISOString();
}

const set = <K extends string, V>(key: K, value: V | undefined) =>
  (value === undefined ? {} : { [key]: value }) as Partial<Record<K, V>>;

export function auditEntry(record: AuditRecord): DecisionEntry | WithdrawalEntry {
  if (record.kind === 'offer_withdrawal') {
    const w = record.withdrawal;
    return {
      at: utc(w.decidedAt),
      kind: 'offer_withdrawal',
      recordId: w.decisionId,
      offerInstanceId: w.offerInstanceId,
      offerId: w.offerId,
      triggerId: w.triggerId,
      triggerVersion: w.triggerVersion,
      withdrawalReason: w.withdrawalReason,
    };
  }
  const d = record.decision;
  return {
    at: utc(d.decidedAt),
    kind: 'decision',
    decisionId: d.decisionId,
    ...set('eventId', d.eventId),
    outcome: d.outcome,
    ...set('triggerId', d.triggerId),
    ...set('triggerVersion', d.triggerVersion),
    ...set('offerId', d.offerId),
    ...set('offerInstanceId', d.offerInstanceId),
    reasons: [...d.reasons],
    policyVersion: d.policyVersion,
    ...set('consentRegime', d.consentRegime),
    ...set('occurredAt', d.occurredAt),
  };
}

export function consentEntry(c: StoredConsentEntry): ConsentEntry {
  return {
    at: utc(c.receivedAt),
    kind: 'consent_change',
    recordId: c.recordId,
    purpose: c.purpose,
    status: c.status,
    givenAt: c.at,
    ...set('collectionSource', c.collectionSource),
    ...set('noticeVersion', c.noticeVersion),
    ...set('legalBasis', c.legalBasis),
    applied: c.applied,
    ...set('ignoredBecause', c.ignoredBecause),
    ...set('evidenceSource', c.evidenceSource),
  };
}

export function offerEntry(o: StoredOffer): OfferEntry {
  return {
    at: utc(o.createdAt),
    kind: 'offer',
    offerInstanceId: o.offerInstanceId,
    offerId: o.offerId,
    ...set('decisionId', o.decisionId),
    status: o.status,
    ...set('text', o.text),
    ...set('disclosures', o.disclosures),
    ...set('expiresAt', o.expiresAt),
    ...set('statusChangedAt', o.statusChangedAt),
    ...set('withdrawnAt', o.withdrawnAt),
    ...set('withdrawalReason', o.withdrawalReason),
  };
}

export function offerEventEntry(e: StoredOfferEvent): OfferEventEntry {
  return {
    at: utc(e.recordedAt ?? e.at),
    kind: 'offer_event',
    offerInstanceId: e.offerInstanceId,
    ...set('offerId', e.offerId),
    clientEventId: e.clientEventId,
    type: e.type,
    eventAt: e.at,
  };
}

/** Same instant: the order in which one thing leads to the next. */
const KIND_ORDER: Readonly<Record<HistoryKind, number>> = {
  consent_change: 0,
  decision: 1,
  offer: 2,
  offer_event: 3,
  offer_withdrawal: 4,
};

function idOf(entry: HistoryEntry): string {
  switch (entry.kind) {
    case 'decision':
      return entry.decisionId;
    case 'offer_withdrawal':
    case 'consent_change':
      return entry.recordId;
    case 'offer':
      return entry.offerInstanceId;
    case 'offer_event':
      return `${entry.offerInstanceId}/${entry.clientEventId}`;
  }
}

/** Oldest first; same instant by kind, then by id: a stable, total order. */
export function chronological(a: HistoryEntry, b: HistoryEntry): number {
  if (a.at !== b.at) return a.at < b.at ? -1 : 1;
  const kind = KIND_ORDER[a.kind] - KIND_ORDER[b.kind];
  if (kind !== 0) return kind;
  const [x, y] = [idOf(a), idOf(b)];
  return x === y ? 0 : x < y ? -1 : 1;
}

/** One line per entry, for the CLI's table: the most telling details of each kind. */
export function entryDetails(entry: HistoryEntry): string {
  switch (entry.kind) {
    case 'decision': {
      const trigger =
        entry.triggerId === undefined ? '' : ` ${entry.triggerId} v${entry.triggerVersion ?? '?'}`;
      const reasons = entry.reasons.length === 0 ? '' : ` (${entry.reasons.join(', ')})`;
      return `${entry.outcome}${trigger}${reasons} ${entry.decisionId}`;
    }
    case 'offer_withdrawal':
      return `${entry.offerId} withdrawn (${entry.withdrawalReason}) ${entry.offerInstanceId}`;
    case 'consent_change':
      return `${entry.purpose} ${entry.status}${entry.applied ? '' : ` (not applied: ${entry.ignoredBecause ?? '?'})`} via ${entry.collectionSource ?? '?'}${entry.evidenceSource === undefined ? '' : `, loaded from ${entry.evidenceSource}`}`;
    case 'offer':
      return `${entry.offerId} ${entry.status} ${entry.offerInstanceId}`;
    case 'offer_event':
      return `${entry.type} ${entry.offerId ?? ''} ${entry.offerInstanceId}`.replace(/\s+/g, ' ');
  }
}

import { paymentTimeOf, type TimeBasis } from '#shared/audit-index.js';
import {
  type DecisionFacts,
  decisionFacts,
  optional,
  pickDefined,
  type WithdrawalFacts,
  withdrawalFacts,
} from './record-views.js';
import type { AuditRecord, StoredConsentEntry, StoredOffer, StoredOfferEvent } from './stored-records.js';

/**
 * A customer's full history for an access request (GDPR art. 15): every decision, offer withdrawal,
 * consent change, offer and offer event, as one list of uniform entries `{ at, kind, ...details }`, ordered
 * by `at`, oldest first. Every entry shows both its times:
 *  - `happenedAt`: when it happened on the customer's side — a decision's payment time (its `occurredAt`),
 *    a consent's `givenAt`, an offer event's `eventAt`, an offer's decision's payment time. Absent when
 *    there is none: an offer withdrawal, a payment screened out as sensitive (it keeps no time), a rejected
 *    event (no valid `occurredAt`);
 *  - `recordedAt`: when the pipeline recorded it (decidedAt, receivedAt, createdAt, recordedAt).
 * The time basis picks `at`: `payment` (default) = `happenedAt`, or `recordedAt` for an entry without one
 * (such entries are counted in `withoutPaymentTime`, and keep their place by the time they were recorded);
 * `decided` = `recordedAt`, the order in which things happened to the data. A cap of "2 per 7 days" is
 * counted on payment times, so the payment basis is the one that shows it. All times are normalised to UTC
 * (`2026-07-03T18:22:05.000Z`) so entries from different sources compare.
 */

interface Entry<K extends string> {
  /** The entry's time on the history's basis: its place in the order. */
  readonly at: string;
  readonly kind: K;
  /** When it happened on the customer's side (payment, consent given, banner event), when known. */
  readonly happenedAt?: string;
  /** When the pipeline recorded it. */
  readonly recordedAt: string;
}

/** The decision's facts the history shows (the customer is the history's own; decidedAt is recordedAt). */
const DECISION_ENTRY_FIELDS = [
  'decisionId',
  'eventId',
  'outcome',
  'triggerId',
  'triggerVersion',
  'offerId',
  'offerInstanceId',
  'reasons',
  'policyVersion',
  'consentRegime',
  'occurredAt',
] as const;

export interface DecisionEntry
  extends Entry<'decision'>,
    Pick<DecisionFacts, (typeof DECISION_ENTRY_FIELDS)[number]> {}

export interface WithdrawalEntry extends Entry<'offer_withdrawal'>, WithdrawalFacts {
  readonly recordId: string;
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
  /** Which time `at` (and so the order) is: `payment` or `decided`. */
  readonly timeBasis: TimeBasis;
  /** On the payment basis: entries without a payment time, placed by the time they were recorded. */
  readonly withoutPaymentTime: number;
  readonly entries: readonly HistoryEntry[];
}

/** Any ISO 8601 instant as UTC with milliseconds; left as it is when it cannot be read. */
export function utc(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : new Date(ms).toISOString();
}

export function auditEntry(record: AuditRecord): DecisionEntry | WithdrawalEntry {
  if (record.kind === 'offer_withdrawal') {
    const w = record.withdrawal;
    return {
      at: utc(w.decidedAt),
      kind: 'offer_withdrawal',
      recordedAt: utc(w.decidedAt),
      recordId: w.decisionId,
      ...withdrawalFacts(w),
    };
  }
  const d = record.decision;
  const happenedAt = paymentTimeOf(d.occurredAt);
  return {
    at: utc(d.decidedAt),
    kind: 'decision',
    ...optional('happenedAt', happenedAt),
    recordedAt: utc(d.decidedAt),
    ...decisionFacts(d, DECISION_ENTRY_FIELDS),
  };
}

export function consentEntry(c: StoredConsentEntry): ConsentEntry {
  return {
    at: utc(c.receivedAt),
    kind: 'consent_change',
    ...optional('happenedAt', paymentTimeOf(c.at)),
    recordedAt: utc(c.receivedAt),
    recordId: c.recordId,
    purpose: c.purpose,
    status: c.status,
    givenAt: c.at,
    ...pickDefined(c, [
      'collectionSource',
      'noticeVersion',
      'legalBasis',
      'applied',
      'ignoredBecause',
      'evidenceSource',
    ]),
  };
}

/** `paymentAt`: the payment time of the decision that made the offer, when the audit still has it. */
export function offerEntry(o: StoredOffer, paymentAt?: string): OfferEntry {
  return {
    at: utc(o.createdAt),
    kind: 'offer',
    ...optional('happenedAt', paymentAt),
    recordedAt: utc(o.createdAt),
    ...pickDefined(o, [
      'offerInstanceId',
      'offerId',
      'decisionId',
      'status',
      'text',
      'disclosures',
      'expiresAt',
      'statusChangedAt',
      'withdrawnAt',
      'withdrawalReason',
    ]),
  };
}

export function offerEventEntry(e: StoredOfferEvent): OfferEventEntry {
  return {
    at: utc(e.recordedAt ?? e.at),
    kind: 'offer_event',
    ...optional('happenedAt', paymentTimeOf(e.at)),
    recordedAt: utc(e.recordedAt ?? e.at),
    ...pickDefined(e, ['offerInstanceId', 'offerId', 'clientEventId', 'type']),
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

/** The entry with `at` on the basis (entries are built on the recorded time). */
function onBasis(entry: HistoryEntry, basis: TimeBasis): HistoryEntry {
  return basis === 'payment' && entry.happenedAt !== undefined ? { ...entry, at: entry.happenedAt } : entry;
}

/** The history from what the stores returned, ordered on the time basis. */
export function customerHistory(
  customerId: string,
  basis: TimeBasis,
  sources: {
    readonly audit: readonly AuditRecord[];
    readonly consents: readonly StoredConsentEntry[];
    readonly offers: readonly StoredOffer[];
    readonly events: readonly StoredOfferEvent[];
  },
): CustomerHistory {
  const paymentOf = new Map<string, string>();
  for (const record of sources.audit) {
    if (record.kind !== 'decision') continue;
    const paid = paymentTimeOf(record.decision.occurredAt);
    if (paid !== undefined) paymentOf.set(record.decision.decisionId, paid);
  }
  const entries = [
    ...sources.audit.map(auditEntry),
    ...sources.consents.map(consentEntry),
    ...sources.offers.map((o) =>
      offerEntry(o, o.decisionId === undefined ? undefined : paymentOf.get(o.decisionId)),
    ),
    ...sources.events.map(offerEventEntry),
  ].map((entry) => onBasis(entry, basis));
  entries.sort(chronological);
  return {
    customerId,
    timeBasis: basis,
    withoutPaymentTime:
      basis === 'payment' ? entries.filter((entry) => entry.happenedAt === undefined).length : 0,
    entries,
  };
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

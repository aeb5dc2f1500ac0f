import { AUDIT_SHARDS, NO_TRIGGER, SUPPRESSION_REASONS, type SuppressionReason } from '../audit-index.js';
import type { Reason } from '../core/decision.js';
import {
  type AccessLog,
  type AccessParameters,
  type AccessQuery,
  accessLogEntry,
  type Caller,
} from './access-log.js';
import { type Explanation, explainRecord } from './explain.query.js';
import {
  auditEntry,
  type CustomerHistory,
  chronological,
  consentEntry,
  type HistoryEntry,
  offerEntry,
  offerEventEntry,
} from './history.query.js';
import {
  decodeCursor,
  encodeCursor,
  hasMore,
  mapLimit,
  mergePage,
  type Position,
  queryFingerprint,
  type StreamState,
} from './merge.query.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, normalizePeriodBound } from './params.query.js';
import type {
  AuditRecord,
  StoredConsentEntry,
  StoredDecision,
  StoredOffer,
  StoredOfferEvent,
} from './records.query.js';

/**
 * The privacy officers' queries (issue 5): suppressed offers by trigger, reason and period with counts; a
 * customer's full history; the explanation of one decision. An application service over two ports — the
 * reader of the stores and the access log — so the HTTP API and the CLI answer alike, and every call first
 * appends who asked what to the access log: when that fails, nothing is read (no unlogged reads).
 *
 * Suppressed offers are served only by Query on the audit table's sparse, sharded indexes
 * (shared/audit-index.ts), never by a Scan:
 *   - trigger given: `suppressedByTrigger`, partitions `<trigger>#0..7` (with a reason: a filter on the
 *     reason's index attribute);
 *   - only a reason: `suppressedBy-<reason>`, partitions `0..7`;
 *   - neither: the six reason indexes, 6 × 8 partitions. A decision with several reasons sits in several of
 *     them; it is read only from the index of its first reason in SUPPRESSION_REASONS order (each stream of
 *     a later reason filters out decisions that carry an earlier one), so it is returned once and the
 *     cursor stays a plain position per partition. This needs no list of trigger ids, so decisions of
 *     triggers since removed from the catalog are found too.
 */

export { AccessLogUnavailableError } from './access-log.js';
export type { Explanation } from './explain.query.js';
export type { CustomerHistory, HistoryEntry } from './history.query.js';
export { InvalidCursorError, type Position } from './merge.query.js';
export { AuditDataError } from './records.query.js';

/** An inclusive period on `decidedAt`, as normalised UTC ISO strings. */
export interface Period {
  readonly from?: string;
  readonly to?: string;
}

/** One index partition to read, and which reasons a record there must carry or must not carry. */
export interface StreamSpec {
  readonly partition:
    | { readonly index: 'trigger'; readonly triggerId: string }
    | { readonly index: 'reason'; readonly reason: SuppressionReason };
  readonly shard: number;
  readonly require: readonly SuppressionReason[];
  readonly exclude: readonly SuppressionReason[];
}

/** A suppressed decision as the list and the exports show it (its gates are in `explain`). */
export interface SuppressedRecord {
  readonly decisionId: string;
  readonly decidedAt: string;
  readonly eventId?: string;
  readonly customerId?: string;
  /** Absent for a payment screened out as sensitive (no trigger ran). */
  readonly triggerId?: string;
  readonly triggerVersion?: number;
  readonly offerId?: string;
  readonly reasons: readonly Reason[];
  readonly consentRegime?: string;
  readonly policyVersion: string;
  readonly occurredAt?: string;
}

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
  /** One audit record (decision or offer withdrawal) by id. */
  auditRecord(recordId: string): Promise<AuditRecord | undefined>;
  /** Every audit record of a customer (index byCustomer). */
  auditRecordsOf(customerId: string): Promise<readonly AuditRecord[]>;
  consentHistoryOf(customerId: string): Promise<readonly StoredConsentEntry[]>;
  offersOf(customerId: string): Promise<readonly StoredOffer[]>;
  offerEventsOf(offerInstanceId: string): Promise<readonly StoredOfferEvent[]>;
}

export interface SuppressedQuery {
  readonly trigger?: string;
  readonly reason?: SuppressionReason;
  readonly from?: string;
  readonly to?: string;
  readonly limit?: number;
  readonly cursor?: string;
  /** Whether the first page (no cursor) carries the counts for the period (default true). */
  readonly counts?: boolean;
  /** What the caller turns the page into (json, csv, jsonl, table): recorded in the access log only. */
  readonly format?: string;
}

export interface SuppressedCounts {
  readonly from?: string;
  readonly to?: string;
  /** Suppressed decisions matching the query's filters in the period (a multi-reason decision once). */
  readonly total: number;
  /** Per reason: matching decisions carrying it (a decision with two reasons counts for both). */
  readonly byReason: Readonly<Record<SuppressionReason, number>>;
  /**
   * Per trigger of the catalog (or the queried one), and `none` for payments screened out as sensitive.
   */
  readonly byTrigger: Readonly<Record<string, number>>;
  /** Matching decisions of triggers no longer in the catalog (total minus the sum of byTrigger). */
  readonly notInCatalog: number;
}

export interface SuppressedPage {
  readonly items: readonly SuppressedRecord[];
  /** Pass back as `cursor` for the next page; null when there is none. */
  readonly nextCursor: string | null;
  /** On the first page only (no cursor), unless counts were declined. */
  readonly counts?: SuppressedCounts;
}

/** No audit record has this id. */
export class AuditRecordNotFoundError extends Error {
  override readonly name = 'AuditRecordNotFoundError';
}

/** A query argument outside what the service accepts (the API validates first; this guards other callers). */
export class InvalidQueryError extends Error {
  override readonly name = 'InvalidQueryError';
  constructor(
    readonly field: string,
    readonly expected: string,
  ) {
    super(`${field}: expected ${expected}`);
  }
}

export interface PrivacyQueriesDeps {
  readonly reader: PrivacyReader;
  readonly accessLog: AccessLog;
  /** The catalog's trigger ids: the rows of the per-trigger counts (besides `none`). */
  readonly triggerIds: readonly string[];
  readonly now: () => Date;
  /** Queries in flight at once (default 16). */
  readonly concurrency?: number;
}

const shards = Array.from({ length: AUDIT_SHARDS }, (_, shard) => shard);

function triggerStreams(triggerId: string, require: readonly SuppressionReason[]): StreamSpec[] {
  return shards.map((shard) => ({ partition: { index: 'trigger', triggerId }, shard, require, exclude: [] }));
}

function reasonStreams(
  reason: SuppressionReason,
  require: readonly SuppressionReason[] = [],
  exclude: readonly SuppressionReason[] = [],
): StreamSpec[] {
  return shards.map((shard) => ({ partition: { index: 'reason', reason }, shard, require, exclude }));
}

/** Every suppressed decision once: each from the index of its first reason (see the module comment). */
function ownedStreams(): StreamSpec[] {
  return SUPPRESSION_REASONS.flatMap((reason, i) =>
    reasonStreams(reason, [], SUPPRESSION_REASONS.slice(0, i)),
  );
}

/** The partitions that hold exactly the records of a query, each record in one of them. */
export function streamsFor(query: Pick<SuppressedQuery, 'trigger' | 'reason'>): StreamSpec[] {
  if (query.trigger !== undefined) {
    return triggerStreams(query.trigger, query.reason === undefined ? [] : [query.reason]);
  }
  if (query.reason !== undefined) return reasonStreams(query.reason);
  return ownedStreams();
}

const set = <K extends string, V>(key: K, value: V | undefined) =>
  (value === undefined ? {} : { [key]: value }) as Partial<Record<K, V>>;

export function suppressedRecord(d: StoredDecision): SuppressedRecord {
  return {
    decisionId: d.decisionId,
    decidedAt: d.decidedAt,
    ...set('eventId', d.eventId),
    ...set('customerId', d.customerId),
    ...set('triggerId', d.triggerId),
    ...set('triggerVersion', d.triggerVersion),
    ...set('offerId', d.offerId),
    reasons: [...d.reasons],
    ...set('consentRegime', d.consentRegime),
    policyVersion: d.policyVersion,
    ...set('occurredAt', d.occurredAt),
  };
}

const positionOf = (d: { decidedAt: string; decisionId: string }): Position => ({
  decidedAt: d.decidedAt,
  decisionId: d.decisionId,
});

export class PrivacyQueries {
  private readonly concurrency: number;

  constructor(private readonly deps: PrivacyQueriesDeps) {
    this.concurrency = deps.concurrency ?? 16;
  }

  /** Appends the access-log entry; throws (and so stops the query) when it could not be stored. */
  private async logAccess(caller: Caller, query: AccessQuery, parameters: AccessParameters): Promise<void> {
    await this.deps.accessLog.append(accessLogEntry(caller, query, parameters, this.deps.now()));
  }

  /** Suppressed offers, newest first, one page at a time; counts for the period on the first page. */
  async suppressed(caller: Caller, query: SuppressedQuery): Promise<SuppressedPage> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
      throw new InvalidQueryError('limit', `a whole number from 1 to ${MAX_PAGE_SIZE}`);
    }
    const from = query.from === undefined ? undefined : normalizePeriodBound('from', query.from);
    const to = query.to === undefined ? undefined : normalizePeriodBound('to', query.to);
    if (query.from !== undefined && from === undefined) {
      throw new InvalidQueryError('from', 'a date YYYY-MM-DD or an ISO 8601 timestamp with offset');
    }
    if (query.to !== undefined && to === undefined) {
      throw new InvalidQueryError('to', 'a date YYYY-MM-DD or an ISO 8601 timestamp with offset');
    }
    if (from !== undefined && to !== undefined && to < from) {
      throw new InvalidQueryError('to', 'not before from');
    }
    const streams = streamsFor(query);
    const fingerprint = queryFingerprint({
      trigger: query.trigger,
      reason: query.reason,
      from,
      to,
    });
    // Decoded before anything is logged or read: a bad cursor reads nothing.
    const states: StreamState[] =
      query.cursor === undefined
        ? streams.map(() => 'start')
        : decodeCursor(query.cursor, fingerprint, streams.length);
    const withCounts = query.cursor === undefined && query.counts !== false;

    // The log names the query, never its results: a cursor (which holds record keys) is logged as a flag.
    await this.logAccess(caller, 'suppressed', {
      ...set('trigger', query.trigger),
      ...set('reason', query.reason),
      ...set('from', from),
      ...set('to', to),
      limit,
      continued: query.cursor !== undefined,
      ...set('format', query.format),
    });

    const period: Period = { ...set('from', from), ...set('to', to) };
    const [page, counts] = await Promise.all([
      mergePage(states, {
        fetch: (i, after, size) =>
          this.deps.reader.suppressedPage(streams[i] as StreamSpec, period, after, size),
        keyOf: positionOf,
        limit,
        concurrency: this.concurrency,
      }),
      withCounts ? this.counts(query.trigger, query.reason, period) : Promise.resolve(undefined),
    ]);
    return {
      items: page.items.map(suppressedRecord),
      nextCursor: hasMore(page.states) ? encodeCursor(fingerprint, page.states) : null,
      ...set('counts', counts),
    };
  }

  /**
   * Counts over the records the query matches (its trigger and reason filters and its period), each from
   * COUNT queries over every shard of the index partitions that hold them.
   */
  private async counts(
    trigger: string | undefined,
    reason: SuppressionReason | undefined,
    period: Period,
  ): Promise<SuppressedCounts> {
    const withReason = (r: SuppressionReason) => [...new Set<SuppressionReason>(reason ? [r, reason] : [r])];
    const reasonSpecs = SUPPRESSION_REASONS.map((r) =>
      trigger !== undefined
        ? triggerStreams(trigger, withReason(r))
        : reason === undefined || r === reason
          ? reasonStreams(r)
          : reasonStreams(r, [reason]),
    );
    const triggerIds =
      trigger !== undefined ? [trigger] : [...new Set([...this.deps.triggerIds, NO_TRIGGER])];
    const triggerSpecs = triggerIds.map((id) => triggerStreams(id, reason ? [reason] : []));
    const totalSpecs = trigger === undefined && reason === undefined ? [ownedStreams()] : [];

    const groups = [...reasonSpecs, ...triggerSpecs, ...totalSpecs];
    // The same partition and filter may be asked for twice (e.g. the first reason's streams own all of
    // its records): each distinct one is counted once.
    const keyOf = (spec: StreamSpec) =>
      JSON.stringify([spec.partition, spec.shard, spec.require, spec.exclude]);
    const distinct = [...new Map(groups.flat().map((spec) => [keyOf(spec), spec])).values()];
    const results = await mapLimit(distinct, this.concurrency, (spec) =>
      this.deps.reader.countSuppressed(spec, period),
    );
    const byKey = new Map(distinct.map((spec, i) => [keyOf(spec), results[i] ?? 0]));
    const counted = groups.flat().map((spec) => byKey.get(keyOf(spec)) ?? 0);
    const sums: number[] = [];
    let offset = 0;
    for (const group of groups) {
      sums.push(counted.slice(offset, offset + group.length).reduce((a, b) => a + b, 0));
      offset += group.length;
    }
    const byReason = Object.fromEntries(SUPPRESSION_REASONS.map((r, i) => [r, sums[i] ?? 0])) as Record<
      SuppressionReason,
      number
    >;
    const byTrigger = Object.fromEntries(
      triggerIds.map((id, i) => [id, sums[SUPPRESSION_REASONS.length + i] ?? 0]),
    );
    const total =
      trigger !== undefined
        ? (byTrigger[trigger] ?? 0)
        : reason !== undefined
          ? byReason[reason]
          : (sums[groups.length - 1] ?? 0);
    const inCatalog = Object.values(byTrigger).reduce((a, b) => a + b, 0);
    return {
      ...set('from', period.from),
      ...set('to', period.to),
      total,
      byReason,
      byTrigger,
      notInCatalog: trigger !== undefined ? 0 : Math.max(0, total - inCatalog),
    };
  }

  /**
   * Everything stored about the customer, oldest first: decisions and offer withdrawals (audit, byCustomer),
   * consent changes, offers, and the offer events of every offer the audit or the offers table knows
   * (offers expire by TTL long before their events and emitted decisions do).
   */
  async history(caller: Caller, customerId: string): Promise<CustomerHistory> {
    if (customerId.length === 0 || customerId.length > 64) {
      throw new InvalidQueryError('customerId', '1 to 64 characters');
    }
    await this.logAccess(caller, 'history', { customerId });
    const { reader } = this.deps;
    const [audit, consents, offers] = await Promise.all([
      reader.auditRecordsOf(customerId),
      reader.consentHistoryOf(customerId),
      reader.offersOf(customerId),
    ]);
    const instances = new Set<string>();
    for (const offer of offers) instances.add(offer.offerInstanceId);
    for (const record of audit) {
      if (record.kind === 'offer_withdrawal') instances.add(record.withdrawal.offerInstanceId);
      else if (record.decision.offerInstanceId !== undefined) instances.add(record.decision.offerInstanceId);
    }
    const events = await mapLimit([...instances].sort(), this.concurrency, (id) => reader.offerEventsOf(id));
    const entries: HistoryEntry[] = [
      ...audit.map(auditEntry),
      ...consents.map(consentEntry),
      ...offers.map(offerEntry),
      ...events.flat().map(offerEventEntry),
    ];
    entries.sort(chronological);
    return { customerId, entries };
  }

  /** Why one decision came out as it did (or what an offer-withdrawal record says). */
  async explain(caller: Caller, recordId: string): Promise<Explanation> {
    if (!/^[dw]_[0-9a-f]{32}$/.test(recordId)) {
      throw new InvalidQueryError('decisionId', 'd_ or w_ and 32 hex digits');
    }
    await this.logAccess(caller, 'explain', { decisionId: recordId });
    const record = await this.deps.reader.auditRecord(recordId);
    if (record === undefined) throw new AuditRecordNotFoundError('No audit record has this id.');
    return explainRecord(record);
  }
}

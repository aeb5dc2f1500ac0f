import * as z from 'zod';
import type { CatalogRepository } from '#app/catalog-ports.js';
import {
  DEFAULT_TIME_BASIS,
  NO_TRIGGER,
  type SuppressionReason,
  type TimeBasis,
} from '#shared/audit-index.js';
import { mapLimit } from '#shared/concurrency.js';
import {
  type AccessLog,
  type AccessParameters,
  type AccessQuery,
  accessLogEntry,
  type Caller,
} from './access-log.js';
import { type ArchivePosition, type AuditArchive, listedRecord } from './archive.query.js';
import { hourlyPeriod } from './archive-period.js';
import { type SuppressedCounts, suppressedCounts } from './counts.query.js';
import { openCursor, queryFingerprint, sealCursor } from './cursor.js';
import { AuditRecordNotFoundError, InvalidQueryError, UnknownNameError } from './errors.query.js';
import { type Explanation, explainRecord, withTriggerRecord } from './explain.query.js';
import { type CustomerHistory, customerHistory } from './history.query.js';
import { overviewPeriod, type PrivacyOverview } from './overview.js';
import { overview } from './overview.query.js';
import { checkedBasis, checkedLimit, checkedPeriod } from './query-params.js';
import type { PrivacyReader } from './reader.js';
import { optional, type SuppressedRecord } from './record-views.js';

/**
 * The privacy officers' queries (issue 5, on the archive since issue 15): suppressed offers by trigger,
 * reason and period with counts; a customer's full history; the explanation of one decision; the overview.
 * An application service over three ports — the audit archive (SQL on DuckDB or Athena, ./archive.query.ts),
 * the reader of the DynamoDB stores (the hot audit table by key, consents, offers, offer events) and the
 * access log — so the HTTP API and the CLI answer alike, and every call first appends who asked what to the
 * access log: when that fails, nothing is read (no unlogged reads).
 *
 * Lists, counts and the overview run on the archive, whose clear times are whole UTC hours: periods are
 * widened to whole hours (the counts state the bounds counted) and lists are newest first by hour, then by
 * record. Periods and order are on one time basis (issue 16): the payment time by default, the decision
 * time on request. A payment-time answer also says how many matching records have no payment time.
 * Records of an erased customer (key destroyed) are listed as unlinkable and still counted.
 *
 * A name that matches nothing is an error, not an empty answer: a trigger that is neither in the catalog
 * nor named by any suppressed record (so a trigger retired from the catalog stays queryable while it has
 * records) is an UnknownNameError listing the known ones.
 */

export { AccessLogUnavailableError } from './access-log.js';
export type { AuditArchive } from './archive.query.js';
export type { SuppressedCounts } from './counts.query.js';
export { InvalidCursorError } from './cursor.js';
export { AuditRecordNotFoundError, InvalidQueryError, UnknownNameError } from './errors.query.js';
export type { Explanation } from './explain.query.js';
export type { CustomerHistory, HistoryEntry } from './history.query.js';
export type { PrivacyOverview } from './overview.js';
export type { PrivacyReader } from './reader.js';
export type { SuppressedRecord } from './record-views.js';
export { AuditDataError } from './stored-records.js';
/** Where a page of suppressed offers stopped (the archive's keyset). */
export type Position = ArchivePosition;

export interface SuppressedQuery {
  readonly trigger?: string;
  readonly reason?: SuppressionReason;
  readonly from?: string;
  readonly to?: string;
  /** Which time the period and the order are on (default `payment`). */
  readonly by?: TimeBasis;
  readonly limit?: number;
  readonly cursor?: string;
  /** Whether the first page (no cursor) carries the counts for the period (default true). */
  readonly counts?: boolean;
  /** What the caller turns the page into (json, csv, jsonl, table): recorded in the access log only. */
  readonly format?: string;
}

/** Matching records the payment-time answer does not hold: they have no payment time. */
export interface WithoutPaymentTime {
  /** How many match the filters and were decided in the period. */
  readonly count: number;
  /** Where to find them: the same query by decision time. */
  readonly findWith: 'by=decided';
}

export interface SuppressedPage {
  /** Which time the period, the order and the counts are on. */
  readonly timeBasis: TimeBasis;
  readonly items: readonly SuppressedRecord[];
  /** Pass back as `cursor` for the next page; null when there is none. */
  readonly nextCursor: string | null;
  /** On the first page only (no cursor), unless counts were declined. */
  readonly counts?: SuppressedCounts;
  /**
   * On the first page of a payment-time query: the matching records that have no payment time (payments
   * screened out as sensitive carry none), counted by their decision time in the period.
   */
  readonly withoutPaymentTime?: WithoutPaymentTime;
}

export interface PrivacyQueriesDeps {
  readonly reader: PrivacyReader;
  readonly archive: AuditArchive;
  readonly accessLog: AccessLog;
  /** The governed catalog, to show which trigger version decided and who approved it (explain). */
  readonly catalog?: Pick<CatalogRepository, 'load'>;
  /** The catalog's trigger ids: the rows of the per-trigger counts (besides `none`). */
  readonly triggerIds: readonly string[];
  readonly now: () => Date;
  /** Reads in flight at once (default 16). */
  readonly concurrency?: number;
}

/** A cursor: the query's fingerprint and the keyset position (hour, record id) of the last record. */
const CursorBody = z.strictObject({
  q: z.string(),
  h: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}$/),
  r: z.string().regex(/^(?:[0-9a-f]{32}|[dw]_[0-9a-f]{32})$/),
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

  /**
   * Suppressed offers, newest first by the query's time basis (by hour, then record), one page at a time;
   * on the first page the counts for the period and (payment basis) how many matching records have no
   * payment time.
   */
  async suppressed(caller: Caller, query: SuppressedQuery): Promise<SuppressedPage> {
    const limit = checkedLimit(query.limit);
    const basis = checkedBasis(query.by, DEFAULT_TIME_BASIS);
    const { from, to } = checkedPeriod(query);
    const fingerprint = queryFingerprint({
      trigger: query.trigger,
      reason: query.reason,
      from,
      to,
      ...(basis === 'decided' ? {} : { by: basis }),
    });
    // Decoded before anything is logged or read: a bad cursor reads nothing.
    const after = query.cursor === undefined ? undefined : openCursor(query.cursor, CursorBody, fingerprint);
    const first = query.cursor === undefined;
    const withCounts = first && query.counts !== false;

    // The log names the query, never its results: a cursor (which holds record keys) is logged as a flag.
    await this.logAccess(caller, 'suppressed', {
      ...optional('trigger', query.trigger),
      ...optional('reason', query.reason),
      ...optional('from', from),
      ...optional('to', to),
      by: basis,
      limit,
      continued: query.cursor !== undefined,
      ...optional('format', query.format),
    });
    if (first && query.trigger !== undefined) await this.knownTrigger(query.trigger);

    // Without `from`, the period starts where the archive's retention ends; a cursor keeps the period of
    // its first page only through `from`/`to` (both in the fingerprint).
    const period = hourlyPeriod({ from, to }, this.deps.now());
    const filters = { ...optional('triggerId', query.trigger), ...optional('reason', query.reason) };
    const { archive } = this.deps;
    const [rows, counts, withoutPaymentTime] = await Promise.all([
      archive.suppressedPage({
        basis,
        ...period,
        ...filters,
        limit: limit + 1,
        ...(after === undefined ? {} : { after: { hour: after.h, recordId: after.r } }),
      }),
      withCounts
        ? archive.suppressedCounts({ basis, ...period, ...filters }).then((read) =>
            suppressedCounts({
              ...read,
              triggerIds: this.deps.triggerIds,
              trigger: query.trigger,
              basis,
              period,
            }),
          )
        : Promise.resolve(undefined),
      first && basis === 'payment'
        ? archive
            .withoutPaymentTime({ ...period, ...filters })
            .then((count): WithoutPaymentTime => ({ count, findWith: 'by=decided' }))
        : Promise.resolve(undefined),
    ]);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      timeBasis: basis,
      items: page.map(listedRecord),
      nextCursor:
        rows.length > limit && last !== undefined
          ? sealCursor({ q: fingerprint, h: last.position.hour, r: last.position.recordId })
          : null,
      ...optional('counts', counts),
      ...optional('withoutPaymentTime', withoutPaymentTime),
    };
  }

  /**
   * A trigger filter must name a trigger of the catalog, `none`, or one that suppressed records name (a
   * trigger retired from the catalog keeps its records queryable): otherwise an UnknownNameError.
   */
  private async knownTrigger(triggerId: string): Promise<void> {
    const catalog = this.deps.triggerIds;
    if (triggerId === NO_TRIGGER || catalog.includes(triggerId)) return;
    if (await this.deps.archive.hasSuppressedOf(triggerId)) return;
    throw new UnknownNameError('trigger', triggerId, [...catalog, NO_TRIGGER]);
  }

  /**
   * Everything stored about the customer, ordered by the time basis (see history.query.ts): archived
   * decisions and offer withdrawals (while the customer's archive key exists), consent changes, offers, and
   * the offer events of every offer the audit or the offers table knows. A customer with no records gets
   * an empty history (the callers say so); the access is logged first either way.
   */
  async history(
    caller: Caller,
    customerId: string,
    options: { readonly by?: TimeBasis; readonly format?: string } = {},
  ): Promise<CustomerHistory> {
    if (customerId.length === 0 || customerId.length > 64) {
      throw new InvalidQueryError('customerId', '1 to 64 characters');
    }
    const basis = checkedBasis(options.by, DEFAULT_TIME_BASIS);
    await this.logAccess(caller, 'history', {
      customerId,
      by: basis,
      ...optional('format', options.format),
    });
    const { reader, archive } = this.deps;
    const [audit, consents, offers] = await Promise.all([
      archive.recordsOf(customerId),
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
    return customerHistory(customerId, basis, { audit, consents, offers, events: events.flat() });
  }

  /**
   * Decisions per outcome and suppressions per reason and per trigger, per UTC day of the period (default:
   * the last 30 days), counts of 1 to 9 shown as "< 10" (./overview.ts), from the archive (whole hours).
   * A bad period reads nothing and logs nothing; otherwise the access is logged first.
   */
  async overview(
    caller: Caller,
    query: { readonly from?: string; readonly to?: string; readonly by?: TimeBasis },
  ): Promise<PrivacyOverview> {
    const basis = checkedBasis(query.by, DEFAULT_TIME_BASIS);
    const period = overviewPeriod(query, this.deps.now());
    await this.logAccess(caller, 'overview', { from: period.from, to: period.to, by: basis });
    const { fromHour, toHour, decidedUntilDay } = hourlyPeriod(period, this.deps.now());
    const rows = await this.deps.archive.overview({ basis, fromHour, toHour, decidedUntilDay });
    return overview({ rows, triggerIds: this.deps.triggerIds, basis, period });
  }

  /**
   * Why one decision came out as it did (or what an offer-withdrawal record says): from the hot table
   * first (by key), else from the archive, where a customer's record is found only with their customer id
   * (its archived id is keyed); without one, a not-found answer says so.
   */
  async explain(
    caller: Caller,
    recordId: string,
    options: { readonly customerId?: string } = {},
  ): Promise<Explanation> {
    if (!/^[dw]_[0-9a-f]{32}$/.test(recordId)) {
      throw new InvalidQueryError('decisionId', 'd_ or w_ and 32 hex digits');
    }
    const { customerId } = options;
    if (customerId !== undefined && (customerId.length === 0 || customerId.length > 64)) {
      throw new InvalidQueryError('customerId', '1 to 64 characters');
    }
    await this.logAccess(caller, 'explain', { decisionId: recordId, ...optional('customerId', customerId) });
    const hot = await this.deps.reader.auditRecord(recordId);
    const found = hot ?? (await this.deps.archive.record(recordId, customerId));
    if (found === 'needs-customer') throw new AuditRecordNotFoundError(recordId, true);
    if (found === undefined) throw new AuditRecordNotFoundError(recordId);
    return withTriggerRecord(explainRecord(found), this.deps.catalog);
  }
}

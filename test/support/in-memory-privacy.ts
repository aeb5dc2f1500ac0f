import { type Decision, decisionIdFor, type Reason, sortReasons } from '#core/decision.js';
import { type AccessLog, type AccessLogEntry, AccessLogUnavailableError } from '#privacy/access-log.js';
import type {
  AccessIdRange,
  AccessLogReader,
  AccessLogSource,
  AccessRecord,
} from '#privacy/access-log.query.js';
import { utcDayOf } from '#privacy/overview.js';
import type { Position } from '#privacy/page-merge.js';
import type { Period, PrivacyReader, StreamSpec } from '#privacy/queries.js';
import {
  type AuditRecord,
  accessRecordOf,
  type StoredConsentEntry,
  type StoredDecision,
  StoredDecisionSchema,
  type StoredOffer,
  type StoredOfferEvent,
  StoredWithdrawalSchema,
} from '#privacy/stored-records.js';
import { streamKey } from '#privacy/streams.query.js';
import {
  auditIndexAttributes,
  PAYMENT_TIME_KEY,
  reasonIndexKey,
  TRIGGER_INDEX_KEY,
} from '#shared/audit-index.js';

/**
 * In-memory stand-ins for the privacy queries' ports, with DynamoDB's semantics where the service relies on
 * them: an index partition is the set of records whose sparse index attribute (shared/audit-index.ts) has
 * that value; `Limit` counts records evaluated before the filter; a page that stops at the limit returns
 * its last evaluated key even when nothing follows (as DynamoDB does); resuming is positional.
 */

export const POLICY = 'policy=test;regime=opt-in;cap=2/7d;catalog=test;sensitive=test';

/** How records with the same sort-key time are ordered inside one partition (DynamoDB does not promise one). */
export type TieOrder = 'decisionId-desc' | 'decisionId-asc';

/** `occurredAt` defaults to `decidedAt` (live traffic); a replay decides long after the payment. */
export function suppressedDecision(input: {
  eventId: string;
  decidedAt: string;
  occurredAt?: string;
  triggerId?: string;
  reasons: readonly Reason[];
  customerId?: string;
}): Decision {
  const sensitive = input.triggerId === undefined;
  return {
    decisionId: sensitive ? decisionIdFor(input.eventId) : decisionIdFor(input.eventId, input.triggerId, 1),
    eventId: input.eventId,
    customerId: input.customerId ?? 'c-1',
    outcome: 'suppressed',
    reasons: sensitive ? ['sensitive_category'] : sortReasons(input.reasons),
    decidedAt: input.decidedAt,
    policyVersion: POLICY,
    ...(sensitive
      ? {}
      : {
          triggerId: input.triggerId,
          triggerVersion: 1,
          offerId: `offer-of-${input.triggerId}`,
          consentRegime: 'opt-in' as const,
          occurredAt: input.occurredAt ?? input.decidedAt,
        }),
  };
}

export class InMemoryPrivacyReader implements PrivacyReader {
  readonly audit: Array<Record<string, unknown>> = [];
  readonly consents: StoredConsentEntry[] = [];
  readonly offers: StoredOffer[] = [];
  readonly events: StoredOfferEvent[] = [];
  readonly calls = { suppressedPage: 0, countSuppressed: 0, countByDay: 0, other: 0 };

  constructor(private readonly tieOrder: TieOrder = 'decisionId-desc') {}

  /** Stores a decision as the writer does: with its sparse index attributes. */
  addDecision(decision: Decision): this {
    this.audit.push({ ...decision, ...auditIndexAttributes(decision) });
    return this;
  }

  addItem(item: Record<string, unknown>): this {
    this.audit.push(item);
    return this;
  }

  private order(a: Position, b: Position): number {
    if (a.at !== b.at) return a.at > b.at ? -1 : 1;
    if (a.decisionId === b.decisionId) return 0;
    const asc = a.decisionId < b.decisionId ? -1 : 1;
    return this.tieOrder === 'decisionId-asc' ? asc : -asc;
  }

  /** The index of the stream's basis: only items with both its keys (sparse), sorted by its sort key. */
  private partition(stream: StreamSpec, period: Period): Array<Record<string, unknown> & Position> {
    const { keyName: key, keyValue: value, sortName: sortKey } = streamKey(stream);
    return this.audit
      .filter((item) => item[key] === value && typeof item[sortKey] === 'string')
      .map((item) => ({ ...item, at: item[sortKey] as string, decisionId: item.decisionId as string }))
      .filter((item) => period.from === undefined || item.at >= period.from)
      .filter((item) => period.to === undefined || item.at <= period.to)
      .sort((a, b) => this.order(a, b));
  }

  private passes(stream: StreamSpec, item: Record<string, unknown>): boolean {
    return (
      stream.require.every((r) => item[reasonIndexKey(r)] !== undefined) &&
      stream.exclude.every((r) => item[reasonIndexKey(r)] === undefined) &&
      (stream.withoutPaymentTime !== true || item[PAYMENT_TIME_KEY] === undefined)
    );
  }

  async suppressedPage(stream: StreamSpec, period: Period, after: Position | undefined, limit: number) {
    this.calls.suppressedPage++;
    const all = this.partition(stream, period);
    const rest = after === undefined ? all : all.filter((item) => this.order(item, after) > 0);
    const evaluated = rest.slice(0, limit);
    const lastItem = evaluated.at(-1);
    const stoppedAtLimit = evaluated.length === limit && lastItem !== undefined;
    return {
      items: evaluated.filter((item) => this.passes(stream, item)).map((item) => strip(item)),
      ...(stoppedAtLimit ? { last: { at: lastItem.at, decisionId: lastItem.decisionId } } : {}),
    };
  }

  async countSuppressed(stream: StreamSpec, period: Period) {
    this.calls.countSuppressed++;
    return this.partition(stream, period).filter((item) => this.passes(stream, item)).length;
  }

  async countByDay(stream: StreamSpec, period: Period) {
    this.calls.countByDay++;
    const byDay = new Map<string, number>();
    for (const item of this.partition(stream, period).filter((i) => this.passes(stream, i))) {
      const day = utcDayOf(item.at);
      byDay.set(day, (byDay.get(day) ?? 0) + 1);
    }
    return byDay;
  }

  async hasSuppressedOf(triggerId: string) {
    this.calls.other++;
    return this.audit.some(
      (item) => typeof item[TRIGGER_INDEX_KEY] === 'string' && item.triggerId === triggerId,
    );
  }

  async auditRecord(recordId: string): Promise<AuditRecord | undefined> {
    this.calls.other++;
    const item = this.audit.find((i) => i.decisionId === recordId);
    return item === undefined ? undefined : record(item);
  }

  async auditRecordsOf(customerId: string) {
    this.calls.other++;
    return this.audit.filter((i) => i.customerId === customerId).map(record);
  }

  async consentHistoryOf(customerId: string) {
    this.calls.other++;
    return this.consents.filter((c) => c.customerId === customerId);
  }

  async offersOf(customerId: string) {
    this.calls.other++;
    return this.offers.filter((o) => o.customerId === customerId);
  }

  async offerEventsOf(offerInstanceId: string) {
    this.calls.other++;
    return this.events.filter((e) => e.offerInstanceId === offerInstanceId);
  }

  get totalCalls(): number {
    return this.calls.suppressedPage + this.calls.countSuppressed + this.calls.countByDay + this.calls.other;
  }
}

/** The stored item through the same schemas as the adapter: index attributes and TTL fall away. */
function strip(item: Record<string, unknown>): StoredDecision {
  return StoredDecisionSchema.parse(item);
}

function record(item: Record<string, unknown>): AuditRecord {
  if (item.kind === 'offer_withdrawal') {
    return { kind: 'offer_withdrawal', withdrawal: StoredWithdrawalSchema.parse(item) };
  }
  return { kind: 'decision', decision: strip(item) };
}

export class InMemoryAccessLog implements AccessLog {
  readonly entries: AccessLogEntry[] = [];
  failWith: Error | undefined;

  async append(entry: AccessLogEntry): Promise<void> {
    if (this.failWith) throw new AccessLogUnavailableError('access log down', { cause: this.failWith });
    if (this.entries.some((e) => e.day === entry.day && e.accessId === entry.accessId)) {
      throw new AccessLogUnavailableError('duplicate access id');
    }
    this.entries.push(structuredClone(entry));
  }
}

/**
 * The access log's reader over an in-memory list of entries, with the DynamoDB adapter's semantics: a source
 * is one index partition (customerId, who) or one day, bounds on accessId inclusive, newest first, strictly
 * before `before`. Counts the reads per source kind (to check that filters use their index).
 */
export class InMemoryAccessLogReader implements AccessLogReader {
  readonly reads: AccessLogSource['kind'][] = [];

  constructor(private readonly entriesOf: () => readonly AccessLogEntry[]) {}

  async entries(
    source: AccessLogSource,
    range: AccessIdRange,
    before: string | undefined,
    limit: number,
  ): Promise<readonly AccessRecord[]> {
    this.reads.push(source.kind);
    return this.entriesOf()
      .filter((e) =>
        source.kind === 'customer'
          ? e.customerId === source.customerId && (source.who === undefined || e.who === source.who)
          : source.kind === 'actor'
            ? e.who === source.who
            : e.day === source.day,
      )
      .filter((e) => source.query === undefined || e.query === source.query)
      .filter((e) => e.accessId >= range.low && e.accessId <= range.high)
      .filter((e) => before === undefined || e.accessId < before)
      .sort((a, b) => (a.accessId < b.accessId ? 1 : -1))
      .slice(0, limit)
      .map((e) => accessRecordOf(e) as AccessRecord);
  }
}

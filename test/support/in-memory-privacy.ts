import { type Decision, decisionIdFor, type Reason, sortReasons } from '#core/decision.js';
import { type AccessLog, type AccessLogEntry, AccessLogUnavailableError } from '#privacy/access-log.js';
import type {
  AccessIdRange,
  AccessLogReader,
  AccessLogSource,
  AccessRecord,
} from '#privacy/access-log.query.js';
import type { PrivacyReader } from '#privacy/queries.js';
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

/**
 * In-memory stand-ins for the privacy queries' DynamoDB ports: the hot audit table by key, consents, offers,
 * offer events, and the access log. The archive side is real (test/support/archived-privacy.ts: DuckDB over
 * Parquet in a temp folder).
 */

export const POLICY = 'policy=test;regime=opt-in;cap=2/7d;catalog=test;sensitive=test';

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
  /** The hot audit table's items, by key. */
  readonly audit: Array<Record<string, unknown>> = [];
  readonly consents: StoredConsentEntry[] = [];
  readonly offers: StoredOffer[] = [];
  readonly events: StoredOfferEvent[] = [];
  readonly calls = { other: 0 };

  /** Stores a decision in the hot table under its own id. */
  addDecision(decision: Decision): this {
    this.audit.push({ ...decision });
    return this;
  }

  addItem(item: Record<string, unknown>): this {
    this.audit.push(item);
    return this;
  }

  async auditRecord(recordId: string): Promise<AuditRecord | undefined> {
    this.calls.other++;
    const item = this.audit.find((i) => i.decisionId === recordId);
    return item === undefined ? undefined : record(item);
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
    return this.calls.other;
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

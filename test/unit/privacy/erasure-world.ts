import type { ArchiveEngine, ArchiveStatement, CustomerKeyStore, EngineRow } from '#archive/ports.js';
import { type CustomerKey, newKeyMaterial, pseudonymiser } from '#archive/pseudonym.js';
import { type ArchiveRow, decisionRow, withdrawalRow } from '#archive/rows.js';
import type { Decision } from '#core/decision.js';
import type { AccessLogEntry } from '#privacy/access-log.js';
import type {
  ConsentEvidenceRef,
  CustomerStatePort,
  ErasureChangeLog,
  ErasureChangeRecord,
  ErasureDeps,
  ErasureLogEntry,
  ErasureLogPort,
  ErasureTarget,
  HotAuditPort,
  OfferEventKey,
} from '#privacy/erasure.js';
import { changeRecord, pseudonymousRecordId } from '#privacy/erasure.js';
import { DAY_SECONDS } from '#shared/retention.js';
import { NOW } from '#test/support/builders.js';

/**
 * The erasure ports in memory, with the adapters' semantics (deletes of missing keys are no-ops, audit
 * deletes only of items still naming the customer, keys never created by a read), and an archive of real
 * rows (shared/archive/rows.ts: keyed pseudonyms, sealed contents) behind an engine that answers the
 * customer-rows statement as the SQL does. Records every mutating call, and can be told to fail one.
 */

export const HOT_DAYS = 35;
export const daysAgo = (days: number, from: Date = NOW): string =>
  new Date(from.getTime() - days * DAY_SECONDS * 1000).toISOString();
const hex = (n: number) => n.toString(16).padStart(32, '0');
let nextId = 1;
export const decisionId = (): string => `d_${hex(nextId++)}`;

export class InMemoryStores implements CustomerStatePort, HotAuditPort, ErasureLogPort {
  readonly customers = new Map<string, Set<string>>();
  readonly contact = new Set<string>();
  readonly offerRows = new Map<string, Set<string>>();
  /** Offer events by offer instance: client event id -> the customer the event names. */
  readonly events = new Map<string, Map<string, string>>();
  /** The hot audit table: hot key -> the customer the item names. */
  readonly hot = new Map<string, string>();
  readonly keys = new Map<string, CustomerKey>();
  /** Archived rows by dataset (never changed: the archive is immutable). */
  readonly archive: { decisions: ArchiveRow[]; withdrawals: ArchiveRow[] } = {
    decisions: [],
    withdrawals: [],
  };
  readonly consentHistory = new Map<string, ConsentEvidenceRef[]>();
  readonly log: ErasureLogEntry[] = [];
  readonly changes: ErasureChangeRecord[] = [];
  readonly calls: string[] = [];
  readonly statements: ArchiveStatement[] = [];
  readonly accessEntries: AccessLogEntry[] = [];
  /** The name of a call that throws (once). */
  failOn: string | undefined;

  private mutate(name: string) {
    this.calls.push(name);
    if (this.failOn === name) {
      this.failOn = undefined;
      throw new Error(`${name} failed`);
    }
  }

  // --- seeding ---------------------------------------------------------------------------------------
  customer(customerId: string, sks = ['PROFILE', 'CONSENTS']): this {
    this.customers.set(customerId, new Set(sks));
    return this;
  }
  offer(customerId: string, offerInstanceId: string, events: string[] = []): this {
    const rows = this.offerRows.get(customerId) ?? new Set();
    rows.add(offerInstanceId);
    this.offerRows.set(customerId, rows);
    return this.event(customerId, offerInstanceId, ...events);
  }
  event(customerId: string, offerInstanceId: string, ...clientEventIds: string[]): this {
    const map = this.events.get(offerInstanceId) ?? new Map<string, string>();
    for (const id of clientEventIds) map.set(id, customerId);
    this.events.set(offerInstanceId, map);
    return this;
  }
  withHistory(customerId: string, ...entries: ConsentEvidenceRef[]): this {
    this.consentHistory.set(customerId, entries);
    return this;
  }
  keyOf(customerId: string): CustomerKey {
    const key = this.keys.get(customerId) ?? { customerId, material: newKeyMaterial() };
    this.keys.set(customerId, key);
    return key;
  }
  /**
   * One hot item (`hotKey`) holding these decisions: stored hot unless `hot: false` (expired), archived
   * unless `archived: false` (not yet: the archive lags), as the archiver would (creating the key).
   */
  decided(
    hotKey: string,
    decisions: readonly Decision[],
    options: { hot?: boolean; archived?: boolean } = {},
  ): this {
    const customerId = decisions[0]?.customerId ?? '';
    if (options.hot !== false) this.hot.set(hotKey, customerId);
    if (options.archived !== false) {
      const keyed = pseudonymiser(this.keyOf(customerId));
      for (const d of decisions)
        this.archive.decisions.push(decisionRow(d, hotKey, keyed, new Date(d.decidedAt)));
    }
    return this;
  }
  withdrew(customerId: string, id: string, offerInstanceId: string, at: string, archived = true): this {
    this.hot.set(id, customerId);
    if (archived) {
      const withdrawal = {
        decisionId: id,
        kind: 'offer_withdrawal' as const,
        customerId,
        offerInstanceId,
        offerId: 'worldwide-travel-cover',
        triggerId: 'card-abroad-worldwide-cover',
        triggerVersion: 1,
        withdrawalReason: 'consent_withdrawn',
        decidedAt: at,
      };
      this.archive.withdrawals.push(
        withdrawalRow(withdrawal, pseudonymiser(this.keyOf(customerId)), new Date(at)),
      );
    }
    return this;
  }

  // --- CustomerStatePort -----------------------------------------------------------------------------
  async customerItems(customerId: string) {
    return [...(this.customers.get(customerId) ?? [])];
  }
  async deleteCustomerItems(customerId: string, sortKeys: readonly string[]) {
    this.mutate('deleteCustomerItems');
    for (const sk of sortKeys) this.customers.get(customerId)?.delete(sk);
    if (this.customers.get(customerId)?.size === 0) this.customers.delete(customerId);
  }
  async hasContactPolicy(customerId: string) {
    return this.contact.has(customerId);
  }
  async deleteContactPolicy(customerId: string) {
    this.mutate('deleteContactPolicy');
    this.contact.delete(customerId);
  }
  async offers(customerId: string) {
    return [...(this.offerRows.get(customerId) ?? [])];
  }
  async deleteOffers(customerId: string, ids: readonly string[]) {
    this.mutate('deleteOffers');
    for (const id of ids) this.offerRows.get(customerId)?.delete(id);
  }
  async offerEvents(ids: readonly string[], customerId: string): Promise<OfferEventKey[]> {
    const keys = new Map<string, OfferEventKey>();
    for (const [offerInstanceId, events] of this.events) {
      for (const [clientEventId, owner] of events) {
        if (ids.includes(offerInstanceId) || owner === customerId)
          keys.set(`${offerInstanceId}|${clientEventId}`, { offerInstanceId, clientEventId });
      }
    }
    return [...keys.values()];
  }
  async deleteOfferEvents(keys: readonly OfferEventKey[]) {
    this.mutate('deleteOfferEvents');
    for (const key of keys) this.events.get(key.offerInstanceId)?.delete(key.clientEventId);
  }

  // --- HotAuditPort ----------------------------------------------------------------------------------
  async stillNaming(ids: readonly string[], customerId: string) {
    return ids.filter((id) => this.hot.get(id) === customerId);
  }
  async delete(items: readonly ErasureTarget[], customerId: string, log: ErasureChangeLog) {
    this.mutate('deleteHotAudit');
    const done = items.filter(({ id }) => this.hot.get(id) === customerId);
    for (const { id } of done) this.hot.delete(id);
    return this.committed(log, 'audit', 'deleted', done);
  }

  private committed(
    log: ErasureChangeLog,
    table: 'audit' | 'consent-history',
    how: 'deleted' | 'pseudonymised',
    done: readonly ErasureTarget[],
  ): string[] {
    if (done.length > 0) this.changes.push(changeRecord(log, table, how, 0, done));
    return done.map((t) => t.id);
  }

  // --- ConsentEvidencePort ---------------------------------------------------------------------------
  async history(customerId: string) {
    return this.consentHistory.get(customerId) ?? [];
  }
  readonly consentPseudonymisation = {
    pseudonymise: async (
      records: readonly ErasureTarget[],
      customerId: string,
      pseudonym: string,
      log: ErasureChangeLog,
    ) => {
      this.mutate('pseudonymiseConsent');
      const entries = this.consentHistory.get(customerId) ?? [];
      const moved = entries.filter((e) => records.some((t) => t.id === e.recordId));
      this.consentHistory.set(
        customerId,
        entries.filter((e) => !moved.includes(e)),
      );
      this.consentHistory.set(pseudonym, [
        ...(this.consentHistory.get(pseudonym) ?? []),
        ...moved.map((e) => ({ ...e, recordId: pseudonymousRecordId(e.recordId, pseudonym) })),
      ]);
      const done = records.filter((t) => moved.some((e) => e.recordId === t.id));
      return this.committed(log, 'consent-history', 'pseudonymised', done);
    },
  };

  // --- ErasureLogPort --------------------------------------------------------------------------------
  async append(entry: ErasureLogEntry) {
    this.mutate('appendLog');
    if (this.log.some((e) => e.erasureId === entry.erasureId)) throw new Error('already logged');
    this.log.push(structuredClone(entry));
  }

  // --- The archive -----------------------------------------------------------------------------------
  readonly keyStore: Pick<CustomerKeyStore, 'keysOf' | 'destroy'> = {
    keysOf: async (ids, options) => {
      if (options.create) throw new Error('an erasure never creates a key');
      this.calls.push('keysOf');
      return new Map(ids.flatMap((id) => (this.keys.has(id) ? [[id, this.keyOf(id)] as const] : [])));
    },
    destroy: async (customerId) => {
      this.mutate('destroyKey');
      return this.keys.delete(customerId) ? 'destroyed' : 'absent';
    },
  };

  /** Answers customerRowsStatement (customer_ref = ?, record_day between ? and ?, first copy per record). */
  readonly engine: ArchiveEngine = {
    name: 'duckdb',
    run: async (statement): Promise<readonly EngineRow[]> => {
      this.statements.push(statement);
      if (this.failOn === 'archive') {
        this.failOn = undefined;
        throw new Error('archive down');
      }
      const dataset = statement.name.split('.')[0];
      if (dataset !== 'decisions' && dataset !== 'withdrawals') throw new Error(`no ${statement.name}`);
      const [ref, fromDay, toDay] = statement.params.map(String);
      const seen = new Set<unknown>();
      return this.archive[dataset].filter((row) => {
        const day = String(row.record_hour).slice(0, 10);
        if (row.customer_ref !== ref || day < String(fromDay) || day > String(toDay)) return false;
        if (seen.has(row.record_id)) return false;
        seen.add(row.record_id);
        return true;
      });
    },
    close: async () => {},
  };

  deps(ids: string[] = ['e-1', 'e-2', 'e-3']): ErasureDeps {
    const queue = [...ids];
    return {
      customerState: this,
      audit: this,
      archive: { keys: this.keyStore, engine: this.engine, hotAuditDays: HOT_DAYS },
      consentEvidence: { history: (c) => this.history(c), ...this.consentPseudonymisation },
      erasureLog: this,
      accessLog: {
        append: async (entry: AccessLogEntry) => {
          this.accessEntries.push(entry);
        },
      },
      newId: () => {
        const id = queue.shift();
        if (id === undefined) throw new Error('out of ids');
        return id;
      },
    };
  }
}

/** A decision of a customer at `at`. */
export function decision(
  customerId: string,
  outcome: Decision['outcome'],
  at: string,
  extra: Partial<Decision> = {},
): Decision {
  return {
    decisionId: decisionId(),
    eventId: `evt-${nextId}`,
    customerId,
    outcome,
    reasons: outcome === 'suppressed' ? ['no_consent'] : outcome === 'rejected' ? ['invalid_event'] : [],
    decidedAt: at,
    policyVersion: 'catalog-1',
    ...(outcome === 'emitted' || outcome === 'suppressed'
      ? { triggerId: 'card-abroad-worldwide-cover', triggerVersion: 1, offerId: 'worldwide-travel-cover' }
      : {}),
    ...extra,
  };
}

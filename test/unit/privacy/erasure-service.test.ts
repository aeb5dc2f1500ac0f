import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AccessLogEntry } from '#privacy/access-log.js';
import type {
  AuditRecordRef,
  AuditRecordsPort,
  ConsentEvidenceRef,
  CustomerStatePort,
  ErasureChangeLog,
  ErasureChangeRecord,
  ErasureDeps,
  ErasureLogEntry,
  ErasureLogPort,
  ErasureReport,
  ErasureTarget,
  OfferEventKey,
} from '#privacy/erasure.js';
import { changeRecord, pseudonymousRecordId } from '#privacy/erasure.js';
import { auditKindOf, eraseCustomer, previewErasure } from '#privacy/erasure-service.js';
import { DAY_SECONDS, RETENTION_DAYS } from '#shared/retention.js';
import { NOW } from '#test/support/builders.js';

const epoch = (iso: string) => Date.parse(iso) / 1000;

interface AuditRow extends AuditRecordRef {
  customerId: string;
}

/**
 * The erasure ports in memory, with the adapters' semantics: deletes of missing keys are no-ops,
 * pseudonymisation changes a record only if it still names the customer. Records every mutating call, and
 * can be told to fail one of them.
 */
class InMemoryStores implements CustomerStatePort, AuditRecordsPort, ErasureLogPort {
  readonly customers = new Map<string, Set<string>>();
  readonly contact = new Set<string>();
  readonly offerRows = new Map<string, Set<string>>();
  readonly events = new Map<string, Set<string>>();
  readonly audit = new Map<string, AuditRow>();
  readonly consentHistory = new Map<string, ConsentEvidenceRef[]>();
  readonly log: ErasureLogEntry[] = [];
  /** The change records, committed with the changes they describe (as the adapters' transactions do). */
  readonly changes: ErasureChangeRecord[] = [];
  readonly calls: string[] = [];
  /** The name of a mutating call that throws (once). */
  failOn: string | undefined;
  /** Audit ids another writer changes just before pseudonymisation reaches them. */
  readonly changedMeanwhile = new Set<string>();

  private mutate(name: string) {
    this.calls.push(name);
    if (this.failOn === name) {
      this.failOn = undefined;
      throw new Error(`${name} failed`);
    }
  }

  // seeding
  customer(customerId: string, sks = ['PROFILE', 'CONSENTS']): this {
    this.customers.set(customerId, new Set(sks));
    return this;
  }
  offer(customerId: string, offerInstanceId: string, events: string[] = []): this {
    const rows = this.offerRows.get(customerId) ?? new Set();
    rows.add(offerInstanceId);
    this.offerRows.set(customerId, rows);
    if (events.length > 0) this.event(offerInstanceId, ...events);
    return this;
  }
  event(offerInstanceId: string, ...clientEventIds: string[]): this {
    const set = this.events.get(offerInstanceId) ?? new Set();
    for (const id of clientEventIds) set.add(id);
    this.events.set(offerInstanceId, set);
    return this;
  }
  record(row: AuditRow): this {
    this.audit.set(row.decisionId, row);
    return this;
  }
  withHistory(customerId: string, ...entries: ConsentEvidenceRef[]): this {
    this.consentHistory.set(customerId, entries);
    return this;
  }

  // CustomerStatePort
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
  async offerEvents(ids: readonly string[]): Promise<OfferEventKey[]> {
    return ids.flatMap((offerInstanceId) =>
      [...(this.events.get(offerInstanceId) ?? [])].map((clientEventId) => ({
        offerInstanceId,
        clientEventId,
      })),
    );
  }
  async deleteOfferEvents(keys: readonly OfferEventKey[]) {
    this.mutate('deleteOfferEvents');
    for (const key of keys) this.events.get(key.offerInstanceId)?.delete(key.clientEventId);
  }

  // AuditRecordsPort
  async byCustomer(customerId: string): Promise<AuditRecordRef[]> {
    return [...this.audit.values()]
      .filter((row) => row.customerId === customerId)
      .map(({ customerId: _, ...ref }) => ref);
  }
  async delete(records: readonly ErasureTarget[], customerId: string, log: ErasureChangeLog) {
    this.mutate('deleteAudit');
    const done = records.filter(({ id }) => this.audit.get(id)?.customerId === customerId);
    for (const { id } of done) this.audit.delete(id);
    return this.committed(log, 'audit', 'deleted', done);
  }
  async pseudonymise(
    records: readonly ErasureTarget[],
    customerId: string,
    pseudonym: string,
    log: ErasureChangeLog,
  ) {
    this.mutate('pseudonymise');
    const done = records.filter(
      ({ id }) => !this.changedMeanwhile.has(id) && this.audit.get(id)?.customerId === customerId,
    );
    for (const { id } of done) {
      const row = this.audit.get(id);
      if (row) this.audit.set(id, { ...row, customerId: pseudonym });
    }
    return this.committed(log, 'audit', 'pseudonymised', done);
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

  // ConsentEvidencePort
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
      const done = records.filter(({ id }) => entries.some((e) => e.recordId === id));
      const moved = entries.filter((e) => done.some((t) => t.id === e.recordId));
      this.consentHistory.set(
        customerId,
        entries.filter((e) => !moved.includes(e)),
      );
      this.consentHistory.set(pseudonym, [
        ...(this.consentHistory.get(pseudonym) ?? []),
        ...moved.map((e) => ({ ...e, recordId: pseudonymousRecordId(e.recordId, pseudonym) })),
      ]);
      return this.committed(log, 'consent-history', 'pseudonymised', done);
    },
  };

  /** The audit access log's entries (an erasure reads the audit, so it is logged first). */
  readonly accessEntries: AccessLogEntry[] = [];

  // ErasureLogPort
  async append(entry: ErasureLogEntry) {
    this.mutate('appendLog');
    if (this.log.some((e) => e.erasureId === entry.erasureId)) throw new Error('already logged');
    this.log.push(structuredClone(entry));
  }

  deps(ids: string[] = ['e-1', 'e-2', 'e-3']): ErasureDeps {
    const queue = [...ids];
    return {
      customerState: this,
      audit: this,
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

const TTL = {
  emitted: epoch('2026-07-03T18:22:05Z') + 730 * DAY_SECONDS,
  suppressedLater: epoch('2026-07-05T14:00:00Z') + 730 * DAY_SECONDS,
  withdrawal: epoch('2026-07-08T09:00:00Z') + 730 * DAY_SECONDS,
  noTrigger: epoch('2026-07-04T10:00:00Z') + 90 * DAY_SECONDS,
  consentOld: epoch('2026-01-10T10:00:00Z') + 1_825 * DAY_SECONDS,
  consentNew: epoch('2026-07-08T09:00:00Z') + 1_825 * DAY_SECONDS,
};

/** One customer with some of everything, and a bystander who must not be touched. */
function world() {
  const stores = new InMemoryStores()
    .customer('c-1')
    .customer('c-2')
    .offer('c-1', 'o_emitted', ['shown-1', 'dismissed-1'])
    .offer('c-2', 'o_other', ['shown-9'])
    // An offer expired by TTL long ago: its row is gone, its events are not (they live longer).
    .event('o_expired', 'clicked-1')
    .record({
      decisionId: 'd_emit',
      customerId: 'c-1',
      outcome: 'emitted',
      offerInstanceId: 'o_emitted',
      ttl: TTL.emitted,
    })
    .record({
      decisionId: 'd_old',
      customerId: 'c-1',
      outcome: 'emitted',
      offerInstanceId: 'o_expired',
      ttl: TTL.emitted - 5,
    })
    .record({ decisionId: 'd_supp', customerId: 'c-1', outcome: 'suppressed', ttl: TTL.suppressedLater })
    .record({ decisionId: 'd_sens', customerId: 'c-1', outcome: 'suppressed', ttl: TTL.emitted })
    .record({ decisionId: 'd_none', customerId: 'c-1', outcome: 'no_trigger', ttl: TTL.noTrigger })
    .record({ decisionId: 'd_rej', customerId: 'c-1', outcome: 'rejected', ttl: TTL.noTrigger })
    .record({
      decisionId: 'w_1',
      customerId: 'c-1',
      kind: 'offer_withdrawal',
      offerInstanceId: 'o_emitted',
      ttl: TTL.withdrawal,
    })
    .record({ decisionId: 'd_c2', customerId: 'c-2', outcome: 'emitted', offerInstanceId: 'o_other', ttl: 1 })
    .withHistory('c-1', { recordId: 'h-1', ttl: TTL.consentOld }, { recordId: 'h-2', ttl: TTL.consentNew })
    .withHistory('c-2', { recordId: 'h-9', ttl: TTL.consentOld });
  stores.contact.add('c-1');
  stores.contact.add('c-2');
  return stores;
}

const request = (customerId = 'c-1') => ({
  customerId,
  requestedBy: 'arn:aws:iam::1:user/officer',
  now: NOW,
});
const removedOf = (report: ErasureReport) =>
  Object.fromEntries(report.removed.map((r) => [r.kind, `${r.count} ${r.how}`]));
const keptOf = (report: ErasureReport) =>
  Object.fromEntries(
    report.kept.map((k) => [k.kind, { count: k.count, until: k.until, linked: k.linkedToCustomer }]),
  );
const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

describe('eraseCustomer', () => {
  it('deletes the customer state, offers, offer events and decisions without a duty; pseudonymises the rest', async () => {
    const stores = world();
    const report = await eraseCustomer(request(), stores.deps());

    expect(stores.customers.has('c-1')).toBe(false);
    expect(stores.contact.has('c-1')).toBe(false);
    expect(stores.offerRows.get('c-1')?.size).toBe(0);
    expect(stores.events.get('o_emitted')?.size).toBe(0);
    expect(stores.events.get('o_expired')?.size).toBe(0);
    expect(stores.audit.has('d_none')).toBe(false);
    expect(stores.audit.has('d_rej')).toBe(false);
    for (const id of ['d_emit', 'd_old', 'd_supp', 'd_sens', 'w_1']) {
      expect(stores.audit.get(id)?.customerId, id).toBe('erased:e-1');
    }
    expect(await stores.byCustomer('c-1')).toEqual([]);
    // The consent history is kept, under the pseudonym and with record ids no longer derived from c-1.
    expect(stores.consentHistory.get('c-1')).toEqual([]);
    expect(stores.consentHistory.get('erased:e-1')).toEqual([
      { recordId: pseudonymousRecordId('h-1', 'erased:e-1'), ttl: TTL.consentOld },
      { recordId: pseudonymousRecordId('h-2', 'erased:e-1'), ttl: TTL.consentNew },
    ]);

    expect(removedOf(report)).toEqual({
      customerProfile: '1 deleted',
      currentConsents: '1 deleted',
      contactPolicy: '1 deleted',
      offer: '1 deleted',
      offerEvent: '3 deleted',
      decisionNoTrigger: '1 deleted',
      decisionRejected: '1 deleted',
      decisionEmitted: '2 pseudonymised',
      decisionSuppressed: '2 pseudonymised',
      offerWithdrawal: '1 pseudonymised',
      consentHistory: '2 pseudonymised',
    });
    expect(keptOf(report)).toEqual({
      consentHistory: { count: 2, until: iso(TTL.consentNew), linked: false },
      decisionEmitted: { count: 2, until: iso(TTL.emitted), linked: false },
      decisionSuppressed: { count: 2, until: iso(TTL.suppressedLater), linked: false },
      offerWithdrawal: { count: 1, until: iso(TTL.withdrawal), linked: false },
    });
    expect(report.keptUntil).toBe(iso(TTL.consentNew));
    expect(report.pseudonym).toBe('erased:e-1');
    expect(report).toMatchObject({
      erasureId: 'e-1',
      at: NOW.toISOString(),
      requestedBy: request().requestedBy,
    });
    for (const kept of report.kept) expect(kept.why.length).toBeGreaterThan(20);
    expect(report.notSearched.map((n) => n.kind)).toEqual(['accessLog', 'erasureLog']);
  });

  it('records the erasure in the audit access log before reading anything, without the customer id', async () => {
    const stores = world();
    const report = await eraseCustomer(request(), stores.deps());
    expect(stores.accessEntries).toHaveLength(1);
    expect(stores.accessEntries[0]).toMatchObject({
      query: 'erasure',
      parameters: { erasureId: report.erasureId },
    });
    // (Leaving out the entry's random id: a UUID can spell "c-1" by chance.)
    expect(JSON.stringify(stores.accessEntries.map(({ accessId: _random, ...rest }) => rest))).not.toContain(
      'c-1',
    );
  });

  it('leaves every other customer alone', async () => {
    const stores = world();
    await eraseCustomer(request(), stores.deps());
    expect([...(stores.customers.get('c-2') ?? [])]).toEqual(['PROFILE', 'CONSENTS']);
    expect(stores.contact.has('c-2')).toBe(true);
    expect([...(stores.offerRows.get('c-2') ?? [])]).toEqual(['o_other']);
    expect([...(stores.events.get('o_other') ?? [])]).toEqual(['shown-9']);
    expect(stores.audit.get('d_c2')?.customerId).toBe('c-2');
    expect(stores.consentHistory.get('c-2')).toHaveLength(1);
  });

  it('appends the report to the erasure log, with a TTL of the erasure-log period and no customer id', async () => {
    const stores = world();
    const report = await eraseCustomer(request(), stores.deps());
    expect(stores.log).toEqual([
      {
        erasureId: 'e-1',
        at: NOW.toISOString(),
        requestedBy: 'arn:aws:iam::1:user/officer',
        report,
        ttl: NOW.getTime() / 1000 + RETENTION_DAYS.erasureLog * DAY_SECONDS,
      },
    ]);
    expect(JSON.stringify(stores.log)).not.toContain('c-1');
  });

  it('is idempotent: a second erasure finds nothing left to remove, still reports what is kept, and is logged', async () => {
    const stores = world();
    await eraseCustomer(request(), stores.deps());
    const auditAfterFirst = structuredClone([...stores.audit.entries()]);
    stores.calls.length = 0;

    const again = await eraseCustomer(request(), stores.deps(['e-2']));

    expect(again.removed.every((r) => r.count === 0)).toBe(true);
    expect(again.removed.map((r) => r.kind)).toEqual([
      'customerProfile',
      'currentConsents',
      'contactPolicy',
      'offer',
      'offerEvent',
      'decisionNoTrigger',
      'decisionRejected',
      'decisionEmitted',
      'decisionSuppressed',
      'offerWithdrawal',
      'consentHistory',
    ]);
    // The pseudonymised records, consent evidence included, no longer lead to the customer.
    expect(again.kept).toEqual([]);
    expect(again.pseudonym).toBeUndefined();
    expect([...stores.audit.entries()]).toEqual(auditAfterFirst);
    expect(stores.calls).toEqual(['appendLog']);
    expect(stores.log.map((e) => e.erasureId)).toEqual(['e-1', 'e-2']);
  });

  it('erases a customer the pipeline never saw: nothing removed, nothing kept, still logged', async () => {
    const stores = world();
    const report = await eraseCustomer(request('nobody'), stores.deps());
    expect(report.removed.every((r) => r.count === 0)).toBe(true);
    expect(report.kept).toEqual([]);
    expect(report.keptUntil).toBeUndefined();
    expect(stores.log).toHaveLength(1);
  });

  it('removes customer state first and pseudonymises last, so a stopped erasure can be finished by another', async () => {
    const stores = world();
    await eraseCustomer(request(), stores.deps());
    expect(stores.calls).toEqual([
      'deleteCustomerItems',
      'deleteContactPolicy',
      'deleteOfferEvents',
      'deleteOffers',
      'deleteAudit',
      'pseudonymise',
      'pseudonymiseConsent',
      'appendLog',
    ]);
  });

  it('a store failure stops the erasure unlogged; erasing again finishes it and reports what was left', async () => {
    const stores = world();
    stores.failOn = 'deleteOffers';
    await expect(eraseCustomer(request(), stores.deps())).rejects.toThrow('deleteOffers failed');
    expect(stores.log).toEqual([]);
    // The offer events were already deleted, but the audit records still name the customer.
    expect(stores.events.get('o_emitted')?.size).toBe(0);
    expect(stores.audit.get('d_emit')?.customerId).toBe('c-1');

    const report = await eraseCustomer(request(), stores.deps(['e-2']));
    expect(removedOf(report)).toMatchObject({
      customerProfile: '0 deleted',
      offer: '1 deleted',
      offerEvent: '0 deleted',
      decisionEmitted: '2 pseudonymised',
    });
    expect(stores.offerRows.get('c-1')?.size).toBe(0);
    expect(stores.audit.get('d_emit')?.customerId).toBe('erased:e-2');
    expect(stores.log.map((e) => e.erasureId)).toEqual(['e-2']);
  });

  it('records every change to the audit and the consent history in the erasure log: kinds and counts, no ids', async () => {
    const stores = world();
    const report = await eraseCustomer(request(), stores.deps());
    const log = {
      erasureId: 'e-1',
      at: NOW.toISOString(),
      ttl: NOW.getTime() / 1000 + RETENTION_DAYS.erasureLog * DAY_SECONDS,
    };
    expect(stores.changes).toEqual([
      {
        erasureId: 'e-1#audit#deleted#0',
        entry: 'change',
        erasure: 'e-1',
        at: log.at,
        table: 'audit',
        how: 'deleted',
        counts: { decisionNoTrigger: 1, decisionRejected: 1 },
        ttl: log.ttl,
      },
      expect.objectContaining({
        erasureId: 'e-1#audit#pseudonymised#0',
        counts: { decisionEmitted: 2, decisionSuppressed: 2, offerWithdrawal: 1 },
      }),
      expect.objectContaining({
        erasureId: 'e-1#consent-history#pseudonymised#0',
        table: 'consent-history',
        counts: { consentHistory: 2 },
      }),
    ]);
    // The report's counts of the append-only tables are the sums of the change records.
    const summed: Record<string, string> = {};
    for (const change of stores.changes)
      for (const [kind, count] of Object.entries(change.counts)) summed[kind] = `${count} ${change.how}`;
    expect(removedOf(report)).toMatchObject(summed);
    const text = JSON.stringify(stores.changes);
    for (const secret of ['c-1', 'd_emit', 'd_none', 'w_1', 'h-1', 'o_emitted'])
      expect(text).not.toContain(secret);
  });

  it('an erasure that stops after changing the audit has logged those changes, though not its report', async () => {
    const stores = world();
    stores.failOn = 'pseudonymiseConsent';
    await expect(eraseCustomer(request(), stores.deps())).rejects.toThrow('pseudonymiseConsent failed');
    expect(stores.log).toEqual([]);
    expect(stores.changes.map((c) => c.erasureId)).toEqual([
      'e-1#audit#deleted#0',
      'e-1#audit#pseudonymised#0',
    ]);
    // Erasing again finishes the consent history under a new pseudonym, and is reported.
    const report = await eraseCustomer(request(), stores.deps(['e-2']));
    expect(removedOf(report).consentHistory).toBe('2 pseudonymised');
    expect(stores.consentHistory.get('erased:e-2')).toHaveLength(2);
  });

  it('counts only the records it pseudonymised itself (another writer may change one meanwhile)', async () => {
    const stores = world();
    stores.changedMeanwhile.add('d_supp');
    const report = await eraseCustomer(request(), stores.deps());
    expect(removedOf(report).decisionSuppressed).toBe('1 pseudonymised');
    expect(keptOf(report).decisionSuppressed).toEqual({ count: 1, until: iso(TTL.emitted), linked: false });
  });

  it('deletes unknown customer items and pseudonymises unknown audit kinds, reported under catch-all kinds', async () => {
    const stores = new InMemoryStores()
      .customer('c-1', ['PROFILE', 'LEGACY'])
      .record({ decisionId: 'x_1', customerId: 'c-1', kind: 'something_new', ttl: 2_000_000_000 });
    const report = await eraseCustomer(request(), stores.deps());
    expect(removedOf(report)).toMatchObject({
      customerProfile: '1 deleted',
      currentConsents: '0 deleted',
      otherCustomerRecord: '1 deleted',
      otherAuditRecord: '1 pseudonymised',
    });
    expect(keptOf(report)).toEqual({
      otherAuditRecord: { count: 1, until: iso(2_000_000_000), linked: false },
    });
    expect(stores.audit.get('x_1')?.customerId).toBe('erased:e-1');
  });

  it('a kept record without a TTL is assumed to live its full period from now', async () => {
    const stores = new InMemoryStores().withHistory('c-1', { recordId: 'h-1' });
    const report = await eraseCustomer(request(), stores.deps());
    expect(report.kept).toEqual([
      expect.objectContaining({
        kind: 'consentHistory',
        count: 1,
        until: iso(NOW.getTime() / 1000 + RETENTION_DAYS.consentHistory * DAY_SECONDS),
      }),
    ]);
  });

  it('refuses an empty customer id', async () => {
    await expect(eraseCustomer(request(''), world().deps())).rejects.toThrow('customer id');
  });
});

/** Everything the in-memory stores hold, to compare before and after. */
const snapshot = (stores: InMemoryStores) =>
  JSON.stringify({
    customers: [...stores.customers].map(([k, v]) => [k, [...v]]),
    contact: [...stores.contact],
    offers: [...stores.offerRows].map(([k, v]) => [k, [...v]]),
    events: [...stores.events].map(([k, v]) => [k, [...v]]),
    audit: [...stores.audit],
    consent: [...stores.consentHistory],
    log: stores.log,
    changes: stores.changes,
  });

/** The report without what only a real erasure has (its id and pseudonym). */
const findings = (report: ErasureReport) => {
  const { erasureId: _id, pseudonym, ...rest } = report;
  return { ...rest, pseudonymises: pseudonym !== undefined };
};

describe('previewErasure (--dry-run)', () => {
  it('reports exactly what the erasure then does, and changes nothing', async () => {
    const stores = world();
    const before = snapshot(stores);
    const preview = await previewErasure(request(), stores.deps());
    expect(snapshot(stores)).toBe(before);
    expect(stores.calls).toEqual([]);
    expect(preview.dryRun).toBe(true);
    expect(removedOf({ ...preview, erasureId: 'x' })).toMatchObject({
      offerEvent: '3 deleted',
      decisionEmitted: '2 pseudonymised',
      consentHistory: '2 pseudonymised',
    });

    const report = await eraseCustomer(request(), stores.deps());
    const { dryRun: _dryRun, ...previewed } = preview;
    expect(previewed).toEqual(findings(report));
  });

  it('is recorded in the access log (dryRun, no customer id) before anything is read, and writes no erasure log', async () => {
    const stores = world();
    const reads: string[] = [];
    const deps = stores.deps();
    const spyState = {
      ...deps,
      accessLog: {
        append: async (entry: AccessLogEntry) => {
          reads.push(`log:${entry.query}`);
          await deps.accessLog.append(entry);
        },
      },
      customerState: Object.assign(Object.create(stores) as InMemoryStores, {
        customerItems: async (id: string) => {
          reads.push('read');
          return stores.customerItems(id);
        },
      }),
    };
    await previewErasure(request(), spyState);
    expect(reads[0]).toBe('log:erasure');
    expect(stores.accessEntries).toEqual([
      expect.objectContaining({ query: 'erasure', parameters: { dryRun: true } }),
    ]);
    // (Leaving out the entry's random id: a UUID can spell "c-1" by chance.)
    expect(JSON.stringify(stores.accessEntries.map(({ accessId: _random, ...rest }) => rest))).not.toContain(
      'c-1',
    );
    expect(stores.log).toEqual([]);
    expect(stores.changes).toEqual([]);
  });

  it('an access log that cannot be written stops the preview before any read', async () => {
    const stores = world();
    let read = false;
    const deps = stores.deps();
    await expect(
      previewErasure(request(), {
        ...deps,
        accessLog: {
          append: async () => {
            throw new Error('log down');
          },
        },
        customerState: Object.assign(Object.create(stores) as InMemoryStores, {
          customerItems: async () => {
            read = true;
            return [];
          },
        }),
      }),
    ).rejects.toThrow('log down');
    expect(read).toBe(false);
  });

  it('property: for any stored records, the preview equals the report of the erasure that follows', async () => {
    const outcomes = ['emitted', 'suppressed', 'no_trigger', 'rejected', 'odd'] as const;
    const world = fc.record({
      items: fc.subarray(['PROFILE', 'CONSENTS', 'LEGACY']),
      contact: fc.boolean(),
      offers: fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 3 })), {
        maxLength: 4,
      }),
      audit: fc.array(
        fc.record({
          outcome: fc.constantFrom(...outcomes, 'withdrawal'),
          offer: fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined }),
          ttl: fc.option(fc.integer({ min: 1_800_000_000, max: 2_000_000_000 }), { nil: undefined }),
          other: fc.boolean(),
        }),
        { maxLength: 8 },
      ),
      history: fc.array(
        fc.option(fc.integer({ min: 1_800_000_000, max: 2_000_000_000 }), { nil: undefined }),
        {
          maxLength: 4,
        },
      ),
    });
    await fc.assert(
      fc.asyncProperty(world, async (w) => {
        const stores = new InMemoryStores().customer('c-2');
        if (w.items.length > 0) stores.customer('c-1', w.items);
        if (w.contact) stores.contact.add('c-1');
        for (const [offer, events] of w.offers) {
          stores.offer(
            'c-1',
            `o_${offer}`,
            Array.from({ length: events }, (_, i) => `ev-${offer}-${i}`),
          );
        }
        w.audit.forEach((r, i) => {
          stores.record({
            decisionId: `d_${i}`,
            customerId: r.other ? 'c-2' : 'c-1',
            ...(r.outcome === 'withdrawal' ? { kind: 'offer_withdrawal' } : { outcome: r.outcome }),
            ...(r.offer === undefined ? {} : { offerInstanceId: `o_${r.offer}` }),
            ...(r.ttl === undefined ? {} : { ttl: r.ttl }),
          });
        });
        stores.event('o_6', 'expired-offer-event');
        stores.withHistory(
          'c-1',
          ...w.history.map((ttl, i) => ({ recordId: `h-${i}`, ...(ttl === undefined ? {} : { ttl }) })),
        );
        const before = snapshot(stores);
        const preview = await previewErasure(request(), stores.deps());
        expect(snapshot(stores)).toBe(before);
        const { dryRun: _dryRun, ...previewed } = preview;
        expect(previewed).toEqual(findings(await eraseCustomer(request(), stores.deps())));
      }),
    );
  });
});

describe('auditKindOf', () => {
  it.each([
    [{ decisionId: 'd', outcome: 'emitted' }, 'decisionEmitted'],
    [{ decisionId: 'd', outcome: 'suppressed' }, 'decisionSuppressed'],
    [{ decisionId: 'd', outcome: 'no_trigger' }, 'decisionNoTrigger'],
    [{ decisionId: 'd', outcome: 'rejected' }, 'decisionRejected'],
    [{ decisionId: 'w', kind: 'offer_withdrawal' }, 'offerWithdrawal'],
    [{ decisionId: 'x', outcome: 'maybe' }, 'otherAuditRecord'],
    [{ decisionId: 'x', kind: 'new_kind', outcome: 'emitted' }, 'otherAuditRecord'],
    [{ decisionId: 'x' }, 'otherAuditRecord'],
  ] as const)('%o is %s', (record, kind) => {
    expect(auditKindOf(record)).toBe(kind);
  });
});

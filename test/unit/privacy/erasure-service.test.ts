import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newKeyMaterial, pseudonymiser, SealError } from '#archive/pseudonym.js';
import { openContent } from '#archive/rows.js';
import { customerRowsStatement } from '#archive/sql/customer.sql.js';
import type { AccessLogEntry } from '#privacy/access-log.js';
import type { ErasureReport } from '#privacy/erasure.js';
import { pseudonymousRecordId } from '#privacy/erasure.js';
import { ErasureArchiveError } from '#privacy/erasure-archive.js';
import { eraseCustomer, previewErasure } from '#privacy/erasure-service.js';
import { DAY_SECONDS, RETENTION_DAYS } from '#shared/retention.js';
import { NOW } from '#test/support/builders.js';
import { daysAgo, decision, HOT_DAYS, InMemoryStores } from './erasure-world.js';

const epoch = (iso: string) => Date.parse(iso) / 1000;
const iso = (seconds: number) => new Date(seconds * 1000).toISOString();
/** The end of an archived row's retention: its record hour + the kind's days. */
const untilOf = (at: string, days: number) =>
  new Date(Date.parse(`${at.slice(0, 13)}:00:00Z`) + days * DAY_SECONDS * 1000).toISOString();

const AT = {
  event: daysAgo(2),
  supp: daysAgo(10),
  none: daysAgo(20),
  rej: daysAgo(1),
  withdrawal: daysAgo(1),
  old: daysAgo(100),
};
const TTL = {
  consentOld: epoch('2026-01-10T10:00:00Z') + 1_825 * DAY_SECONDS,
  consentNew: epoch('2026-07-08T09:00:00Z') + 1_825 * DAY_SECONDS,
};

/**
 * One customer with some of everything — an event item holding an emitted and an arbitration-lost
 * decision, decision items of every outcome, a withdrawal, an old decision whose hot copy expired (its offer
 * too, not its offer event), a fresh decision the archive has not got yet — and a bystander.
 */
function world() {
  const stores = new InMemoryStores()
    .customer('c-1')
    .customer('c-2')
    .offer('c-1', 'o_emitted', ['shown-1', 'dismissed-1'])
    .offer('c-2', 'o_other', ['shown-9'])
    .event('c-1', 'o_expired', 'clicked-1')
    .decided('ev_1', [
      decision('c-1', 'emitted', AT.event, { offerInstanceId: 'o_emitted' }),
      decision('c-1', 'suppressed', AT.event, { reasons: ['arbitration_lost'] }),
    ])
    .decided('d_supp', [decision('c-1', 'suppressed', AT.supp)])
    .decided('d_none', [decision('c-1', 'no_trigger', AT.none)])
    .decided('d_rej', [decision('c-1', 'rejected', AT.rej)])
    .withdrew('c-1', 'w_1', 'o_emitted', AT.withdrawal)
    .decided('d_old', [decision('c-1', 'emitted', AT.old, { offerInstanceId: 'o_expired' })], { hot: false })
    .decided('d_fresh', [decision('c-1', 'suppressed', NOW.toISOString())], { archived: false })
    .decided('d_c2', [decision('c-2', 'emitted', daysAgo(3), { offerInstanceId: 'o_other' })])
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
const removedOf = (report: Pick<ErasureReport, 'removed'>) =>
  Object.fromEntries(report.removed.map((r) => [r.kind, `${r.count} ${r.how}`]));
const keptOf = (report: ErasureReport) =>
  Object.fromEntries(
    report.kept.map((k) => [k.kind, { count: k.count, until: k.until, linked: k.linkedToCustomer }]),
  );

describe('eraseCustomer', () => {
  it('deletes the customer state, offers, offer events and the hot audit copies found through the archive; destroys the key', async () => {
    const stores = world();
    const report = await eraseCustomer(request(), stores.deps());

    expect(stores.customers.has('c-1')).toBe(false);
    expect(stores.contact.has('c-1')).toBe(false);
    expect(stores.offerRows.get('c-1')?.size).toBe(0);
    expect(stores.events.get('o_emitted')?.size).toBe(0);
    // An offer event outlives its offer: found through the offer-events byCustomer index.
    expect(stores.events.get('o_expired')?.size).toBe(0);
    // Every hot copy the archive leads to is gone; the one not archived yet is the report's limit.
    expect([...stores.hot.keys()].sort()).toEqual(['d_c2', 'd_fresh']);
    expect(stores.keys.has('c-1')).toBe(false);
    // The archive is immutable: every row stays.
    expect(stores.archive.decisions).toHaveLength(7);
    expect(stores.archive.withdrawals).toHaveLength(1);
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
      decisionEmitted: '1 deleted',
      decisionSuppressed: '2 deleted',
      offerWithdrawal: '1 deleted',
      consentHistory: '2 pseudonymised',
    });
    expect(keptOf(report)).toEqual({
      decisionEmitted: { count: 1, until: untilOf(AT.event, 730), linked: false },
      decisionSuppressed: { count: 2, until: untilOf(AT.event, 730), linked: false },
      offerWithdrawal: { count: 1, until: untilOf(AT.withdrawal, 730), linked: false },
      decisionNoTrigger: { count: 1, until: untilOf(AT.none, 90), linked: false },
      decisionRejected: { count: 1, until: untilOf(AT.rej, 90), linked: false },
      consentHistory: { count: 2, until: iso(TTL.consentNew), linked: false },
    });
    expect(report.keptUntil).toBe(iso(TTL.consentNew));
    expect(report.pseudonym).toBe('erased:e-1');
    expect(report.notSearched.map((n) => n.kind)).toEqual(['accessLog', 'erasureLog']);
  });

  it('reports the crypto-shredding per kind, the hot copies deleted, and honestly its limit', async () => {
    const report = await eraseCustomer(request(), world().deps());
    const { archive } = report;
    expect(archive.key).toBe('destroyed');
    expect(archive.searched).toEqual({ fromDay: '2026-05-29', toDay: '2026-07-11' });
    expect(archive.kinds.map((k) => [k.kind, k.action, k.hotCopiesDeleted, k.archivedRowsFound])).toEqual([
      ['decisionEmitted', 'crypto-shred', 1, 1],
      ['decisionSuppressed', 'crypto-shred', 2, 2],
      ['offerWithdrawal', 'crypto-shred', 1, 1],
      ['decisionNoTrigger', 'crypto-shred', 1, 1],
      ['decisionRejected', 'crypto-shred', 1, 1],
    ]);
    const expireBy = new Date(NOW.getTime() + HOT_DAYS * DAY_SECONDS * 1000).toISOString();
    expect(archive.notYetArchived.hotCopiesExpireBy).toBe(expireBy);
    expect(archive.notYetArchived.why).toContain('2 minutes');
    expect(archive.notYetArchived.why).toContain(expireBy.slice(0, 10));
    expect(archive.notYetArchived.why).toContain('repeated');
    const text = archive.summary.join('\n');
    expect(text).toContain("The customer's archive key was destroyed");
    expect(text).toContain(
      `decisionSuppressed: hot copies deleted: 2; archived rows kept until ${untilOf(AT.event, 730)}, ` +
        "no longer linkable: the customer's key was destroyed",
    );
    expect(text).toContain('Limit: Records decided in the last minutes may not be archived yet');
    // No customer id, no record id in the report (it goes to the erasure log).
    const json = JSON.stringify(report);
    for (const secret of ['c-1', 'ev_1', 'd_supp', 'w_1', 'o_emitted']) expect(json).not.toContain(secret);
  });

  it('destroys the key last, after everything that needs it', async () => {
    const stores = world();
    await eraseCustomer(request(), stores.deps());
    expect(stores.calls).toEqual([
      'keysOf',
      'deleteCustomerItems',
      'deleteContactPolicy',
      'deleteOfferEvents',
      'deleteOffers',
      'deleteHotAudit',
      'pseudonymiseConsent',
      'destroyKey',
      'appendLog',
    ]);
  });

  it('leaves no way to the erased rows: no key, no ref to query them by, no key that opens them', async () => {
    const stores = world();
    const mine = stores.archive.decisions.filter(
      (r) => r.customer_ref === pseudonymiser(stores.keyOf('c-1')).customerRef,
    );
    expect(mine).toHaveLength(6);
    await eraseCustomer(request(), stores.deps());

    expect(await stores.keyStore.keysOf(['c-1'], { create: false })).toEqual(new Map());
    // Should the customer appear again, the new key gives unrelated pseudonyms: nothing is found by them…
    const fresh = pseudonymiser({ customerId: 'c-1', material: newKeyMaterial() });
    for (const dataset of ['decisions', 'withdrawals'] as const) {
      const found = await stores.engine.run(
        customerRowsStatement(dataset, fresh.customerRef, { fromDay: '2000-01-01', toDay: '2100-01-01' }),
      );
      expect(found).toEqual([]);
    }
    // …and nothing opens with it.
    for (const row of mine) {
      const content = row.content;
      if (!(content instanceof Uint8Array)) throw new Error('no content');
      expect(() => openContent({ content, customer_ref: String(row.customer_ref) }, fresh)).toThrow(
        SealError,
      );
    }
    // The bystander's rows still open with their key.
    const c2 = pseudonymiser(stores.keyOf('c-2'));
    const rows = await stores.engine.run(
      customerRowsStatement('decisions', c2.customerRef, { fromDay: '2026-01-01', toDay: '2026-12-31' }),
    );
    expect(rows).toHaveLength(1);
  });

  it('records the erasure in the access log before reading anything, and its report without the customer', async () => {
    const stores = world();
    const report = await eraseCustomer(request(), stores.deps());
    expect(stores.accessEntries).toEqual([
      expect.objectContaining({ query: 'erasure', parameters: { erasureId: report.erasureId } }),
    ]);
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

  it('leaves every other customer alone', async () => {
    const stores = world();
    await eraseCustomer(request(), stores.deps());
    expect([...(stores.customers.get('c-2') ?? [])]).toEqual(['PROFILE', 'CONSENTS']);
    expect(stores.contact.has('c-2')).toBe(true);
    expect([...(stores.offerRows.get('c-2') ?? [])]).toEqual(['o_other']);
    expect([...(stores.events.get('o_other')?.keys() ?? [])]).toEqual(['shown-9']);
    expect(stores.hot.get('d_c2')).toBe('c-2');
    expect(stores.keys.has('c-2')).toBe(true);
    expect(stores.consentHistory.get('c-2')).toHaveLength(1);
  });

  it('counts hot copies per record in the change records: kinds and counts, no ids', async () => {
    const stores = world();
    await eraseCustomer(request(), stores.deps());
    expect(stores.changes).toEqual([
      expect.objectContaining({
        erasureId: 'e-1#audit#deleted#0',
        table: 'audit',
        how: 'deleted',
        counts: {
          decisionEmitted: 1,
          decisionSuppressed: 2,
          offerWithdrawal: 1,
          decisionNoTrigger: 1,
          decisionRejected: 1,
        },
      }),
      expect.objectContaining({
        erasureId: 'e-1#consent-history#pseudonymised#0',
        counts: { consentHistory: 2 },
      }),
    ]);
    const text = JSON.stringify(stores.changes);
    for (const secret of ['c-1', 'ev_1', 'd_none', 'w_1', 'h-1']) expect(text).not.toContain(secret);
  });

  it('is idempotent: a second erasure finds no key, nothing left to remove, nothing linked to keep', async () => {
    const stores = world();
    await eraseCustomer(request(), stores.deps());
    stores.calls.length = 0;
    const again = await eraseCustomer(request(), stores.deps(['e-2']));
    expect(again.removed.every((r) => r.count === 0)).toBe(true);
    expect(again.kept).toEqual([]);
    expect(again.archive.key).toBe('absent');
    expect(again.archive.kinds).toEqual([]);
    expect(again.archive.summary[0]).toContain('No archive key');
    expect(stores.calls).toEqual(['keysOf', 'appendLog']);
    expect(stores.log.map((e) => e.erasureId)).toEqual(['e-1', 'e-2']);
  });

  it('a record archived after the erasure (under a new key) is found by a repeated erasure', async () => {
    const stores = world();
    await eraseCustomer(request(), stores.deps());
    // The archiver catches up on d_fresh: the customer has no key any more, so it creates a new one.
    const fresh = decision('c-1', 'suppressed', NOW.toISOString());
    stores.decided('d_fresh', [fresh]);
    const again = await eraseCustomer(request(), stores.deps(['e-2']));
    expect(removedOf(again).decisionSuppressed).toBe('1 deleted');
    expect(stores.hot.has('d_fresh')).toBe(false);
    expect(stores.keys.has('c-1')).toBe(false);
  });

  it('a failure before the key is destroyed leaves the key, so erasing again finishes the job', async () => {
    const stores = world();
    stores.failOn = 'pseudonymiseConsent';
    await expect(eraseCustomer(request(), stores.deps())).rejects.toThrow('pseudonymiseConsent failed');
    expect(stores.keys.has('c-1')).toBe(true);
    expect(stores.log).toEqual([]);
    expect(stores.changes.map((c) => c.erasureId)).toEqual(['e-1#audit#deleted#0']);

    const report = await eraseCustomer(request(), stores.deps(['e-2']));
    expect(removedOf(report)).toMatchObject({
      decisionSuppressed: '0 deleted',
      consentHistory: '2 pseudonymised',
    });
    // The archived rows are found again (the key was still there), and reported as kept, now unlinkable.
    expect(keptOf(report).decisionSuppressed).toMatchObject({ count: 2, linked: false });
    expect(report.archive.key).toBe('destroyed');
    expect(stores.keys.has('c-1')).toBe(false);
  });

  it('a key that cannot be destroyed stops the erasure unreported; erasing again destroys it', async () => {
    const stores = world();
    stores.failOn = 'destroyKey';
    await expect(eraseCustomer(request(), stores.deps())).rejects.toThrow('destroyKey failed');
    expect(stores.log).toEqual([]);
    const report = await eraseCustomer(request(), stores.deps(['e-2']));
    expect(report.archive.key).toBe('destroyed');
    expect(stores.keys.has('c-1')).toBe(false);
  });

  it('an archive that cannot be searched stops the erasure before any change', async () => {
    const stores = world();
    stores.failOn = 'archive';
    await expect(eraseCustomer(request(), stores.deps())).rejects.toThrow(ErasureArchiveError);
    expect(stores.calls).toEqual(['keysOf']);
    expect(stores.keys.has('c-1')).toBe(true);
  });

  it('a row under the customer pseudonym that the key cannot open stops the erasure (fail closed)', async () => {
    const stores = world();
    const [row] = stores.archive.decisions;
    if (row === undefined) throw new Error('no row');
    stores.archive.decisions.push({ ...row, record_id: 'tampered', content: new Uint8Array([1, 2, 3]) });
    await expect(eraseCustomer(request(), stores.deps())).rejects.toThrow('does not open');
    expect(stores.calls).toEqual(['keysOf']);
  });

  it('counts only the hot copies it deleted (one may expire or change meanwhile)', async () => {
    const stores = world();
    stores.hot.delete('d_supp');
    const report = await eraseCustomer(request(), stores.deps());
    expect(removedOf(report).decisionSuppressed).toBe('1 deleted');
    expect(report.archive.kinds.find((k) => k.kind === 'decisionSuppressed')).toMatchObject({
      hotCopiesDeleted: 1,
      archivedRowsFound: 2,
    });
  });

  it('deletes unknown customer items, reported under the catch-all kind', async () => {
    const stores = new InMemoryStores().customer('c-1', ['PROFILE', 'LEGACY']);
    const report = await eraseCustomer(request(), stores.deps());
    expect(removedOf(report)).toMatchObject({
      customerProfile: '1 deleted',
      currentConsents: '0 deleted',
      otherCustomerRecord: '1 deleted',
    });
    expect(report.kept).toEqual([]);
  });

  it('a consent entry without a TTL is assumed to live its full period from now', async () => {
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
    hot: [...stores.hot],
    keys: [...stores.keys.keys()],
    consent: [...stores.consentHistory],
    log: stores.log,
    changes: stores.changes,
  });

/** The report without what only a real erasure has (its id, pseudonym, and the key's tense). */
const findings = (report: Omit<ErasureReport, 'erasureId'>) => {
  const { pseudonym, archive, ...rest } = report as ErasureReport;
  const { erasureId: _id, ...same } = rest as ErasureReport;
  return { ...same, pseudonymises: pseudonym !== undefined, archive: { ...archive, key: 'x', summary: [] } };
};

describe('previewErasure (--dry-run)', () => {
  it('reports what the erasure then does, key "present" (would be destroyed), and changes nothing', async () => {
    const stores = world();
    const before = snapshot(stores);
    const preview = await previewErasure(request(), stores.deps());
    expect(snapshot(stores)).toBe(before);
    expect(stores.calls).toEqual(['keysOf']);
    expect(preview.archive.key).toBe('present');
    expect(preview.archive.summary.join('\n')).toContain("The customer's archive key would be destroyed");
    expect(preview.archive.summary.join('\n')).toContain('decisionSuppressed: hot copies to delete: 2;');
    expect(removedOf(preview)).toMatchObject({ offerEvent: '3 deleted', decisionSuppressed: '2 deleted' });

    const report = await eraseCustomer(request(), stores.deps());
    const { dryRun: _dryRun, pseudonymises, ...previewed } = preview;
    expect({ ...findings(previewed as ErasureReport), pseudonymises }).toEqual(findings(report));
  });

  it('is recorded in the access log (dryRun, no customer id) before anything is read, and writes no erasure log', async () => {
    const stores = world();
    const reads: string[] = [];
    const deps = stores.deps();
    await previewErasure(request(), {
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
    });
    expect(reads[0]).toBe('log:erasure');
    expect(stores.accessEntries).toEqual([
      expect.objectContaining({ query: 'erasure', parameters: { dryRun: true } }),
    ]);
    expect(stores.log).toEqual([]);
    expect(stores.changes).toEqual([]);
  });

  it('property: for any stored and archived records, the preview equals the report of the erasure that follows', async () => {
    const outcomes = ['emitted', 'suppressed', 'no_trigger', 'rejected'] as const;
    const arbitrary = fc.record({
      items: fc.subarray(['PROFILE', 'CONSENTS', 'LEGACY']),
      contact: fc.boolean(),
      audit: fc.array(
        fc.record({
          outcomes: fc.array(fc.constantFrom(...outcomes), { minLength: 1, maxLength: 3 }),
          ageDays: fc.integer({ min: 0, max: 120 }),
          hot: fc.boolean(),
          archived: fc.boolean(),
          other: fc.boolean(),
          withdrawal: fc.boolean(),
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
      fc.asyncProperty(arbitrary, async (w) => {
        const stores = new InMemoryStores().customer('c-2');
        if (w.items.length > 0) stores.customer('c-1', w.items);
        if (w.contact) stores.contact.add('c-1');
        w.audit.forEach((r, i) => {
          const who = r.other ? 'c-2' : 'c-1';
          const at = daysAgo(r.ageDays);
          if (r.withdrawal) stores.withdrew(who, `w_${i}`, `o_${i}`, at, r.archived);
          else
            stores.decided(
              `h_${i}`,
              r.outcomes.map((o) => decision(who, o, at)),
              { hot: r.hot, archived: r.archived },
            );
        });
        stores.withHistory(
          'c-1',
          ...w.history.map((ttl, i) => ({ recordId: `h-${i}`, ...(ttl === undefined ? {} : { ttl }) })),
        );
        const before = snapshot(stores);
        const preview = await previewErasure(request(), stores.deps());
        expect(snapshot(stores)).toBe(before);
        const { dryRun: _dryRun, pseudonymises, ...previewed } = preview;
        const report = await eraseCustomer(request(), stores.deps());
        expect({ ...findings(previewed as ErasureReport), pseudonymises }).toEqual(findings(report));
        expect(preview.archive.key).toBe(report.archive.key === 'destroyed' ? 'present' : 'absent');
      }),
    );
  });
});

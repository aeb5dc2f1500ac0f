import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoAccessLog } from '#adapters/dynamodb/access-log-store.js';
import { DynamoPrivacyReader } from '#adapters/dynamodb/audit-reader.js';
import { DynamoConsentStore } from '#adapters/dynamodb/consent-store.js';
import type { FixtureCustomer } from '#app/customer-fixtures.js';
import { seedCatalog } from '#core/catalog/seed.js';
import { loadCustomers } from '#local/load-customers.js';
import { runReplay } from '#local/replay.js';
import { targetFromRuntime } from '#local/targets.js';
import type { Caller } from '#privacy/access-log.js';
import { PrivacyQueries } from '#privacy/queries.js';
import { PipelineHarness } from '#test/integration/support/pipeline.js';
import { tableBackedArchive } from '#test/support/archived-privacy.js';
import { traveller } from '#test/support/builders.js';

/**
 * Consents loaded with customer fixtures (replay --fixtures, the demo) leave evidence in the append-only
 * consent history, with where they came from, applied by the consent-change rules: the history shows the
 * consent before the offer it allowed, a reload adds nothing, and a reload never undoes a later change.
 */

const OFFICER: Caller = { who: 'local:integration-test', via: 'cli' };
const SOURCE = 'fixture:customers.json';
const TABLES = {
  customers: 'customers',
  consentHistory: 'consent-history',
  offers: 'offers',
  audit: 'audit',
};

const CUSTOMERS: FixtureCustomer[] = [
  traveller('traveller'),
  {
    // Granted without a known notice text, then withdrawn: the fixture lists them in any order.
    customerId: 'changed-mind',
    birthDate: '1985-02-02',
    holdings: ['current-account', 'travel-insurance-europe'],
    flags: [],
    consents: [
      {
        purpose: 'transaction-offers',
        status: 'withdrawn',
        at: '2026-03-01T12:00:00Z',
        source: 'app-privacy-settings',
        noticeVersion: '2026-01',
      },
      { purpose: 'transaction-offers', status: 'granted', at: '2026-01-05T09:00:00Z', source: 'branch' },
    ],
  },
];

const atm = (eventId: string, customerId: string) =>
  JSON.stringify({
    eventId,
    occurredAt: '2026-07-03T14:22:05-04:00',
    customerId,
    type: 'atm_withdrawal',
    amount: { minor: 20_000, currency: 'USD' },
    merchant: { name: 'Chase ATM', mcc: '6011', country: 'US', city: 'New York' },
  });

describe('consents loaded from fixtures leave evidence', () => {
  let pipeline: PipelineHarness;
  let queries: PrivacyQueries;

  const evidenceOf = async (customerId: string) => {
    const page = await pipeline.documents.send(
      new QueryCommand({
        TableName: 'consent-history',
        KeyConditionExpression: 'customerId = :c',
        ExpressionAttributeValues: { ':c': customerId },
        ConsistentRead: true,
      }),
    );
    return page.Items ?? [];
  };

  beforeAll(async () => {
    pipeline = await PipelineHarness.start();
    queries = new PrivacyQueries({
      reader: new DynamoPrivacyReader(pipeline.documents, {
        audit: 'audit',
        consentHistory: 'consent-history',
        offers: 'offers',
        offerEvents: 'offer-events',
      }),
      // The archive of what the audit table holds, rebuilt before each read (the archiver's job in a run).
      archive: tableBackedArchive(pipeline.documents),
      accessLog: new DynamoAccessLog(pipeline.documents, 'audit-access-log'),
      triggerIds: seedCatalog().triggers.map((t) => t.id),
      now: () => new Date(),
    });
    const replay = await runReplay(
      targetFromRuntime(pipeline.runtime),
      {
        customers: CUSTOMERS,
        lines: [atm('evt-1', 'traveller'), atm('evt-2', 'changed-mind')],
        evidenceSource: SOURCE,
      },
      { timeoutMs: 60_000 },
    );
    expect(replay.undecided).toBe(0);
    expect(replay.loaded).toEqual({ customers: 2, consentsApplied: 3, consentsSuperseded: 0 });
  });

  afterAll(async () => {
    await pipeline?.stop();
  });

  it("the customer's history shows the consent evidence, with its source, before the offer it allowed", async () => {
    const history = await queries.history(OFFICER, 'traveller');
    const kinds = history.entries.map((e) => e.kind);
    const consent = history.entries.find((e) => e.kind === 'consent_change');
    expect(consent).toMatchObject({
      purpose: 'transaction-offers',
      status: 'granted',
      givenAt: '2026-01-10T10:00:00Z',
      collectionSource: 'app-privacy-settings',
      noticeVersion: '2026-01',
      evidenceSource: SOURCE,
      legalBasis: 'GDPR art. 6(1)(a) and 7 consent',
      applied: true,
    });
    const emitted = history.entries.findIndex((e) => e.kind === 'decision' && e.outcome === 'emitted');
    expect(emitted).toBeGreaterThan(-1);
    expect(kinds.indexOf('consent_change')).toBeLessThan(emitted);
    expect(kinds.indexOf('consent_change')).toBeLessThan(kinds.indexOf('offer'));
  });

  it('every record of a customer is evidence; the current consents are the latest, and agree with it', async () => {
    const history = await queries.history(OFFICER, 'changed-mind');
    const consents = history.entries.filter((e) => e.kind === 'consent_change');
    expect(consents).toHaveLength(2);
    expect(
      consents.map((e) => e.kind === 'consent_change' && [e.status, e.noticeVersion, e.applied]),
    ).toEqual([
      ['granted', 'unknown', true],
      ['withdrawn', '2026-01', true],
    ]);
    for (const entry of consents) expect(entry).toMatchObject({ evidenceSource: SOURCE });
    const state = await new DynamoConsentStore(pipeline.documents, TABLES).load('changed-mind');
    expect(state.records).toEqual([
      expect.objectContaining({ status: 'withdrawn', at: '2026-03-01T12:00:00Z' }),
    ]);
    expect(state.lastWithdrawnAt['transaction-offers']).toBeDefined();
    expect(state.revision).toBe(2);
    // The withdrawn customer got no offer.
    const decisions = history.entries.filter((e) => e.kind === 'decision');
    expect(decisions).toEqual([expect.objectContaining({ outcome: 'suppressed', reasons: ['no_consent'] })]);
  });

  it('loading the same fixtures again adds no evidence and changes no consents', async () => {
    const before = await Promise.all(CUSTOMERS.map((c) => evidenceOf(c.customerId)));
    const store = new DynamoConsentStore(pipeline.documents, TABLES);
    const states = await Promise.all(CUSTOMERS.map((c) => store.load(c.customerId)));
    const report = await loadCustomers(pipeline.documents, TABLES, CUSTOMERS, {
      evidenceSource: 'fixture:other-name.json',
      now: new Date(),
    });
    expect(report).toEqual({ customers: 2, consentsApplied: 2, consentsSuperseded: 1 });
    expect(await Promise.all(CUSTOMERS.map((c) => evidenceOf(c.customerId)))).toEqual(before);
    expect(await Promise.all(CUSTOMERS.map((c) => store.load(c.customerId)))).toEqual(states);
  });

  it('a reload never undoes a later change: the withdrawal received stays, the fixture grant stays old evidence', async () => {
    await pipeline.sendTo('consent-changes', {
      customerId: 'traveller',
      purpose: 'transaction-offers',
      status: 'withdrawn',
      at: '2026-07-04T08:00:00Z',
      source: 'app-privacy-settings',
      noticeVersion: '2026-01',
    });
    const store = new DynamoConsentStore(pipeline.documents, TABLES);
    const deadline = Date.now() + 20_000;
    while ((await store.load('traveller')).records[0]?.status !== 'withdrawn') {
      if (Date.now() > deadline) throw new Error('the withdrawal was not applied in time');
      await new Promise((r) => setTimeout(r, 100));
    }
    const before = await evidenceOf('traveller');
    expect(before).toHaveLength(2);
    await loadCustomers(pipeline.documents, TABLES, CUSTOMERS, { evidenceSource: SOURCE, now: new Date() });
    expect((await store.load('traveller')).records).toEqual([
      expect.objectContaining({ status: 'withdrawn', at: '2026-07-04T08:00:00Z' }),
    ]);
    expect(await evidenceOf('traveller')).toEqual(before);
  });

  it('a reload carrying a withdrawal withdraws the open offers, as a consent change does', async () => {
    const granted = {
      purpose: 'transaction-offers' as const,
      status: 'granted' as const,
      at: '2026-01-10T10:00:00Z',
      source: 'app-privacy-settings',
      noticeVersion: '2026-01',
    };
    const reloaded = (consents: FixtureCustomer['consents']): FixtureCustomer[] => [
      { ...CUSTOMERS[0], customerId: 'reloaded', consents } as FixtureCustomer,
    ];
    const target = targetFromRuntime(pipeline.runtime);
    const first = await runReplay(
      target,
      { customers: reloaded([granted]), lines: [atm('evt-reload', 'reloaded')], evidenceSource: SOURCE },
      { timeoutMs: 60_000 },
    );
    expect(first.decisions.map((d) => d.outcome)).toEqual(['emitted']);
    expect((await pipeline.offersOf('reloaded')).map((o) => o.status)).toEqual(['active']);

    const withdrawn = { ...granted, status: 'withdrawn' as const, at: '2026-07-05T09:00:00Z' };
    await runReplay(
      target,
      { customers: reloaded([granted, withdrawn]), lines: [], evidenceSource: SOURCE },
      { timeoutMs: 60_000 },
    );
    expect((await pipeline.offersOf('reloaded')).map((o) => o.status)).toEqual(['withdrawn']);
    const history = await queries.history(OFFICER, 'reloaded');
    expect(history.entries.filter((e) => e.kind === 'offer_withdrawal')).toHaveLength(1);
  });
});

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbArchiveEngine } from '#adapters/archive/duckdb-engine.js';
import { DynamoAccessLog } from '#adapters/dynamodb/access-log-store.js';
import { DynamoPrivacyReader } from '#adapters/dynamodb/audit-reader.js';
import { DynamoOfferEventsStore } from '#adapters/dynamodb/offer-events-store.js';
import { withdrawalRecordId } from '#adapters/dynamodb/offer-withdrawer.js';
import { hourOf } from '#archive/schema.js';
import { seedCatalog } from '#core/catalog/seed.js';
import type { Decision } from '#core/decision.js';
import { DEFAULT_DISMISSAL_PAUSE } from '#core/policy.js';
import { documentClient } from '#functions/handler-kit/aws-clients.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '#local/local-aws.js';
import { runReplay } from '#local/replay.js';
import { targetFromRuntime } from '#local/targets.js';
import type { Caller } from '#privacy/access-log.js';
import { EngineAuditArchive } from '#privacy/archive.query.js';
import { EXPORT_COLUMNS, exportSuppressed } from '#privacy/export.js';
import { PrivacyQueries, type SuppressedQuery, type SuppressedRecord } from '#privacy/queries.js';
import { suppressedRecord } from '#privacy/record-views.js';
import { NO_TRIGGER, SUPPRESSION_REASONS } from '#shared/audit-index.js';
import { WithdrawalItemSchema } from '#shared/audit-items.js';
import { consentGranted, customer, PipelineHarness } from '#test/integration/support/pipeline.js';
import { auditRecordById } from '#test/integration/support/store-reads.js';
import { eventually } from '#test/integration/support/wait.js';
import {
  archiveDecisions,
  archiveWithdrawals,
  MemoryCustomerKeyStore,
} from '#test/support/archive-fixture.js';
import { parseCsv } from '#test/support/csv.js';

/**
 * The privacy officers' queries against the real pipeline on DynamoDB Local: a small mixed set of events,
 * built so that every expected record and count is known, goes through the real queue → Lambda path; then
 * each query must return exactly those records (and the HTTP routes and the CLI the same), every query
 * leaves one access-log entry, and nothing is ever scanned.
 */

const root = resolve(import.meta.dirname, '../../..');
const tsx = resolve(root, 'node_modules/tsx/dist/cli.mjs');
const CARD = 'card-abroad-worldwide-cover';
const CREDIT = 'large-purchase-credit-card';
const TICKET = 'ticket-travel-insurance';
const SAVINGS = 'high-balance-savings';
const EUROPE = ['current-account', 'travel-insurance-europe'] as const;

const CUSTOMERS = [
  customer('traveller', { holdings: [...EUROPE] }),
  customer('no-consent', { holdings: [...EUROPE], consents: [] }),
  customer('minor', { birthDate: '2012-05-01' }),
  customer('objector', {
    holdings: [...EUROPE],
    consents: [
      consentGranted(),
      { ...consentGranted('2026-02-01T09:00:00Z'), purpose: 'direct-marketing', status: 'objected' },
    ],
  }),
  customer('young-no-consent', { birthDate: '2011-03-03', consents: [] }),
  customer('capper', { holdings: [...EUROPE] }),
];

const atm = (eventId: string, customerId: string, occurredAt = '2026-07-03T14:22:05-04:00') => ({
  eventId,
  occurredAt,
  customerId,
  type: 'atm_withdrawal',
  amount: { minor: 20_000, currency: 'USD' },
  merchant: { name: 'Chase ATM', mcc: '6011', country: 'US', city: 'New York' },
});
const card = (eventId: string, customerId: string, mcc: string, minor: number, extra: object = {}) => ({
  eventId,
  occurredAt: '2026-07-02T11:00:00+02:00',
  customerId,
  type: 'card_payment',
  amount: { minor, currency: 'EUR' },
  merchant: { name: `Merchant ${mcc}`, mcc, country: 'NL', city: 'Utrecht' },
  ...extra,
});

/** Every event, and what the pipeline must decide for it (trigger and reasons of suppressed ones). */
const EVENTS = [
  { event: atm('q-traveller-atm', 'traveller'), expect: [{ outcome: 'emitted', triggerId: CARD }] },
  {
    event: card('q-traveller-s1', 'traveller', '5912', 4_250),
    expect: [{ outcome: 'suppressed', reasons: ['sensitive_category'] }],
  },
  { event: card('q-traveller-groceries', 'traveller', '5411', 2_350), expect: [{ outcome: 'no_trigger' }] },
  {
    event: atm('q-noconsent-atm', 'no-consent'),
    expect: [{ outcome: 'suppressed', triggerId: CARD, reasons: ['no_consent'] }],
  },
  {
    event: card('q-minor-tv', 'minor', '5732', 150_000),
    expect: [{ outcome: 'suppressed', triggerId: CREDIT, reasons: ['customer_excluded', 'unsuitable'] }],
  },
  {
    event: atm('q-objector-atm', 'objector'),
    expect: [{ outcome: 'suppressed', triggerId: CARD, reasons: ['objected'] }],
  },
  {
    event: card('q-objector-s2', 'objector', '7273', 2_999),
    expect: [{ outcome: 'suppressed', reasons: ['sensitive_category'] }],
  },
  {
    event: card('q-young-ticket', 'young-no-consent', '3008', 65_000),
    expect: [{ outcome: 'suppressed', triggerId: TICKET, reasons: ['customer_excluded', 'no_consent'] }],
  },
  {
    // One payment, two triggers, two offers: the capper's frequency window is full after it.
    event: card('q-capper-tv', 'capper', '5732', 150_000, {
      balanceAfter: { minor: 3_000_000, currency: 'EUR' },
    }),
    expect: [
      { outcome: 'emitted', triggerId: SAVINGS },
      { outcome: 'emitted', triggerId: CREDIT },
    ],
  },
  {
    event: { eventId: 'q-traveller-broken', customerId: 'traveller', type: 'card_payment' },
    expect: [{ outcome: 'rejected' }],
  },
];
/** Decided after the others, so the cap counts the two offers above. */
const CAPPED = atm('q-capper-atm', 'capper', '2026-07-04T09:00:00-04:00');

const OFFICER: Caller = { who: 'local:integration-test', via: 'cli' };

describe('privacy officers: queries on the local pipeline', () => {
  let pipeline: PipelineHarness;
  let dataDir: string;
  let queries: PrivacyQueries;
  const sentCommands: string[] = [];
  let decisions: Decision[] = [];
  const archiveDir = mkdtempSync(join(tmpdir(), 'queries-archive-'));
  const keys = new MemoryCustomerKeyStore();
  let engine: DuckDbArchiveEngine | undefined;
  let suppressed: Decision[] = [];
  let capped: Decision;
  let travellerOffer: string;

  const accessLogSize = async () => {
    let total = 0;
    const now = Date.now();
    for (const day of new Set(
      [new Date(now - 120_000), new Date(now)].map((d) => d.toISOString().slice(0, 10)),
    )) {
      const page = await pipeline.documents.send(
        new QueryCommand({
          TableName: 'audit-access-log',
          KeyConditionExpression: '#d = :d',
          ExpressionAttributeNames: { '#d': 'day' },
          ExpressionAttributeValues: { ':d': day },
          Select: 'COUNT',
          ConsistentRead: true,
        }),
      );
      total += page.Count ?? 0;
    }
    return total;
  };
  /** Runs `fn` and checks that the access log grew by exactly `entries`. */
  async function logged<T>(entries: number, fn: () => Promise<T>): Promise<T> {
    const before = await accessLogSize();
    const result = await fn();
    expect(await accessLogSize()).toBe(before + entries);
    return result;
  }
  const stored = async (decisionId: string) =>
    (
      await pipeline.documents.send(
        new GetCommand({ TableName: 'audit', Key: { decisionId }, ConsistentRead: true }),
      )
    ).Item;
  const ids = (records: ReadonlyArray<SuppressedRecord | Decision>) =>
    records.map((r) => ('unlinkable' in r ? 'unlinkable' : r.decisionId)).sort();
  /** The record's decision hour: the archive's order (newest hour first). */
  const hourOfRecord = (r: SuppressedRecord): string =>
    'unlinkable' in r ? r.decidedHour : hourOf(r.decidedAt);
  /** The brute-force answer; periods in whole UTC hours, as the archive answers them. */
  const matching = (query: SuppressedQuery) =>
    suppressed.filter(
      (d) =>
        (query.trigger === undefined || (d.triggerId ?? NO_TRIGGER) === query.trigger) &&
        (query.reason === undefined || d.reasons.includes(query.reason)) &&
        (query.from === undefined || hourOf(d.decidedAt) >= hourOf(query.from)) &&
        (query.to === undefined || hourOf(d.decidedAt) <= hourOf(query.to)),
    );
  async function everyPage(query: SuppressedQuery) {
    const pages: SuppressedRecord[][] = [];
    let cursor: string | undefined;
    do {
      const page = await queries.suppressed(OFFICER, {
        by: 'decided',
        ...query,
        ...(cursor === undefined ? {} : { cursor }),
      });
      pages.push([...page.items]);
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined && pages.length < 50);
    return pages;
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'privacy-queries-'));
    // Queries over a full frequency window: one payment may emit two offers here (a deployment's choice,
    // MAX_OFFERS_PER_EVENT), and three may be active, so the capper's window fills as it did before arbitration.
    pipeline = await PipelineHarness.start({
      dataDir,
      environment: { MAX_OFFERS_PER_EVENT: '2', MAX_ACTIVE_OFFERS: '3' },
    });
    const replay = await runReplay(
      targetFromRuntime(pipeline.runtime),
      {
        customers: CUSTOMERS,
        lines: EVENTS.map((e) => JSON.stringify(e.event)),
        evidenceSource: 'fixture:queries-test',
      },
      { timeoutMs: 60_000 },
    );
    expect(replay.undecided).toBe(0);
    capped = (await pipeline.decide(CAPPED))[0] as Decision;
    decisions = [...replay.decisions, capped];

    // The traveller's offer is shown, then the traveller withdraws consent: the offer is withdrawn.
    const offer = (await pipeline.offersOf('traveller'))[0];
    travellerOffer = String(offer?.offerInstanceId);
    const now = new Date();
    await new DynamoOfferEventsStore(pipeline.documents, {
      offers: 'offers',
      contactPolicy: 'contact-policy',
      offerEvents: 'offer-events',
    }).record({
      customerId: 'traveller',
      offerId: String(offer?.offerId),
      offerStatus: 'active',
      offerExpiresAt: String(offer?.expiresAt),
      record: {
        offerInstanceId: travellerOffer,
        eventId: 'shown-1',
        type: 'shown',
        at: now.toISOString(),
        recordedAt: now.toISOString(),
      },
      effect: { cooldownDays: 90, pause: DEFAULT_DISMISSAL_PAUSE },
      now,
    });
    await pipeline.sendTo('consent-changes', {
      customerId: 'traveller',
      purpose: 'transaction-offers',
      status: 'withdrawn',
      at: '2026-07-04T08:00:00Z',
      source: 'app-privacy-settings',
      noticeVersion: '2026-01',
    });
    await eventually(async () => stored(withdrawalRecordId(travellerOffer)));
    await pipeline.runtime.idle(20_000);

    // The service as the CLI builds it, on a client that records every command it sends.
    const client = new DynamoDBClient({
      endpoint: pipeline.runtime.endpoints.dynamodb,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
    });
    client.middlewareStack.add(
      (next, context) => async (args) => {
        sentCommands.push(String(context.commandName));
        return next(args);
      },
      { step: 'initialize', name: 'recordCommands' },
    );
    const documents = documentClient(client);
    // The archive as the archiver writes it (issue 15): the decisions and the withdrawal, straight into a
    // folder (test/support/archive-fixture.ts), read by DuckDB.
    const withdrawal = WithdrawalItemSchema.parse(await stored(withdrawalRecordId(travellerOffer)));
    await archiveDecisions(archiveDir, keys, decisions);
    await archiveWithdrawals(archiveDir, keys, [withdrawal]);
    engine = await DuckDbArchiveEngine.open(archiveDir, { threads: 1 });
    queries = new PrivacyQueries({
      reader: new DynamoPrivacyReader(documents, {
        audit: 'audit',
        consentHistory: 'consent-history',
        offers: 'offers',
        offerEvents: 'offer-events',
      }),
      archive: new EngineAuditArchive(engine, keys),
      accessLog: new DynamoAccessLog(documents, 'audit-access-log'),
      triggerIds: seedCatalog().triggers.map((t) => t.id),
      now: () => new Date(),
    });
  });

  afterAll(async () => {
    await engine?.close();
    rmSync(archiveDir, { recursive: true, force: true });
    await pipeline?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('the pipeline decided the mixed events as built', () => {
    for (const { event, expect: wanted } of [
      ...EVENTS,
      { event: CAPPED, expect: [{ outcome: 'suppressed', triggerId: CARD, reasons: ['frequency_capped'] }] },
    ]) {
      const got = decisions
        .filter((d) => d.eventId === event.eventId)
        .sort((a, b) => (a.triggerId ?? '').localeCompare(b.triggerId ?? ''));
      expect(got).toEqual(wanted.map((w) => expect.objectContaining(w)));
    }
    suppressed = decisions.filter((d) => d.outcome === 'suppressed');
    expect(suppressed).toHaveLength(7);
  });

  // By decision time (payment time, the default: time-basis.test.ts): every suppressed decision has one.
  it('lists exactly the suppressed decisions per trigger, reason and period, newest first, with exact counts', async () => {
    const all = await logged(1, () => queries.suppressed(OFFICER, { by: 'decided' }));
    expect(ids(all.items)).toEqual(ids(suppressed));
    expect(all.items.map(hourOfRecord)).toEqual(all.items.map(hourOfRecord).sort().reverse());
    expect(all.items.find((r) => !('unlinkable' in r) && r.decisionId === capped.decisionId)).toEqual(
      suppressedRecord(capped),
    );
    expect(all.nextCursor).toBeNull();
    expect(all.counts).toEqual({
      timeBasis: 'decided',
      // The whole hours counted (the archive's times are hourly): from the archive's retention to now.
      from: expect.any(String),
      to: expect.any(String),
      total: 7,
      byReason: {
        sensitive_category: 2,
        no_consent: 2,
        objected: 1,
        customer_excluded: 2,
        unsuitable: 1,
        frequency_capped: 1,
        stale_event: 0,
        arbitration_lost: 0,
        active_offer_limit: 0,
        repeated_dismissals: 0,
      },
      byTrigger: {
        [CARD]: 3,
        'child-benefit-child-account': 0,
        [SAVINGS]: 0,
        [CREDIT]: 1,
        'student-finance-student-account': 0,
        [TICKET]: 1,
        none: 2,
      },
      notInCatalog: 0,
    });

    const cases: SuppressedQuery[] = [
      { trigger: CARD },
      { trigger: CARD, reason: 'no_consent' },
      { trigger: NO_TRIGGER },
      { reason: 'customer_excluded' },
      { reason: 'sensitive_category' },
      { from: capped.decidedAt },
      { to: new Date(Date.parse(capped.decidedAt) - 1).toISOString() },
      { trigger: CARD, from: capped.decidedAt, to: capped.decidedAt },
    ];
    for (const query of cases) {
      const page = await queries.suppressed(OFFICER, { ...query, by: 'decided' });
      const want = matching(query);
      expect(ids(page.items), JSON.stringify(query)).toEqual(ids(want));
      expect(page.counts?.total, JSON.stringify(query)).toBe(want.length);
      for (const reason of SUPPRESSION_REASONS) {
        expect(page.counts?.byReason[reason], `${JSON.stringify(query)} ${reason}`).toBe(
          want.filter((d) => d.reasons.includes(reason)).length,
        );
      }
    }
    // The archive's periods are whole hours: everything decided in the capped decision's hour and later.
    const fromCapped = await queries.suppressed(OFFICER, { from: capped.decidedAt, by: 'decided' });
    expect(ids(fromCapped.items)).toContain(capped.decisionId);
    expect(fromCapped.counts?.from).toBe(`${hourOf(capped.decidedAt)}:00:00.000Z`);
  });

  it('pages return every record once, in order', async () => {
    const pages = await logged(4, () => everyPage({ limit: 2, counts: false }));
    expect(pages.map((p) => p.length)).toEqual([2, 2, 2, 1]);
    const flat = pages.flat();
    expect(ids(flat)).toEqual(ids(suppressed));
    expect(new Set(ids(flat)).size).toBe(7);
    expect(flat.map(hourOfRecord)).toEqual(flat.map(hourOfRecord).sort().reverse());
  });

  it('explains each decision as its stored gates say, and a sensitive screen only as "sensitive category"', async () => {
    for (const decision of suppressed) {
      // With the customer id: found in the hot table, or (a trigger decision inside its event's item) in the archive.
      const explanation = await logged(1, () =>
        queries.explain(OFFICER, decision.decisionId, { customerId: String(decision.customerId) }),
      );
      // The hot item of a sensitive screen (the event-level id), or the trigger decision in its event's item.
      const item = await auditRecordById(pipeline.documents, 'audit', decision.decisionId);
      expect(item, decision.decisionId).toBeDefined();
      if (decision.reasons.includes('sensitive_category')) {
        // Nothing but ids, outcome, reason, time, policy, the hot TTL and the one-way content digest (which
        // tells a redelivery from a reused event id; see decision-writer.ts) is stored: no index keys (the
        // hot table has no index since issue 15).
        expect(Object.keys(item ?? {}).sort()).toEqual(
          [
            'contentHash',
            'customerId',
            'decidedAt',
            'decisionId',
            'eventId',
            'outcome',
            'policyVersion',
            'reasons',
            'ttl',
          ].sort(),
        );
        expect(explanation).toMatchObject({
          kind: 'sensitive_screen',
          screen: 'sensitive category',
          reasons: ['sensitive_category'],
        });
        expect(JSON.stringify(explanation)).not.toMatch(/5912|7273|Merchant|pharm|dating|4250|2999/i);
        continue;
      }
      const gates = (item?.gates ?? []) as Array<{ gate: string; passed: boolean; reason?: string }>;
      expect(explanation).toMatchObject({
        kind: 'decision',
        recordId: decision.decisionId,
        outcome: 'suppressed',
        triggerId: decision.triggerId,
        triggerVersion: decision.triggerVersion,
        policyVersion: decision.policyVersion,
        consentRegime: 'opt-in',
        reasons: decision.reasons,
        gates: {
          passed: gates.filter((g) => g.passed).map((g) => g.gate),
          failed: gates.filter((g) => !g.passed).map((g) => ({ gate: g.gate, reason: g.reason })),
        },
      });
      if (explanation.kind !== 'decision') throw new Error('expected a decision');
      expect(explanation.gates?.failed.map((f) => f.reason).sort()).toEqual([...decision.reasons].sort());
    }
    await expect(queries.explain(OFFICER, `d_${'0'.repeat(32)}`)).rejects.toThrow(
      `no decision or offer-withdrawal record 'd_${'0'.repeat(32)}'`,
    );
  });

  it("returns a customer's full history in time order: decisions, offer, offer event, consent change, withdrawal", async () => {
    const history = await logged(1, () => queries.history(OFFICER, 'traveller'));
    const kinds = history.entries.map((e) => e.kind);
    expect(kinds.filter((k) => k === 'decision')).toHaveLength(4);
    // The consent loaded with the fixture (its evidence), then the withdrawal.
    expect(kinds.filter((k) => k !== 'decision').sort()).toEqual([
      'consent_change',
      'consent_change',
      'offer',
      'offer_event',
      'offer_withdrawal',
    ]);
    const at = history.entries.map((e) => e.at);
    expect(at).toEqual([...at].sort());
    expect(history.entries.find((e) => e.kind === 'offer')).toMatchObject({
      offerInstanceId: travellerOffer,
      status: 'withdrawn',
    });
    expect(history.entries.find((e) => e.kind === 'offer_event')).toMatchObject({
      offerInstanceId: travellerOffer,
      type: 'shown',
    });
    expect(history.entries.filter((e) => e.kind === 'consent_change')[1]).toMatchObject({
      status: 'withdrawn',
      givenAt: '2026-07-04T08:00:00Z',
      applied: true,
    });
    expect(history.entries.find((e) => e.kind === 'offer_withdrawal')).toMatchObject({
      withdrawalReason: 'consent_withdrawn',
    });
    // The withdrawal follows the consent change that caused it, the offer event the offer.
    expect(kinds.indexOf('offer_withdrawal')).toBeGreaterThan(kinds.lastIndexOf('consent_change'));
    expect(kinds.indexOf('offer_event')).toBeGreaterThan(kinds.indexOf('offer'));
    const travellerDecisions = decisions.filter((d) => d.customerId === 'traveller');
    expect(history.entries.flatMap((e) => (e.kind === 'decision' ? [e.decisionId] : [])).sort()).toEqual(
      ids(travellerDecisions),
    );
    expect(JSON.stringify(history)).not.toMatch(/5912|Merchant/);
  });

  it('exports round-trip: CSV and JSONL parse back to the records of the query', async () => {
    const want = (await queries.suppressed(OFFICER, { counts: false, by: 'decided' })).items;
    const csv: string[] = [];
    const result = await logged(3, () =>
      exportSuppressed(queries, OFFICER, { limit: 3, by: 'decided' }, 'csv', (c) => void csv.push(c)),
    );
    expect(result).toMatchObject({ records: 7, pages: 3 });
    const rows = parseCsv(csv.join(''));
    expect(rows[0]).toEqual([...EXPORT_COLUMNS]);
    const back = rows.slice(1).map((row) => {
      const record: Record<string, unknown> = {};
      EXPORT_COLUMNS.forEach((column, i) => {
        const value = row[i] ?? '';
        if (column === 'reasons') record.reasons = value.split(';');
        else if (column === 'triggerVersion' && value !== '') record.triggerVersion = Number(value);
        else if (value !== '') record[column] = value;
      });
      return record;
    });
    expect(back).toEqual(want);

    const jsonl: string[] = [];
    await exportSuppressed(
      queries,
      OFFICER,
      { limit: 500, by: 'decided' },
      'jsonl',
      (c) => void jsonl.push(c),
    );
    expect(
      jsonl
        .join('')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as unknown),
    ).toEqual(want);
  });

  /** Today's access-log entries (UTC day partition). */
  const accessLogToday = async () => {
    const page = await pipeline.documents.send(
      new QueryCommand({
        TableName: 'audit-access-log',
        KeyConditionExpression: '#d = :d',
        ExpressionAttributeNames: { '#d': 'day' },
        ExpressionAttributeValues: { ':d': new Date().toISOString().slice(0, 10) },
        ConsistentRead: true,
      }),
    );
    return page.Items ?? [];
  };

  it('the access log records who asked what, never results, and nothing was scanned', async () => {
    const entries = await accessLogToday();
    expect(entries.length).toBeGreaterThan(10);
    expect(entries.every((e) => e.who === OFFICER.who && typeof e.ttl === 'number')).toBe(true);
    expect(entries.some((e) => e.query === 'history' && e.parameters?.customerId === 'traveller')).toBe(true);
    const suppressedEntries = JSON.stringify(entries.filter((e) => e.query === 'suppressed'));
    for (const decision of suppressed) expect(suppressedEntries).not.toContain(decision.decisionId);
    expect(sentCommands).not.toContain('ScanCommand');
    expect(new Set(sentCommands)).toEqual(new Set(['QueryCommand', 'GetItemCommand', 'PutItemCommand']));
  });

  it('the HTTP routes through the local gateway answer the same, and log each call', async () => {
    const http = pipeline.runtime.endpoints.http;
    const first = await logged(1, () =>
      fetch(`${http}/privacy/suppressed?limit=4&by=decided`).then(
        (r) =>
          r.json() as Promise<{ items: SuppressedRecord[]; nextCursor: string; counts: { total: number } }>,
      ),
    );
    expect(first.items).toHaveLength(4);
    expect(first.counts.total).toBe(7);
    const second = (await (
      await fetch(`${http}/privacy/suppressed?limit=4&by=decided&cursor=${first.nextCursor}`)
    ).json()) as { items: SuppressedRecord[] };
    expect(ids([...first.items, ...second.items])).toEqual(ids(suppressed));

    const csv = await fetch(`${http}/privacy/suppressed?format=csv&reason=no_consent&by=decided`);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(
      parseCsv(await csv.text())
        .slice(1)
        .map((row) => row[1])
        .sort(),
    ).toEqual(ids(matching({ reason: 'no_consent' })));

    const history = await (await fetch(`${http}/privacy/customers/traveller/history`)).json();
    expect(history).toEqual(JSON.parse(JSON.stringify(await queries.history(OFFICER, 'traveller'))));
    const sensitive = suppressed.find((d) => d.reasons.includes('sensitive_category')) as Decision;
    const explained = await fetch(`${http}/privacy/decisions/${sensitive.decisionId}`);
    expect(await explained.json()).toMatchObject({ kind: 'sensitive_screen', screen: 'sensitive category' });
    const bad = await fetch(`${http}/privacy/suppressed?reason=bored`);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ errors: [{ field: 'reason', in: 'query' }] });

    expect(
      (await accessLogToday()).filter((e) => e.who === 'local-gateway:unauthenticated' && e.via === 'http')
        .length,
    ).toBeGreaterThanOrEqual(5);
  });

  it('the CLI exports from the persisted --data-dir once the pipeline is stopped', async () => {
    await pipeline.stop();
    const out = join(dataDir, '..', `suppressed-${Date.now()}.csv`);
    try {
      const run = await new Promise<{ code: number | null; stderr: string }>((done) => {
        const child = spawn(
          process.execPath,
          [
            tsx,
            'infra/local/audit-cli.ts',
            '--data-dir',
            dataDir,
            'suppressed',
            '--format',
            'csv',
            '--trigger',
            CARD,
            '--by',
            'decided',
            '--out',
            out,
          ],
          {
            cwd: root,
            env: {
              PATH: process.env.PATH,
              HOME: process.env.HOME,
              AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
            },
          },
        );
        let stderr = '';
        child.stderr.on('data', (d: Buffer) => {
          stderr += d.toString();
        });
        child.on('close', (code) => done({ code, stderr }));
      });
      expect(run.stderr).toContain(`Reading DynamoDB Local on ${dataDir}`);
      expect(run.stderr).toContain(
        'Exported 3 suppressed decision(s) by decision time (decidedAt) in 1 page(s)',
      );
      expect(run.code).toBe(0);
      const rows = parseCsv(readFileSync(out, 'utf8'));
      expect(rows[0]).toEqual([...EXPORT_COLUMNS]);
      expect(
        rows
          .slice(1)
          .map((r) => r[1])
          .sort(),
      ).toEqual(ids(matching({ trigger: CARD })));
    } finally {
      rmSync(out, { force: true });
    }
  });
});

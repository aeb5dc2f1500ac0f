import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasetName } from '#archive/schema.js';
import { seedCatalog } from '#core/catalog/seed.js';
import type { Decision } from '#core/decision.js';
import { decisionIdFor } from '#core/decision.js';
import type { ErasureReport } from '#privacy/erasure.js';
import {
  DAY_SECONDS,
  DEFAULT_HOT_AUDIT_DAYS,
  hotTtlFor,
  RETENTION,
  RETENTION_DAYS,
  type RetentionKind,
} from '#shared/retention.js';
import { atmAbroad, groceries } from '#test/integration/support/events.js';
import { customer, nextEventId, PipelineHarness } from '#test/integration/support/pipeline.js';
import { scanAudit } from '#test/integration/support/store-reads.js';
import { eventually } from '#test/integration/support/wait.js';

/**
 * The `ttl` the running pipeline writes on each record kind equals the configured period from the record's
 * own timestamp (shared/retention.ts). Every kind of the config is checked: a new kind fails the last test
 * until it gets a check here.
 * The hot audit table (issue 15) keeps its items the hot window only (hotTtlFor with DEFAULT_HOT_AUDIT_DAYS):
 * the archive keeps them their kind's period, in objects named `<retentionDays>d-<batch>.parquet`.
 */

const EUROPE_COVER = { holdings: ['current-account' as const, 'travel-insurance-europe' as const] };
const WHO = 'retention-5b8e';
const LEAVER = 'retention-leaver-91aa';

/** Epoch seconds of an ISO instant, whole seconds as the writers compute them. */
const seconds = (iso: unknown) => Math.floor(Date.parse(String(iso)) / 1000);
const periodFrom = (iso: unknown, kind: RetentionKind) => seconds(iso) + RETENTION_DAYS[kind] * DAY_SECONDS;
/** The hot audit item's TTL: the shorter of the kind's period and the hot window. */
const hotFrom = (iso: unknown, kind: RetentionKind) =>
  hotTtlFor(kind, new Date(String(iso)), DEFAULT_HOT_AUDIT_DAYS);

describe('TTL on every record kind equals its configured period', () => {
  let pipeline: PipelineHarness;
  const checked = new Set<RetentionKind>();
  const decisions: Record<string, Decision> = {};

  const get = async (TableName: string, Key: Record<string, string>) =>
    (await pipeline.documents.send(new GetCommand({ TableName, Key }))).Item;
  const query = async (TableName: string, key: string, value: string) =>
    (
      await pipeline.documents.send(
        new QueryCommand({
          TableName,
          KeyConditionExpression: '#k = :v',
          ExpressionAttributeNames: { '#k': key },
          ExpressionAttributeValues: { ':v': value },
        }),
      )
    ).Items ?? [];
  const http = (path: string, init?: RequestInit) => fetch(`${pipeline.runtime.endpoints.http}${path}`, init);

  /** The retention periods (days) of the archive objects of a dataset, once the streams are archived. */
  async function archivedPeriods(dataset: DatasetName): Promise<number[]> {
    await pipeline.runtime.drainArchive();
    const root = join(pipeline.runtime.archiveDir, dataset);
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' });
    return files.flatMap((f) => {
      const match = /(?:^|\/)(\d+)d-[^/]+\.parquet$/.exec(f);
      return match ? [Number(match[1])] : [];
    });
  }

  async function one(event: { eventId: string }, outcome: Decision['outcome']): Promise<Decision> {
    const found = await pipeline.decide(event);
    expect(found.map((d) => d.outcome)).toEqual([outcome]);
    return found[0] as Decision;
  }

  beforeAll(async () => {
    pipeline = await PipelineHarness.start();
    await pipeline.loadCustomers([customer(WHO, EUROPE_COVER), customer(LEAVER, EUROPE_COVER)]);
    decisions.emitted = await one(atmAbroad(WHO, '2026-07-03T14:22:05-04:00'), 'emitted');
    decisions.suppressed = await one(atmAbroad(WHO, '2026-07-05T09:00:00-04:00'), 'suppressed');
    decisions.noTrigger = await one(groceries(WHO), 'no_trigger');
    const cheque = { ...groceries(WHO), eventId: nextEventId('ret-bad'), type: 'cheque' };
    decisions.rejected = await one(cheque, 'rejected');
  });

  afterAll(async () => {
    await pipeline?.stop();
  });

  it.each([
    ['emitted', 'decisionEmitted'],
    ['suppressed', 'decisionSuppressed'],
    ['noTrigger', 'decisionNoTrigger'],
    ['rejected', 'decisionRejected'],
  ] as const)('a %s decision: decidedAt + %s', async (name, kind) => {
    const decision = decisions[name];
    // One hot item per payment event, under the event-level id (a matched event's item embeds its decisions).
    const item = await get('audit', { decisionId: decisionIdFor(String(decision?.eventId)) });
    expect(item?.decidedAt).toBe(decision?.decidedAt);
    expect(item?.ttl).toBe(hotFrom(decision?.decidedAt, kind));
    expect(item?.ttl).toBeLessThanOrEqual(
      seconds(decision?.decidedAt) + DEFAULT_HOT_AUDIT_DAYS * DAY_SECONDS,
    );
    // The archive keeps it for the kind's period.
    expect(await archivedPeriods('decisions')).toContain(RETENTION_DAYS[kind]);
    checked.add(kind);
  });

  it('an offer: until its expiry, which is its validity from creation and within the offer period', async () => {
    const [offer] = await pipeline.offersOf(WHO);
    expect(offer?.ttl).toBe(seconds(offer?.expiresAt));
    const validityDays = seedCatalog().offers.get(String(offer?.offerId))?.validityDays ?? Number.NaN;
    expect(offer?.ttl).toBe(seconds(offer?.createdAt) + validityDays * DAY_SECONDS);
    expect(validityDays).toBeLessThanOrEqual(RETENTION_DAYS.offer);
    checked.add('offer');
  });

  it('contact-policy state: the latest emission + contactPolicy', async () => {
    const state = await get('contact-policy', { customerId: WHO });
    // Decided on the event's own clock (a replay): both time lines of the emission are the event's instant.
    expect(state?.emissions).toEqual([
      {
        offerId: 'worldwide-travel-cover',
        at: '2026-07-03T14:22:05-04:00',
        decidedAt: new Date('2026-07-03T14:22:05-04:00').toISOString(),
        // The offer it emitted and when that expires (recorded today: the active-offer limit counts it).
        offerInstanceId: decisions.emitted?.offerInstanceId,
        expiresAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      },
    ]);
    expect(state?.ttl).toBe(periodFrom('2026-07-03T14:22:05-04:00', 'contactPolicy'));
    checked.add('contactPolicy');
  });

  it('an offer event: recordedAt + offerEvent', async () => {
    const offerInstanceId = String(decisions.emitted?.offerInstanceId);
    const response = await http(`/customers/${WHO}/offers/${offerInstanceId}/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ eventId: 'ret-shown-1', type: 'shown' }),
    });
    expect(response.status).toBeLessThan(300);
    const [event] = await query('offer-events', 'offerInstanceId', offerInstanceId);
    expect(event?.ttl).toBe(periodFrom(event?.recordedAt, 'offerEvent'));
    checked.add('offerEvent');
  });

  it('consent history and an offer withdrawal: receivedAt + consentHistory, decidedAt + offerWithdrawal', async () => {
    await one(atmAbroad(LEAVER, '2026-07-03T15:00:00-04:00'), 'emitted');
    await pipeline.sendTo('consent-changes', {
      customerId: LEAVER,
      purpose: 'transaction-offers',
      status: 'withdrawn',
      at: '2026-07-08T09:00:00Z',
      source: 'app-privacy-settings',
      noticeVersion: '2026-01',
    });
    const withdrawal = await eventually(async () =>
      (await scanAudit(pipeline.documents, pipeline.tables.audit)).find(
        (r) => r.kind === 'offer_withdrawal' && r.customerId === LEAVER,
      ),
    );
    expect(withdrawal.ttl).toBe(hotFrom(withdrawal.decidedAt, 'offerWithdrawal'));
    expect(await archivedPeriods('withdrawals')).toContain(RETENTION_DAYS.offerWithdrawal);
    checked.add('offerWithdrawal');

    const [entry] = await query('consent-history', 'customerId', LEAVER);
    expect(entry?.ttl).toBe(periodFrom(entry?.receivedAt, 'consentHistory'));
    checked.add('consentHistory');
  });

  it('an audit access-log entry: the read + accessLog', async () => {
    const before = Math.floor(Date.now() / 1000);
    const response = await http(`/privacy/customers/${WHO}/history`);
    expect(response.status).toBe(200);
    const day = new Date().toISOString().slice(0, 10);
    const entries = (await query('audit-access-log', 'day', day)).filter((e) => e.query === 'history');
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) {
      expect(entry.ttl).toBe(periodFrom(entry.at, 'accessLog'));
      expect(entry.ttl).toBeGreaterThanOrEqual(before + RETENTION_DAYS.accessLog * DAY_SECONDS);
    }
    checked.add('accessLog');
  });

  it('an erasure-log entry: the erasure + erasureLog', async () => {
    const response = await http(`/privacy/customers/${LEAVER}/erasure`, { method: 'POST' });
    expect(response.status).toBe(200);
    const report = (await response.json()) as ErasureReport;
    const entry = await get('erasure-log', { erasureId: report.erasureId });
    expect(entry?.ttl).toBe(periodFrom(entry?.at, 'erasureLog'));
    // Its change records (one per transaction that changed an append-only table) expire with it.
    const change = await get('erasure-log', {
      erasureId: `${report.erasureId}#consent-history#pseudonymised#0`,
    });
    expect(change?.ttl).toBe(entry?.ttl);
    // What the report says is kept expires when the kept records' own TTLs say.
    // (The consent history now lives under the erasure's pseudonym, with its TTL unchanged.)
    const [history] = await query('consent-history', 'customerId', String(report.pseudonym));
    expect(history?.ttl).toEqual(expect.any(Number));
    expect(report.kept.find((k) => k.kind === 'consentHistory')?.until).toBe(
      new Date(Number(history?.ttl) * 1000).toISOString(),
    );
    checked.add('erasureLog');
  });

  it('checked every record kind of the retention config', () => {
    expect([...checked].sort()).toEqual(Object.keys(RETENTION).sort());
  });
});

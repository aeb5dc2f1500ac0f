import { DeleteMessageCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLiveCatalog } from '#app/catalog-snapshot.js';
import type { Decision } from '#core/decision.js';
import { contentHash } from '#core/governance/content-hash.js';
import type { ItemVersion, JsonObject } from '#core/governance/model.js';
import { readCatalogFolder, seedLocalCatalog } from '#local/catalog-seeding.js';
import {
  CatalogApi,
  catalogStore,
  privacyOfficer,
  productTeam,
} from '#test/integration/support/catalog-api.js';
import { atmAbroad, groceries } from '#test/integration/support/events.js';
import { customer, PipelineHarness } from '#test/integration/support/pipeline.js';
import { everyTable } from '#test/integration/support/tables.js';
import { eventually, sleep } from '#test/integration/support/wait.js';

/**
 * Issue 12 on the real local runtime (DynamoDB Local, the SQS emulator, the handlers): evaluate-payments
 * reads the live catalog from the catalog table. It starts without any catalog (fails closed: nothing
 * decided, every message retried into the DLQ), decides once a catalog is imported, takes up a version
 * activated through the API within the refresh interval, and never uses a live snapshot that fails the
 * catalog gate (a store corrupted by hand): the last good catalog keeps deciding.
 */

const REFRESH_SECONDS = 1;
/** Longer than the refresh interval, so the next batch reads the catalog table again. */
const PAST_REFRESH_MS = REFRESH_SECONDS * 1000 + 600;
const TRIGGER = 'card-abroad-worldwide-cover';
const EUROPE_COVER = { holdings: ['current-account', 'travel-insurance-europe'] };

const ann = productTeam('ann');
const olga = privacyOfficer('olga');

const revisionOf = (decision: Decision | undefined) =>
  /catalog=(r-[0-9a-f]{16})/.exec(decision?.policyVersion ?? '')?.[1];

describe('the live catalog on the local runtime', () => {
  let pipeline: PipelineHarness;
  let api: CatalogApi;
  let customers = 0;
  /** The events the first test dead-lettered, sent again once a catalog is live. */
  const redrive: Array<{ eventId: string }> = [];
  /** A fresh customer with European travel cover and consent (frequency caps never interfere). */
  const traveller = async () => {
    customers++;
    const id = `live-catalog-${customers}`;
    await pipeline.loadCustomers([customer(id, EUROPE_COVER)]);
    return id;
  };
  const decideOne = async (event: { eventId: string }) => {
    const decisions = await pipeline.decide(event);
    expect(decisions).toHaveLength(1);
    return decisions[0] as Decision;
  };
  const evaluatePoller = () => {
    const poller = pipeline.runtime.sqsPollers.find(
      (p) => p.queueUrl === pipeline.queue('payment-events').url,
    );
    if (poller === undefined) throw new Error('no evaluate-payments poller');
    return poller;
  };

  beforeAll(async () => {
    pipeline = await PipelineHarness.start({
      catalogDir: false,
      visibilityTimeoutSeconds: 1,
      environment: { CATALOG_REFRESH_SECONDS: String(REFRESH_SECONDS) },
    });
    api = new CatalogApi(pipeline.runtime);
  });

  afterAll(async () => {
    await pipeline?.stop();
  });

  it('starts with an empty catalog table and decides nothing: every message is retried into the DLQ', async () => {
    expect(pipeline.runtime.catalog).toBeUndefined();
    expect(await catalogStore(pipeline.runtime).listVersions()).toEqual([]);
    const id = await traveller();
    const events = [atmAbroad(id), groceries(id)];
    for (const event of events) await pipeline.send(event);

    const dead = new Set<string>();
    await eventually(async () => {
      const got = await pipeline.runtime.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: pipeline.queue('payment-events').dlqUrl,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 1,
        }),
      );
      for (const m of got.Messages ?? []) {
        const { eventId } = JSON.parse(m.Body ?? '{}') as { eventId: string };
        dead.add(eventId);
        // Taken off the DLQ: the next test sends them again (a redrive).
        await pipeline.runtime.sqs.send(
          new DeleteMessageCommand({
            QueueUrl: pipeline.queue('payment-events').dlqUrl,
            ReceiptHandle: m.ReceiptHandle,
          }),
        );
      }
      return dead.size === events.length ? true : undefined;
    }, 60_000);
    expect([...dead.keys()].sort()).toEqual(events.map((e) => e.eventId).sort());
    // evaluate-payments was handed them again and again (retried, then redriven by the queue's policy)
    // and decided none of them.
    expect(evaluatePoller().stats.failed).toBeGreaterThan(events.length);
    expect(evaluatePoller().stats.succeeded).toBe(0);
    // Nothing decided of any kind (not even a rejection or an event claim), no offer.
    const tables = await everyTable(pipeline.documents);
    expect(tables[pipeline.tables.audit]).toEqual([]);
    expect(tables[pipeline.tables.offers]).toEqual([]);
    // The dead letters are the events as sent: a redrive after the catalog is imported decides them.
    redrive.push(...events);
  });

  it('decides once a catalog is imported, the dead-lettered events too (nothing was lost)', async () => {
    const seeded = await seedLocalCatalog(pipeline.runtime.dynamodb, readCatalogFolder());
    expect(seeded.result.outcome).toBe('imported');
    const revision = await api.liveRevision();

    const decision = await decideOne(atmAbroad(await traveller()));
    expect(decision).toMatchObject({ outcome: 'emitted', triggerId: TRIGGER, triggerVersion: 1 });
    expect(revisionOf(decision)).toBe(revision);

    expect(redrive.map((e) => e.eventId)).toHaveLength(2);
    const [atm, shopping] = await Promise.all(redrive.map((event) => pipeline.decide(event)));
    expect(atm?.map((d) => [d.outcome, d.triggerId])).toEqual([['emitted', TRIGGER]]);
    expect(shopping?.map((d) => d.outcome)).toEqual(['no_trigger']);
  });

  it('uses a version activated through the API once the refresh interval has passed, with the new revision', async () => {
    const before = await decideOne(atmAbroad(await traveller()));
    expect(before).toMatchObject({ outcome: 'emitted', triggerId: TRIGGER, triggerVersion: 1 });
    const oldRevision = revisionOf(before);

    // A changed condition that still matches a withdrawal of USD 200 abroad.
    const content = await api.newestContent('trigger', TRIGGER);
    const condition = content.condition as { all: unknown[] };
    const changed: JsonObject = {
      ...content,
      condition: { all: [...condition.all, { field: 'amount.minor', gte: 5000 }] },
    };
    const version = await api.goLive('trigger', TRIGGER, changed, ann, olga);
    expect(version).toBe(2);
    const newRevision = await api.liveRevision();
    expect(newRevision).not.toBe(oldRevision);

    await sleep(PAST_REFRESH_MS);
    const after = await decideOne(atmAbroad(await traveller()));
    expect(after).toMatchObject({ outcome: 'emitted', triggerId: TRIGGER, triggerVersion: 2 });
    expect(revisionOf(after)).toBe(newRevision);
  });

  it('never uses a live snapshot that fails the catalog gate: the last good catalog keeps deciding', async () => {
    const goodRevision = await api.liveRevision();
    const store = catalogStore(pipeline.runtime);
    const history = await store.load('trigger', TRIGGER);
    const live = history?.versions.find((v) => v.state === 'live');
    if (history === undefined || live === undefined) throw new Error(`${TRIGGER} has no live version`);

    // Written by hand (a bad restore), bypassing the lifecycle, which would refuse it: a live version 3
    // superseding the live one, whose condition also matches a hospital's MCC (the sensitive lint
    // refuses it). Were it used, the next withdrawal would cite version 3.
    const now = new Date().toISOString();
    const content: JsonObject = {
      ...live.content,
      condition: {
        all: [{ field: 'merchant.mcc', in: ['6011', '8062'] }, { holds: 'travel-insurance-europe' }],
      },
    };
    const hash = contentHash(content);
    const broken: ItemVersion = {
      ...live,
      version: live.version + 1,
      content,
      contentHash: hash,
      approval: { by: 'local:restore', at: now, contentHash: hash },
      createdAt: now,
      updatedAt: now,
      liveFrom: now,
    };
    const superseded: ItemVersion = { ...live, state: 'retired', retiredAt: now, updatedAt: now };
    expect(
      await store.commit('trigger', TRIGGER, history.revision, {
        versions: [superseded, broken],
        transitions: [],
      }),
    ).toBe(true);
    // The table's live set is now the broken one: the gate refuses it, naming the version.
    const read = await loadLiveCatalog(store, new Date());
    expect(read.ok).toBe(false);
    expect(read.ok ? [] : read.problems.join('\n')).toMatch(
      new RegExp(`trigger:${TRIGGER}@${broken.version}`),
    );

    await sleep(PAST_REFRESH_MS);
    const first = await decideOne(atmAbroad(await traveller()));
    // Another interval: the refused snapshot is read again, and refused again.
    await sleep(PAST_REFRESH_MS);
    const second = await decideOne(atmAbroad(await traveller()));
    for (const decision of [first, second]) {
      expect(decision).toMatchObject({
        outcome: 'emitted',
        triggerId: TRIGGER,
        triggerVersion: live.version,
      });
      expect(revisionOf(decision)).toBe(goodRevision);
    }
    // Decided, so nothing of them is dead-lettered.
    const dlq = await pipeline.runtime.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: pipeline.queue('payment-events').dlqUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
      }),
    );
    expect(dlq.Messages ?? []).toEqual([]);
  });
});

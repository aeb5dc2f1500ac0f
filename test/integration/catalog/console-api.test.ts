import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCustomers, generateEvents } from '#app/demo/generate.js';
import { FUNNEL_STAGES } from '#app/simulation-report.js';
import type { ItemVersion, JsonObject } from '#core/governance/model.js';
import { CatalogApi, itemPath, privacyOfficer, productTeam } from '#test/integration/support/catalog-api.js';
import { PipelineHarness } from '#test/integration/support/pipeline.js';
import { everyTable } from '#test/integration/support/tables.js';

/**
 * The console's catalog routes (issue 14) on the real local runtime: the catalog API behind the local
 * gateway, the DynamoDB Local catalog table with the seed imported. A simulation of a stored version and of
 * unsaved content (an upload of several MB) writes nothing to any table; the version list pages to exactly
 * the unpaged list; the summaries show a draft beside the live version.
 */

const ann = productTeam('ann');
const olga = privacyOfficer('olga');
const ID = 'large-purchase-credit-card';

describe('the console catalog routes on the local runtime', () => {
  let pipeline: PipelineHarness;
  let api: CatalogApi;

  beforeAll(async () => {
    pipeline = await PipelineHarness.start();
    api = new CatalogApi(pipeline.runtime);
  });

  afterAll(async () => {
    await pipeline?.stop();
  });

  it('simulates a stored draft and an uploaded content against the live catalog, and writes nothing', async () => {
    const seed = await api.newestContent('trigger', ID);
    const condition = seed.condition as { all: JsonObject[] };
    const lowered = {
      ...seed,
      condition: { all: condition.all.map((c) => (c.field === 'amount.minor' ? { ...c, gte: 20_000 } : c)) },
    };
    await api.expect(201, ann, 'POST', `${itemPath('trigger', ID)}/versions`, { content: lowered });
    const before = await everyTable(pipeline.documents);

    const stored = (await api.expect(200, olga, 'POST', '/catalog/simulations', {
      candidate: { kind: 'trigger', id: ID, version: 2 },
      events: { sample: 'demo', count: 2_000 },
    })) as Record<string, unknown>;
    expect(stored.liveRevision).toBe(await api.liveRevision());
    expect(stored.candidate).toMatchObject({ kind: 'trigger', id: ID, version: 2 });
    expect(stored.stages).toEqual(FUNNEL_STAGES);
    const changed = stored.changed as { total: number; lines: unknown[] };
    expect(changed.total).toBeGreaterThan(0);

    // Unsaved content on an upload of several MB (more than the banner API's 4 KiB body limit by far).
    const demo = { customers: 300, events: 12_000, seed: 11 };
    const jsonl = generateEvents(demo).join('\n');
    const fixtures = JSON.stringify({ customers: generateCustomers(demo) });
    expect(jsonl.length).toBeGreaterThan(2_000_000);
    const uploaded = (await api.expect(200, ann, 'POST', '/catalog/simulations', {
      candidate: { kind: 'trigger', id: ID, content: lowered },
      events: { jsonl, fixtures },
      changedLimit: 5,
    })) as Record<string, unknown>;
    expect(uploaded.events).toMatchObject({ total: 12_000 });
    expect((uploaded.changed as { lines: unknown[] }).lines).toHaveLength(5);
    expect(JSON.stringify(uploaded)).not.toMatch(/c-\d{5}/);

    const missing = await api.request(ann, 'POST', '/catalog/simulations', {
      candidate: { kind: 'trigger', id: ID, version: 7 },
      events: { sample: 'demo' },
    });
    expect(missing.status).toBe(404);
    expect(await everyTable(pipeline.documents)).toEqual(before);
  });

  it('pages the version list to exactly the unpaged list, and summarizes each item', async () => {
    const all = ((await api.expect(200, ann, 'GET', '/catalog/items')) as { versions: ItemVersion[] })
      .versions;
    expect(all.length).toBeGreaterThan(10);
    const paged: ItemVersion[] = [];
    let cursor: string | undefined;
    do {
      const query = `limit=4${cursor === undefined ? '' : `&cursor=${cursor}`}`;
      const page = (await api.expect(200, ann, 'GET', `/catalog/items?${query}`)) as {
        versions: ItemVersion[];
        nextCursor?: string;
      };
      paged.push(...page.versions);
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    expect(paged).toEqual(all);

    const drafts = (await api.expect(200, olga, 'GET', '/catalog/items?state=draft')) as {
      versions: ItemVersion[];
    };
    expect(drafts.versions.map((v) => `${v.id}@${v.version}`)).toEqual([`${ID}@2`]);
    const summaries = (await api.expect(200, olga, 'GET', '/catalog/summaries?kind=trigger&limit=10')) as {
      items: Array<Record<string, unknown>>;
      nextCursor?: string;
    };
    expect(summaries.nextCursor).toBeUndefined();
    expect(summaries.items.find((s) => s.id === ID)).toMatchObject({
      liveVersion: 1,
      latestVersion: 2,
      states: { live: 1, draft: 1 },
      priority: -100,
    });
  });
});

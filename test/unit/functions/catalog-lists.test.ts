/**
 * The console's lists (issue 14) through the catalog API handler over the real governance service: the
 * version list filtered and paged (every page together is exactly the unpaged list, whatever the limit:
 * property), the summaries, bad cursors and queries refused naming the field, and lint findings that name
 * their field's path in the content.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contentHash } from '#core/governance/content-hash.js';
import { type ItemVersion, type JsonObject, VERSION_STATES } from '#core/governance/model.js';
import { CATALOG_NOW, callCatalog, catalogHandler } from '#test/support/catalog-handler.js';
import { InMemoryCatalog } from '#test/support/in-memory-catalog.js';
import { LIVE_FROM, live, seedVersions } from '#test/support/live-versions.js';

type Answer = Awaited<ReturnType<typeof callCatalog>>;
type Handler = Awaited<ReturnType<typeof catalogHandler>>['handler'];

const ids = fc.constantFrom('alpha', 'beta', 'gamma-ray', 'delta', 'a', 'b-1');
const version = fc.record({
  kind: fc.constantFrom('trigger', 'offer', 'region', 'product'),
  id: ids,
  state: fc.constantFrom(...VERSION_STATES),
  updatedAt: fc.date({ min: new Date('2026-01-01'), max: new Date('2026-04-30'), noInvalidDate: true }),
});

/** Versions numbered 1.. per item, in the states drawn. */
function versionsOf(drawn: ReadonlyArray<{ kind: string; id: string; state: string; updatedAt: Date }>) {
  const count = new Map<string, number>();
  return drawn.map((d): ItemVersion => {
    const key = `${d.kind}:${d.id}`;
    const n = (count.get(key) ?? 0) + 1;
    count.set(key, n);
    const content = { description: `${key} v${n}`, priority: n };
    return live(d.kind as ItemVersion['kind'], d.id, content, {
      version: n,
      state: d.state as ItemVersion['state'],
      updatedAt: d.updatedAt.toISOString(),
      contentHash: contentHash(content),
    });
  });
}

/** Every page of a list, following nextCursor; fails on a page over the limit. */
async function allPages(
  handler: Handler,
  route: 'listCatalogItems' | 'listCatalogSummaries',
  query: Record<string, string>,
  limit: number,
) {
  const field = route === 'listCatalogItems' ? 'versions' : 'items';
  const seen: unknown[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 1_000; pages++) {
    const res: Answer = await callCatalog(handler, route, {
      query: { ...query, limit: String(limit), ...(cursor === undefined ? {} : { cursor }) },
    });
    expect(res.status).toBe(200);
    const page = res.body?.[field] as unknown[];
    expect(page.length).toBeLessThanOrEqual(limit);
    seen.push(...page);
    cursor = res.body?.nextCursor as string | undefined;
    if (cursor === undefined) return seen;
    expect(page).toHaveLength(limit);
  }
  throw new Error('the pages never ended');
}

describe('GET /catalog/items', () => {
  it('pages through exactly the filtered list, in kind, id, version order, whatever the limit (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(version, { maxLength: 40 }),
        fc.integer({ min: 1, max: 12 }),
        fc.option(fc.constantFrom(...VERSION_STATES), { nil: undefined }),
        fc.option(ids, { nil: undefined }),
        async (drawn, limit, state, id) => {
          const { handler } = await catalogHandler(new InMemoryCatalog(), versionsOf(drawn));
          const query = { ...(state === undefined ? {} : { state }), ...(id === undefined ? {} : { id }) };
          const whole = await callCatalog(handler, 'listCatalogItems', { query });
          expect(whole.body).not.toHaveProperty('nextCursor');
          const all = whole.body?.versions as ItemVersion[];
          expect(
            all.every((v) => (state === undefined || v.state === state) && (id === undefined || v.id === id)),
          ).toBe(true);
          const key = (v: ItemVersion) => `${v.kind}\u0000${v.id}\u0000${String(v.version).padStart(4, '0')}`;
          expect(all.map(key)).toEqual(all.map(key).sort());
          expect(all).toHaveLength(
            versionsOf(drawn).filter(
              (v) => (state === undefined || v.state === state) && (id === undefined || v.id === id),
            ).length,
          );
          expect(await allPages(handler, 'listCatalogItems', query, limit)).toEqual(all);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('without limit and cursor answers every version as before; a page starts after the cursor even when items were added', async () => {
    const { handler, governance } = await catalogHandler();
    const whole = await callCatalog(handler, 'listCatalogItems');
    expect(Object.keys(whole.body ?? {})).toEqual(['versions']);
    const first = await callCatalog(handler, 'listCatalogItems', { query: { kind: 'trigger', limit: '2' } });
    const names = (res: Answer) =>
      ((res.body?.versions ?? []) as ItemVersion[]).map((v) => `${v.id}@${v.version}`);
    expect(names(first)).toEqual(['card-abroad-worldwide-cover@1', 'child-benefit-child-account@1']);
    // A version drafted before the cursor's position does not shift the next page.
    await governance.execute(
      'trigger',
      'card-abroad-worldwide-cover',
      { action: 'draft', content: seedVersions()[0]?.content ?? {} },
      { id: 'local:ann', role: 'product-team' },
    );
    const next = await callCatalog(handler, 'listCatalogItems', {
      query: { kind: 'trigger', limit: '2', cursor: String(first.body?.nextCursor) },
    });
    expect(names(next)).toEqual(['high-balance-savings@1', 'large-purchase-credit-card@1']);
  });

  it('refuses a cursor of another query or not issued here, and bad filters, naming the field', async () => {
    const { handler } = await catalogHandler();
    const first = await callCatalog(handler, 'listCatalogItems', { query: { kind: 'trigger', limit: '1' } });
    const cursor = String(first.body?.nextCursor);
    const cases: Array<[Record<string, string>, string]> = [
      [{ kind: 'offer', cursor }, 'cursor'],
      [{ cursor: 'bm90LWEtY3Vyc29y' }, 'cursor'],
      [{ limit: '0' }, 'limit'],
      [{ limit: '201' }, 'limit'],
      [{ state: 'submitted' }, 'state'],
      [{ id: 'Not Kebab' }, 'id'],
    ];
    for (const [query, field] of cases) {
      const res = await callCatalog(handler, 'listCatalogItems', { query });
      expect(res.status, JSON.stringify(query)).toBe(400);
      expect(((res.body?.errors ?? []) as Array<{ field: string }>).map((e) => e.field)).toEqual([field]);
    }
    const max = await callCatalog(handler, 'listCatalogItems', { query: { limit: '200' } });
    expect(max.status).toBe(200);
  });
});

describe('GET /catalog/summaries', () => {
  it('one row per item: states, live and latest version, priority and description of the live version, last change', async () => {
    const { handler, governance } = await catalogHandler();
    const id = 'large-purchase-credit-card';
    const content = seedVersions().find((v) => v.id === id)?.content as JsonObject;
    const drafted = await governance.execute(
      'trigger',
      id,
      { action: 'draft', content: { ...content, priority: 7 } },
      { id: 'local:ann', role: 'product-team' },
    );
    expect(drafted.ok).toBe(true);
    const res = await callCatalog(handler, 'listCatalogSummaries', { query: { kind: 'trigger' } });
    expect(res.status).toBe(200);
    const items = res.body?.items as Array<Record<string, unknown>>;
    expect(items.map((i) => i.id)).toEqual([
      'card-abroad-worldwide-cover',
      'child-benefit-child-account',
      'high-balance-savings',
      id,
      'student-finance-student-account',
      'ticket-travel-insurance',
    ]);
    expect(items[3]).toEqual({
      kind: 'trigger',
      id,
      liveVersion: 1,
      latestVersion: 2,
      states: { live: 1, draft: 1 },
      priority: -100,
      description: content.description,
      lastChange: CATALOG_NOW.toISOString(),
    });
    expect(items[0]).toMatchObject({
      liveVersion: 1,
      latestVersion: 1,
      states: { live: 1 },
      lastChange: LIVE_FROM,
    });
    const drafts = await callCatalog(handler, 'listCatalogSummaries', { query: { state: 'draft' } });
    expect(((drafts.body?.items ?? []) as Array<{ id: string }>).map((i) => i.id)).toEqual([id]);
  });

  it('pages through every item once, in kind and id order (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(version, { maxLength: 40 }),
        fc.integer({ min: 1, max: 6 }),
        async (drawn, limit) => {
          const { handler } = await catalogHandler(new InMemoryCatalog(), versionsOf(drawn));
          const whole = await callCatalog(handler, 'listCatalogSummaries', { query: { limit: '200' } });
          const all = whole.body?.items as Array<{ kind: string; id: string; latestVersion: number }>;
          expect(all.map((s) => `${s.kind}:${s.id}`)).toEqual(
            [...new Set(versionsOf(drawn).map((v) => `${v.kind}:${v.id}`))].sort(),
          );
          expect(await allPages(handler, 'listCatalogSummaries', {}, limit)).toEqual(all);
        },
      ),
      { numRuns: 30 },
    );
  });
});

describe('POST /catalog/lint findings', () => {
  /** The value at a dotted content path, or undefined. */
  const at = (content: unknown, path: string): unknown =>
    path
      .split('.')
      .reduce<unknown>(
        (node, key) =>
          typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined,
        content,
      );

  it('one finding per problem, in order, each naming a field of the content that exists (or its missing member), for broken triggers (property)', async () => {
    const { handler } = await catalogHandler();
    const seed = seedVersions().find((v) => v.id === 'ticket-travel-insurance')?.content as JsonObject;
    const breakings: Array<[string, (c: JsonObject) => JsonObject]> = [
      [
        'explanation.nl',
        (c) => ({
          ...c,
          explanation: { ...(c.explanation as JsonObject), nl: 'Uw betaling van 129 euro bij KLM' },
        }),
      ],
      ['priority', (c) => ({ ...c, priority: 'high' })],
      ['eventTypes.0', (c) => ({ ...c, eventTypes: ['card-payment'] })],
      ['offerId', (c) => ({ ...c, offerId: 'moon-cover' })],
      ['condition.all.0', (c) => ({ ...c, condition: { all: [{ field: 'merchant.mcc', equals: '8062' }] } })],
      [
        'compatibility.safeguards',
        (c) => ({ ...c, compatibility: { ...(c.compatibility as JsonObject), safeguards: 3 } }),
      ],
    ];
    await fc.assert(
      fc.asyncProperty(fc.subarray(breakings, { minLength: 1 }), async (chosen) => {
        const content = chosen.reduce((c, [, breakIt]) => breakIt(c), seed);
        const res = await callCatalog(handler, 'lintCatalogContent', {
          body: { kind: 'trigger', id: 'ticket-travel-insurance', content },
        });
        expect(res.status).toBe(200);
        const body = res.body as {
          ok: boolean;
          problems: string[];
          findings: Array<{ path: string; message: string }>;
        };
        expect(body.ok).toBe(false);
        expect(body.findings.map((f) => f.message)).toEqual(body.problems);
        for (const [path] of chosen)
          expect(body.findings.some((f) => f.path === path || f.path.startsWith(`${path}.`))).toBe(true);
        for (const { path } of body.findings)
          if (path !== '') expect(at(content, path), path).not.toBeUndefined();
      }),
      { numRuns: 25 },
    );
  });

  it('offers, regions and products: the path inside the item, not the catalog file', async () => {
    const { handler } = await catalogHandler();
    const offer = seedVersions().find((v) => v.kind === 'offer' && v.id === 'credit-card')
      ?.content as JsonObject;
    const res = await callCatalog(handler, 'lintCatalogContent', {
      body: { kind: 'offer', id: 'credit-card', content: { ...offer, validityDays: 0 } },
    });
    expect(res.body?.findings).toEqual([
      { path: 'validityDays', message: expect.stringMatching(/^offer:credit-card@2: validityDays: /) },
    ]);
  });
});

/**
 * POST /catalog/simulations (issue 14) through the catalog API handler, over the real governance and
 * simulation services on an in-memory catalog: the same funnels, overlap and changes as the CLI's core
 * for the same input (property), nothing of a customer or payment in the answer, nothing written, and
 * every bad input refused naming what is wrong.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { customerOf } from '#app/customer-fixtures.js';
import { DEMO_DEFAULTS, generateCustomers, generateEvents } from '#app/demo/generate.js';
import { candidateVersions, catalogSide, draftVersions } from '#app/simulation-catalog.js';
import { compareCatalogs, simulationEvents } from '#app/simulation-compare.js';
import { FUNNEL_STAGES } from '#app/simulation-report.js';
import { DEFAULT_CLOCK_GUARD } from '#core/clock-guard.js';
import type { JsonObject } from '#core/governance/model.js';
import { DEFAULT_POLICY } from '#core/policy.js';
import { callCatalog, catalogHandler } from '#test/support/catalog-handler.js';
import { InMemoryCatalog } from '#test/support/in-memory-catalog.js';
import { seedVersions } from '#test/support/live-versions.js';

const ID = 'large-purchase-credit-card';

function seedContent(id: string): JsonObject {
  const found = seedVersions().find((v) => v.kind === 'trigger' && v.id === id);
  if (found === undefined) throw new Error(`no seed trigger ${id}`);
  return structuredClone(found.content);
}

/** The credit-card trigger from `minor` cents instead of EUR 1,000, at `priority`. */
function lowered(minor: number, priority = -100): JsonObject {
  const content = seedContent(ID);
  const condition = content.condition as { all: JsonObject[] };
  condition.all = condition.all.map((c) => (c.field === 'amount.minor' ? { ...c, gte: minor } : c));
  return { ...content, priority };
}

/** What the CLI's core makes of the same input (infra/local/simulate.ts without its files and output). */
function cliComparison(
  lines: readonly string[],
  fixtures: ReturnType<typeof generateCustomers>,
  draft: JsonObject,
) {
  const live = catalogSide(seedVersions());
  if (!live.ok) throw new Error(live.problems.join('\n'));
  const versions = draftVersions(
    [{ kind: 'trigger', id: ID, content: draft, file: 'draft.json' }],
    live.versions,
  );
  const candidate = catalogSide(candidateVersions(live.versions, versions));
  if (!candidate.ok) throw new Error(candidate.problems.join('\n'));
  return compareCatalogs({
    events: simulationEvents(lines.filter((l) => l.trim() !== '')),
    customers: new Map(fixtures.map((c) => [c.customerId, customerOf(c)])),
    live: live.catalog,
    candidate: candidate.catalog,
    policy: DEFAULT_POLICY,
    clockGuard: DEFAULT_CLOCK_GUARD,
  });
}

describe('POST /catalog/simulations', () => {
  it('gives the funnels, overlap and changed events of the CLI core for the same uploaded events (property)', async () => {
    const { handler } = await catalogHandler();
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.integer({ min: 20_000, max: 200_000 }),
        fc.integer({ min: -200, max: 200 }),
        fc.constantFrom('json', 'jsonl'),
        async (seed, minor, priority, fixtureForm) => {
          const demo = { customers: 40, events: 300, seed };
          const customers = generateCustomers(demo);
          const lines = generateEvents(demo);
          const draft = lowered(minor, priority);
          const fixtures =
            fixtureForm === 'json'
              ? JSON.stringify({ customers })
              : customers.map((c) => JSON.stringify(c)).join('\n');
          const res = await callCatalog(handler, 'simulateCatalogVersion', {
            body: {
              candidate: { kind: 'trigger', id: ID, content: draft },
              events: { jsonl: lines.join('\n'), fixtures },
              changedLimit: 500,
            },
          });
          expect(res.status).toBe(200);
          const cli = cliComparison(lines, customers, draft);
          expect(res.body?.funnels).toEqual(cli.funnels);
          expect(res.body?.overlap).toEqual(cli.candidate.overlaps);
          expect(res.body?.changed).toEqual({
            total: cli.diff.length,
            lines: cli.diff.map(({ eventId, live, candidate }) => ({ eventId, live, candidate })),
          });
          expect(res.body?.events).toMatchObject({
            total: lines.length,
            decided: cli.events - cli.duplicates,
            duplicates: cli.duplicates,
          });
        },
      ),
      { numRuns: 12 },
    );
  });

  it('on the demo stream: counts, stages, the candidate named by its content hash, no customer id or payment detail, nothing written', async () => {
    const { handler, repository } = await catalogHandler();
    const commits = repository.commits;
    const res = await callCatalog(handler, 'simulateCatalogVersion', {
      body: {
        candidate: { kind: 'trigger', id: ID, content: lowered(20_000) },
        events: { sample: 'demo', count: 1_500 },
      },
    });
    expect(res.status).toBe(200);
    const body = res.body ?? {};
    expect(body.stages).toEqual(FUNNEL_STAGES);
    expect(body.liveRevision).toMatch(/^r-[0-9a-f]{16}$/);
    expect(body.candidate).toEqual({
      kind: 'trigger',
      id: ID,
      contentHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const events = body.events as { total: number; invalid: number; decided: number };
    expect(events.total).toBe(1_500);
    expect(events.invalid).toBeGreaterThan(0); // the demo stream carries malformed lines
    // The same as the demo generator's own stream with npm start's seed and customers.
    const demo = { ...DEMO_DEFAULTS, events: 1_500 };
    const cli = cliComparison(generateEvents(demo), generateCustomers(demo), lowered(20_000));
    expect(body.funnels).toEqual(cli.funnels);
    const changed = body.changed as { total: number; lines: Array<Record<string, unknown>> };
    expect(changed.total).toBe(cli.diff.length);
    expect(changed.total).toBeGreaterThan(50);
    expect(changed.lines).toHaveLength(50); // the default changedLimit
    for (const line of changed.lines)
      expect(Object.keys(line).sort()).toEqual(['candidate', 'eventId', 'live']);
    const text = JSON.stringify(res.body);
    expect(text).not.toMatch(/c-\d{5}/); // demo customer ids
    expect(text).not.toMatch(/Coolblue|amount|merchant|counterparty|"minor"/);
    expect(repository.commits).toBe(commits);
  });

  it('simulates a stored version, and answers 404 for a version that does not exist', async () => {
    const { handler, governance } = await catalogHandler();
    const drafted = await governance.execute(
      'trigger',
      ID,
      { action: 'draft', content: lowered(50_000) },
      { id: 'local:ann', role: 'product-team' },
    );
    expect(drafted.ok).toBe(true);
    const res = await callCatalog(handler, 'simulateCatalogVersion', {
      role: 'privacy-officer',
      body: {
        candidate: { kind: 'trigger', id: ID, version: 2 },
        events: { sample: 'demo', count: 300 },
        changedLimit: 0,
      },
    });
    expect(res.status).toBe(200);
    expect(res.body?.candidate).toMatchObject({ kind: 'trigger', id: ID, version: 2 });
    expect(res.body?.changed).toMatchObject({ lines: [] });
    const missing = await callCatalog(handler, 'simulateCatalogVersion', {
      body: { candidate: { kind: 'trigger', id: ID, version: 9 }, events: { sample: 'demo' } },
    });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({
      type: 'urn:offer-pipeline:problem:catalog-not-found',
      detail: `trigger:${ID}@9 does not exist (its versions: 1 (live), 2 (draft))`,
    });
  });

  it('refuses content that fails validation or the sensitive lint: 422 with every finding and its path', async () => {
    const { handler } = await catalogHandler();
    const content = lowered(20_000);
    const condition = content.condition as { all: JsonObject[] };
    const sensitive = {
      ...content,
      explanation: { nl: 'x', en: 'y' },
      condition: {
        all: [...condition.all, { field: 'merchant.mcc', equals: '8062' }, { field: 'nope', equals: 1 }],
      },
    };
    const res = await callCatalog(handler, 'simulateCatalogVersion', {
      body: { candidate: { kind: 'trigger', id: ID, content: sensitive }, events: { sample: 'demo' } },
    });
    expect(res.status).toBe(422);
    const body = res.body as { problems: string[]; findings: Array<{ path: string; message: string }> };
    expect(body.findings.map((f) => f.message)).toEqual(body.problems);
    const paths = body.findings.map((f) => f.path);
    expect(paths).toContain('condition.all.3');
    expect(paths).toContain('condition.all.4.field');
    const mismatched = await callCatalog(handler, 'simulateCatalogVersion', {
      body: {
        candidate: { kind: 'trigger', id: ID, content: { ...content, id: 'other' } },
        events: { sample: 'demo' },
      },
    });
    expect(mismatched.status).toBe(422);
    expect(mismatched.body?.findings).toEqual([
      { path: 'id', message: expect.stringContaining('must equal') },
    ]);
  });

  it('counts invalid uploaded lines and leaves them out; invalid fixtures are a 400 naming the line', async () => {
    const { handler } = await catalogHandler();
    const demo = { customers: 20, events: 200, seed: 7 };
    const lines = generateEvents(demo).filter((l) => !l.includes('"mcc":"12"'));
    const jsonl = ['not json', ...lines, '', '{"eventId":"x"}'].join('\r\n');
    const res = await callCatalog(handler, 'simulateCatalogVersion', {
      body: { candidate: { kind: 'trigger', id: ID, content: lowered(30_000) }, events: { jsonl } },
    });
    expect(res.status).toBe(200);
    const valid = simulationEvents(lines).length;
    expect(res.body?.events).toMatchObject({ total: lines.length + 2, invalid: lines.length + 2 - valid });
    const bad = await callCatalog(handler, 'simulateCatalogVersion', {
      body: {
        candidate: { kind: 'trigger', id: ID, content: lowered(30_000) },
        events: {
          jsonl,
          fixtures:
            '{"customerId":"c-1","birthDate":"1990-01-01","holdings":[],"flags":[],"consents":[]}\n{"customerId": 3}',
        },
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.body?.errors).toEqual(
      expect.arrayContaining([
        {
          field: 'events.fixtures',
          in: 'body',
          expected: expect.stringMatching(/^line 2, customers\.1\.customerId: /),
        },
      ]),
    );
  });

  it('refuses a bad body naming the field, and answers 409 when there is no live catalog', async () => {
    const { handler } = await catalogHandler();
    const candidate = { kind: 'trigger', id: ID, content: lowered(30_000) };
    const cases: Array<[unknown, string]> = [
      [{ candidate, events: { sample: 'demo', count: 99 } }, 'events'],
      [{ candidate, events: { sample: 'demo' }, changedLimit: 501 }, 'changedLimit'],
      [{ candidate: { ...candidate, kind: 'offer' }, events: { sample: 'demo' } }, 'candidate'],
      [{ events: { sample: 'demo' } }, 'candidate'],
      [{ candidate, events: { jsonl: 3 } }, 'events'],
    ];
    for (const [body, field] of cases) {
      const res = await callCatalog(handler, 'simulateCatalogVersion', { body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(((res.body?.errors ?? []) as Array<{ field: string }>).map((e) => e.field)).toContain(field);
    }
    const tooLarge = await callCatalog(handler, 'simulateCatalogVersion', {
      rawBody: 'x'.repeat(10 * 1024 * 1024 + 1),
    });
    expect(tooLarge.status).toBe(413);
    const { handler: empty } = await catalogHandler(new InMemoryCatalog(), []);
    const none = await callCatalog(empty, 'simulateCatalogVersion', {
      body: { candidate, events: { sample: 'demo' } },
    });
    expect(none.status).toBe(409);
    expect(none.body?.detail).toBe('there is no valid live catalog to simulate against');
  });
});

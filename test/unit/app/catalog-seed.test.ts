import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CatalogRepository } from '#app/catalog-ports.js';
import { SEED_IMPORT, SEED_IMPORT_COMMENT, seedCatalog, seedChanges, seedItems } from '#app/catalog-seed.js';
import type { CatalogInput } from '#core/catalog/catalog.js';
import { SEED_CATALOG_INPUT } from '#core/catalog/seed.js';
import { contentHash } from '#core/governance/content-hash.js';
import type { ItemChanges, ItemKind, ItemVersion } from '#core/governance/model.js';
import { effectiveAt } from '#core/governance/snapshot.js';
import { ConfigurationError, InfrastructureError } from '#shared/errors.js';

/** A tiny repository: per item a revision and what was committed, with the port's revision rule. */
class TinyRepository implements CatalogRepository {
  readonly items = new Map<string, { revision: number; versions: ItemVersion[] }>();
  commits = 0;
  /** Items "another process" commits just before this one tries. */
  readonly raced = new Set<string>();

  async load() {
    return undefined;
  }

  async commit(kind: ItemKind, id: string, expected: number, changes: ItemChanges) {
    const key = `${kind}:${id}`;
    if (this.raced.has(key)) this.items.set(key, { revision: 1, versions: [] });
    if ((this.items.get(key)?.revision ?? 0) !== expected) return false;
    this.commits++;
    this.items.set(key, { revision: expected + 1, versions: [...changes.versions] });
    return true;
  }

  async listVersions() {
    return [...this.items.values()].flatMap((item) => item.versions);
  }
}

const NOW = new Date('2026-11-30T12:00:00.000Z');
const offerIds = (input: CatalogInput) =>
  ((input.offers as { offers: Array<{ offerId: string }> }).offers ?? []).map((o) => o.offerId);
const regionIds = (input: CatalogInput) =>
  Object.keys((input.regions as { regions: Record<string, unknown> }).regions);

describe('seedItems', () => {
  it('takes every trigger file, offer, region (and product when present) of the embedded seed', () => {
    const items = seedItems(SEED_CATALOG_INPUT);
    const keys = items.map((i) => `${i.kind}:${i.id}`).sort();
    const expected = [
      ...SEED_CATALOG_INPUT.triggers.map((t) => `trigger:${(t.content as { id: string }).id}`),
      ...offerIds(SEED_CATALOG_INPUT).map((id) => `offer:${id}`),
      ...regionIds(SEED_CATALOG_INPUT).map((id) => `region:${id}`),
      ...(SEED_CATALOG_INPUT.products === undefined
        ? []
        : Object.keys((SEED_CATALOG_INPUT.products as { products: object }).products).map(
            (id) => `product:${id}`,
          )),
    ].sort();
    expect(keys).toEqual(expected);
    expect(items.filter((i) => i.kind === 'trigger')).toHaveLength(SEED_CATALOG_INPUT.triggers.length);
  });

  it('reads the products of products.json, and none from an empty one', () => {
    const products = { products: { 'pension-plan': { description: 'A pension' } } };
    const withProducts = seedItems({ ...SEED_CATALOG_INPUT, products });
    expect(withProducts.filter((i) => i.kind === 'product')).toEqual([
      { kind: 'product', id: 'pension-plan', content: { description: 'A pension' } },
    ]);
    const noProducts = { ...SEED_CATALOG_INPUT, products: { products: {} } };
    expect(seedItems(noProducts).filter((i) => i.kind === 'product')).toEqual([]);
  });

  it('drops version, approvedBy and approvedAt from a trigger and keeps every other field as written', () => {
    const field = fc
      .string({ minLength: 1 })
      .filter((k) => !['version', 'approvedBy', 'approvedAt'].includes(k));
    fc.assert(
      fc.property(fc.dictionary(field, fc.jsonValue()), fc.string({ minLength: 1 }), (rest, id) => {
        const content = { ...rest, id, version: 7, approvedBy: 'someone', approvedAt: '2026-01-01' };
        const [item] = seedItems({
          ...SEED_CATALOG_INPUT,
          triggers: [{ file: 'catalog/triggers/x.json', content }],
        }).filter((i) => i.kind === 'trigger');
        expect(item?.content).toEqual({ ...rest, id });
      }),
    );
  });

  it('refuses, naming file and field, what cannot be taken apart into items (nothing skipped)', () => {
    const broken: CatalogInput = {
      ...SEED_CATALOG_INPUT,
      offers: { offers: [{ text: 'no id' }] },
      regions: { regions: [] },
      triggers: [
        { file: 'catalog/triggers/a.json', content: 'not an object' },
        { file: 'catalog/triggers/b.json', content: { id: 'twice' } },
        { file: 'catalog/triggers/c.json', content: { id: 'twice' } },
      ],
    };
    let error: unknown;
    try {
      seedItems(broken);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    const message = (error as Error).message;
    expect(message).toContain('offers.json offers[0]: expected an offer object with an offerId');
    expect(message).toContain('regions.json: expected an object {"regions": {...}}');
    expect(message).toContain('catalog/triggers/a.json: expected a JSON object');
    expect(message).toContain('trigger:twice: appears more than once');
  });
});

describe('a seeded trigger keeps its file version as its version number', () => {
  it('version 7 in the file is live version 7 (decisions keep citing the number the team wrote)', () => {
    const input = {
      ...SEED_CATALOG_INPUT,
      triggers: [{ file: 'catalog/triggers/x.json', content: { id: 'x', version: 7, description: 'd' } }],
    };
    const [item] = seedItems(input).filter((i) => i.kind === 'trigger');
    expect(item).toEqual({ kind: 'trigger', id: 'x', version: 7, content: { id: 'x', description: 'd' } });
    if (item === undefined) throw new Error('no trigger item');
    const changes = seedChanges(item, new Date('2026-07-10T08:00:00.000Z'));
    expect(changes.versions.map((v) => v.version)).toEqual([7]);
    expect(new Set(changes.transitions.map((t) => t.version))).toEqual(new Set([7]));
  });
});

describe('seedChanges', () => {
  it('makes a live version 1 that says honestly no person reviewed it, with its four steps', () => {
    const content = { id: 'x', description: 'd' };
    const { versions, transitions } = seedChanges({ kind: 'trigger', id: 'x', content }, NOW);
    const at = NOW.toISOString();
    const hash = contentHash(content);
    expect(versions).toEqual([
      expect.objectContaining({
        kind: 'trigger',
        id: 'x',
        version: 1,
        state: 'live',
        origin: SEED_IMPORT,
        author: SEED_IMPORT,
        editors: [],
        contentHash: hash,
        liveFrom: at,
        approval: { by: SEED_IMPORT, at, contentHash: hash, comment: SEED_IMPORT_COMMENT },
      }),
    ]);
    expect(SEED_IMPORT_COMMENT).toBe(
      'imported from the catalog folder by the local runtime; no person reviewed this version',
    );
    expect(transitions.map((t) => [t.seq, t.action, t.from, t.to])).toEqual([
      [1, 'draft', undefined, 'draft'],
      [2, 'submit', 'draft', 'in_review'],
      [3, 'approve', 'in_review', 'approved'],
      [4, 'activate', 'approved', 'live'],
    ]);
    for (const t of transitions) {
      expect(t).toMatchObject({ by: SEED_IMPORT, role: SEED_IMPORT, comment: SEED_IMPORT_COMMENT, at });
      expect(t.contentHash).toBe(hash);
    }
    expect(transitions[3]?.liveFrom).toBe(at);
  });
});

describe('seedCatalog', () => {
  it('imports every item into an empty repository, live from now: one effective version per item', async () => {
    const repository = new TinyRepository();
    const result = await seedCatalog(repository, SEED_CATALOG_INPUT, NOW);
    const count = seedItems(SEED_CATALOG_INPUT).length;
    expect(result).toEqual({ outcome: 'imported', imported: count, alreadyPresent: [] });
    const live = effectiveAt(await repository.listVersions(), NOW);
    expect(live.versions).toHaveLength(count);
    expect(live.ambiguous).toEqual([]);
  });

  it('leaves a repository that already holds a catalog alone: a second start changes nothing', async () => {
    const repository = new TinyRepository();
    await seedCatalog(repository, SEED_CATALOG_INPUT, NOW);
    const commits = repository.commits;
    const before = await repository.listVersions();
    const later = new Date('2026-12-01T00:00:00.000Z');
    const again = await seedCatalog(repository, SEED_CATALOG_INPUT, later);
    expect(again).toEqual({ outcome: 'kept', items: seedItems(SEED_CATALOG_INPUT).length });
    expect(repository.commits).toBe(commits);
    expect(await repository.listVersions()).toEqual(before);
  });

  it('keeps a catalog of one item, even when the folder holds others', async () => {
    const repository = new TinyRepository();
    const [first] = seedItems(SEED_CATALOG_INPUT);
    if (!first) throw new Error('the seed has items');
    await repository.commit(first.kind, first.id, 0, seedChanges(first, NOW));
    expect(await seedCatalog(repository, SEED_CATALOG_INPUT, NOW)).toEqual({ outcome: 'kept', items: 1 });
    expect(repository.commits).toBe(1);
  });

  it('reports the items another process committed first, and imports the rest', async () => {
    const repository = new TinyRepository();
    repository.raced.add('offer:worldwide-travel-cover');
    const result = await seedCatalog(repository, SEED_CATALOG_INPUT, NOW);
    expect(result).toEqual({
      outcome: 'imported',
      imported: seedItems(SEED_CATALOG_INPUT).length - 1,
      alreadyPresent: ['offer:worldwide-travel-cover'],
    });
  });

  it('throws a store fault instead of reporting a partial import as done', async () => {
    const repository = new TinyRepository();
    repository.commit = async () => {
      throw new InfrastructureError('store down');
    };
    await expect(seedCatalog(repository, SEED_CATALOG_INPUT, NOW)).rejects.toThrow('store down');
  });
});

import { describe, expect, it } from 'vitest';
import { SEED_CATALOG_INPUT } from '#core/catalog/seed.js';
import { contentHash } from '#core/governance/content-hash.js';
import type { ItemKind, ItemVersion, JsonObject, VersionState } from '#core/governance/model.js';
import { candidateProblems, removalProblems, workingVersions } from '#core/governance/working-catalog.js';

const v = (
  kind: ItemKind,
  id: string,
  version: number,
  state: VersionState,
  content: JsonObject = {},
): ItemVersion => ({
  kind,
  id,
  version,
  content,
  contentHash: contentHash(content),
  state,
  author: 'local:ann',
  editors: [],
  origin: 'authored',
  createdAt: '2026-12-01T09:00:00.000Z',
  updatedAt: '2026-12-01T09:00:00.000Z',
});

const offers = (SEED_CATALOG_INPUT.offers as { offers: JsonObject[] }).offers;
const regions = (SEED_CATALOG_INPUT.regions as { regions: Record<string, JsonObject> }).regions;
const products =
  (SEED_CATALOG_INPUT.products as { products?: Record<string, JsonObject> } | undefined)?.products ?? {};
const catalog = (): ItemVersion[] => [
  ...Object.entries(products).map(([id, p]) => v('product', id, 1, 'live', p)),
  ...offers.map((o) => v('offer', String(o.offerId), 1, 'live', o)),
  ...Object.entries(regions).map(([id, r]) => v('region', id, 1, 'live', r)),
];

describe('workingVersions', () => {
  it('takes per item the latest version that is neither rejected nor retired', () => {
    const picked = workingVersions([
      v('offer', 'a', 1, 'live'),
      v('offer', 'a', 2, 'draft'),
      v('offer', 'b', 1, 'live'),
      v('offer', 'b', 2, 'rejected'),
      v('offer', 'c', 1, 'retired'),
      v('region', 'a', 3, 'in_review'),
    ]);
    expect(picked.map((p) => `${p.kind}:${p.id}@${p.version}`).sort()).toEqual([
      'offer:a@2',
      'offer:b@1',
      'region:a@3',
    ]);
  });
});

describe('candidateProblems', () => {
  it('names the candidate offer by id and version, whatever its place among the offers', () => {
    const last = offers.at(-1) ?? {};
    const broken = { ...last, validityDays: 99 };
    const problems = candidateProblems(catalog(), {
      kind: 'offer',
      id: String(last.offerId),
      version: 4,
      content: broken,
    });
    expect(problems).toEqual([
      expect.stringMatching(new RegExp(`^offer:${String(last.offerId)}@4: validityDays: `)),
    ]);
  });

  it('names a region by id, and leaves out problems other items already had', () => {
    const othersBroken = [...catalog(), v('offer', 'zz-broken', 1, 'draft', { offerId: 'zz-broken' })];
    const [regionId] = Object.keys(regions);
    const problems = candidateProblems(othersBroken, {
      kind: 'region',
      id: regionId ?? '',
      version: 2,
      content: { description: 'x', countries: ['XX'] },
    });
    expect(problems).toEqual([
      expect.stringMatching(new RegExp(`^region:${regionId}@2: countries\\[0\\]: `)),
    ]);
  });

  it('is empty for a valid candidate', () => {
    const first = offers[0] ?? {};
    expect(
      candidateProblems(catalog(), { kind: 'offer', id: String(first.offerId), version: 2, content: first }),
    ).toEqual([]);
  });
});

describe('removalProblems', () => {
  it('is empty when nothing refers to the item', () => {
    const first = offers[0] ?? {};
    expect(removalProblems(catalog(), { kind: 'offer', id: String(first.offerId) })).toEqual([]);
  });
});

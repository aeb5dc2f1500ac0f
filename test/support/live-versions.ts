import { seedItems } from '#app/catalog-seed.js';
import { SEED_CATALOG_INPUT } from '#core/catalog/seed.js';
import { contentHash } from '#core/governance/content-hash.js';
import type { ItemKind, ItemVersion, JsonObject } from '#core/governance/model.js';

/**
 * Governed catalog versions for the tests of the live snapshot (shared/app/catalog-snapshot.ts): the seed
 * catalog as live versions 1, each approved by someone other than its author.
 */

export const LIVE_FROM = '2026-01-01T00:00:00.000Z';

/** A version live from LIVE_FROM (approved by someone other than its author), unless `over` says else. */
export function live(
  kind: ItemKind,
  id: string,
  content: JsonObject,
  over: Partial<ItemVersion> = {},
): ItemVersion {
  return {
    kind,
    id,
    version: 1,
    content,
    contentHash: contentHash(content),
    state: 'live',
    author: 'local:author',
    editors: [],
    origin: 'authored',
    createdAt: LIVE_FROM,
    updatedAt: LIVE_FROM,
    approval: { by: 'local:officer', at: LIVE_FROM, contentHash: contentHash(content) },
    liveFrom: LIVE_FROM,
    ...over,
  };
}

/** The seed catalog as live versions 1: each trigger (without its file `version`), offer, region and product. */
export function seedVersions(): ItemVersion[] {
  return seedItems(SEED_CATALOG_INPUT).map((item) => live(item.kind, item.id, item.content));
}

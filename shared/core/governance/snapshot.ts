import type { CatalogInput } from '#core/catalog/catalog.js';
import { sha256Hex } from '#core/hash.js';
import type { ItemKind, ItemVersion } from './model.js';

/**
 * The live catalog at an instant, from the items' versions: per item, the version whose effective window
 * [liveFrom, retiredAt) contains `now`. Pure; the lifecycle (./lifecycle.ts) keeps windows of one item
 * from overlapping, and this module still refuses to guess if they do (the item is reported, not chosen).
 */

/** Live at `now`: state live or retired (a superseded version stays effective until its successor starts). */
export function isEffectiveAt(version: ItemVersion, now: Date): boolean {
  if (version.liveFrom === undefined) return false;
  if (version.state !== 'live' && version.state !== 'retired') return false;
  const t = now.getTime();
  if (Date.parse(version.liveFrom) > t) return false;
  return version.retiredAt === undefined || Date.parse(version.retiredAt) > t;
}

export interface EffectiveCatalog {
  /** One version per item, sorted by kind then id. */
  readonly versions: readonly ItemVersion[];
  /** Items with more than one effective version (a broken store): never guessed between. */
  readonly ambiguous: readonly string[];
  /** Deterministic from the effective versions: the same live set always has the same revision. */
  readonly revision: string;
}

const itemKey = (v: Pick<ItemVersion, 'kind' | 'id'>) => `${v.kind}:${v.id}`;

export function effectiveAt(versions: readonly ItemVersion[], now: Date): EffectiveCatalog {
  const byItem = new Map<string, ItemVersion[]>();
  for (const version of versions) {
    if (!isEffectiveAt(version, now)) continue;
    const key = itemKey(version);
    byItem.set(key, [...(byItem.get(key) ?? []), version]);
  }
  const chosen: ItemVersion[] = [];
  const ambiguous: string[] = [];
  for (const [key, candidates] of byItem) {
    if (candidates.length === 1 && candidates[0] !== undefined) chosen.push(candidates[0]);
    else ambiguous.push(key);
  }
  chosen.sort((a, b) => (itemKey(a) < itemKey(b) ? -1 : itemKey(a) > itemKey(b) ? 1 : 0));
  return { versions: chosen, ambiguous: ambiguous.sort(), revision: catalogRevision(chosen) };
}

/** `r-` and 16 hex digits of the SHA-256 of every effective item's kind, id, version and content hash. */
export function catalogRevision(versions: readonly ItemVersion[]): string {
  const lines = versions.map((v) => `${itemKey(v)}@${v.version}#${v.contentHash}`).sort();
  return `r-${sha256Hex(lines.join('\n')).slice(0, 16)}`;
}

/** Where a governed version appears in catalog problems: `trigger:card-abroad-worldwide-cover@3`. */
export const versionLabel = (kind: ItemKind, id: string, version: number): string =>
  `${kind}:${id}@${version}`;

/**
 * How a trigger version is named as a file for the parser: `trigger:<id>@<version>/<id>.json`. The parser
 * requires a trigger's file to be called `<id>.json` (a folder's rule), so the label is its folder.
 */
export const triggerFileLabel = (id: string, version: number): string =>
  `${versionLabel('trigger', id, version)}/${id}.json`;

/**
 * The catalog parser's input (shared/core/catalog/parse.ts) for a set of versions, one per item: the same
 * gate every catalog passes. A trigger's content gets its `version` from the lifecycle.
 */
export function catalogInputFrom(versions: readonly ItemVersion[], revision: string): CatalogInput {
  const of = (kind: ItemKind) => versions.filter((v) => v.kind === kind);
  return {
    catalog: { version: revision },
    offers: { offers: of('offer').map((v) => v.content) },
    regions: { regions: Object.fromEntries(of('region').map((v) => [v.id, v.content])) },
    products: { products: Object.fromEntries(of('product').map((v) => [v.id, v.content])) },
    triggers: of('trigger').map((v) => ({
      file: triggerFileLabel(v.id, v.version),
      content: { ...v.content, version: v.version },
    })),
  };
}

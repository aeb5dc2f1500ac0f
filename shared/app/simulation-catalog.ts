import type { Catalog, CatalogInput } from '#core/catalog/catalog.js';
import { type ParseCatalogOptions, parseCatalog } from '#core/catalog/parse.js';
import { contentHash } from '#core/governance/content-hash.js';
import type { ItemKind, ItemVersion, JsonObject } from '#core/governance/model.js';
import {
  catalogInputFrom,
  catalogRevision,
  triggerFileLabel,
  versionLabel,
} from '#core/governance/snapshot.js';
import { seedChanges, seedItems } from './catalog-seed.js';

/**
 * The two catalogs a simulation compares (issue 13): the live one (the running pipeline's `/catalog/live`,
 * or the seed folder as `npm start` would make it live) and the candidate (the live one with draft items
 * in place of their live versions or added, or a whole catalog folder). Both are sets of versions, one per
 * item, passed through the one gate every catalog passes (catalogInputFrom + parseCatalog: schema,
 * cross-references, the sensitive lint), with the revision the pipeline would stamp on its decisions.
 * Pure: reading files and the catalog API is the caller's.
 */

export interface CatalogSide {
  /** `r-` + 16 hex digits, as the pipeline computes it for this set of versions. */
  readonly revision: string;
  /** One version per item, sorted by kind then id. */
  readonly versions: readonly ItemVersion[];
  readonly catalog: Catalog;
}

export type CatalogSideResult =
  | ({ readonly ok: true } & CatalogSide)
  | { readonly ok: false; readonly problems: readonly string[] };

/** An item read from a draft file: a trigger file's content without its `version`. */
export interface DraftItem {
  readonly kind: ItemKind;
  readonly id: string;
  readonly content: JsonObject;
  /** Where it was read, named in every problem about it. */
  readonly file: string;
}

/** A fixed instant for versions that never go into a table: their times are not used. */
const NEVER_STORED = new Date(0);

const key = (v: Pick<ItemVersion, 'kind' | 'id'>) => `${v.kind}:${v.id}`;
const byItem = (a: ItemVersion, b: ItemVersion) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);

/**
 * The versions a catalog folder's content becomes when `npm start` imports it (shared/app/catalog-seed.ts:
 * a trigger keeps its file's version, everything else is version 1), so its revision is the one the
 * freshly started pipeline stamps. The content is expected to have passed the folder's parser.
 */
export function versionsOfFolder(input: CatalogInput): ItemVersion[] {
  return seedItems(input)
    .flatMap((item) => seedChanges(item, NEVER_STORED).versions)
    .sort(byItem);
}

/**
 * Draft items as versions of their own: each gets the version number the lifecycle would give a new
 * version of it after the live one (1 for a new item), state `draft`.
 */
export function draftVersions(drafts: readonly DraftItem[], live: readonly ItemVersion[]): ItemVersion[] {
  const at = NEVER_STORED.toISOString();
  return drafts.map((draft) => {
    const current = live.find((v) => v.kind === draft.kind && v.id === draft.id);
    return {
      kind: draft.kind,
      id: draft.id,
      version: (current?.version ?? 0) + 1,
      content: draft.content,
      contentHash: contentHash(draft.content),
      state: 'draft',
      author: 'simulation',
      editors: [],
      origin: 'file-import',
      createdAt: at,
      updatedAt: at,
    };
  });
}

/** The live versions with each of `replacements` in place of its item's live version, or added. */
export function candidateVersions(
  live: readonly ItemVersion[],
  replacements: readonly ItemVersion[],
): ItemVersion[] {
  const replaced = new Set(replacements.map(key));
  return [...live.filter((v) => !replaced.has(key(v))), ...replacements].sort(byItem);
}

/**
 * A set of versions through the catalog's gate. `files` names where a version was read (by item key):
 * its problems then say the file beside the version label, e.g.
 * `drafts/x.json (trigger:x@2): condition.all[0].field: expected ...`.
 */
export function catalogSide(
  versions: readonly ItemVersion[],
  options: ParseCatalogOptions & { readonly files?: ReadonlyMap<string, string> } = {},
): CatalogSideResult {
  const seen = new Set<string>();
  const twice: string[] = [];
  for (const v of versions) {
    if (seen.has(key(v))) twice.push(`${key(v)}: more than one version given`);
    seen.add(key(v));
  }
  if (twice.length > 0) return { ok: false, problems: twice };
  const revision = catalogRevision(versions);
  const parsed = parseCatalog(catalogInputFrom(versions, revision), options);
  if (parsed.ok) return { ok: true, revision, versions: [...versions].sort(byItem), catalog: parsed.catalog };
  // A trigger's problems start with its file label (triggerFileLabel): name the draft's file beside it.
  const renamed = new Map<string, string>();
  for (const v of versions) {
    const file = options.files?.get(key(v));
    if (file !== undefined && v.kind === 'trigger')
      renamed.set(triggerFileLabel(v.id, v.version), `${file} (${versionLabel(v.kind, v.id, v.version)})`);
  }
  const named = (problem: string) => {
    for (const [label, name] of renamed)
      if (problem.startsWith(label)) return name + problem.slice(label.length);
    return problem;
  };
  return { ok: false, problems: parsed.errors.map(named) };
}

/** Where a draft item's problems point: item key to file. */
export function draftFiles(drafts: readonly DraftItem[]): Map<string, string> {
  return new Map(drafts.map((d) => [`${d.kind}:${d.id}`, d.file]));
}

import type { CatalogInput } from '#core/catalog/catalog.js';
import { contentHash } from '#core/governance/content-hash.js';
import type {
  Action,
  ItemChanges,
  ItemKind,
  ItemVersion,
  JsonObject,
  TransitionRecord,
  VersionState,
} from '#core/governance/model.js';
import { ConfigurationError } from '#shared/errors.js';
import { folderItems } from './catalog-files.js';
import type { CatalogRepository } from './catalog-ports.js';

/**
 * The local runtime's seed import (issue 12): a catalog folder (or the embedded seed) becomes live
 * version 1 of each item, once, in an empty catalog table, so `npm start` still runs with one command.
 * Every record says honestly where it came from: origin and author `seed-import`, an approval and four
 * transitions by the role `seed-import` whose comment says no person reviewed the version. No HTTP route or
 * AWS caller can act in that role (shared/core/governance/model.ts).
 */

export const SEED_IMPORT = 'seed-import';
export const SEED_IMPORT_COMMENT =
  'imported from the catalog folder by the local runtime; no person reviewed this version';

/** One catalog item as found in a CatalogInput: its kind, id and content as the lifecycle keeps it. */
export interface SeedItem {
  readonly kind: ItemKind;
  readonly id: string;
  readonly content: JsonObject;
  /** The version number it gets (a trigger file's own `version`); 1 when absent. */
  readonly version?: number;
  /** What its approval and transitions say about where it came from; SEED_IMPORT_COMMENT when absent. */
  readonly comment?: string;
}

/**
 * Every item of the input (shared/app/catalog-files.ts `folderItems`: each trigger file, each offer of
 * offers.json, each region of regions.json, each product of products.json), a trigger keeping its file's
 * `version` as its version number. The input is expected to have passed the catalog parser; what cannot be
 * taken apart into items is a ConfigurationError naming the file and field, never skipped.
 */
export function seedItems(input: CatalogInput): SeedItem[] {
  const problems: string[] = [];
  const items: SeedItem[] = [];
  for (const item of folderItems(input)) {
    if (item.content === undefined) problems.push(`${item.source}: ${item.notes.join('; ')}`);
    else
      items.push({
        kind: item.kind,
        id: item.id,
        content: item.content,
        ...(item.fileVersion === undefined ? {} : { version: item.fileVersion }),
      });
  }
  const seen = new Set<string>();
  for (const item of items) {
    const key = `${item.kind}:${item.id}`;
    if (seen.has(key)) problems.push(`${key}: appears more than once`);
    seen.add(key);
  }
  if (problems.length > 0)
    throw new ConfigurationError(`The catalog cannot be imported:\n${problems.join('\n')}`);
  return items;
}

/** The changes that make `item` live (as version 1, or its file's version), imported at `now`: the version and its four steps. */
export function seedChanges(item: SeedItem, now: Date): ItemChanges {
  const at = now.toISOString();
  const number = item.version ?? 1;
  const hash = contentHash(item.content);
  const comment = item.comment ?? SEED_IMPORT_COMMENT;
  const version: ItemVersion = {
    kind: item.kind,
    id: item.id,
    version: number,
    content: item.content,
    contentHash: hash,
    state: 'live',
    author: SEED_IMPORT,
    editors: [],
    origin: SEED_IMPORT,
    createdAt: at,
    updatedAt: at,
    submittedAt: at,
    approval: { by: SEED_IMPORT, at, contentHash: hash, comment },
    liveFrom: at,
  };
  const steps: ReadonlyArray<readonly [Action, VersionState | undefined, VersionState]> = [
    ['draft', undefined, 'draft'],
    ['submit', 'draft', 'in_review'],
    ['approve', 'in_review', 'approved'],
    ['activate', 'approved', 'live'],
  ];
  const transitions: TransitionRecord[] = steps.map(([action, from, to], i) => ({
    kind: item.kind,
    id: item.id,
    version: number,
    seq: i + 1,
    action,
    ...(from === undefined ? {} : { from }),
    to,
    by: SEED_IMPORT,
    role: SEED_IMPORT,
    at,
    contentHash: hash,
    comment,
    ...(action === 'activate' ? { liveFrom: at } : {}),
  }));
  return { versions: [version], transitions };
}

export type SeedResult =
  | {
      readonly outcome: 'imported';
      /** The items committed now. */
      readonly imported: number;
      /** Items another process committed first (a concurrent start): left as they were. */
      readonly alreadyPresent: readonly string[];
    }
  | {
      readonly outcome: 'kept';
      /** Items already in the table (kind and id), none changed. */
      readonly items: number;
    };

/**
 * Imports the input as live seed versions, only when the repository holds no item at all: a persisted
 * catalog (a --data-dir reused) is left exactly as it is, whatever the folder says now. A store fault is
 * thrown (the runtime must not start on a catalog it could not write).
 */
export async function seedCatalog(
  repository: CatalogRepository,
  input: CatalogInput,
  now: Date,
): Promise<SeedResult> {
  return seedCatalogItems(repository, seedItems(input), now);
}

/** seedCatalog on items already taken apart (each with its version and comment): `replay --trigger`'s trial. */
export async function seedCatalogItems(
  repository: CatalogRepository,
  items: readonly SeedItem[],
  now: Date,
): Promise<SeedResult> {
  const existing = await repository.listVersions();
  if (existing.length > 0)
    return { outcome: 'kept', items: new Set(existing.map((v) => `${v.kind}:${v.id}`)).size };
  let imported = 0;
  const alreadyPresent: string[] = [];
  for (const item of items) {
    if (await repository.commit(item.kind, item.id, 0, seedChanges(item, now))) imported++;
    else alreadyPresent.push(`${item.kind}:${item.id}`);
  }
  return { outcome: 'imported', imported, alreadyPresent };
}

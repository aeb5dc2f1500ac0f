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
}

const isObject = (value: unknown): value is JsonObject =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** The fields of a trigger file the lifecycle holds instead: the version number and the approval. */
const LIFECYCLE_FIELDS = new Set(['version', 'approvedBy', 'approvedAt']);

/**
 * Every item of the input: each trigger file, each offer of offers.json, each region of regions.json, each
 * product of products.json (when present). The input is expected to have passed the catalog parser; what
 * cannot be taken apart into items is a ConfigurationError naming the file and field, never skipped.
 */
export function seedItems(input: CatalogInput): SeedItem[] {
  const problems: string[] = [];
  const items: SeedItem[] = [];
  const add = (kind: ItemKind, id: unknown, content: unknown, where: string) => {
    if (typeof id !== 'string' || id === '')
      problems.push(`${where}: expected a non-empty id, got ${String(id)}`);
    else if (!isObject(content)) problems.push(`${where}: expected an object`);
    else items.push({ kind, id, content });
  };
  const entries = (file: string, document: unknown, field: string): [string, unknown][] => {
    const value = isObject(document) ? document[field] : undefined;
    if (isObject(value)) return Object.entries(value);
    problems.push(`${file}: ${field}: expected an object of items`);
    return [];
  };

  for (const { file, content } of input.triggers) {
    const trigger = isObject(content)
      ? Object.fromEntries(Object.entries(content).filter(([key]) => !LIFECYCLE_FIELDS.has(key)))
      : content;
    add('trigger', isObject(content) ? content.id : undefined, trigger, `${file}: id`);
  }
  const offers = isObject(input.offers) ? input.offers.offers : undefined;
  if (Array.isArray(offers)) {
    for (const [i, offer] of offers.entries()) {
      const id = isObject(offer) ? offer.offerId : undefined;
      add('offer', id, offer, `offers.json: offers[${i}].offerId`);
    }
  } else problems.push('offers.json: offers: expected an array of offers');
  for (const [id, region] of entries('regions.json', input.regions, 'regions'))
    add('region', id, region, `regions.json: regions.${id}`);
  if (input.products !== undefined)
    for (const [id, product] of entries('products.json', input.products, 'products'))
      add('product', id, product, `products.json: products.${id}`);

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

/** The changes that make `item` live as version 1, imported at `now`: the version and its four steps. */
export function seedChanges(item: SeedItem, now: Date): ItemChanges {
  const at = now.toISOString();
  const hash = contentHash(item.content);
  const version: ItemVersion = {
    kind: item.kind,
    id: item.id,
    version: 1,
    content: item.content,
    contentHash: hash,
    state: 'live',
    author: SEED_IMPORT,
    editors: [],
    origin: SEED_IMPORT,
    createdAt: at,
    updatedAt: at,
    submittedAt: at,
    approval: { by: SEED_IMPORT, at, contentHash: hash, comment: SEED_IMPORT_COMMENT },
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
    version: 1,
    seq: i + 1,
    action,
    ...(from === undefined ? {} : { from }),
    to,
    by: SEED_IMPORT,
    role: SEED_IMPORT,
    at,
    contentHash: hash,
    comment: SEED_IMPORT_COMMENT,
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
  const items = seedItems(input);
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

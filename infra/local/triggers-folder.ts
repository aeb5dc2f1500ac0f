import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { ItemKind, ItemVersion, JsonObject } from '#core/governance/model.js';
import { LocalRuntimeError } from './errors.js';

/**
 * Catalog folders (catalog/: catalog.json, offers.json, regions.json, products.json, triggers/<id>.json) as
 * governed items, and back: the shape shared/core/governance/snapshot.ts (catalogInputFrom) gives the
 * parser. A trigger's content is its file without `version` and `approvedBy`: the lifecycle numbers
 * versions and records approvals.
 */

export interface FolderItem {
  readonly kind: ItemKind;
  readonly id: string;
  readonly content: JsonObject;
  /** Where it was read, for messages. */
  readonly file: string;
}

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new LocalRuntimeError(
      `${file}: cannot be read (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new LocalRuntimeError(
      `${file}: not valid JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}

/** A trigger file as a draft: its id (the `id` field, else the file name) and content without version. */
export function triggerFromFile(file: string): FolderItem {
  const value = readJson(file);
  if (!isObject(value)) throw new LocalRuntimeError(`${file}: expected a trigger as a JSON object`);
  const { version: _version, approvedBy: _approvedBy, ...content } = value;
  const id = typeof value.id === 'string' ? value.id : basename(file).replace(/\.json$/, '');
  return { kind: 'trigger', id, content: { ...content, id }, file };
}

/** Every item of a catalog folder, in kind then file order; files the folder lacks are skipped. */
export function readCatalogFolder(dir: string): FolderItem[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new LocalRuntimeError(
      `${dir}: expected a catalog folder (triggers/, offers.json, regions.json, ...)`,
    );
  const items: FolderItem[] = [];
  const offersFile = join(dir, 'offers.json');
  if (existsSync(offersFile)) {
    const offers = (readJson(offersFile) as { offers?: unknown }).offers;
    if (!Array.isArray(offers)) throw new LocalRuntimeError(`${offersFile}: expected {"offers": [...]}`);
    offers.forEach((offer: unknown, i) => {
      if (!isObject(offer) || typeof offer.offerId !== 'string')
        throw new LocalRuntimeError(`${offersFile}: offers[${i}]: expected an offer with an offerId`);
      items.push({ kind: 'offer', id: offer.offerId, content: offer, file: offersFile });
    });
  }
  for (const [kind, name] of [
    ['region', 'regions'],
    ['product', 'products'],
  ] as const) {
    const file = join(dir, `${name}.json`);
    if (!existsSync(file)) continue;
    const map = (readJson(file) as Record<string, unknown>)[name];
    if (!isObject(map)) throw new LocalRuntimeError(`${file}: expected {"${name}": {"<id>": {...}}}`);
    for (const [id, content] of Object.entries(map)) {
      if (!isObject(content)) throw new LocalRuntimeError(`${file}: ${name}.${id}: expected a JSON object`);
      items.push({ kind, id, content, file });
    }
  }
  const triggersDir = join(dir, 'triggers');
  if (existsSync(triggersDir))
    for (const name of readdirSync(triggersDir)
      .filter((n) => n.endsWith('.json'))
      .sort())
      items.push(triggerFromFile(join(triggersDir, name)));
  if (items.length === 0) throw new LocalRuntimeError(`${dir}: no catalog item found`);
  return items;
}

/** Items of a file (one trigger) or of a folder (every item). */
export function readItems(path: string): FolderItem[] {
  if (!existsSync(path)) throw new LocalRuntimeError(`${path}: no such file or folder`);
  return statSync(path).isDirectory() ? readCatalogFolder(path) : [triggerFromFile(path)];
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** Writes live versions as a catalog folder; returns the files written. */
export function writeCatalogFolder(
  dir: string,
  live: { readonly revision: string; readonly versions: readonly ItemVersion[] },
): string[] {
  const of = (kind: ItemKind) => live.versions.filter((v) => v.kind === kind);
  mkdirSync(join(dir, 'triggers'), { recursive: true });
  const files: Array<[string, unknown]> = [
    [
      'catalog.json',
      { version: live.revision, description: 'Exported from the governed catalog (live versions)' },
    ],
    ['offers.json', { offers: of('offer').map((v) => v.content) }],
    ['regions.json', { regions: Object.fromEntries(of('region').map((v) => [v.id, v.content])) }],
    ['products.json', { products: Object.fromEntries(of('product').map((v) => [v.id, v.content])) }],
    ...of('trigger').map((v): [string, unknown] => [
      join('triggers', `${v.id}.json`),
      { ...v.content, version: v.version },
    ]),
  ];
  for (const [file, value] of files) writeFileSync(join(dir, file), json(value));
  return files.map(([file]) => join(dir, file));
}

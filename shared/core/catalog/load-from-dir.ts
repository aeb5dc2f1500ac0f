import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Catalog, CatalogInvalidError } from './catalog.js';
import { type ParseCatalogOptions, parseCatalog } from './parse.js';

/**
 * The only file in shared/core that touches the file system: it reads a catalog folder and hands the
 * contents to the pure parser. For bundled Lambdas use ./seed.ts instead (esbuild inlines it; a bundle
 * has no catalog folder next to it).
 */

/** The repository's catalog/ folder, found relative to this source file. */
export function defaultCatalogDir(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '../../../catalog');
}

function readJson(path: string, label: string, errors: string[]): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    errors.push(`${label}: cannot be read (${error instanceof Error ? error.message : String(error)})`);
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    errors.push(`${label}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
    return undefined;
  }
}

/**
 * Loads catalog.json, offers.json, regions.json and triggers/*.json from `dir`. Throws
 * CatalogInvalidError listing every problem; file names in errors are shown as "<folder>/...".
 */
export function loadCatalogFromDir(dir: string, options: ParseCatalogOptions = {}): Catalog {
  const folder = basename(resolve(dir));
  const errors: string[] = [];
  const read = (...parts: string[]): unknown =>
    readJson(join(dir, ...parts), [folder, ...parts].join('/'), errors);
  const catalog = read('catalog.json');
  const offers = read('offers.json');
  const regions = read('regions.json');
  let names: string[] = [];
  try {
    names = readdirSync(join(dir, 'triggers'))
      .filter((name) => name.endsWith('.json'))
      .sort();
  } catch (error) {
    errors.push(
      `${folder}/triggers: cannot be read (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  const triggers = names.map((name) => ({
    file: `${folder}/triggers/${name}`,
    content: read('triggers', name),
  }));
  if (errors.length > 0) throw new CatalogInvalidError(errors);
  const result = parseCatalog({ catalog, offers, regions, triggers }, options);
  if (!result.ok) throw new CatalogInvalidError(result.errors);
  return result.catalog;
}

import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Catalog, type CatalogInput, CatalogInvalidError } from '#core/catalog/catalog.js';
import {
  type CatalogSourceFile,
  type ParseCatalogOptions,
  parseCatalogSources,
} from '#core/catalog/parse.js';

/**
 * Reading the catalog folder, once at cold start (the pure core never touches the file system): the
 * folder's text goes to the pure parser, which finds every problem and its line and column. The Lambdas
 * read no folder (they read the live catalog from the catalog table); the folder is for the local seed
 * import, `replay --catalog` and the benches; tests may use the embedded shared/core/catalog/seed.ts.
 */

/** The repository's catalog/ folder, found relative to this source file. */
export function defaultCatalogDir(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '../../catalog');
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function readSource(path: string, file: string): CatalogSourceFile {
  try {
    return { file, text: readFileSync(path, 'utf8') };
  } catch (error) {
    return { file, unreadable: reason(error) };
  }
}

/**
 * Loads catalog.json, offers.json, regions.json, products.json and triggers/*.json from `dir`. Throws
 * CatalogInvalidError listing every problem of every file; file names in problems are shown as
 * "<folder>/...".
 */
export function loadCatalogFromDir(dir: string, options: ParseCatalogOptions = {}): Catalog {
  const folder = basename(resolve(dir));
  const read = (...parts: string[]): CatalogSourceFile =>
    readSource(join(dir, ...parts), [folder, ...parts].join('/'));
  let triggers: CatalogSourceFile[];
  try {
    triggers = readdirSync(join(dir, 'triggers'))
      .filter((name) => name.endsWith('.json'))
      .sort()
      .map((name) => read('triggers', name));
  } catch (error) {
    triggers = [{ file: `${folder}/triggers`, unreadable: reason(error) }];
  }
  const result = parseCatalogSources(
    {
      catalog: read('catalog.json'),
      offers: read('offers.json'),
      regions: read('regions.json'),
      products: read('products.json'),
      triggers,
    },
    options,
  );
  if (!result.ok) throw new CatalogInvalidError(result.problems);
  return result.catalog;
}

/**
 * The folder's content as the catalog parser's input (each file's JSON value), for the local runtime's
 * seed import (shared/app/catalog-seed.ts). The folder is validated first, exactly as loadCatalogFromDir
 * does (a broken folder throws CatalogInvalidError listing every problem).
 */
export function readCatalogInputFromDir(dir: string, options: ParseCatalogOptions = {}): CatalogInput {
  loadCatalogFromDir(dir, options);
  const json = (...parts: string[]): unknown => JSON.parse(readFileSync(join(dir, ...parts), 'utf8'));
  const triggerFiles = readdirSync(join(dir, 'triggers'))
    .filter((name) => name.endsWith('.json'))
    .sort();
  return {
    catalog: json('catalog.json'),
    offers: json('offers.json'),
    regions: json('regions.json'),
    products: json('products.json'),
    triggers: triggerFiles.map((name) => ({
      file: [basename(resolve(dir)), 'triggers', name].join('/'),
      content: json('triggers', name),
    })),
  };
}

import { relative, resolve } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoCatalogStore } from '#adapters/dynamodb/catalog-store.js';
import { type SeedItem, type SeedResult, seedCatalog, seedCatalogItems } from '#app/catalog-seed.js';
import { defaultCatalogDir, readCatalogInputFromDir } from '#config/catalog-folder.js';
import type { CatalogInput } from '#core/catalog/catalog.js';
import { documentClient } from '#functions/handler-kit/aws-clients.js';
import { CATALOG_TABLE } from '#shared/catalog-table.js';

/**
 * The local runtime's catalog (issue 12): the folder (the repository's catalog/ unless one is given) is read
 * and validated before anything starts, and imported into the catalog table as live seed versions once the
 * tables exist, before the handlers load — unless the table already holds a catalog (a --data-dir reused),
 * which is kept as it is. The seed versions say that no person reviewed them (shared/app/catalog-seed.ts).
 */

export interface CatalogFolder {
  readonly dir: string;
  readonly input: CatalogInput;
}

/** Reads and validates the folder: a broken one throws CatalogInvalidError listing every problem. */
export function readCatalogFolder(dir: string = defaultCatalogDir()): CatalogFolder {
  const absolute = resolve(dir);
  return { dir: absolute, input: readCatalogInputFromDir(absolute) };
}

/**
 * A catalog already taken apart into seed items, each with its version number and comment, instead of a
 * folder: `replay --trigger <id> --version n`'s trial (infra/local/replay-trial.ts). `name` says in the
 * start line what it is.
 */
export interface PreparedCatalog {
  readonly items: readonly SeedItem[];
  readonly name: string;
}

export interface CatalogSeeding {
  readonly result: SeedResult;
  /** The one line the CLI prints at start. */
  readonly line: string;
}

/** The folder as people name it: relative to the working directory when inside it, with a trailing slash. */
function shown(dir: string): string {
  const rel = relative(process.cwd(), dir);
  const name = rel === '' ? '.' : rel.startsWith('..') ? dir : rel;
  return `${name}/`;
}

export function describeSeeding(result: SeedResult, dir: string): string {
  if (result.outcome === 'kept') return `Catalog: kept the ${result.items} items already in the table`;
  const raced =
    result.alreadyPresent.length === 0
      ? ''
      : `; ${result.alreadyPresent.length} were already there (${result.alreadyPresent.join(', ')})`;
  return `Catalog: imported ${result.imported} items from ${shown(dir)} as seed versions (no person reviewed them)${raced}`;
}

/** Imports the folder (or prepared catalog) into the catalog table unless the table already holds a catalog. */
export async function seedLocalCatalog(
  dynamodb: DynamoDBClient,
  source: CatalogFolder | PreparedCatalog,
  now: Date = new Date(),
): Promise<CatalogSeeding> {
  const store = new DynamoCatalogStore(documentClient(dynamodb), CATALOG_TABLE);
  if ('items' in source) {
    const result = await seedCatalogItems(store, source.items, now);
    const line =
      result.outcome === 'kept'
        ? describeSeeding(result, '')
        : `Catalog: imported ${result.imported} items: ${source.name} (no person reviewed them)`;
    return { result, line };
  }
  const result = await seedCatalog(store, source.input, now);
  return { result, line: describeSeeding(result, source.dir) };
}

import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoCatalogStore } from '#adapters/dynamodb/catalog-store.js';
import { SEED_IMPORT, SEED_IMPORT_COMMENT, seedItems } from '#app/catalog-seed.js';
import { CatalogInvalidError } from '#core/catalog/catalog.js';
import { effectiveAt } from '#core/governance/snapshot.js';
import { documentClient } from '#functions/handler-kit/aws-clients.js';
import { type AppDefinition, app, tableByName } from '#infra/definitions.js';
import { readCatalogFolder } from '#local/catalog-seeding.js';
import { repoRoot } from '#local/invoke.js';
import { startLocalRuntime } from '#local/runtime.js';
import { CATALOG_TABLE } from '#shared/catalog-table.js';
import { brokenCatalogProblems, writeBrokenCatalog } from '#test/fixtures/broken-catalog.js';

/** Only the catalog table: the seeding on its own, without loading the pipeline's handlers. */
const catalogOnly: AppDefinition = { tables: [tableByName(app, CATALOG_TABLE)], queues: [], functions: [] };

describe('the local runtime seeds the catalog table from a catalog folder', () => {
  let dir: string;
  let folder: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'catalog-seeding-'));
    folder = join(dir, 'my-catalog');
    cpSync(resolve(repoRoot, 'catalog'), folder, { recursive: true });
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports the folder once as live seed versions; a persisted table is kept on the next start', async () => {
    const dataDir = join(dir, 'data');
    const expected = seedItems(readCatalogFolder(folder).input).length;
    const first = await startLocalRuntime({ app: catalogOnly, dataDir, catalogDir: folder, log: () => {} });
    let before: unknown;
    try {
      expect(first.catalog?.result).toEqual({ outcome: 'imported', imported: expected, alreadyPresent: [] });
      expect(first.catalog?.line).toMatch(
        new RegExp(
          `^Catalog: imported ${expected} items from .*my-catalog/ as seed versions \\(no person reviewed them\\)$`,
        ),
      );
      const versions = await new DynamoCatalogStore(
        documentClient(first.dynamodb),
        CATALOG_TABLE,
      ).listVersions();
      expect(effectiveAt(versions, new Date()).versions).toHaveLength(expected);
      for (const version of versions) {
        expect(version).toMatchObject({
          origin: SEED_IMPORT,
          author: SEED_IMPORT,
          state: 'live',
          version: 1,
        });
        expect(version.approval).toMatchObject({ by: SEED_IMPORT, comment: SEED_IMPORT_COMMENT });
      }
      before = versions;
    } finally {
      await first.stop();
    }

    // The folder changes (a new trigger file): the table already holds a catalog, which stays as it was.
    const trigger = join(folder, 'triggers', 'high-balance-savings.json');
    const content = JSON.parse(readFileSync(trigger, 'utf8')) as Record<string, unknown>;
    writeFileSync(join(folder, 'triggers', 'copy.json'), JSON.stringify({ ...content, id: 'copy' }));
    const second = await startLocalRuntime({ app: catalogOnly, dataDir, catalogDir: folder, log: () => {} });
    try {
      expect(second.catalog?.line).toBe(`Catalog: kept the ${expected} items already in the table`);
      const versions = await new DynamoCatalogStore(
        documentClient(second.dynamodb),
        CATALOG_TABLE,
      ).listVersions();
      expect(versions).toEqual(before);
    } finally {
      await second.stop();
      rmSync(join(folder, 'triggers', 'copy.json'));
    }
  });

  it('refuses a broken folder before anything starts, listing every problem', async () => {
    const broken = writeBrokenCatalog(dir, 'broken');
    let error: unknown;
    try {
      await startLocalRuntime({ app: catalogOnly, catalogDir: broken, log: () => {} });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CatalogInvalidError);
    expect((error as CatalogInvalidError).errors).toEqual(brokenCatalogProblems('broken'));
  });
});

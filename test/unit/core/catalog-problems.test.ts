import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCatalogFromDir } from '#config/catalog-folder.js';
import { CatalogInvalidError } from '#core/catalog/catalog.js';
import { brokenCatalogProblems, writeBrokenCatalog } from '#test/fixtures/broken-catalog.js';

const root = mkdtempSync(join(tmpdir(), 'catalog-problems-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function problemsOf(folder: string): CatalogInvalidError {
  try {
    loadCatalogFromDir(folder);
  } catch (error) {
    if (error instanceof CatalogInvalidError) return error;
    throw error;
  }
  throw new Error('expected the catalog to be invalid');
}

describe('a broken catalog folder: every problem of every file in one run', () => {
  const error = problemsOf(writeBrokenCatalog(root, 'draft'));

  it('reports each with file:line:column, field, expected and found, sorted by file then line', () => {
    expect(error.errors).toEqual(brokenCatalogProblems('draft'));
  });

  it('prints the whole list in the message (what the CLIs and a Lambda init show)', () => {
    expect(error.message).toBe(
      `The offer catalog is invalid (13 problems):\n${brokenCatalogProblems('draft').join('\n')}`,
    );
  });

  it('gives the same as structured problems', () => {
    expect(error.problems[1]).toEqual({
      file: 'draft/offers.json',
      line: 21,
      column: 5,
      field: 'offers[2].cooldownDays',
      path: ['offers', 2, 'cooldownDays'],
      expected: 'a whole number of days from 0 to 365',
      found: 'missing',
    });
    expect(error.problems.map((p) => [p.file, p.line, p.column])).toEqual(
      [...error.problems]
        .map((p) => [p.file, p.line, p.column])
        .sort(
          (a, b) =>
            String(a[0]).localeCompare(String(b[0])) ||
            Number(a[1]) - Number(b[1]) ||
            Number(a[2]) - Number(b[2]),
        ),
    );
  });
});

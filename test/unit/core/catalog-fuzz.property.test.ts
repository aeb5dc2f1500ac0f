import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CatalogProblem } from '#core/catalog/catalog.js';
import { type CatalogSources, parseCatalog, parseCatalogSources } from '#core/catalog/parse.js';
import { SEED_CATALOG_INPUT } from '#core/catalog/seed.js';

/**
 * Any mutation of a valid catalog, in its text or in its structure, either still parses or yields
 * problems that each carry a position inside their file: never a crash, never an empty list on
 * failure, never a catalog when a file is not JSON.
 */

type Files = Array<{ file: string; text: string }>;

const SEED: Files = [
  { file: 'catalog/catalog.json', text: pretty(SEED_CATALOG_INPUT.catalog) },
  { file: 'catalog/offers.json', text: pretty(SEED_CATALOG_INPUT.offers) },
  { file: 'catalog/regions.json', text: pretty(SEED_CATALOG_INPUT.regions) },
  { file: 'catalog/products.json', text: pretty(SEED_CATALOG_INPUT.products) },
  ...SEED_CATALOG_INPUT.triggers.map((t) => ({ file: t.file, text: pretty(t.content) })),
];

function pretty(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function sources(files: Files): CatalogSources {
  const [catalog, offers, regions, products, ...triggers] = files;
  if (catalog === undefined || offers === undefined || regions === undefined || products === undefined) {
    throw new Error('seed');
  }
  return { catalog, offers, regions, products, triggers };
}

function withFile(files: Files, index: number, text: string): Files {
  return files.map((f, i) => (i === index ? { ...f, text } : f));
}

const fileIndex = fc.nat({ max: SEED.length - 1 });

/** Text edits: delete, insert or replace a short stretch at any offset. */
const JSON_BITS = [
  '{',
  '}',
  '[',
  ']',
  ',',
  ':',
  '"',
  '\\',
  'null',
  'true',
  '-',
  '1e',
  '0',
  ' ',
  '\n',
  '//',
  '\u0000',
];
const textMutation = fc.record({
  index: fileIndex,
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  remove: fc.nat({ max: 8 }),
  insert: fc.oneof(fc.constantFrom(...JSON_BITS), fc.string({ maxLength: 6, unit: 'binary' })),
});

/** Structural edits: at a random node, drop a key, replace a value, rename a key or repeat it. */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const structuralMutation = fc.record({
  index: fileIndex,
  pick: fc.array(fc.nat(), { minLength: 1, maxLength: 8 }),
  kind: fc.constantFrom('drop', 'replace', 'rename', 'repeat'),
  value: fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
  key: fc.oneof(
    fc.constantFrom('id', 'offerId', 'field', 'all', 'in', 'condition'),
    fc.string({ maxLength: 8 }),
  ),
});

function mutateStructure(root: Json, m: Structural): string {
  let node: Json = root;
  for (const step of m.pick) {
    const children = childrenOf(node);
    if (children.length === 0) break;
    const next = children[step % children.length];
    if (next === undefined || childrenOf(next).length === 0) break;
    node = next;
  }
  if (Array.isArray(node)) {
    const i = (m.pick.at(-1) ?? 0) % Math.max(node.length, 1);
    if (m.kind === 'drop') node.splice(i, 1);
    else if (m.kind === 'repeat' && node[i] !== undefined) node.push(structuredClone(node[i]));
    else node[i] = m.value;
    return pretty(root);
  }
  if (node === null || typeof node !== 'object') return pretty(m.value);
  const keys = Object.keys(node);
  const key = keys[(m.pick.at(-1) ?? 0) % Math.max(keys.length, 1)];
  if (key === undefined) {
    node[m.key] = m.value;
    return pretty(root);
  }
  if (m.kind === 'drop') delete node[key];
  else if (m.kind === 'replace') node[key] = m.value;
  else if (m.kind === 'rename') {
    const value = node[key] ?? null;
    delete node[key];
    node[m.key] = value;
  } else {
    // A key written twice: only text can say so.
    const text = pretty(root);
    const needle = `"${key}":`;
    const at = text.indexOf(needle);
    return at < 0 ? text : `${text.slice(0, at)}${needle} null, ${text.slice(at)}`;
  }
  return pretty(root);
}

type Structural = {
  pick: number[];
  kind: 'drop' | 'replace' | 'rename' | 'repeat';
  value: Json;
  key: string;
};

function childrenOf(node: Json): Json[] {
  if (Array.isArray(node)) return node;
  if (node !== null && typeof node === 'object') return Object.values(node);
  return [];
}

/** The checks every failed run must pass. */
function expectPlacedProblems(files: Files): 'ok' | 'invalid' {
  const result = parseCatalogSources(sources(files));
  const notJson = files.some(({ text }) => {
    try {
      JSON.parse(text);
      return false;
    } catch {
      return true;
    }
  });
  if (result.ok) {
    expect(notJson).toBe(false);
    return 'ok';
  }
  expect(result.problems.length).toBeGreaterThan(0);
  expect(result.errors).toHaveLength(result.problems.length);
  const byFile = new Map(files.map((f) => [f.file, f.text]));
  for (const problem of result.problems) expectInside(problem, byFile.get(problem.file));
  // Sorted: by file, then line, then column.
  const keys = result.problems.map((p) => [p.file, p.line ?? 0, p.column ?? 0] as const);
  const sorted = [...keys].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1] || a[2] - b[2]));
  expect(keys).toEqual(sorted);
  return 'invalid';
}

function expectInside(problem: CatalogProblem, text: string | undefined): void {
  expect(text, `a problem in an unknown file: ${problem.file}`).toBeDefined();
  const lines = (text ?? '').split('\n');
  const { line, column } = problem;
  if (line === undefined || column === undefined) throw new Error(`no position: ${JSON.stringify(problem)}`);
  expect(line).toBeGreaterThanOrEqual(1);
  expect(line).toBeLessThanOrEqual(lines.length);
  expect(column).toBeGreaterThanOrEqual(1);
  expect(column).toBeLessThanOrEqual((lines[line - 1] ?? '').length + 1);
  expect(problem.field).not.toBe('');
  expect(problem.expected).not.toBe('');
}

// Hundreds of whole-catalog parses per property: about 3 s alone, more on a loaded two-core machine. The
// bound is the run count, not the clock; the timeout only keeps a busy machine from failing them.
describe('catalog problems under mutation (property)', { timeout: 60_000 }, () => {
  it('the seed as text parses', () => {
    expect(parseCatalogSources(sources(SEED)).ok).toBe(true);
  });

  it('a text edit anywhere: parses, or every problem is placed inside its file', () => {
    const outcomes = new Set<string>();
    fc.assert(
      fc.property(textMutation, ({ index, at, remove, insert }) => {
        const text = SEED[index]?.text ?? '';
        const offset = Math.floor(at * text.length);
        const edited = `${text.slice(0, offset)}${insert}${text.slice(offset + remove)}`;
        outcomes.add(expectPlacedProblems(withFile(SEED, index, edited)));
      }),
      { numRuns: 400 },
    );
    expect(outcomes).toEqual(new Set(['ok', 'invalid']));
  });

  it('a structural edit anywhere: parses, or every problem is placed inside its file', () => {
    const outcomes = new Set<string>();
    fc.assert(
      fc.property(structuralMutation, (m) => {
        const root = JSON.parse(SEED[m.index]?.text ?? 'null') as Json;
        outcomes.add(expectPlacedProblems(withFile(SEED, m.index, mutateStructure(root, m))));
      }),
      { numRuns: 400 },
    );
    expect(outcomes.has('invalid')).toBe(true);
  });

  it('two broken files at once: both are reported, neither hides the other', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fileIndex, { minLength: 2, maxLength: 2 }), ([a = 0, b = 1]) => {
        const files = withFile(withFile(SEED, a, '{ "oops": '), b, '[1, 2,]');
        const result = parseCatalogSources(sources(files));
        expect(result.ok).toBe(false);
        if (result.ok) return;
        const reported = new Set(result.problems.map((p) => p.file));
        expect(reported.has(SEED[a]?.file ?? '')).toBe(true);
        expect(reported.has(SEED[b]?.file ?? '')).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('on JSON text, finds exactly the problems the value parser finds (positions aside)', () => {
    fc.assert(
      fc.property(
        structuralMutation.filter((m) => m.kind !== 'repeat'),
        (m) => {
          const root = JSON.parse(SEED[m.index]?.text ?? 'null') as Json;
          const files = withFile(SEED, m.index, mutateStructure(root, m));
          const fromText = parseCatalogSources(sources(files));
          const [catalog, offers, regions, products, ...triggers] = files.map(
            (f) => JSON.parse(f.text) as unknown,
          );
          const fromValues = parseCatalog({
            catalog,
            offers,
            regions,
            products,
            triggers: triggers.map((content, i) => ({ file: SEED[i + 4]?.file ?? '', content })),
          });
          expect(fromText.ok).toBe(fromValues.ok);
          if (fromText.ok || fromValues.ok) return;
          const unplaced = (errors: readonly string[]) =>
            errors.map((e) => e.replace(/^([^:]+):\d+:\d+: /, '$1: ')).sort();
          expect(unplaced(fromText.errors)).toEqual(unplaced(fromValues.errors));
        },
      ),
      { numRuns: 200 },
    );
  });
});

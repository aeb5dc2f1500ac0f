import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { floatingPromises } from '#scripts/lint/floating-promises.js';

const dir = mkdtempSync(path.join(tmpdir(), 'floating-promises-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const LIB = `export async function work(): Promise<number> { return 1; }
export const thenable = { then(resolve: (v: number) => void) { resolve(1); } };
`;

// Each line marked FLOATS must be found, every other statement not.
const SAMPLE = `import { readFile } from 'node:fs/promises';
import { thenable, work } from './lib.js';
export async function sample(list: number[]): Promise<number> {
  work(); // FLOATS
  readFile('x'); // FLOATS
  Promise.resolve(1).then(() => 2); // FLOATS
  (work()); // FLOATS
  work().finally(() => undefined); // FLOATS
  thenable; // FLOATS
  list.map(async () => 1); // an array of promises: not a thenable itself
  await work();
  void work();
  work().catch(() => undefined);
  work().then(() => 1, () => 2);
  let kept: Promise<number> = work();
  kept = work();
  list.push(1);
  return kept;
}
`;

function check(): number[] {
  writeFileSync(path.join(dir, 'lib.ts'), LIB);
  const sample = path.join(dir, 'sample.ts');
  writeFileSync(sample, SAMPLE);
  const program = ts.createProgram({
    rootNames: [sample],
    options: {
      strict: true,
      target: ts.ScriptTarget.ES2023,
      lib: ['lib.es2023.d.ts'],
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      noEmit: true,
      types: ['node'],
      typeRoots: [path.resolve(import.meta.dirname, '../../../node_modules/@types')],
    },
  });
  return floatingPromises(program)
    .filter((f) => f.file === sample.split(path.sep).join('/'))
    .map((f) => f.line);
}

describe('floatingPromises (the type-aware check of npm run lint)', () => {
  it('finds exactly the statements that drop a promise, across imports and node types', () => {
    const expected = SAMPLE.split('\n').flatMap((line, i) => (line.includes('// FLOATS') ? [i + 1] : []));
    expect(expected).toHaveLength(6);
    expect(check()).toEqual(expected);
  }, 60_000);
});

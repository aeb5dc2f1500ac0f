import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The layering docs/architecture.md promises, checked on the source itself: the pure core imports nothing
 * outside itself and its data, nothing inward imports an adapter or the edges, infra/cdk has no import cycle,
 * and a production file stays under 300 lines unless it is data.
 */

const root = resolve(import.meta.dirname, '../../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  imports: Record<string, string>;
};

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

const PRODUCTION = [...sourceFiles('shared'), ...sourceFiles('functions'), ...sourceFiles('infra')];

/** A specifier as a repository path (package.json subpath imports and relative paths), or the package. */
function target(from: string, specifier: string): string {
  if (specifier.startsWith('#')) {
    for (const [pattern, mapped] of Object.entries(pkg.imports)) {
      const prefix = pattern.slice(0, -1);
      if (pattern.endsWith('*') && specifier.startsWith(prefix)) {
        return join(mapped.slice(2, -1), specifier.slice(prefix.length)).replace(/\.js$/, '.ts');
      }
    }
    throw new Error(`${from}: no package.json import maps ${specifier}`);
  }
  if (specifier.startsWith('.')) return join(dirname(from), specifier).replace(/\.js$/, '.ts');
  return `package:${specifier}`;
}

const importsOf = new Map(
  PRODUCTION.map((file) => [
    file,
    ts
      .preProcessFile(readFileSync(join(root, file), 'utf8'), true, true)
      .importedFiles.map((imported) => target(file, imported.fileName)),
  ]),
);

const violations = (files: (file: string) => boolean, allowed: (to: string) => boolean): string[] =>
  [...importsOf]
    .filter(([file]) => files(file))
    .flatMap(([file, targets]) => targets.filter((to) => !allowed(to)).map((to) => `${file} -> ${to}`));

const under =
  (...dirs: string[]) =>
  (path: string) =>
    dirs.some((dir) => path.startsWith(`${dir}/`));

describe('layers', () => {
  it('maps every import of production code to a file that exists', () => {
    const files = new Set(PRODUCTION);
    const missing = [...importsOf].flatMap(([file, targets]) =>
      targets
        .filter((to) => !to.startsWith('package:') && !to.endsWith('.json') && !files.has(to))
        .map((to) => `${file} -> ${to}`),
    );
    expect(missing).toEqual([]);
  });

  it('shared/core imports only itself, its data, zod and jsonc-parser: no I/O, no node:fs', () => {
    const allowed = (to: string) =>
      under('shared/core', 'shared/data')(to) ||
      ['package:zod', 'package:jsonc-parser', 'package:node:crypto'].includes(to) ||
      to.startsWith('catalog/'); // the embedded seed catalog (JSON)
    expect(violations(under('shared/core'), allowed)).toEqual([]);
  });

  it('no import from shared/{core,app,api,privacy,config,archive} or shared/*.ts into shared/adapters', () => {
    const inner = (file: string) =>
      under(
        'shared/core',
        'shared/app',
        'shared/api',
        'shared/privacy',
        'shared/config',
        'shared/archive',
      )(file) || /^shared\/[^/]+\.ts$/.test(file);
    expect(violations(inner, (to) => !under('shared/adapters')(to))).toEqual([]);
  });

  it('nothing in shared/ imports the Lambdas (functions/) or infra/', () => {
    expect(violations(under('shared'), (to) => !under('functions', 'infra')(to))).toEqual([]);
  });

  it('the Lambdas never import the CDK or the local runtime', () => {
    const edge = (to: string) =>
      under('infra/cdk', 'infra/local')(to) ||
      to === 'package:aws-cdk-lib' ||
      to.startsWith('package:aws-cdk-lib/');
    expect(violations(under('functions'), (to) => !edge(to))).toEqual([]);
  });

  it('infra/cdk and shared/ have no import cycle', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, path: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push([...path.slice(path.indexOf(file)), file].join(' -> '));
        return;
      }
      state.set(file, 'open');
      for (const to of importsOf.get(file) ?? []) if (importsOf.has(to)) visit(to, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of importsOf.keys()) if (under('infra/cdk', 'shared')(file)) visit(file, []);
    expect(cycles).toEqual([]);
  });

  it('no production file over 300 lines unless it is data', () => {
    // Data: word lists, the retention table (what is kept how long, and why).
    const data = (file: string) => under('shared/data')(file) || file === 'shared/retention.ts';
    const long = PRODUCTION.filter((file) => !data(file))
      .map((file) => ({ file, lines: readFileSync(join(root, file), 'utf8').split('\n').length }))
      .filter(({ lines }) => lines > 300);
    expect(long).toEqual([]);
  });
});

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { initialJavaScript } from '#bench/console.js';

/**
 * What counts as the console's initial JavaScript (bench/console.ts, held to 300 KB gzipped by
 * test/e2e/bundle.test.ts): index.html's module scripts and modulepreloads and their static imports,
 * transitively and once each; never a dynamic import() (a page loaded later) nor a stylesheet.
 */
describe('initialJavaScript', () => {
  let dist: string;
  const file = (path: string, text: string) => {
    mkdirSync(join(dist, path, '..'), { recursive: true });
    writeFileSync(join(dist, path), text);
  };

  beforeEach(() => {
    dist = mkdtempSync(join(tmpdir(), 'initial-js-'));
  });
  afterEach(() => rmSync(dist, { recursive: true, force: true }));

  it('follows static imports and re-exports, not dynamic imports', () => {
    file(
      'index.html',
      '<script type="module" crossorigin src="./assets/index-a.js"></script><link rel="stylesheet" href="./assets/x.css">',
    );
    file(
      'assets/index-a.js',
      'import{t as e}from"./vendor-b.js";import"./side-c.js";const p=()=>import("./page-d.js");',
    );
    file('assets/vendor-b.js', 'export*from"./shared-e.js";export const t=1;');
    file('assets/side-c.js', 'import{t}from"./vendor-b.js";console.log(t)');
    file('assets/shared-e.js', 'export const s=2;');
    file('assets/page-d.js', 'x'.repeat(100_000));
    file('assets/x.css', 'y'.repeat(100_000));
    const initial = initialJavaScript(dist);
    expect(initial.files).toEqual([
      'assets/index-a.js',
      'assets/shared-e.js',
      'assets/side-c.js',
      'assets/vendor-b.js',
    ]);
    const names = ['index-a.js', 'shared-e.js', 'side-c.js', 'vendor-b.js'];
    const texts = names.map((name) => readFileSync(join(dist, 'assets', name)));
    expect(initial.rawBytes).toBe(texts.reduce((sum, text) => sum + text.length, 0));
    expect(initial.gzippedBytes).toBe(
      texts.reduce((sum, text) => sum + gzipSync(text, { level: 9 }).length, 0),
    );
  });

  it('counts modulepreloaded chunks, and fails when index.html names no module script', () => {
    file(
      'index.html',
      '<link rel="modulepreload" href="./assets/pre.js"><script type="module" src="./assets/main.js"></script>',
    );
    file('assets/pre.js', 'export const a=1;');
    file('assets/main.js', 'export const b=1;');
    expect(initialJavaScript(dist).files).toEqual(['assets/main.js', 'assets/pre.js']);
    file('index.html', '<p>nothing</p>');
    expect(() => initialJavaScript(dist)).toThrow(/names no module script/);
  });
});

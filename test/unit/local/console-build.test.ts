import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { consoleSourcesDigest, ensureConsoleBuilt } from '#local/console-build.js';

/**
 * npm start's console build (infra/local/console-build.ts): it builds when console/dist is missing or was
 * built from other sources (any file's name or content), and not when the digest kept in dist matches.
 * The build itself is a stand-in here (it writes dist/index.html and counts its runs); the real vite
 * build runs in every `npm start` of the end-to-end tests.
 */
describe('ensureConsoleBuilt', () => {
  let dir: string;
  let builds: number;
  let prepared: number;

  const options = () => ({
    dir,
    prepare: async () => {
      prepared++;
    },
    build: async () => {
      builds++;
      mkdirSync(join(dir, 'dist'), { recursive: true });
      writeFileSync(join(dir, 'dist', 'index.html'), `<!doctype html><p>build ${builds}</p>`);
    },
  });
  const ensure = () => ensureConsoleBuilt(() => {}, options());

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'console-build-'));
    mkdirSync(join(dir, 'src'), { recursive: true });
    writeFileSync(join(dir, 'index.html'), '<!doctype html>');
    writeFileSync(join(dir, 'src', 'main.tsx'), 'render();');
    builds = 0;
    prepared = 0;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('builds when there is no dist, then not again for the same sources', async () => {
    expect(await ensure()).toBe(true);
    expect(readFileSync(join(dir, 'dist', '.sources-digest'), 'utf8').trim()).toBe(consoleSourcesDigest(dir));
    expect(await ensure()).toBe(false);
    expect(builds).toBe(1);
    // The types are regenerated every time, before the digest is taken (they are sources too).
    expect(prepared).toBe(2);
  });

  it('builds again when a source changes, is added, or is renamed', async () => {
    await ensure();
    writeFileSync(join(dir, 'src', 'main.tsx'), 'render(); // changed');
    expect(await ensure()).toBe(true);
    writeFileSync(join(dir, 'src', 'page.tsx'), 'export {};');
    expect(await ensure()).toBe(true);
    rmSync(join(dir, 'src', 'page.tsx'));
    writeFileSync(join(dir, 'src', 'other.tsx'), 'export {};');
    expect(await ensure()).toBe(true);
    expect(await ensure()).toBe(false);
    expect(builds).toBe(4);
  });

  it('builds again when the kept digest differs or index.html is gone', async () => {
    await ensure();
    writeFileSync(join(dir, 'dist', '.sources-digest'), 'another\n');
    expect(await ensure()).toBe(true);
    rmSync(join(dir, 'dist', 'index.html'));
    expect(await ensure()).toBe(true);
    expect(builds).toBe(3);
  });

  it('is not fooled by the build output or node_modules: they are not sources', async () => {
    await ensure();
    writeFileSync(join(dir, 'dist', 'extra.js'), 'x');
    mkdirSync(join(dir, 'node_modules'), { recursive: true });
    writeFileSync(join(dir, 'node_modules', 'dep.js'), 'x');
    expect(await ensure()).toBe(false);
  });

  it('digests names and contents: moving content between files changes it', () => {
    const before = consoleSourcesDigest(dir);
    writeFileSync(join(dir, 'src', 'main.tsx'), '');
    writeFileSync(join(dir, 'src', 'main2.tsx'), 'render();');
    expect(consoleSourcesDigest(dir)).not.toBe(before);
  });
});

import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { CONSOLE_DIST, ensureConsoleBuilt } from '#local/console-build.js';
import { startConsoleServer } from '#local/console-server.js';
import { freePort } from '#local/ports.js';
import { startLocalRuntime } from '#local/runtime.js';
import type { BenchFigure } from './result.js';

/** Issue 14, "Fast": the initial JavaScript at most 300 KB gzipped; the first page interactive in under 1 s. */
export const INITIAL_JS_TARGET_KB = 300;
const INTERACTIVE_TARGET_MS = 1000;
const LOADS = 5;

export interface InitialJavaScript {
  /** The files, relative to dist: the entry scripts of index.html and every module they import statically. */
  readonly files: readonly string[];
  readonly gzippedBytes: number;
  readonly rawBytes: number;
}

/** `import ... from "x"`, `import "x"` and `export ... from "x"` (not `import("x")`, which loads later). */
const STATIC_IMPORT = /(?:^|[\s;})])(?:import|export)\s*(?:[\w$*{}\s,]*?\s*from\s*)?["']([^"']+)["']/g;
const ENTRY_SCRIPT = /<script\b[^>]*\btype=["']module["'][^>]*\bsrc=["']([^"']+)["']/g;
const PRELOAD = /<link\b[^>]*\brel=["']modulepreload["'][^>]*\bhref=["']([^"']+)["']/g;

/**
 * What a browser must download before the console's first page can run: the module scripts index.html
 * names (and preloads), and the static imports of each, transitively, each file once. Dynamic imports
 * (code-split pages) are not initial.
 */
export function initialJavaScript(dist: string = CONSOLE_DIST): InitialJavaScript {
  const root = resolve(dist);
  const html = readFileSync(join(root, 'index.html'), 'utf8');
  const pending = [...html.matchAll(ENTRY_SCRIPT), ...html.matchAll(PRELOAD)].map((m) =>
    resolve(root, m[1] ?? ''),
  );
  if (pending.length === 0) throw new Error(`${join(root, 'index.html')} names no module script`);
  const seen = new Set<string>();
  let gzippedBytes = 0;
  let rawBytes = 0;
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (seen.has(file)) continue;
    if (!file.startsWith(root)) throw new Error(`${file} is outside ${root}`);
    seen.add(file);
    const source = readFileSync(file);
    rawBytes += source.length;
    gzippedBytes += gzipSync(source, { level: 9 }).length;
    for (const match of source.toString('utf8').matchAll(STATIC_IMPORT)) {
      const specifier = match[1] ?? '';
      if (specifier.startsWith('.') || specifier.startsWith('/'))
        pending.push(specifier.startsWith('/') ? join(root, specifier) : resolve(dirname(file), specifier));
    }
  }
  return { files: [...seen].map((file) => relative(root, file)).sort(), gzippedBytes, rawBytes };
}

const MARKS = `window.__marks = {};
new MutationObserver((_, observer) => {
  const marks = window.__marks;
  if (marks.h1 === undefined && document.querySelector('h1')) marks.h1 = performance.now();
  if (marks.nav === undefined && document.querySelector('nav a[href]')) marks.nav = performance.now();
  if (marks.h1 !== undefined && marks.nav !== undefined) observer.disconnect();
}).observe(document, { childList: true, subtree: true });`;

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

/**
 * The console as `npm start` serves it (a local runtime without the demo, the console server beside
 * it), loaded LOADS times in Debian's Chromium, each in a fresh context (nothing cached): the time from
 * navigation to the first h1, and to the navigation being usable (its links rendered with their
 * handlers: a click on one changes the page, checked after the clock stops).
 */
async function firstPageTimings(): Promise<{ h1: number[]; nav: number[] }> {
  const { launchChromium } = await import('#test/e2e/support/browser.js');
  const runtime = await startLocalRuntime({ concurrency: 1 });
  const server = await startConsoleServer({
    dist: CONSOLE_DIST,
    apiUrl: runtime.endpoints.http,
    port: await freePort(),
  });
  let browser: Browser | undefined;
  const h1: number[] = [];
  const nav: number[] = [];
  try {
    browser = await launchChromium();
    for (let i = 0; i < LOADS; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      // Timed inside the page, from the navigation's start (performance.now()'s origin), so the driver's
      // round trips do not count: when an h1 first appears, and when the nav first has links.
      await context.addInitScript(MARKS);
      const page = await context.newPage();
      await page.goto(server.url);
      await page.waitForFunction('window.__marks.h1 !== undefined && window.__marks.nav !== undefined');
      const marks = await page.evaluate<{ h1: number; nav: number }>('window.__marks');
      h1.push(Math.round(marks.h1));
      nav.push(Math.round(marks.nav));
      const links = page.getByRole('navigation', { name: 'Pages' }).getByRole('link');
      const last = links.last();
      const target = await last.getAttribute('href');
      await last.click();
      await page.waitForFunction(`location.hash === ${JSON.stringify(target)}`);
      await context.close();
    }
  } finally {
    await browser?.close();
    await server.stop();
    await runtime.stop();
  }
  return { h1, nav };
}

export async function runConsoleBench(): Promise<BenchFigure[]> {
  await ensureConsoleBuilt((line) => console.log(line));
  const initial = initialJavaScript();
  const kb = initial.gzippedBytes / 1024;
  const timings = await firstPageTimings();
  const h1 = median(timings.h1);
  const nav = median(timings.nav);
  return [
    {
      name: `initial JavaScript, gzipped (${initial.files.length} files)`,
      value: Math.round(kb * 10) / 10,
      unit: 'KB',
      target: `<= ${INITIAL_JS_TARGET_KB} KB`,
      pass: kb <= INITIAL_JS_TARGET_KB,
    },
    { name: 'initial JavaScript, raw', value: Math.round((initial.rawBytes / 1024) * 10) / 10, unit: 'KB' },
    {
      name: `navigation to first h1 (median of ${LOADS})`,
      value: h1,
      unit: 'ms',
      target: `< ${INTERACTIVE_TARGET_MS} ms`,
      pass: h1 < INTERACTIVE_TARGET_MS,
    },
    {
      name: `navigation to usable nav (median of ${LOADS})`,
      value: nav,
      unit: 'ms',
      target: `< ${INTERACTIVE_TARGET_MS} ms`,
      pass: nav < INTERACTIVE_TARGET_MS,
    },
  ];
}

/**
 * Debian's Chromium driven by playwright-core (browser downloads are not available here), one browser per
 * test file. Each page records its console errors and page errors; a page error fails the test
 * (`assertNoPageErrors`).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { repoRoot } from './local-start.js';

export const CHROMIUM = '/usr/bin/chromium';
/** Without these Chromium keeps trying hosts this closed network refuses (issue 14). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

export const SIZES = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
} as const;
export type SizeName = keyof typeof SIZES;
export const sizeLabel = (size: SizeName): string => `${SIZES[size].width}x${SIZES[size].height}`;

/** Where screenshots and downloads go (gitignored; CI keeps them as artefacts). */
export const RESULTS_DIR = join(repoRoot, 'test-results', 'e2e');

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

export interface RecordedPage {
  readonly page: Page;
  readonly context: BrowserContext;
  /** Console messages of type error, and uncaught page errors, in order. */
  readonly consoleErrors: string[];
  readonly pageErrors: string[];
  /** Resolves once no request of the page has been in flight for `quietMs` (a page has loaded its data). */
  idle(quietMs?: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function openPage(browser: Browser, size: SizeName = 'desktop'): Promise<RecordedPage> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const context = await browser.newContext({ viewport: SIZES[size], acceptDownloads: true });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  const pageErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => pageErrors.push(`${error.name}: ${error.message}`));
  let inFlight = 0;
  let lastChange = Date.now();
  const change = (delta: number) => {
    inFlight += delta;
    lastChange = Date.now();
  };
  page.on('request', () => change(1));
  page.on('requestfinished', () => change(-1));
  page.on('requestfailed', () => change(-1));
  const idle = async (quietMs = 300, timeoutMs = 15_000): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while (inFlight > 0 || Date.now() - lastChange < quietMs) {
      if (Date.now() > deadline)
        throw new Error(`the page still had ${inFlight} requests in flight after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return { page, context, consoleErrors, pageErrors, idle, close: () => context.close() };
}

/** Fails with every page error seen so far (and the console errors, for context). */
export function assertNoPageErrors(recorded: RecordedPage, where: string): void {
  if (recorded.pageErrors.length === 0) return;
  throw new Error(
    `${where}: page errors:\n  ${recorded.pageErrors.join('\n  ')}\nconsole errors:\n  ${recorded.consoleErrors.join('\n  ')}`,
  );
}

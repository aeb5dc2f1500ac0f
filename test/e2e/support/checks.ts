/**
 * The checks every page gets: axe-core (no serious or critical violation), a full-page screenshot, the
 * keyboard (Tab reaches the first control, its focus visible) and, on a phone, no horizontal scroll.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { RESULTS_DIR } from './browser.js';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: ReadonlyArray<{ readonly target: readonly unknown[] }>;
}

/** The serious and critical violations axe-core finds on the page, one line each (rule, impact, targets). */
export async function axeViolations(page: Page): Promise<string[]> {
  // The page's CSP forbids inline scripts; evaluating through the DevTools protocol is not subject to it.
  if (!(await page.evaluate<boolean>('typeof window.axe === "object"'))) await page.evaluate(axeSource);
  const violations = await page.evaluate<AxeViolation[]>(
    `window.axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) })))`,
  );
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`,
    );
}

/** Fails listing every serious or critical axe-core violation on the page. */
export async function assertAxeClean(page: Page, where: string): Promise<void> {
  const found = await axeViolations(page);
  if (found.length > 0) throw new Error(`${where}: axe-core violations:\n  ${found.join('\n  ')}`);
}

/** A full-page screenshot in test-results/e2e/<name>.png; returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const path = join(RESULTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** How far the document is wider than the viewport (0: no horizontal scroll). */
export function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate<number>(
    'Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - document.documentElement.clientWidth',
  );
}

export interface FocusCheck {
  /** A description of the element Tab should reach (the first tabbable control of the page's content, or of the document). */
  readonly expected: string;
  readonly focused: string;
  /** Whether :focus-visible matches the focused element and it draws an outline or a shadow. */
  readonly visible: boolean;
}

const DESCRIBE = `(el) => el === null || el === document.body ? 'nothing' :
  el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' "' + (el.getAttribute('aria-label') || el.textContent || '').trim().slice(0, 40) + '"'`;

const TABBABLE =
  'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * From the page's h1 (where the shell puts focus on a page change), Tab once: it must reach the first
 * tabbable control of the page's content, or (a page without controls) the first of the document, and
 * its focus must be visible.
 */
export async function tabFromHeading(page: Page): Promise<FocusCheck> {
  const expected = await page.evaluate<string>(`(() => {
    const describe = ${DESCRIBE};
    const visible = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
    const h1 = document.querySelector('h1');
    const all = [...document.querySelectorAll(${JSON.stringify(TABBABLE)})].filter(visible);
    const after = all.find((el) => h1 !== null && (h1.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING));
    const first = [...document.querySelectorAll(${JSON.stringify(TABBABLE)})][0] ?? null;
    return describe(after ?? first);
  })()`);
  await page.locator('h1').first().focus();
  await page.keyboard.press('Tab');
  const [focused, visible] = await page.evaluate<[string, boolean]>(`(() => {
    const describe = ${DESCRIBE};
    const el = document.activeElement;
    if (el === null || el === document.body) return ['nothing', false];
    const style = getComputedStyle(el);
    const drawn = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
    return [describe(el), el.matches(':focus-visible') && drawn];
  })()`);
  return { expected, focused, visible };
}

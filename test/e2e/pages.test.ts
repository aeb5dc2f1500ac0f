import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAGE_TABLE } from '../../console/src/page-table.js';
import { type ConcreteIds, type ConsoleRole, concreteIds, LocalApi } from './support/api.js';
import { launchChromium, openPage, type SizeName, sizeLabel } from './support/browser.js';
import { assertAxeClean, horizontalOverflow, screenshot, tabFromHeading } from './support/checks.js';
import { fillPath, goTo, loadConsole, useAs } from './support/console-ui.js';
import { type LocalStart, startLocal } from './support/local-start.js';

/**
 * Issue 14, "Tests in a real browser": every page of the console's page table, for each role, at 1280x800
 * and 390x844, against a real `npm start` with a small demo: its h1, no page error, no serious or critical
 * axe-core violation, a full-page screenshot (test-results/e2e/<role>-<page>-<size>.png), Tab from the h1
 * reaching the first control with visible focus, and on the phone no horizontal scroll of the document.
 * A page not meant for the role must still answer with its title (and say it is not available).
 */

const ROLES: readonly ConsoleRole[] = ['product-team', 'privacy-officer'];
const SIZE_NAMES: readonly SizeName[] = ['desktop', 'phone'];

describe('every console page, per role and size', () => {
  let start: LocalStart | undefined;
  let browser: Browser | undefined;
  let ids: ConcreteIds;

  beforeAll(async () => {
    start = await startLocal({ customers: 300, events: 3000 });
    browser = await launchChromium();
    ids = await concreteIds(new LocalApi(start.apiUrl));
  });
  afterAll(async () => {
    await browser?.close();
    await start?.stop();
  });

  const params = (): Record<string, string> => ({
    id: ids.triggerId,
    version: String(ids.version),
    decisionId: ids.decisionId,
    customerId: ids.customerId,
  });

  for (const role of ROLES)
    for (const size of SIZE_NAMES)
      it(`${role} at ${sizeLabel(size)}: h1, no page error, axe clean, keyboard, screenshot`, async () => {
        const running = start as LocalStart;
        const recorded = await openPage(browser as Browser, size);
        const problems: string[] = [];
        try {
          await loadConsole(recorded.page, running.consoleUrl);
          await useAs(recorded.page, { name: `e2e-${role}`, role });
          for (const entry of PAGE_TABLE) {
            const where = `${role} ${entry.key} (${entry.path}) at ${sizeLabel(size)}`;
            const errorsBefore = recorded.pageErrors.length;
            try {
              await goTo(recorded.page, fillPath(entry.path, params()));
              await recorded.idle();
              const h1 = recorded.page.getByRole('heading', { level: 1 });
              const titles = await h1.allInnerTexts();
              if (titles.length !== 1 || titles[0] !== entry.title)
                problems.push(`${where}: expected one h1 "${entry.title}", got ${JSON.stringify(titles)}`);
              await screenshot(recorded.page, `${role}-${entry.key}-${sizeLabel(size)}`);
              await assertAxeClean(recorded.page, where).catch((error: unknown) =>
                problems.push(String(error instanceof Error ? error.message : error)),
              );
              if (size === 'phone') {
                const overflow = await horizontalOverflow(recorded.page);
                if (overflow > 0)
                  problems.push(
                    `${where}: the document scrolls horizontally by ${overflow} px (tables scroll inside .table-scroll)`,
                  );
              }
              const focus = await tabFromHeading(recorded.page);
              if (focus.focused !== focus.expected)
                problems.push(
                  `${where}: Tab from the h1 reached ${focus.focused}, expected ${focus.expected}`,
                );
              else if (!focus.visible)
                problems.push(`${where}: the focus on ${focus.focused} is not visible`);
            } catch (error) {
              problems.push(`${where}: ${error instanceof Error ? error.message : String(error)}`);
            }
            for (const pageError of recorded.pageErrors.slice(errorsBefore))
              problems.push(`${where}: page error ${pageError}`);
          }
        } finally {
          await recorded.close();
        }
        expect(problems).toEqual([]);
      });
});

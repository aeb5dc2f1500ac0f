/**
 * Driving the console by its accessible names (/work/briefs/ui-contract.md): who uses it (the local role
 * switcher), going to a page, waiting for its h1.
 */
import type { Page } from 'playwright-core';
import type { ConsoleRole, Person } from './api.js';

export const ROLE_LABELS: Readonly<Record<ConsoleRole, string>> = {
  'product-team': 'Product team',
  'privacy-officer': 'Privacy officer',
};

/** A page-table path with its parameters filled in: `/triggers/:id/history` -> `/triggers/x/history`. */
export function fillPath(pattern: string, params: Readonly<Record<string, string>>): string {
  return pattern.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`no value for :${name} of ${pattern}`);
    return encodeURIComponent(value);
  });
}

/** Loads the console (a fresh document: the identity is in memory only) and waits for the shell. */
export async function loadConsole(page: Page, consoleUrl: string, path = '/'): Promise<void> {
  await page.goto(`${consoleUrl}#${path}`);
  await page.getByRole('combobox', { name: 'Role', exact: true }).waitFor();
}

/** Chooses the role, then the name, in the local switcher (the name takes effect on leaving its box). */
export async function useAs(page: Page, who: Person): Promise<void> {
  await page
    .getByRole('combobox', { name: 'Role', exact: true })
    .selectOption({ label: ROLE_LABELS[who.role] });
  const name = page.getByRole('textbox', { name: 'Name', exact: true });
  await name.fill(who.name);
  await name.press('Tab');
}

/** Goes to a console route in the same document (keeps the identity) and waits for the page's h1. */
export async function goTo(page: Page, path: string, title?: string): Promise<void> {
  await page.evaluate(`location.hash = ${JSON.stringify(`#${path}`)}`);
  const h1 = page.getByRole('heading', {
    level: 1,
    ...(title === undefined ? {} : { name: title, exact: true }),
  });
  await h1.waitFor();
}

/** The text of the error element of a field (the Field component's `.field-error`, via aria-describedby). */
export async function fieldError(page: Page, label: string): Promise<string> {
  const control = page.getByLabel(label, { exact: true });
  const ids = (await control.getAttribute('aria-describedby')) ?? '';
  const texts: string[] = [];
  for (const id of ids.split(/\s+/).filter((x) => x !== '')) {
    const element = page.locator(`[id="${id}"].field-error`);
    if ((await element.count()) > 0) texts.push(await element.innerText());
  }
  return texts.join('\n');
}

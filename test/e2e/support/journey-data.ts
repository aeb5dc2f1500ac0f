/**
 * What the journeys type and send: a new trigger's fields (valid but for the one sensitive criterion the
 * product team first writes), the customers and payments that its offers come from, and small readers for
 * what the console lets a user download.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Download, Page } from 'playwright-core';
import { traveller } from '#test/support/builders.js';
import { parseCsv } from '#test/support/csv.js';

/** A trigger id of its own per run (kebab-case), so a rerun against a kept start does not collide. */
export const uniqueTriggerId = (prefix: string): string =>
  `${prefix}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;

/** The editor's textboxes (ui-contract.md names) for a trigger on card payments in Iceland. */
export const TRIGGER_TEXTS: Readonly<Record<string, string>> = {
  Description: 'A card payment in Iceland by a customer without travel insurance: suggest travel insurance.',
  Purpose:
    'transaction-offers: suggest one relevant product in the banking app, based on a single payment the bank processed for the customer.',
  'Legal basis': "GDPR art. 6(1)(a): the customer's consent for the purpose transaction-offers (opt-in).",
  'Customer explanation (English)': 'You paid by card while travelling and you have no travel insurance yet.',
  'Customer explanation (Dutch)': 'Je betaalde met je kaart op reis en je hebt nog geen reisverzekering.',
  'Link to the original purpose':
    "The bank processed the payment to run the customer's account; the offer relates to travel the payment shows.",
  'How the data was obtained':
    "From the customer's own card transaction, processed by the bank itself; no data from third parties.",
  Sensitivity: 'Reads only the merchant country, not the merchant or the place.',
  'Consequences for the customer':
    'An in-app suggestion the customer can ignore or dismiss; no effect on prices or service.',
  Safeguards:
    'Sensitive payments are screened out before any trigger runs; opt-in consent; contact limits apply.',
};
export const TRIGGER_OFFER = 'travel-insurance';
export const TRIGGER_EVENT_TYPE = 'card_payment';

/** A criterion the sensitive lint refuses: a merchant name naming a pharmacy (health, art. 9). */
export const SENSITIVE_CONDITION = JSON.stringify({
  all: [{ field: 'merchant.name', containsIgnoreCase: 'apotheek' }],
});
/** The fix: the merchant's country only. */
export const FIXED_CONDITION = JSON.stringify({ all: [{ field: 'merchant.country', equals: 'IS' }] });

/**
 * Customers (consenting adults holding no travel insurance, so no other trigger of the seed catalog
 * wants them) and one card payment in Iceland each, happening now: what the new trigger turns into offers.
 */
export function icelandPayments(dir: string, count: number): { fixtures: string; events: string } {
  const run = Date.now().toString(36);
  const customers = Array.from({ length: count }, (_, i) =>
    traveller(`e2e-${run}-${i}`, { holdings: ['current-account'] }),
  );
  const occurredAt = new Date(Date.now() - 60_000).toISOString();
  const events = customers.map((customer, i) => ({
    eventId: `e2e-${run}-payment-${i}`,
    customerId: customer.customerId,
    occurredAt,
    type: 'card_payment',
    amount: { minor: 4_250, currency: 'EUR' },
    merchant: { name: 'Kaffi Vinyl', mcc: '5812', country: 'IS', city: 'Reykjavik' },
  }));
  const fixtures = join(dir, 'customers.json');
  const eventsFile = join(dir, 'events.jsonl');
  writeFileSync(fixtures, JSON.stringify({ customers }));
  writeFileSync(eventsFile, `${events.map((event) => JSON.stringify(event)).join('\n')}\n`);
  return { fixtures, events: eventsFile };
}

/** Clicks `button` and returns the file the page downloads, saved under `dir`. */
export async function download(
  page: Page,
  click: () => Promise<void>,
  dir: string,
): Promise<{ file: string; text: string }> {
  const [got] = await Promise.all([page.waitForEvent('download'), click()]);
  const file = join(dir, (got as Download).suggestedFilename() || 'download');
  await (got as Download).saveAs(file);
  return { file, text: readFileSync(file, 'utf8') };
}

/** A CSV download's rows (header first), every row as wide as the header. */
export function csvRows(text: string): string[][] {
  const rows = parseCsv(text).filter((row) => !(row.length === 1 && row[0] === ''));
  const width = rows[0]?.length ?? 0;
  const ragged = rows.findIndex((row) => row.length !== width);
  if (ragged >= 0)
    throw new Error(`CSV row ${ragged} has ${rows[ragged]?.length} fields, the header ${width}`);
  return rows;
}

/** A JSON Lines download's objects. */
export function jsonLines(text: string): unknown[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      try {
        return JSON.parse(line) as unknown;
      } catch {
        throw new Error(`line ${i + 1} of the JSONL download is not JSON: ${line.slice(0, 80)}`);
      }
    });
}

/** Chooses a time basis, whether the page offers it as a combobox or as radios (ui-contract.md allows both). */
export async function chooseTimeBasis(page: Page, label: 'Payment time' | 'Decision time'): Promise<void> {
  const combobox = page.getByRole('combobox', { name: 'Time basis', exact: true });
  if ((await combobox.count()) > 0) await combobox.selectOption({ label });
  else await page.getByRole('radio', { name: label, exact: true }).check();
}

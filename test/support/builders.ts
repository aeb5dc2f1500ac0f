import { type CatalogSource, fixedCatalogSource } from '#app/catalog-snapshot.js';
import type { IncomingMessage } from '#app/evaluate-batch.js';
import type { Catalog } from '#core/catalog/catalog.js';
import { CatalogInvalidError } from '#core/catalog/catalog.js';
import { parseCatalog } from '#core/catalog/parse.js';
import { SEED_CATALOG_INPUT, seedCatalog } from '#core/catalog/seed.js';
import type { ConsentRecord, CustomerState } from '#core/customer.js';
import { payments } from './payments.js';

/**
 * Builders for payment events (as the JSON bodies the payment system sends, contracts.md PaymentEvent v1),
 * customers and messages, shared by the application and handler tests.
 */

/** The fixed clock of these tests. */
export const NOW = new Date('2026-07-10T08:00:00.000Z');

export type EventJson = Record<string, unknown> & { eventId: string; customerId: string; occurredAt: string };

const base = (eventId: string, customerId: string, occurredAt: string) => ({
  eventId,
  customerId,
  occurredAt,
});

/** The seed scenario: dollars from an ATM in New York (card-abroad-worldwide-cover). */
export function atmAbroad(
  eventId: string,
  customerId: string,
  occurredAt = '2026-07-03T14:22:05-04:00',
): EventJson {
  return { ...base(eventId, customerId, occurredAt), ...payments.atmAbroad() };
}

/** A card payment of EUR 1,500 in the Netherlands (large-purchase-credit-card). */
export function largePurchase(
  eventId: string,
  customerId: string,
  occurredAt = '2026-07-04T11:00:00+02:00',
): EventJson {
  return { ...base(eventId, customerId, occurredAt), ...payments.largePurchase() };
}

/** Groceries: candidates exist (seed catalog) but no trigger matches. */
export function groceries(
  eventId: string,
  customerId: string,
  occurredAt = '2026-07-05T09:30:00+02:00',
): EventJson {
  return { ...base(eventId, customerId, occurredAt), ...payments.groceries() };
}

/** A direct debit for energy: no candidate trigger at all in a catalog without high-balance-savings. */
export function energyDebit(
  eventId: string,
  customerId: string,
  occurredAt = '2026-07-05T06:00:00+02:00',
): EventJson {
  return { ...base(eventId, customerId, occurredAt), ...payments.energyDebit() };
}

/** The sensitive payment of the privacy tests (PHARMACY in payments.ts). */
export function pharmacyPayment(
  eventId: string,
  customerId: string,
  occurredAt = '2026-07-03T16:05:00-04:00',
): EventJson {
  return { ...base(eventId, customerId, occurredAt), ...payments.pharmacy() };
}

/** A consent record; the other consent builders are shorthands of this one. */
export function consentRecord(
  purpose: ConsentRecord['purpose'],
  status: ConsentRecord['status'],
  at: string,
  source = 'app',
): ConsentRecord {
  return { purpose, status, at, source, noticeVersion: '2026-01' };
}

/** A grant of transaction offers, given in the app. */
export function grant(at = '2026-01-10T10:00:00Z'): ConsentRecord {
  return consentRecord('transaction-offers', 'granted', at);
}

export function consent(
  status: ConsentRecord['status'] = 'granted',
  purpose: ConsentRecord['purpose'] = 'transaction-offers',
  at = '2026-01-10T10:00:00Z',
): ConsentRecord {
  return consentRecord(purpose, status, at, 'app-privacy-settings');
}

/**
 * A consenting adult with travel insurance for Europe only: eligible for worldwide cover and a credit card.
 * With the defaults, the customer of contracts.md's fixture example.
 */
export function traveller(customerId: string, overrides: Partial<CustomerState> = {}): CustomerState {
  return {
    customerId,
    birthDate: '1990-04-01',
    holdings: ['current-account', 'travel-insurance-europe'],
    flags: [],
    consents: [consent('granted')],
    ...overrides,
  };
}

export function message(messageId: string, event: EventJson | string): IncomingMessage {
  return { messageId, body: typeof event === 'string' ? event : JSON.stringify(event) };
}

/** The seed catalog (or `catalog`) as the live catalog source that evaluateBatch and the handlers read. */
export function catalogSource(catalog: Catalog = seedCatalog()): CatalogSource {
  return fixedCatalogSource(catalog);
}

/** The seed catalog without some of its triggers (same version and offers). */
export function seedCatalogWithout(...triggerIds: string[]): Catalog {
  const result = parseCatalog({
    ...SEED_CATALOG_INPUT,
    triggers: SEED_CATALOG_INPUT.triggers.filter(
      (t) => !triggerIds.some((id) => t.file.endsWith(`/${id}.json`)),
    ),
  });
  if (!result.ok) throw new CatalogInvalidError(result.problems);
  return result.catalog;
}

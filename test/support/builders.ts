import type { IncomingMessage } from '#app/evaluate-batch.js';
import type { Catalog } from '#core/catalog/catalog.js';
import { CatalogInvalidError } from '#core/catalog/catalog.js';
import { parseCatalog } from '#core/catalog/parse.js';
import { SEED_CATALOG_INPUT } from '#core/catalog/seed.js';
import type { ConsentRecord, CustomerState } from '#core/customer.js';

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
  return {
    ...base(eventId, customerId, occurredAt),
    type: 'atm_withdrawal',
    amount: { minor: 20_000, currency: 'USD' },
    merchant: { name: 'Chase ATM', mcc: '6011', country: 'US', city: 'New York' },
  };
}

/** A card payment of EUR 1,500 in the Netherlands (large-purchase-credit-card). */
export function largePurchase(
  eventId: string,
  customerId: string,
  occurredAt = '2026-07-04T11:00:00+02:00',
): EventJson {
  return {
    ...base(eventId, customerId, occurredAt),
    type: 'card_payment',
    amount: { minor: 150_000, currency: 'EUR' },
    merchant: { name: 'Coolblue', mcc: '5732', country: 'NL', city: 'Rotterdam' },
  };
}

/** Groceries: candidates exist (seed catalog) but no trigger matches. */
export function groceries(
  eventId: string,
  customerId: string,
  occurredAt = '2026-07-05T09:30:00+02:00',
): EventJson {
  return {
    ...base(eventId, customerId, occurredAt),
    type: 'card_payment',
    amount: { minor: 2_350, currency: 'EUR' },
    merchant: { name: 'Albert Heijn 1234', mcc: '5411', country: 'NL', city: 'Utrecht' },
  };
}

/** A direct debit for energy: no candidate trigger at all in a catalog without high-balance-savings. */
export function energyDebit(
  eventId: string,
  customerId: string,
  occurredAt = '2026-07-05T06:00:00+02:00',
): EventJson {
  return {
    ...base(eventId, customerId, occurredAt),
    type: 'direct_debit',
    amount: { minor: 12_500, currency: 'EUR' },
    counterparty: { name: 'Vattenfall', reference: 'Termijnbedrag juli' },
  };
}

/** The sensitive payment of the privacy tests: a pharmacy in Boston (MCC 5912). */
export const PHARMACY = {
  merchantName: 'Walgreens Pharmacy',
  mcc: '5912',
  city: 'Boston',
  amountMinor: 4321,
} as const;

export function pharmacyPayment(
  eventId: string,
  customerId: string,
  occurredAt = '2026-07-03T16:05:00-04:00',
): EventJson {
  return {
    ...base(eventId, customerId, occurredAt),
    type: 'card_payment',
    amount: { minor: PHARMACY.amountMinor, currency: 'USD' },
    merchant: { name: PHARMACY.merchantName, mcc: PHARMACY.mcc, country: 'US', city: PHARMACY.city },
  };
}

export function consent(
  status: ConsentRecord['status'] = 'granted',
  purpose: ConsentRecord['purpose'] = 'transaction-offers',
  at = '2026-01-10T10:00:00Z',
): ConsentRecord {
  return { purpose, status, at, source: 'app-privacy-settings', noticeVersion: '2026-01' };
}

/** A consenting adult with travel insurance for Europe only: eligible for worldwide cover and a credit card. */
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

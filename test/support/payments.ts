/**
 * The payments of the test scenarios, without ids or time (contracts.md PaymentEvent v1): the one home of
 * their amounts, merchants and counterparties. Each `payments.x()` returns a fresh object, so a test may
 * change its copy. The event builders of each kind of test wrap these: `builders.ts` (JSON bodies with
 * given ids), `decide.ts` (parsed events for the core) and `test/integration/support/events.ts` (a fresh
 * event id per call).
 */

/** The sensitive payment of the privacy tests: a pharmacy in Boston (MCC 5912). */
export const PHARMACY = {
  merchantName: 'Walgreens Pharmacy',
  mcc: '5912',
  city: 'Boston',
  amountMinor: 4321,
} as const;

export const payments = {
  atmAbroad: () => ({
    type: 'atm_withdrawal',
    amount: { minor: 20_000, currency: 'USD' },
    merchant: { name: 'Chase ATM', mcc: '6011', country: 'US', city: 'New York' },
  }),
  childBenefit: () => ({
    type: 'transfer_in',
    amount: { minor: 31_500, currency: 'EUR' },
    counterparty: { name: 'Sociale Verzekeringsbank', reference: 'Kinderbijslag 3e kwartaal 2026' },
  }),
  studentFinance: () => ({
    type: 'transfer_in',
    amount: { minor: 45_000, currency: 'EUR' },
    counterparty: { name: 'DUO', reference: 'Studiefinanciering juli 2026' },
  }),
  highBalanceSalary: () => ({
    type: 'transfer_in',
    amount: { minor: 450_000, currency: 'EUR' },
    counterparty: { name: 'Werkgever BV', reference: 'Salaris juli' },
    balanceAfter: { minor: 3_000_000, currency: 'EUR' },
  }),
  ticket: () => ({
    type: 'card_payment',
    amount: { minor: 65_000, currency: 'EUR' },
    merchant: { name: 'KLM', mcc: '3008', country: 'NL', city: 'Amstelveen' },
  }),
  largePurchase: () => ({
    type: 'card_payment',
    amount: { minor: 150_000, currency: 'EUR' },
    merchant: { name: 'Coolblue', mcc: '5732', country: 'NL', city: 'Rotterdam' },
  }),
  groceries: () => ({
    type: 'card_payment',
    amount: { minor: 2_350, currency: 'EUR' },
    merchant: { name: 'Albert Heijn 1234', mcc: '5411', country: 'NL', city: 'Utrecht' },
  }),
  energyDebit: () => ({
    type: 'direct_debit',
    amount: { minor: 12_500, currency: 'EUR' },
    counterparty: { name: 'Vattenfall', reference: 'Termijnbedrag juli' },
  }),
  pharmacy: () => ({
    type: 'card_payment',
    amount: { minor: PHARMACY.amountMinor, currency: 'USD' },
    merchant: { name: PHARMACY.merchantName, mcc: PHARMACY.mcc, country: 'US', city: PHARMACY.city },
  }),
};

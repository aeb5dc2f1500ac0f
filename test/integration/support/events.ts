import { nextEventId } from './pipeline.js';

/** Payment events of the seed scenarios, each with a fresh event id (tests share one runtime). */

export const atmAbroad = (customerId: string, occurredAt = '2026-07-03T14:22:05-04:00') => ({
  eventId: nextEventId('atm'),
  occurredAt,
  customerId,
  type: 'atm_withdrawal',
  amount: { minor: 20000, currency: 'USD' },
  merchant: { name: 'Chase ATM', mcc: '6011', country: 'US', city: 'New York' },
});
export const childBenefit = (customerId: string, occurredAt = '2026-07-01T09:00:00+02:00') => ({
  eventId: nextEventId('kb'),
  occurredAt,
  customerId,
  type: 'transfer_in',
  amount: { minor: 31500, currency: 'EUR' },
  counterparty: { name: 'Sociale Verzekeringsbank', reference: 'Kinderbijslag 3e kwartaal 2026' },
});
export const studentFinance = (customerId: string, occurredAt = '2026-07-02T09:00:00+02:00') => ({
  eventId: nextEventId('duo'),
  occurredAt,
  customerId,
  type: 'transfer_in',
  amount: { minor: 45000, currency: 'EUR' },
  counterparty: { name: 'DUO', reference: 'Studiefinanciering juli 2026' },
});
export const highBalance = (customerId: string, occurredAt = '2026-07-03T09:00:00+02:00') => ({
  eventId: nextEventId('salary'),
  occurredAt,
  customerId,
  type: 'transfer_in',
  amount: { minor: 450000, currency: 'EUR' },
  counterparty: { name: 'Werkgever BV', reference: 'Salaris juli' },
  balanceAfter: { minor: 3_000_000, currency: 'EUR' },
});
export const ticket = (customerId: string) => ({
  eventId: nextEventId('ticket'),
  occurredAt: '2026-07-04T12:00:00+02:00',
  customerId,
  type: 'card_payment',
  amount: { minor: 65000, currency: 'EUR' },
  merchant: { name: 'KLM', mcc: '3008', country: 'NL', city: 'Amstelveen' },
});
export const largePurchase = (customerId: string) => ({
  eventId: nextEventId('tv'),
  occurredAt: '2026-07-05T16:00:00+02:00',
  customerId,
  type: 'card_payment',
  amount: { minor: 150000, currency: 'EUR' },
  merchant: { name: 'Coolblue', mcc: '5732', country: 'NL', city: 'Rotterdam' },
});
export const groceries = (customerId: string, occurredAt = '2026-07-04T10:00:00+02:00') => ({
  eventId: nextEventId('groceries'),
  occurredAt,
  customerId,
  type: 'card_payment',
  amount: { minor: 2350, currency: 'EUR' },
  merchant: { name: 'Albert Heijn', mcc: '5411', country: 'NL', city: 'Utrecht' },
});

import { payments } from '#test/support/payments.js';
import { nextEventId } from './pipeline.js';

/** Payment events of the seed scenarios (payments.ts), each with a fresh event id (tests share one runtime). */

export const atmAbroad = (customerId: string, occurredAt = '2026-07-03T14:22:05-04:00') => ({
  eventId: nextEventId('atm'),
  occurredAt,
  customerId,
  ...payments.atmAbroad(),
});
export const childBenefit = (customerId: string, occurredAt = '2026-07-01T09:00:00+02:00') => ({
  eventId: nextEventId('kb'),
  occurredAt,
  customerId,
  ...payments.childBenefit(),
});
export const studentFinance = (customerId: string, occurredAt = '2026-07-02T09:00:00+02:00') => ({
  eventId: nextEventId('duo'),
  occurredAt,
  customerId,
  ...payments.studentFinance(),
});
export const highBalance = (customerId: string, occurredAt = '2026-07-03T09:00:00+02:00') => ({
  eventId: nextEventId('salary'),
  occurredAt,
  customerId,
  ...payments.highBalanceSalary(),
});
export const ticket = (customerId: string) => ({
  eventId: nextEventId('ticket'),
  occurredAt: '2026-07-04T12:00:00+02:00',
  customerId,
  ...payments.ticket(),
});
export const largePurchase = (customerId: string) => ({
  eventId: nextEventId('tv'),
  occurredAt: '2026-07-05T16:00:00+02:00',
  customerId,
  ...payments.largePurchase(),
});
export const groceries = (customerId: string, occurredAt = '2026-07-04T10:00:00+02:00') => ({
  eventId: nextEventId('groceries'),
  occurredAt,
  customerId,
  ...payments.groceries(),
});

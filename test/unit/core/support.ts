import type { Catalog } from '#core/catalog/catalog.js';
import { seedCatalog } from '#core/catalog/seed.js';
import { checkInstant, DEFAULT_CLOCK_GUARD } from '#core/clock-guard.js';
import { type ContactState, emptyContactState } from '#core/contact-policy.js';
import type { ConsentRecord, CustomerState } from '#core/customer.js';
import { type DecideResult, decide } from '#core/decide.js';
import type { PaymentEvent } from '#core/payment-event.js';
import { PaymentEventSchema } from '#core/payment-event.js';
import { DEFAULT_POLICY, type Policy } from '#core/policy.js';

/** Shared builders for the core's unit tests. Every event goes through the real schema. */

export const NOW = new Date('2026-07-10T08:00:00.000Z');

export function event(fields: Record<string, unknown>): PaymentEvent {
  return PaymentEventSchema.parse({
    eventId: 'evt-1',
    occurredAt: '2026-07-03T14:22:05-04:00',
    customerId: 'c-1',
    ...fields,
  });
}

export const atmAbroad = (extra: Record<string, unknown> = {}): PaymentEvent =>
  event({
    type: 'atm_withdrawal',
    amount: { minor: 20_000, currency: 'USD' },
    merchant: { name: 'Chase ATM', mcc: '6011', country: 'US', city: 'New York' },
    ...extra,
  });

export const childBenefit = (extra: Record<string, unknown> = {}): PaymentEvent =>
  event({
    type: 'transfer_in',
    amount: { minor: 31_500, currency: 'EUR' },
    counterparty: { name: 'Sociale Verzekeringsbank', reference: 'Kinderbijslag 3e kwartaal 2026' },
    ...extra,
  });

export const studentFinance = (extra: Record<string, unknown> = {}): PaymentEvent =>
  event({
    type: 'transfer_in',
    amount: { minor: 45_000, currency: 'EUR' },
    counterparty: { name: 'DUO', reference: 'Studiefinanciering juli 2026' },
    ...extra,
  });

export const salaryHighBalance = (extra: Record<string, unknown> = {}): PaymentEvent =>
  event({
    type: 'transfer_in',
    amount: { minor: 450_000, currency: 'EUR' },
    counterparty: { name: 'Werkgever BV', reference: 'Salaris juli' },
    balanceAfter: { minor: 3_000_000, currency: 'EUR' },
    ...extra,
  });

export const ticket = (extra: Record<string, unknown> = {}): PaymentEvent =>
  event({
    type: 'card_payment',
    amount: { minor: 65_000, currency: 'EUR' },
    merchant: { name: 'KLM', mcc: '3008', country: 'NL', city: 'Amstelveen' },
    ...extra,
  });

export const largePurchase = (extra: Record<string, unknown> = {}): PaymentEvent =>
  event({
    type: 'card_payment',
    amount: { minor: 150_000, currency: 'EUR' },
    merchant: { name: 'Coolblue', mcc: '5732', country: 'NL', city: 'Rotterdam' },
    ...extra,
  });

export const groceries = (extra: Record<string, unknown> = {}): PaymentEvent =>
  event({
    type: 'card_payment',
    amount: { minor: 2_350, currency: 'EUR' },
    merchant: { name: 'Albert Heijn 1234', mcc: '5411', country: 'NL', city: 'Utrecht' },
    ...extra,
  });

export function consent(
  status: ConsentRecord['status'],
  at = '2026-01-10T10:00:00Z',
  purpose: ConsentRecord['purpose'] = 'transaction-offers',
): ConsentRecord {
  return { purpose, status, at, source: 'app-privacy-settings', noticeVersion: '2026-01' };
}

export function customer(overrides: Partial<CustomerState> = {}): CustomerState {
  return {
    customerId: 'c-1',
    birthDate: '1990-04-01',
    holdings: ['current-account'],
    flags: [],
    consents: [consent('granted')],
    ...overrides,
  };
}

export interface Scenario {
  readonly event: PaymentEvent;
  readonly customer?: CustomerState | undefined;
  readonly contact?: ContactState;
  readonly policy?: Policy;
  readonly catalog?: Catalog;
  readonly now?: Date;
}

/** decide() with sensible defaults: a consenting adult, no contact history, the seed catalog. */
/**
 * Decides a scenario at NOW, or at `now`. An event placed beyond the clock guard of NOW (gate tests put
 * events anywhere in time) is decided on its own clock, as a replay does; the guard has tests of its own.
 */
function defaultNow(event: PaymentEvent): Date {
  const at = Date.parse(event.occurredAt);
  return checkInstant(at, NOW.getTime(), DEFAULT_CLOCK_GUARD) === 'ok' ? NOW : new Date(at);
}

export function run(scenario: Scenario): DecideResult {
  return decide({
    event: scenario.event,
    customer: 'customer' in scenario ? scenario.customer : customer(),
    contact: scenario.contact ?? emptyContactState(scenario.event.customerId),
    catalog: scenario.catalog ?? seedCatalog(),
    policy: scenario.policy ?? DEFAULT_POLICY,
    now: scenario.now ?? defaultNow(scenario.event),
  });
}

/** The single decision of a result, failing the test when there is not exactly one. */
export function only(result: DecideResult) {
  if (result.decisions.length !== 1) throw new Error(`expected one decision, got ${result.decisions.length}`);
  const [decision] = result.decisions;
  if (decision === undefined) throw new Error('no decision');
  return decision;
}

export function contactWith(
  emissions: ContactState['emissions'],
  cooldownUntil: ContactState['cooldownUntil'] = {},
) {
  return { ...emptyContactState('c-1'), emissions, cooldownUntil };
}

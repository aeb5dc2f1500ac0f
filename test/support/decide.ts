import type { Catalog } from '#core/catalog/catalog.js';
import { seedCatalog } from '#core/catalog/seed.js';
import { checkInstant, DEFAULT_CLOCK_GUARD } from '#core/clock-guard.js';
import { type ContactState, emptyContactState } from '#core/contact-policy.js';
import type { ConsentRecord, CustomerState } from '#core/customer.js';
import { type DecideResult, decide } from '#core/decide.js';
import type { PaymentEvent } from '#core/payment-event.js';
import { PaymentEventSchema } from '#core/payment-event.js';
import { DEFAULT_POLICY, type Policy } from '#core/policy.js';
import { consentRecord, NOW } from './builders.js';
import { payments } from './payments.js';

/**
 * decide() scenarios for the core's tests: parsed events (every event goes through the real schema) of the
 * payments in payments.ts, customers, and a runner with sensible defaults at NOW (builders.ts).
 */

export function event(fields: Record<string, unknown>): PaymentEvent {
  return PaymentEventSchema.parse({
    eventId: 'evt-1',
    occurredAt: '2026-07-03T14:22:05-04:00',
    customerId: 'c-1',
    ...fields,
  });
}

/** A parsed event of one of the scenario payments, with `extra` fields over it. */
const scenario =
  (payment: () => Record<string, unknown>) =>
  (extra: Record<string, unknown> = {}): PaymentEvent =>
    event({ ...payment(), ...extra });

export const atmAbroad = scenario(payments.atmAbroad);
export const childBenefit = scenario(payments.childBenefit);
export const studentFinance = scenario(payments.studentFinance);
export const salaryHighBalance = scenario(payments.highBalanceSalary);
export const ticket = scenario(payments.ticket);
export const largePurchase = scenario(payments.largePurchase);
export const groceries = scenario(payments.groceries);

export function consent(
  status: ConsentRecord['status'],
  at = '2026-01-10T10:00:00Z',
  purpose: ConsentRecord['purpose'] = 'transaction-offers',
): ConsentRecord {
  return consentRecord(purpose, status, at, 'app-privacy-settings');
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

import type { CustomerState } from '#core/customer.js';
import { parsePaymentEvent } from '#core/payment-event.js';
import { customerOf, parseCustomerFixtures } from './customer-fixtures.js';
import { DEMO_DEFAULTS, generateCustomers, generateEvents } from './demo/generate.js';
import type { SimulationEvent } from './simulation.js';
import { simulationEventsFrom } from './simulation-compare.js';

/**
 * The events a simulation over HTTP decides (issue 14), pure: the demo stream `npm start` replays (its
 * generator and fixed seed, `count` events) with its generated customers, or uploaded text — payment events
 * as JSON lines and, optionally, customer fixtures. Lines that are not a valid PaymentEvent are counted and
 * left out, as `simulate --skip-invalid` does (the pipeline rejects them before any trigger sees them, so
 * they change no funnel); invalid fixtures refuse the whole request, naming the line and field.
 */

export type SimulationEventsSource =
  | { readonly sample: 'demo'; readonly count: number }
  | { readonly jsonl: string; readonly fixtures?: string };

export interface SimulationInput {
  /** Non-blank lines given (or generated). */
  readonly total: number;
  /** Of those, lines that are not a valid PaymentEvent: left out. */
  readonly invalid: number;
  readonly events: readonly SimulationEvent[];
  readonly customers: ReadonlyMap<string, CustomerState>;
}

export type SimulationInputResult =
  | ({ readonly ok: true } & SimulationInput)
  | { readonly ok: false; readonly field: string; readonly problems: readonly string[] };

function fromLines(lines: readonly string[], customers: ReadonlyMap<string, CustomerState>): SimulationInput {
  const given = lines.filter((line) => line.trim() !== '');
  const events = simulationEventsFrom(given.map((line) => ({ line, parsed: parsePaymentEvent(line) })));
  return { total: given.length, invalid: given.length - events.length, events, customers };
}

export function simulationInput(source: SimulationEventsSource): SimulationInputResult {
  if ('sample' in source) {
    const demo = { ...DEMO_DEFAULTS, events: source.count };
    const customers = new Map(generateCustomers(demo).map((c) => [c.customerId, c]));
    return { ok: true, ...fromLines(generateEvents(demo), customers) };
  }
  let customers = new Map<string, CustomerState>();
  if (source.fixtures !== undefined && source.fixtures.trim() !== '') {
    const fixtures = parseCustomerFixtures(source.fixtures, { jsonLines: true });
    if (!fixtures.ok) return { ok: false, field: 'events.fixtures', problems: fixtures.problems };
    customers = new Map(fixtures.customers.map((f) => [f.customerId, customerOf(f)]));
  }
  return { ok: true, ...fromLines(source.jsonl.split('\n'), customers) };
}

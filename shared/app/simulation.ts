import type { Catalog } from '#core/catalog/catalog.js';
import { type ClockGuard, DEFAULT_CLOCK_GUARD } from '#core/clock-guard.js';
import { type ContactState, contactHorizonDays, emptyContactState, prune } from '#core/contact-policy.js';
import type { CustomerState } from '#core/customer.js';
import { decide } from '#core/decide.js';
import { type Decision, duplicateEventIdDecision } from '#core/decision.js';
import type { PaymentEvent } from '#core/payment-event.js';
import { type Policy, policyVersion } from '#core/policy.js';
import { instantMs } from '#core/time.js';

/**
 * Simulation by stage (issue 13): decides a file of payment events in memory with the pure core, as the
 * pipeline would have, and writes nothing anywhere. Each customer's events are decided in occurrence order
 * (occurredAt, then eventId: shared/app/decide-per-customer.ts), each on its own clock (now = occurredAt, as
 * a replay decides), threading the customer's contact state from one event to the next and pruning it on
 * every emission exactly as the pipeline's commit does. A repeated event id is what the pipeline makes of
 * it: the same content again is a duplicate delivery (nothing decided), other content under the id is its
 * own `rejected` decision (duplicate_event_id). Pure and deterministic: the same input always gives
 * deep-equal decisions with the same ids.
 */

/**
 * One event line of the input, parsed, with its content digest (contentHashOf), asked only for an event id
 * that repeats (digesting every line would cost as much as deciding it).
 */
export interface SimulationEvent {
  readonly event: PaymentEvent;
  readonly digest: () => string;
}

export interface SimulateInput {
  /** In input order. */
  readonly events: readonly SimulationEvent[];
  /** Customers by id; an event of a customer not here is decided for an unknown customer (no profile). */
  readonly customers: ReadonlyMap<string, CustomerState>;
  readonly catalog: Catalog;
  readonly policy: Policy;
  readonly clockGuard?: ClockGuard;
}

/** What became of each input event, by input index. */
export type SimulatedEvent =
  /** Decided: its decisions (one per matched trigger, or one for the event). */
  | { readonly kind: 'decided'; readonly decisions: readonly Decision[] }
  /** The same event id and content as an earlier line: the pipeline records nothing again. */
  | { readonly kind: 'duplicate' }
  /** An earlier line used the event id for other content: one rejected duplicate_event_id decision. */
  | { readonly kind: 'reused'; readonly decisions: readonly Decision[] };

/** An input event and what became of it. */
export interface EventOutcome {
  readonly event: PaymentEvent;
  readonly result: SimulatedEvent;
}

export interface SimulationRun {
  /** In input order: outcome i is what became of input event i. */
  readonly outcomes: readonly EventOutcome[];
  /** The catalog's revision (its `version`) and the full policy version stamped on every decision. */
  readonly catalogVersion: string;
  readonly policyVersion: string;
}

const DUPLICATE: SimulatedEvent = Object.freeze({ kind: 'duplicate' });

function setResult(
  outcomes: ReadonlyArray<{ result: SimulatedEvent }>,
  index: number,
  result: SimulatedEvent,
) {
  const outcome = outcomes[index];
  if (outcome !== undefined) outcome.result = result;
}

/** The pipeline's processing order of one customer's events. */
function byOccurrence(a: PaymentEvent, b: PaymentEvent): number {
  const byTime = instantMs(a.occurredAt) - instantMs(b.occurredAt);
  if (byTime !== 0) return byTime;
  return a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0;
}

export function simulate(input: SimulateInput): SimulationRun {
  const { catalog, policy } = input;
  const guard = input.clockGuard ?? DEFAULT_CLOCK_GUARD;
  const version = policyVersion(policy, catalog);
  // Every outcome is set below; a line starts as a duplicate until it is found to be the first of its id.
  const outcomes = input.events.map(({ event }): { event: PaymentEvent; result: SimulatedEvent } => ({
    event,
    result: DUPLICATE,
  }));
  // The first line of each event id, and (once an id repeats) the digests seen under it.
  const first = new Map<string, { readonly line: SimulationEvent; digest?: string }>();
  const byCustomer = new Map<string, Array<{ readonly index: number; readonly event: PaymentEvent }>>();

  input.events.forEach((line, index) => {
    const { event } = line;
    const seen = first.get(event.eventId);
    if (seen === undefined) {
      first.set(event.eventId, { line });
      const list = byCustomer.get(event.customerId);
      if (list === undefined) byCustomer.set(event.customerId, [{ index, event }]);
      else list.push({ index, event });
      return;
    }
    seen.digest ??= seen.line.digest();
    const contentHash = line.digest();
    if (seen.digest === contentHash) return;
    const decision = duplicateEventIdDecision({
      eventId: event.eventId,
      customerId: event.customerId,
      messageId: `line-${index + 1}`,
      contentHash,
      policyVersion: version,
      now: new Date(instantMs(event.occurredAt)),
    });
    setResult(outcomes, index, { kind: 'reused', decisions: [decision] });
  });

  const horizonDays = contactHorizonDays(policy, catalog) + guard.staleEventHorizonDays;
  for (const [customerId, events] of byCustomer) {
    const customer = input.customers.get(customerId);
    let contact: ContactState = emptyContactState(customerId);
    events.sort((a, b) => byOccurrence(a.event, b.event));
    for (const { index, event } of events) {
      const now = new Date(instantMs(event.occurredAt));
      const result = decide({ event, customer, contact, catalog, policy, now, clockGuard: guard });
      setResult(outcomes, index, { kind: 'decided', decisions: result.decisions });
      if (result.offers.length > 0) contact = prune(result.contact, now, horizonDays, guard);
    }
  }
  return { outcomes, catalogVersion: catalog.version, policyVersion: version };
}

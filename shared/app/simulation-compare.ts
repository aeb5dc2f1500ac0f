import type { Catalog } from '#core/catalog/catalog.js';
import type { ClockGuard } from '#core/clock-guard.js';
import type { CustomerState } from '#core/customer.js';
import { contentHashOf, type ParseResult, parsePaymentEvent } from '#core/payment-event.js';
import type { Policy } from '#core/policy.js';
import { type SimulationEvent, type SimulationRun, simulate } from './simulation.js';
import {
  compareFunnels,
  type DiffLine,
  diffLines,
  type FunnelComparison,
  funnels,
  type Overlap,
  overlaps,
} from './simulation-report.js';

/**
 * The whole simulation (issue 13): the same events decided with the live and with the candidate catalog,
 * and what the report shows of them. Pure; shared by `npm run triggers -- simulate` and the bench.
 */

export interface SideReport {
  readonly run: SimulationRun;
  readonly overlaps: readonly Overlap[];
}

export interface Comparison {
  readonly events: number;
  /** Lines repeating an earlier line's event id and content: not decided again. */
  readonly duplicates: number;
  /** Lines reusing an earlier event id with other content: rejected (duplicate_event_id). */
  readonly reused: number;
  /** Decided events whose customer is not among the customers given (decided as unknown). */
  readonly unknownCustomerEvents: number;
  readonly live: SideReport;
  readonly candidate: SideReport;
  readonly funnels: readonly FunnelComparison[];
  /** Events whose decisions differ, in input order. */
  readonly diff: readonly DiffLine[];
}

export interface CompareInput {
  readonly events: readonly SimulationEvent[];
  readonly customers: ReadonlyMap<string, CustomerState>;
  readonly live: Catalog;
  readonly candidate: Catalog;
  readonly policy: Policy;
  readonly clockGuard?: ClockGuard;
}

/** An event line with what parsePaymentEvent made of it (a reader that validated the lines has this). */
export interface ParsedLine {
  readonly line: string;
  readonly parsed: ParseResult;
}

/** Parsed event lines as the simulation takes them; a line that is not a valid PaymentEvent is left out. */
export function simulationEventsFrom(lines: readonly ParsedLine[]): SimulationEvent[] {
  const events: SimulationEvent[] = [];
  for (const { line, parsed } of lines) {
    if (parsed.ok) events.push({ event: parsed.event, digest: () => contentHashOf(line, parsed) });
  }
  return events;
}

/** Event lines as the simulation takes them, parsed here; a line that is not a valid PaymentEvent is left out. */
export function simulationEvents(lines: readonly string[]): SimulationEvent[] {
  return simulationEventsFrom(lines.map((line) => ({ line, parsed: parsePaymentEvent(line) })));
}

export function compareCatalogs(input: CompareInput): Comparison {
  const base = { events: input.events, customers: input.customers, policy: input.policy };
  const guard = input.clockGuard === undefined ? {} : { clockGuard: input.clockGuard };
  const live = simulate({ ...base, ...guard, catalog: input.live });
  const candidate = simulate({ ...base, ...guard, catalog: input.candidate });
  let duplicates = 0;
  let reused = 0;
  let unknownCustomerEvents = 0;
  for (const { event, result } of live.outcomes) {
    if (result.kind === 'duplicate') duplicates++;
    else if (result.kind === 'reused') reused++;
    else if (!input.customers.has(event.customerId)) unknownCustomerEvents++;
  }
  return {
    events: input.events.length,
    duplicates,
    reused,
    unknownCustomerEvents,
    live: { run: live, overlaps: overlaps(live.outcomes) },
    candidate: { run: candidate, overlaps: overlaps(candidate.outcomes) },
    funnels: compareFunnels(
      funnels(live.outcomes, input.live.triggers),
      funnels(candidate.outcomes, input.candidate.triggers),
    ),
    diff: diffLines(live.outcomes, candidate.outcomes),
  };
}

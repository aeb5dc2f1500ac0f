import type { TriggerDefinition } from '#core/catalog/catalog.js';
import { type Decision, GATES, type Gate } from '#core/decision.js';
import type { PaymentEvent } from '#core/payment-event.js';
import type { SimulatedEvent } from './simulation.js';

/**
 * What a simulation reports (issue 13), computed from the decisions alone: per trigger the funnel from the
 * events of its types to the offers emitted, the overlap between triggers that matched the same events,
 * and the events whose decisions differ between two catalogs. Pure.
 */

/**
 * The funnel's gate stages, in GATES order: a gate's stage is its label here, and gates sharing a label
 * are one stage (the contact policy is the frequency cap, the active-offer limit and the dismissal pause).
 * `satisfies Record<Gate, …>`: a gate added to the core without a stage here does not compile.
 */
const GATE_STAGE = {
  consent: 'consent',
  objection: 'objection',
  customer_exclusion: 'exclusion',
  suitability: 'suitability',
  contact_policy: 'contact policy',
  active_offers: 'contact policy',
  dismissal_pause: 'contact policy',
  arbitration: 'arbitration',
} as const satisfies Record<Gate, string>;

/** The gate stages in order, each with its gates. */
export const GATE_STAGES: ReadonlyArray<{ readonly stage: string; readonly gates: readonly Gate[] }> =
  GATES.reduce<Array<{ stage: string; gates: Gate[] }>>((stages, gate) => {
    const stage = GATE_STAGE[gate];
    const existing = stages.find((s) => s.stage === stage);
    if (existing === undefined) stages.push({ stage, gates: [gate] });
    else existing.gates.push(gate);
    return stages;
  }, []);

export const EVENTS_OF_TYPE = 'events of its types';
export const PAST_SCREEN = 'past screen and stale check';
export const MATCHED = 'condition matched';
export const EMITTED = 'emitted';

/** Every stage of a funnel, in order: the event stages, then one per gate stage, then emitted. */
export const FUNNEL_STAGES: readonly string[] = [
  EVENTS_OF_TYPE,
  PAST_SCREEN,
  MATCHED,
  ...GATE_STAGES.map((s) => s.stage),
  EMITTED,
];

const OF_TYPE_AT = FUNNEL_STAGES.indexOf(EVENTS_OF_TYPE);
const PAST_SCREEN_AT = FUNNEL_STAGES.indexOf(PAST_SCREEN);
/** The gate stages follow it, one each. */
const MATCHED_AT = FUNNEL_STAGES.indexOf(MATCHED);
const EMITTED_AT = FUNNEL_STAGES.indexOf(EMITTED);

/** One trigger's funnel: counts by stage (FUNNEL_STAGES order); each stage counts what passed it. */
export interface Funnel {
  readonly triggerId: string;
  readonly counts: readonly number[];
}

/** An input event (only its ids and type are read) and what became of it. */
export interface EventOutcome {
  readonly event: Pick<PaymentEvent, 'eventId' | 'customerId' | 'type'>;
  readonly result: SimulatedEvent;
}

/** Screened out before any trigger: sensitive, stale, or rejected. */
const screenedOut = (decisions: readonly Decision[]) =>
  decisions.some(
    (d) =>
      d.outcome === 'rejected' ||
      d.reasons.includes('sensitive_category') ||
      d.reasons.includes('stale_event'),
  );

/**
 * How many gate stages a matched decision passed, in order: a stage is passed when every gate of it that
 * the decision records passed (a gate not recorded was not in its way: arbitration is recorded only for a
 * trigger that passed every other gate). Stops at the first stage failed.
 */
function stagesPassed(decision: Decision): number {
  const results = new Map<Gate, boolean>();
  for (const g of decision.gates ?? []) results.set(g.gate, g.passed && results.get(g.gate) !== false);
  let passed = 0;
  for (const { gates } of GATE_STAGES) {
    if (gates.some((gate) => results.get(gate) === false)) break;
    passed++;
  }
  return passed;
}

/**
 * The funnel of every trigger of `triggers` (the catalog the events were decided with), and of any other
 * trigger the decisions name. Each event counts once per stage; a duplicate delivery is not an event.
 */
export function funnels(
  outcomes: readonly EventOutcome[],
  triggers: readonly Pick<TriggerDefinition, 'id' | 'eventTypes'>[],
): Funnel[] {
  const counts = new Map<string, number[]>();
  const row = (id: string) => {
    let r = counts.get(id);
    if (r === undefined) {
      r = FUNNEL_STAGES.map(() => 0);
      counts.set(id, r);
    }
    return r;
  };
  const add = (r: number[], stage: number) => {
    r[stage] = (r[stage] ?? 0) + 1;
  };
  const byType = new Map<string, string[]>();
  for (const t of triggers) {
    row(t.id);
    for (const type of t.eventTypes) byType.set(type, [...(byType.get(type) ?? []), t.id]);
  }
  for (const { event, result } of outcomes) {
    if (result.kind !== 'decided') continue;
    const screened = screenedOut(result.decisions);
    for (const id of byType.get(event.type) ?? []) {
      const r = row(id);
      add(r, OF_TYPE_AT);
      if (!screened) add(r, PAST_SCREEN_AT);
    }
    for (const d of result.decisions) {
      if (d.triggerId === undefined) continue;
      const r = row(d.triggerId);
      // Matched, then every gate stage it passed, in order.
      for (let stage = MATCHED_AT; stage <= MATCHED_AT + stagesPassed(d); stage++) add(r, stage);
      if (d.outcome === 'emitted') add(r, EMITTED_AT);
    }
  }
  return [...counts]
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([triggerId, c]) => ({ triggerId, counts: c }));
}

/** A trigger's funnel on both sides; a trigger one side lacks has zeros there. */
export interface FunnelComparison {
  readonly triggerId: string;
  readonly live: readonly number[];
  readonly candidate: readonly number[];
  /** candidate - live, per stage. */
  readonly delta: readonly number[];
}

export function compareFunnels(live: readonly Funnel[], candidate: readonly Funnel[]): FunnelComparison[] {
  const zeros = FUNNEL_STAGES.map(() => 0);
  const liveBy = new Map(live.map((f) => [f.triggerId, f.counts]));
  const candidateBy = new Map(candidate.map((f) => [f.triggerId, f.counts]));
  const ids = [...new Set([...liveBy.keys(), ...candidateBy.keys()])].sort();
  return ids.map((triggerId) => {
    const l = liveBy.get(triggerId) ?? zeros;
    const c = candidateBy.get(triggerId) ?? zeros;
    return { triggerId, live: l, candidate: c, delta: c.map((n, i) => n - (l[i] ?? 0)) };
  });
}

/** Two triggers whose conditions matched the same events. */
export interface Overlap {
  readonly a: string;
  readonly b: string;
  /** Events on which both matched. */
  readonly both: number;
  /** `both` as a share of each trigger's matched events (0..1). */
  readonly shareOfA: number;
  readonly shareOfB: number;
}

/** Every pair of triggers that matched at least one event together, most shared events first. */
export function overlaps(outcomes: readonly EventOutcome[]): Overlap[] {
  const matched = new Map<string, number>();
  const pairs = new Map<string, number>();
  for (const { result } of outcomes) {
    if (result.kind !== 'decided') continue;
    const only = result.decisions.length === 1 ? result.decisions[0]?.triggerId : undefined;
    if (only !== undefined) {
      matched.set(only, (matched.get(only) ?? 0) + 1);
      continue;
    }
    const ids = [
      ...new Set(result.decisions.flatMap((d) => (d.triggerId === undefined ? [] : [d.triggerId]))),
    ].sort();
    for (const [i, a] of ids.entries()) {
      matched.set(a, (matched.get(a) ?? 0) + 1);
      for (const b of ids.slice(i + 1)) {
        const key = JSON.stringify([a, b]);
        pairs.set(key, (pairs.get(key) ?? 0) + 1);
      }
    }
  }
  return [...pairs]
    .map(([key, both]) => {
      const [a, b] = JSON.parse(key) as [string, string];
      return {
        a,
        b,
        both,
        shareOfA: both / (matched.get(a) ?? both),
        shareOfB: both / (matched.get(b) ?? both),
      };
    })
    .sort((x, y) => y.both - x.both || (x.a + x.b < y.a + y.b ? -1 : 1));
}

/** A decision reduced to what a diff compares: nothing of the payment. */
export interface DecisionGist {
  readonly outcome: Decision['outcome'];
  readonly triggerId?: string;
  readonly triggerVersion?: number;
  readonly offerId?: string;
  readonly reasons: Decision['reasons'];
}

/** One line of `--diff`: an event whose decisions differ between the live and the candidate catalog. */
export interface DiffLine {
  readonly eventId: string;
  readonly customerId: string;
  readonly live: readonly DecisionGist[];
  readonly candidate: readonly DecisionGist[];
}

function gist(d: Decision): DecisionGist {
  return {
    outcome: d.outcome,
    ...(d.triggerId === undefined ? {} : { triggerId: d.triggerId }),
    ...(d.triggerVersion === undefined ? {} : { triggerVersion: d.triggerVersion }),
    ...(d.offerId === undefined ? {} : { offerId: d.offerId }),
    reasons: [...d.reasons],
  };
}

/** Whether two decisions agree on what a diff compares: all of the gist but the trigger version. */
function sameGist(a: Decision, b: Decision): boolean {
  if (a.outcome !== b.outcome || a.triggerId !== b.triggerId || a.offerId !== b.offerId) return false;
  if (a.reasons.length !== b.reasons.length) return false;
  return a.reasons.every((reason, i) => b.reasons[i] === reason);
}

const decisionsOf = (result: SimulatedEvent | undefined): readonly Decision[] =>
  result === undefined || result.kind === 'duplicate' ? [] : result.decisions;

/**
 * The events (in input order) whose decisions differ between two runs of the same events (index-aligned
 * outcomes): another outcome, trigger, offer or reason. A decision that differs only in its trigger's
 * version (the draft in place of the live version, deciding the same) is not a difference. A duplicate
 * delivery has no decisions on either side.
 */
export function diffLines(live: readonly EventOutcome[], candidate: readonly EventOutcome[]): DiffLine[] {
  const lines: DiffLine[] = [];
  live.forEach(({ event, result }, i) => {
    const l = decisionsOf(result);
    const c = decisionsOf(candidate[i]?.result);
    const same =
      l.length === c.length &&
      l.every((d, j) => {
        const other = c[j];
        return other !== undefined && sameGist(d, other);
      });
    if (same) return;
    lines.push({
      eventId: event.eventId,
      customerId: event.customerId,
      live: l.map(gist),
      candidate: c.map(gist),
    });
  });
  return lines;
}

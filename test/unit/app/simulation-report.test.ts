/**
 * The simulation report (issue 13) on hand-made decisions: the funnel stage by stage (the new gates and
 * arbitration losses included), the overlap table, the per-trigger delta and the diff lines.
 */
import { describe, expect, it } from 'vitest';
import {
  compareFunnels,
  diffLines,
  type EventOutcome,
  FUNNEL_STAGES,
  funnels,
  GATE_STAGES,
  overlaps,
} from '#app/simulation-report.js';
import { type Decision, GATES, type Gate, type Reason } from '#core/decision.js';
import type { EventType } from '#core/payment-event.js';

const d = (over: Partial<Decision>): Decision => ({
  decisionId: `d_${'0'.repeat(32)}`,
  eventId: 'e',
  customerId: 'c',
  outcome: 'no_trigger',
  reasons: [],
  decidedAt: '2026-07-01T00:00:00Z',
  policyVersion: 'p',
  ...over,
});

/** A matched decision that passed every gate before `failed` (which failed with `reason`) and no gate after. */
function matched(triggerId: string, failed?: Gate, reason?: Reason): Decision {
  const at = failed === undefined ? GATES.length : GATES.indexOf(failed);
  const gates = GATES.slice(0, at + (failed === undefined ? 0 : 1)).map((gate) =>
    gate === failed ? { gate, passed: false, ...(reason ? { reason } : {}) } : { gate, passed: true },
  );
  return d({
    triggerId,
    triggerVersion: 1,
    offerId: `${triggerId}-offer`,
    outcome: failed === undefined ? 'emitted' : 'suppressed',
    reasons: reason === undefined ? [] : [reason],
    gates,
  });
}

const ev = (eventId: string, type: EventType, decisions: Decision[]): EventOutcome => ({
  event: { eventId, customerId: 'c', type },
  result: { kind: 'decided', decisions },
});

const stage = (counts: readonly number[], name: string) => counts[FUNNEL_STAGES.indexOf(name)];

describe('the funnel', () => {
  it('has the stages the issue names, the contact policy being its three gates', () => {
    expect(FUNNEL_STAGES).toEqual([
      'events of its types',
      'past screen and stale check',
      'condition matched',
      'consent',
      'objection',
      'exclusion',
      'suitability',
      'contact policy',
      'arbitration',
      'emitted',
    ]);
    expect(GATE_STAGES.find((s) => s.stage === 'contact policy')?.gates).toEqual([
      'contact_policy',
      'active_offers',
      'dismissal_pause',
    ]);
    // Every gate of the core is in exactly one stage.
    expect(GATE_STAGES.flatMap((s) => s.gates).sort()).toEqual([...GATES].sort());
  });

  it('counts each stage from the decisions gates, stopping at the first failed stage', () => {
    const t = { id: 't', eventTypes: ['card_payment'] as EventType[] };
    const outcomes = [
      ev('e1', 'card_payment', [matched('t')]),
      ev('e2', 'card_payment', [matched('t', 'consent', 'no_consent')]),
      ev('e3', 'card_payment', [matched('t', 'active_offers', 'active_offer_limit')]),
      ev('e4', 'card_payment', [matched('t', 'dismissal_pause', 'repeated_dismissals')]),
      ev('e5', 'card_payment', [matched('t', 'arbitration', 'arbitration_lost')]),
      ev('e6', 'card_payment', [matched('t', 'suitability', 'unsuitable')]),
      ev('e7', 'card_payment', [d({ outcome: 'suppressed', reasons: ['sensitive_category'] })]),
      ev('e8', 'card_payment', [d({ outcome: 'suppressed', reasons: ['stale_event'] })]),
      ev('e9', 'card_payment', [d({})]),
      ev('e10', 'transfer_in', [d({})]),
    ];
    const [funnel] = funnels(outcomes, [t]);
    expect(funnel?.triggerId).toBe('t');
    expect(funnel?.counts).toEqual([9, 7, 6, 5, 5, 5, 4, 2, 1, 1]);
  });

  it('takes a decision without an arbitration gate (recorded only for a trigger past every other gate) as not stopped there', () => {
    const noArbitration = matched('t');
    const gates = (noArbitration.gates ?? []).filter((g) => g.gate !== 'arbitration');
    const [funnel] = funnels(
      [ev('e1', 'card_payment', [{ ...noArbitration, gates }])],
      [{ id: 't', eventTypes: ['card_payment'] }],
    );
    expect(stage(funnel?.counts ?? [], 'arbitration')).toBe(1);
    expect(stage(funnel?.counts ?? [], 'emitted')).toBe(1);
  });

  it('a loser of arbitration passed contact policy but not arbitration; its winner emitted', () => {
    const outcomes = [
      ev('e1', 'card_payment', [matched('a'), matched('b', 'arbitration', 'arbitration_lost')]),
    ];
    const triggers = [
      { id: 'a', eventTypes: ['card_payment'] as EventType[] },
      { id: 'b', eventTypes: ['card_payment'] as EventType[] },
    ];
    const [a, b] = funnels(outcomes, triggers);
    expect(a?.counts).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
    expect(b?.counts).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 0, 0]);
  });

  it('ignores duplicate deliveries and reused ids, and counts a trigger the catalog lacks from its decisions', () => {
    const outcomes: EventOutcome[] = [
      { event: { eventId: 'e1', customerId: 'c', type: 'card_payment' }, result: { kind: 'duplicate' } },
      {
        event: { eventId: 'e1', customerId: 'c', type: 'card_payment' },
        result: { kind: 'reused', decisions: [d({ outcome: 'rejected', reasons: ['duplicate_event_id'] })] },
      },
      ev('e2', 'card_payment', [matched('gone')]),
    ];
    const result = funnels(outcomes, [{ id: 't', eventTypes: ['card_payment'] }]);
    expect(result.map((f) => f.triggerId)).toEqual(['gone', 't']);
    expect(result[0]?.counts).toEqual([0, 0, 1, 1, 1, 1, 1, 1, 1, 1]);
    expect(result[1]?.counts).toEqual([1, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('compares two sides per trigger, with zeros for a trigger one side lacks', () => {
    const live = [{ triggerId: 'a', counts: FUNNEL_STAGES.map(() => 2) }];
    const candidate = [
      { triggerId: 'a', counts: FUNNEL_STAGES.map(() => 3) },
      { triggerId: 'new', counts: FUNNEL_STAGES.map(() => 1) },
    ];
    const [a, fresh] = compareFunnels(live, candidate);
    expect(a?.delta).toEqual(FUNNEL_STAGES.map(() => 1));
    expect(fresh?.live).toEqual(FUNNEL_STAGES.map(() => 0));
    expect(fresh?.delta).toEqual(FUNNEL_STAGES.map(() => 1));
  });
});

describe('the overlap table', () => {
  it('counts pairs of triggers matched on the same events, with the share of each one', () => {
    const outcomes = [
      ev('e1', 'card_payment', [matched('a'), matched('b', 'arbitration', 'arbitration_lost')]),
      ev('e2', 'card_payment', [
        matched('a', 'consent', 'no_consent'),
        matched('b', 'consent', 'no_consent'),
      ]),
      ev('e3', 'card_payment', [matched('a')]),
      ev('e4', 'card_payment', [matched('a'), matched('b'), matched('c')]),
      ev('e5', 'card_payment', [d({})]),
    ];
    expect(overlaps(outcomes)).toEqual([
      { a: 'a', b: 'b', both: 3, shareOfA: 3 / 4, shareOfB: 1 },
      { a: 'a', b: 'c', both: 1, shareOfA: 1 / 4, shareOfB: 1 },
      { a: 'b', b: 'c', both: 1, shareOfA: 1 / 3, shareOfB: 1 },
    ]);
  });

  it('is empty when no two triggers ever matched together', () => {
    expect(
      overlaps([ev('e1', 'card_payment', [matched('a')]), ev('e2', 'card_payment', [matched('b')])]),
    ).toEqual([]);
  });
});

describe('diff lines', () => {
  it('lists, in input order, the events whose decisions differ, reduced to ids, outcome, trigger and reasons', () => {
    const same = ev('e1', 'card_payment', [matched('a')]);
    const onlyVersion = ev('e0', 'card_payment', [{ ...matched('a'), triggerVersion: 2 }]);
    const live = [
      same,
      ev('e0', 'card_payment', [matched('a')]),
      ev('e2', 'card_payment', [d({ eventId: 'e2' })]),
      ev('e3', 'card_payment', [matched('a')]),
    ];
    const candidate = [
      same,
      onlyVersion,
      ev('e2', 'card_payment', [matched('new')]),
      ev('e3', 'card_payment', [matched('a'), matched('new', 'arbitration', 'arbitration_lost')]),
    ];
    const lines = diffLines(live, candidate);
    expect(lines.map((l) => l.eventId)).toEqual(['e2', 'e3']);
    expect(lines[0]).toEqual({
      eventId: 'e2',
      customerId: 'c',
      live: [{ outcome: 'no_trigger', reasons: [] }],
      candidate: [
        { outcome: 'emitted', triggerId: 'new', triggerVersion: 1, offerId: 'new-offer', reasons: [] },
      ],
    });
    expect(lines[1]?.candidate[1]).toEqual({
      outcome: 'suppressed',
      triggerId: 'new',
      triggerVersion: 1,
      offerId: 'new-offer',
      reasons: ['arbitration_lost'],
    });
    // Nothing of a decision beyond the gist: no gates, times, ids or policy.
    for (const line of lines)
      for (const g of [...line.live, ...line.candidate])
        expect(
          Object.keys(g).every((k) =>
            ['outcome', 'triggerId', 'triggerVersion', 'offerId', 'reasons'].includes(k),
          ),
        ).toBe(true);
  });
});

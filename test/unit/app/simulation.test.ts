/**
 * The simulation engine (issue 13): decides like the pipeline (per customer in occurrence order, each event
 * on its own clock, contact state threaded), repeated ids as the pipeline makes of them, deterministic.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateCustomers, generateEvents } from '#app/demo/generate.js';
import { simulate } from '#app/simulation.js';
import { compareCatalogs, simulationEvents } from '#app/simulation-compare.js';
import { seedCatalog } from '#core/catalog/seed.js';
import { emptyContactState } from '#core/contact-policy.js';
import type { CustomerState } from '#core/customer.js';
import { decide } from '#core/decide.js';
import type { Decision } from '#core/decision.js';
import { contentHashOf, parsePaymentEvent } from '#core/payment-event.js';
import { DEFAULT_POLICY } from '#core/policy.js';
import { atmAbroad, largePurchase, seedCatalogWithout, traveller } from '#test/support/builders.js';

const catalog = seedCatalog();
const lines = (...events: object[]) => events.map((e) => JSON.stringify(e));
const customers = (...list: CustomerState[]) => new Map(list.map((c) => [c.customerId, c]));

function run(eventLines: string[], who = customers(traveller('c-1'), traveller('c-2'))) {
  return simulate({ events: simulationEvents(eventLines), customers: who, catalog, policy: DEFAULT_POLICY });
}

const decisionsOf = (r: ReturnType<typeof run>) =>
  r.outcomes.map((o) => (o.result.kind === 'duplicate' ? undefined : o.result.decisions));

describe('simulate', () => {
  it('decides each customer in occurrence order, threading the contact state, whatever the input order', () => {
    // Three ATM withdrawals abroad of one customer within a week: the cooldown stops the later ones.
    const first = atmAbroad('e-1', 'c-1', '2026-07-01T10:00:00Z');
    const second = atmAbroad('e-2', 'c-1', '2026-07-02T10:00:00Z');
    const third = atmAbroad('e-3', 'c-1', '2026-07-03T10:00:00Z');
    const inOrder = run(lines(first, second, third));
    const shuffled = run(lines(third, first, second));
    const emittedIds = (r: ReturnType<typeof run>) =>
      r.outcomes
        .filter((o) => o.result.kind === 'decided' && o.result.decisions.some((d) => d.outcome === 'emitted'))
        .map((o) => o.event.eventId);
    expect(emittedIds(inOrder)).toEqual(['e-1']);
    expect(emittedIds(shuffled)).toEqual(['e-1']);
    // Outcomes stay in input order.
    expect(shuffled.outcomes.map((o) => o.event.eventId)).toEqual(['e-3', 'e-1', 'e-2']);
  });

  it('gives exactly the decisions of decide() on each event`s own clock, threaded by hand', () => {
    const events = [
      atmAbroad('e-1', 'c-1', '2026-07-01T10:00:00Z'),
      largePurchase('e-2', 'c-1', '2026-07-01T12:00:00+02:00'),
      atmAbroad('e-3', 'c-2', '2026-07-02T10:00:00Z'),
      atmAbroad('e-4', 'c-1', '2026-07-20T10:00:00Z'),
    ];
    const result = run(lines(...events));
    let contact = emptyContactState('c-1');
    const expected: Decision[][] = [];
    for (const e of simulationEvents(lines(events[0] ?? {}, events[1] ?? {}, events[3] ?? {}))) {
      const r = decide({
        event: e.event,
        customer: traveller('c-1'),
        contact,
        catalog,
        policy: DEFAULT_POLICY,
        now: new Date(e.event.occurredAt),
      });
      contact = r.contact;
      expected.push(r.decisions);
    }
    const all = decisionsOf(result);
    expect([all[0], all[1], all[3]]).toEqual(expected);
  });

  it('collapses a repeated line and rejects a reused event id with other content (duplicate_event_id)', () => {
    const original = atmAbroad('e-1', 'c-1', '2026-07-01T10:00:00Z');
    const reused = largePurchase('e-1', 'c-1', '2026-07-01T11:00:00Z');
    const result = run(lines(original, original, reused));
    expect(result.outcomes.map((o) => o.result.kind)).toEqual(['decided', 'duplicate', 'reused']);
    const rejection = result.outcomes[2]?.result;
    expect(rejection?.kind === 'reused' && rejection.decisions[0]?.reasons).toEqual(['duplicate_event_id']);
  });

  it('decides an unknown customer as the pipeline does: no profile, stopped at consent and exclusion', () => {
    const result = run(lines(largePurchase('e-1', 'nobody', '2026-07-01T10:00:00Z')), new Map());
    const outcome = result.outcomes[0]?.result;
    const reasons = outcome?.kind === 'decided' ? outcome.decisions.flatMap((d) => d.reasons) : [];
    expect(reasons).toContain('customer_excluded');
    expect(reasons).toContain('no_consent');
  });

  it('is deterministic and independent of the order of customers: the same decisions per event (property)', () => {
    const base = [
      atmAbroad('a-1', 'c-1', '2026-07-01T10:00:00Z'),
      atmAbroad('a-2', 'c-2', '2026-07-01T10:00:00Z'),
      largePurchase('a-3', 'c-1', '2026-07-01T10:00:00Z'),
      largePurchase('a-4', 'c-2', '2026-07-09T10:00:00Z'),
      atmAbroad('a-5', 'c-1', '2026-07-12T10:00:00Z'),
      largePurchase('a-6', 'c-1', '2026-07-13T10:00:00Z'),
    ];
    fc.assert(
      fc.property(fc.shuffledSubarray(base, { minLength: base.length }), (shuffled) => {
        const byId = (r: ReturnType<typeof run>) =>
          new Map(r.outcomes.map((o) => [o.event.eventId, o.result]));
        expect(byId(run(lines(...shuffled)))).toEqual(byId(run(lines(...base))));
      }),
      { numRuns: 30 },
    );
  });
});

describe('the funnel of a real simulation (property over generated demo streams)', () => {
  it('never widens from stage to stage, and its emitted stage is the offers emitted', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
        const who = new Map(generateCustomers({ customers: 40, seed }).map((c) => [c.customerId, c]));
        const events = simulationEvents(generateEvents({ customers: 40, events: 250, seed }));
        const cmp = compareCatalogs({
          events,
          customers: who,
          live: catalog,
          candidate: catalog,
          policy: DEFAULT_POLICY,
        });
        const emitted = new Map<string, number>();
        for (const { result } of cmp.candidate.run.outcomes)
          if (result.kind === 'decided')
            for (const d of result.decisions)
              if (d.outcome === 'emitted' && d.triggerId)
                emitted.set(d.triggerId, (emitted.get(d.triggerId) ?? 0) + 1);
        for (const f of cmp.funnels) {
          f.candidate.forEach((n, i) => {
            if (i > 0) expect(n).toBeLessThanOrEqual(f.candidate[i - 1] ?? 0);
          });
          expect(f.candidate.at(-1)).toBe(emitted.get(f.triggerId) ?? 0);
          expect(f.delta.every((n) => n === 0)).toBe(true);
        }
        expect(cmp.diff).toEqual([]);
      }),
      { numRuns: 15 },
    );
  });
});

describe('compareCatalogs', () => {
  it('a catalog compared with itself differs nowhere; without a trigger, its events show in the diff', () => {
    const events = simulationEvents(
      lines(
        atmAbroad('e-1', 'c-1', '2026-07-01T10:00:00Z'),
        largePurchase('e-2', 'c-2', '2026-07-01T10:00:00Z'),
      ),
    );
    const who = customers(traveller('c-1'), traveller('c-2'));
    const same = compareCatalogs({
      events,
      customers: who,
      live: catalog,
      candidate: catalog,
      policy: DEFAULT_POLICY,
    });
    expect(same.diff).toEqual([]);
    expect(same.funnels.every((f) => f.delta.every((n) => n === 0))).toBe(true);

    const without = seedCatalogWithout('large-purchase-credit-card');
    const cmp = compareCatalogs({
      events,
      customers: who,
      live: catalog,
      candidate: without,
      policy: DEFAULT_POLICY,
    });
    expect(cmp.diff.map((l) => l.eventId)).toEqual(['e-2']);
    const credit = cmp.funnels.find((f) => f.triggerId === 'large-purchase-credit-card');
    expect(credit?.live.at(-1)).toBe(1);
    expect(credit?.candidate.every((n) => n === 0)).toBe(true);
  });

  it('counts repeated lines, reused ids and events of customers not given', () => {
    const e1 = atmAbroad('e-1', 'c-1', '2026-07-01T10:00:00Z');
    const events = simulationEvents(lines(e1, e1, { ...e1, customerId: 'c-9' }, largePurchase('e-2', 'c-9')));
    const cmp = compareCatalogs({
      events,
      customers: customers(traveller('c-1')),
      live: catalog,
      candidate: catalog,
      policy: DEFAULT_POLICY,
    });
    expect([cmp.events, cmp.duplicates, cmp.reused, cmp.unknownCustomerEvents]).toEqual([4, 1, 1, 1]);
  });

  it('leaves out lines that are not valid events, and digests as the pipeline does', () => {
    const good = JSON.stringify(atmAbroad('e-1', 'c-1'));
    const events = simulationEvents(['{not json', good]);
    expect(events.map((e) => e.event.eventId)).toEqual(['e-1']);
    expect(events[0]?.digest()).toBe(contentHashOf(good, parsePaymentEvent(good)));
  });
});

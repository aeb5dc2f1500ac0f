import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { compareContenders } from '#core/arbitration.js';
import type { Catalog } from '#core/catalog/catalog.js';
import {
  activeOfferGate,
  type ContactState,
  contactGate,
  dismissalPauseUntil,
  type Emission,
  emptyContactState,
  isActiveAt,
  longestValidityDays,
  withDismissal,
} from '#core/contact-policy.js';
import type { Decision } from '#core/decision.js';
import { DEFAULT_POLICY, type Policy } from '#core/policy.js';
import { type Competitor, competingCatalog, OFFER_IDS } from '#test/support/arbitration.js';
import { NOW } from '#test/support/builders.js';
import { largePurchase, run } from '#test/support/decide.js';

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** How often the generators reached what they must reach (checked after the properties ran). */
const reached = { arbitrationLost: 0, activeOfferLimit: 0, repeatedDismissals: 0, severalWinners: 0 };

const competitorsArb = fc
  .uniqueArray(
    fc.record({
      id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g'),
      priority: fc.option(fc.integer({ min: -2, max: 3 }), { nil: undefined }),
      offerId: fc.constantFrom(...OFFER_IDS),
    }),
    { minLength: 1, maxLength: 6, selector: (c) => c.id },
  )
  .map((list) =>
    list.map((c): Competitor => (c.priority === undefined ? { id: c.id, offerId: c.offerId } : c)),
  );

const policyArb = fc
  .record({
    maxOffersPerEvent: fc.integer({ min: 1, max: 3 }),
    maxActiveOffers: fc.integer({ min: 1, max: 4 }),
    maxOffers: fc.integer({ min: 1, max: 6 }),
  })
  .map(
    ({ maxOffersPerEvent, maxActiveOffers, maxOffers }): Policy => ({
      ...DEFAULT_POLICY,
      frequencyCap: { maxOffers, windowDays: 7 },
      arbitration: { maxOffersPerEvent, maxActiveOffers },
      dismissalPause: { dismissals: 2, withinDays: 10, pauseDays: 20 },
    }),
  );

const emissionArb = fc.record({
  offerId: fc.constantFrom(...OFFER_IDS),
  at: fc.integer({ min: -40, max: 0 }).map((d) => iso(NOW.getTime() + d * DAY)),
  decidedAt: fc.integer({ min: -40, max: 2 }).map((d) => iso(NOW.getTime() + d * DAY)),
  expiresAt: fc.integer({ min: -5, max: 30 }).map((d) => iso(NOW.getTime() + d * DAY)),
});
const contactArb = fc.record({
  emissions: fc.array(emissionArb, { maxLength: 4 }),
  dismissals: fc.array(
    fc.integer({ min: -60, max: 0 }).map((d) => iso(NOW.getTime() + d * DAY)),
    { maxLength: 3 },
  ),
});

const ranked = (decisions: readonly Decision[], catalog: Catalog) => {
  const byId = new Map(catalog.triggers.map((t) => [t.id, t]));
  return decisions
    .filter((d) => d.gates?.some((g) => g.gate === 'arbitration'))
    .map((d) => {
      const trigger = byId.get(d.triggerId ?? '');
      if (trigger === undefined) throw new Error('decision of an unknown trigger');
      return { trigger, decisionId: d.decisionId, decision: d };
    })
    .sort(compareContenders);
};

describe('arbitration, for any set of matched triggers and any contact state', () => {
  it('emits the best ranked that fit, at most maxOffersPerEvent; every loser audited with the winner', () => {
    fc.assert(
      fc.property(competitorsArb, policyArb, contactArb, (specs, policy, partial) => {
        const catalog = competingCatalog(specs);
        const contact: ContactState = { ...emptyContactState('c-1'), ...partial };
        const result = run({ event: largePurchase(), catalog, policy, contact });
        const { decisions } = result;
        // One decision per matched trigger, in trigger-id order.
        expect(decisions.map((d) => d.triggerId)).toEqual(catalog.triggers.map((t) => t.id));
        const contenders = ranked(decisions, catalog);
        const winners = contenders.filter((c) => c.decision.outcome === 'emitted');
        // Only triggers that passed every other gate reach arbitration.
        for (const d of decisions) {
          const reachedArbitration = d.gates?.some((g) => g.gate === 'arbitration') ?? false;
          expect(reachedArbitration).toBe(
            d.gates?.filter((g) => g.gate !== 'arbitration').every((g) => g.passed),
          );
          if (!reachedArbitration) expect(d).not.toHaveProperty('winningDecisionId');
        }
        expect(winners.length).toBeLessThanOrEqual(
          Math.min(policy.arbitration.maxOffersPerEvent, contenders.length),
        );
        if (contenders.length > 0) expect(contenders[0]?.decision.outcome).toBe('emitted');
        expect(new Set(winners.map((w) => w.trigger.offer.offerId)).size).toBe(winners.length);
        expect(result.offers.map((o) => o.decisionId).sort()).toEqual(
          winners.map((w) => w.decisionId).sort(),
        );
        for (const offer of result.offers) {
          const winner = winners.find((w) => w.decisionId === offer.decisionId);
          expect(offer.priority).toBe(winner?.trigger.priority ?? 0);
        }
        // Every loser: arbitration_lost, the first winner's id, and a reason it could not win.
        const fallback = longestValidityDays(catalog);
        const occurredMs = Date.parse(largePurchase().occurredAt);
        for (const [rank, c] of contenders.entries()) {
          if (c.decision.outcome === 'emitted') {
            expect(c.decision.gates?.at(-1)).toEqual({ gate: 'arbitration', passed: true });
            continue;
          }
          reached.arbitrationLost++;
          expect(c.decision.reasons).toEqual(['arbitration_lost']);
          expect(c.decision.winningDecisionId).toBe(winners[0]?.decisionId);
          expect(c.decision.gates?.at(-1)).toEqual({
            gate: 'arbitration',
            passed: false,
            reason: 'arbitration_lost',
          });
          const above = contenders.slice(0, rank).filter((w) => w.decision.outcome === 'emitted');
          const offer = c.trigger.offer;
          const state: ContactState = {
            ...contact,
            emissions: [
              ...contact.emissions,
              ...above.map((w) => ({
                offerId: w.trigger.offer.offerId,
                at: largePurchase().occurredAt,
                decidedAt: NOW.toISOString(),
                expiresAt: iso(NOW.getTime() + w.trigger.offer.validityDays * DAY),
              })),
            ],
          };
          const explained =
            above.length >= policy.arbitration.maxOffersPerEvent ||
            above.some((w) => w.trigger.offer.offerId === offer.offerId) ||
            !contactGate(state, occurredMs, NOW.getTime(), offer, policy.frequencyCap).passed ||
            !activeOfferGate(
              state,
              NOW.getTime(),
              NOW.getTime() + offer.validityDays * DAY,
              policy.arbitration,
              fallback,
            ).passed;
          expect(explained).toBe(true);
        }
        if (winners.length > 1) reached.severalWinners++;
        if (decisions.some((d) => d.reasons.includes('active_offer_limit'))) reached.activeOfferLimit++;
        // With room (nothing before, limits at least the slots), exactly min(slots, distinct offers) win.
        const { maxOffersPerEvent, maxActiveOffers } = policy.arbitration;
        if (
          contact.emissions.length === 0 &&
          contact.dismissals?.length === 0 &&
          maxActiveOffers >= maxOffersPerEvent &&
          policy.frequencyCap.maxOffers >= maxOffersPerEvent
        ) {
          const distinct = new Set(contenders.map((c) => c.trigger.offer.offerId)).size;
          expect(winners.length).toBe(Math.min(maxOffersPerEvent, distinct));
        }
      }),
      { numRuns: 400 },
    );
  });
});

/** A payment or the customer's feedback on one of their offers, as helper B's feedback records it. */
type Step =
  | {
      readonly kind: 'payment';
      readonly nowDay: number;
      readonly ageHours: number;
      readonly specs: Competitor[];
    }
  | {
      readonly kind: 'feedback';
      readonly type: 'clicked' | 'dismissed';
      readonly pick: number;
      readonly day: number;
    };

/** The pure effect of feedback on the contact state: the offer's active life ends; a dismissal is remembered. */
function feedback(
  state: ContactState,
  offerInstanceId: string,
  type: 'clicked' | 'dismissed',
  at: string,
): ContactState {
  const emission = state.emissions.find((e) => e.offerInstanceId === offerInstanceId);
  if (emission === undefined) return state;
  const emissions = state.emissions.map((e) => (e === emission ? { ...e, endedAt: at } : e));
  if (type === 'clicked') return { ...state, emissions };
  return {
    ...state,
    emissions,
    dismissals: [...(state.dismissals ?? []), at],
    cooldownUntil: withDismissal(state.cooldownUntil, emission.offerId, iso(Date.parse(at) + 30 * DAY)),
  };
}

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('payment' as const),
    nowDay: fc.integer({ min: 0, max: 60 }),
    ageHours: fc.integer({ min: 0, max: 72 }),
    specs: competitorsArb,
  }),
  fc.record({
    kind: fc.constant('feedback' as const),
    type: fc.constantFrom('clicked' as const, 'dismissed' as const),
    pick: fc.nat(),
    day: fc.integer({ min: 0, max: 60 }),
  }),
);

describe('across any interleaving of payments and feedback', () => {
  it('never more than maxActiveOffers active at once, and never an offer while paused', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 1, maxLength: 14 }), policyArb, (steps, base) => {
        const policy: Policy = {
          ...base,
          frequencyCap: { maxOffers: 6, windowDays: 7 },
          dismissalPause: { dismissals: 2, withinDays: 10, pauseDays: 5 },
        };
        let state = emptyContactState('c-1');
        let fallback = 0;
        for (const [i, step] of steps.entries()) {
          if (step.kind === 'feedback') {
            const offered = state.emissions.filter(
              (e) => e.offerInstanceId !== undefined && e.endedAt === undefined,
            );
            const target = offered[step.pick % Math.max(1, offered.length)];
            if (target?.offerInstanceId === undefined) continue;
            // Feedback comes after the offer was made (the banner API refuses anything else).
            const at = Math.max(Date.parse(target.decidedAt ?? target.at), NOW.getTime() + step.day * DAY);
            state = feedback(state, target.offerInstanceId, step.type, iso(at));
            continue;
          }
          // Receive times in any order (retries, redeliveries); the payment up to 3 days before it.
          const now = new Date(NOW.getTime() + step.nowDay * DAY);
          const event = largePurchase({
            eventId: `evt-${i}`,
            occurredAt: iso(now.getTime() - step.ageHours * 3_600_000),
          });
          const catalog = competingCatalog(step.specs);
          fallback = Math.max(fallback, longestValidityDays(catalog));
          const before = state;
          const result = run({ event, catalog, policy, contact: state, now });
          if (result.decisions.some((d) => d.reasons.includes('repeated_dismissals')))
            reached.repeatedDismissals++;
          if (result.decisions.some((d) => d.reasons.includes('active_offer_limit')))
            reached.activeOfferLimit++;
          if (result.offers.length > 0) {
            const pauseUntil = dismissalPauseUntil(before.dismissals, policy.dismissalPause);
            const paused =
              pauseUntil !== undefined && pauseUntil > Math.min(Date.parse(event.occurredAt), now.getTime());
            expect(paused).toBe(false);
          }
          state = result.contact;
        }
        // At every instant an offer became active, at most maxActiveOffers are.
        const instants = state.emissions.map((e: Emission) => Date.parse(e.decidedAt ?? e.at));
        for (const t of instants) {
          const active = state.emissions.filter((e) => isActiveAt(e, t, fallback)).length;
          expect(active).toBeLessThanOrEqual(policy.arbitration.maxActiveOffers);
        }
      }),
      { numRuns: 300 },
    );
  });
});

afterAll(() => {
  // The generators must reach what the properties are about, or they prove nothing.
  expect(reached.arbitrationLost).toBeGreaterThan(20);
  expect(reached.activeOfferLimit).toBeGreaterThan(20);
  expect(reached.repeatedDismissals).toBeGreaterThan(5);
  expect(reached.severalWinners).toBeGreaterThan(5);
});

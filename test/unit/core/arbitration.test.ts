import { describe, expect, it } from 'vitest';
import { type Emission, emptyContactState } from '#core/contact-policy.js';
import { decide } from '#core/decide.js';
import { DEFAULT_POLICY, type Policy } from '#core/policy.js';
import { type Competitor, competingCatalog, competitor } from '#test/support/arbitration.js';
import { NOW } from '#test/support/builders.js';
import { consent, contactWith, customer, largePurchase, run } from '#test/support/decide.js';

const DAY = 86_400_000;
const at = (days: number) => new Date(NOW.getTime() + days * DAY).toISOString();
const policyWith = (arbitration: Partial<Policy['arbitration']>, rest: Partial<Policy> = {}): Policy => ({
  ...DEFAULT_POLICY,
  ...rest,
  arbitration: { ...DEFAULT_POLICY.arbitration, ...arbitration },
});
const decideAmong = (specs: readonly Competitor[], extra: Parameters<typeof run>[0] | object = {}) =>
  run({ event: largePurchase(), catalog: competingCatalog(specs), ...extra });
const summary = (result: ReturnType<typeof run>) =>
  result.decisions.map((d) => [d.triggerId, d.outcome, d.reasons]);

describe('arbitration: one offer per payment', () => {
  const travel = { nl: 'Omdat u een reis boekte.', en: 'Because you booked a trip.' };
  const specs: Competitor[] = [
    { id: 'a-low', priority: 1, offerId: 'savings-account' },
    { id: 'b-high', priority: 5, offerId: 'travel-insurance', explanation: travel },
    { id: 'c-mid', priority: 3, offerId: 'credit-card' },
  ];

  it('the highest priority wins; every other trigger that passed its gates loses, audited', () => {
    const result = decideAmong(specs);
    // Decisions stay in trigger-id order.
    expect(summary(result)).toEqual([
      ['a-low', 'suppressed', ['arbitration_lost']],
      ['b-high', 'emitted', []],
      ['c-mid', 'suppressed', ['arbitration_lost']],
    ]);
    const winner = result.decisions[1];
    for (const loser of [result.decisions[0], result.decisions[2]]) {
      expect(loser?.winningDecisionId).toBe(winner?.decisionId);
      expect(loser?.offerInstanceId).toBeUndefined();
      expect(loser?.gates?.at(-1)).toEqual({
        gate: 'arbitration',
        passed: false,
        reason: 'arbitration_lost',
      });
      expect(loser?.gates?.slice(0, -1).every((g) => g.passed)).toBe(true);
    }
    expect(winner?.gates?.at(-1)).toEqual({ gate: 'arbitration', passed: true });
    expect(winner).not.toHaveProperty('winningDecisionId');
  });

  it('the offer carries the priority and the approved explanation, copied verbatim', () => {
    const result = decideAmong(specs);
    expect(result.offers).toHaveLength(1);
    expect(result.offers[0]).toMatchObject({ triggerId: 'b-high', priority: 5, explanation: travel });
    expect(result.contact.emissions).toEqual([
      {
        offerId: 'travel-insurance',
        at: largePurchase().occurredAt,
        decidedAt: NOW.toISOString(),
        offerInstanceId: result.offers[0]?.offerInstanceId,
        expiresAt: result.offers[0]?.expiresAt,
      },
    ]);
  });

  it('a tie goes to the lower trigger id; no priority counts as 0', () => {
    const tie = decideAmong([
      { id: 'b', priority: 2, offerId: 'savings-account' },
      { id: 'a', priority: 2, offerId: 'credit-card' },
      { id: 'c', offerId: 'travel-insurance' },
    ]);
    expect(summary(tie).map(([id, outcome]) => [id, outcome])).toEqual([
      ['a', 'emitted'],
      ['b', 'suppressed'],
      ['c', 'suppressed'],
    ]);
    const negative = decideAmong([
      { id: 'a', priority: -1, offerId: 'credit-card' },
      { id: 'b', offerId: 'savings-account' },
    ]);
    expect(negative.offers.map((o) => [o.triggerId, o.priority])).toEqual([['b', 0]]);
  });

  it('a trigger that failed another gate never reaches arbitration: the next one wins', () => {
    // Credit is unsuitable for a customer in financial difficulty: the lower-priority offer wins.
    const result = decideAmong(
      [
        { id: 'credit', priority: 9, offerId: 'credit-card' },
        { id: 'savings', priority: 1, offerId: 'savings-account' },
      ],
      { customer: customer({ flags: ['financial-difficulty'] }) },
    );
    expect(summary(result)).toEqual([
      ['credit', 'suppressed', ['unsuitable']],
      ['savings', 'emitted', []],
    ]);
    expect(result.decisions[0]?.gates?.map((g) => g.gate)).not.toContain('arbitration');
    expect(result.decisions[0]).not.toHaveProperty('winningDecisionId');
  });

  it('nothing passed: no arbitration, no winner, the contact state untouched', () => {
    const contact = emptyContactState('c-1');
    const result = decideAmong(specs, { customer: customer({ consents: [consent('withdrawn')] }), contact });
    expect(result.decisions.every((d) => d.reasons.join() === 'no_consent')).toBe(true);
    expect(result.offers).toEqual([]);
    expect(result.contact).toBe(contact);
  });
});

describe('arbitration: more offers per payment', () => {
  it('the best ranked win, each distinct offer at most once, losers point at the first winner', () => {
    const result = decideAmong(
      [
        { id: 'a', priority: 9, offerId: 'savings-account' },
        { id: 'b', priority: 8, offerId: 'savings-account' }, // same offer as a: loses
        { id: 'c', priority: 7, offerId: 'credit-card' },
        { id: 'd', priority: 6, offerId: 'travel-insurance' }, // third: no slot left
      ],
      { policy: policyWith({ maxOffersPerEvent: 2, maxActiveOffers: 5 }) },
    );
    expect(summary(result).map(([id, outcome]) => [id, outcome])).toEqual([
      ['a', 'emitted'],
      ['b', 'suppressed'],
      ['c', 'emitted'],
      ['d', 'suppressed'],
    ]);
    const first = result.decisions[0]?.decisionId;
    expect(
      result.decisions.filter((d) => d.outcome === 'suppressed').map((d) => d.winningDecisionId),
    ).toEqual([first, first]);
    expect(result.offers.map((o) => o.triggerId)).toEqual(['a', 'c']);
    expect(result.contact.emissions.map((e) => e.offerId)).toEqual(['savings-account', 'credit-card']);
  });

  it('a later winner must fit the frequency cap and the active-offer limit next to the winners above it', () => {
    const three = [
      { id: 'a', priority: 3, offerId: 'savings-account' },
      { id: 'b', priority: 2, offerId: 'credit-card' },
      { id: 'c', priority: 1, offerId: 'travel-insurance' },
    ];
    // One clicked offer yesterday: the cap (2 per 7 days) leaves room for one more.
    const clicked = contactWith([{ offerId: 'student-account', at: at(-1), endedAt: at(-1) }]);
    const capped = decideAmong(three, {
      policy: policyWith({ maxOffersPerEvent: 3, maxActiveOffers: 5 }),
      contact: clicked,
    });
    expect(capped.offers.map((o) => o.triggerId)).toEqual(['a']);
    // Each passed the cap alone: the gate says so, arbitration says why they lost.
    expect(capped.decisions[1]?.gates?.find((g) => g.gate === 'contact_policy')?.passed).toBe(true);
    expect(capped.decisions[1]?.reasons).toEqual(['arbitration_lost']);

    const roomy = policyWith(
      { maxOffersPerEvent: 3, maxActiveOffers: 2 },
      { frequencyCap: { maxOffers: 9, windowDays: 7 } },
    );
    const limited = decideAmong(three, { policy: roomy });
    expect(limited.offers.map((o) => o.triggerId)).toEqual(['a', 'b']);
    expect(limited.decisions[2]?.reasons).toEqual(['arbitration_lost']);
  });
});

describe('the active-offer limit (decision time line)', () => {
  const one = [{ id: 'a', offerId: 'savings-account' }];
  const active = (offerId: string, decidedDaysAgo: number, extra: Partial<Emission> = {}): Emission => ({
    offerId,
    at: at(-60),
    decidedAt: at(-decidedDaysAgo),
    expiresAt: at(14 - decidedDaysAgo),
    ...extra,
  });
  // A cap that never bites: these are about the active-offer limit alone.
  const policy = { ...DEFAULT_POLICY, frequencyCap: { maxOffers: 9, windowDays: 7 } };
  const reasonsWith = (emissions: Emission[], now = NOW) =>
    decideAmong(one, {
      event: largePurchase({ occurredAt: new Date(now.getTime() - 3_600_000).toISOString() }),
      contact: contactWith(emissions),
      now,
      policy,
    }).decisions[0]?.reasons;

  it('fails at maxActiveOffers (2) active offers, whichever offers they are', () => {
    expect(reasonsWith([active('credit-card', 8), active('travel-insurance', 9)])).toEqual([
      'active_offer_limit',
    ]);
    expect(reasonsWith([active('credit-card', 8)])).toEqual([]);
  });

  it('an offer stops counting when it expires or the customer clicks or dismisses it', () => {
    expect(reasonsWith([active('credit-card', 8), active('travel-insurance', 14)])).toEqual([]); // expired now
    expect(
      reasonsWith([active('credit-card', 8), active('travel-insurance', 9, { endedAt: at(-1) })]),
    ).toEqual([]);
    // Ending later than now: still active now.
    expect(
      reasonsWith([active('credit-card', 8), active('travel-insurance', 9, { endedAt: at(1) })]),
    ).toEqual(['active_offer_limit']);
  });

  it('an emission stored before expiries were recorded counts for the longest validity of the catalog', () => {
    const legacy = (decidedDaysAgo: number): Emission => ({
      offerId: 'credit-card',
      at: at(-decidedDaysAgo),
    });
    // The seed's longest validity is 30 days (the credit card's own is 14): in doubt, the limit holds.
    expect(reasonsWith([legacy(20), active('travel-insurance', 9)])).toEqual(['active_offer_limit']);
    expect(reasonsWith([legacy(30), active('travel-insurance', 9)])).toEqual([]);
  });

  it('holds for events decided out of receive order: no later instant may go over the limit', () => {
    // Decided at NOW: two offers, both decided after an earlier receive time.
    const later = [active('credit-card', 0), active('travel-insurance', 0)];
    const earlierNow = new Date(NOW.getTime() - 2 * DAY);
    // At earlierNow nothing is active yet, but the new offer would still be active at NOW, with both.
    expect(reasonsWith(later, earlierNow)).toEqual(['active_offer_limit']);
    // A receive time so early that the new offer (30 days) has expired before they begin: no conflict.
    expect(reasonsWith(later, new Date(NOW.getTime() - 31 * DAY))).toEqual([]);
  });
});

describe('the active-offer limit in a replay (decided on the event clock, recorded today)', () => {
  it('offers of payments months apart still count: they are all servable from today', () => {
    let contact = emptyContactState('c-1');
    const outcomes: string[] = [];
    for (const [i, day] of [-120, -80, -40].entries()) {
      const occurredAt = at(day);
      const result = decide({
        event: largePurchase({ eventId: `evt-${i}`, occurredAt }),
        customer: customer(),
        contact,
        catalog: competingCatalog([
          { id: `t${i}`, offerId: ['savings-account', 'credit-card', 'travel-insurance'][i] ?? '' },
        ]),
        policy: DEFAULT_POLICY,
        now: new Date(occurredAt),
        recordedAt: NOW,
      });
      outcomes.push(result.decisions.map((d) => d.reasons.join() || d.outcome).join());
      contact = result.contact;
    }
    expect(outcomes).toEqual(['emitted', 'emitted', 'active_offer_limit']);
  });
});

describe('the dismissal pause', () => {
  const one = [{ id: 'a', offerId: 'savings-account' }];
  const withDismissals = (dismissals: string[], event = largePurchase(), now = NOW) =>
    decideAmong(one, { event, contact: { ...emptyContactState('c-1'), dismissals }, now }).decisions[0]
      ?.reasons;

  it('3 dismissals within 30 days stop every offer for 90 days after the last', () => {
    expect(withDismissals([at(-3), at(-2), at(-1)])).toEqual(['repeated_dismissals']);
    expect(withDismissals([at(-2), at(-1)])).toEqual([]);
    // Over 30 days apart: no run of 3 within 30 days.
    expect(withDismissals([at(-40), at(-20), at(-5)])).toEqual([]);
    // The pause ends 90 days after the third dismissal.
    const ended = [at(-100), at(-95), at(-90)];
    expect(withDismissals(ended, largePurchase({ occurredAt: NOW.toISOString() }))).toEqual([]);
    const running = [at(-100), at(-95), at(-89)];
    expect(withDismissals(running, largePurchase({ occurredAt: NOW.toISOString() }))).toEqual([
      'repeated_dismissals',
    ]);
  });

  it('on both time lines: a payment from before the pause received during it is paused too', () => {
    const dismissals = [at(-3), at(-2), at(-1)];
    const beforePause = largePurchase({ occurredAt: at(-5) });
    expect(withDismissals(dismissals, beforePause)).toEqual(['repeated_dismissals']);
  });

  it('honours a configured pause', () => {
    const policy: Policy = {
      ...DEFAULT_POLICY,
      dismissalPause: { dismissals: 2, withinDays: 7, pauseDays: 10 },
    };
    const contact = { ...emptyContactState('c-1'), dismissals: [at(-12), at(-11)] };
    expect(decideAmong(one, { contact, policy }).decisions[0]?.reasons).toEqual(['repeated_dismissals']);
    const over = { ...emptyContactState('c-1'), dismissals: [at(-19), at(-11)] }; // 8 days apart
    expect(decideAmong(one, { contact: over, policy }).decisions[0]?.reasons).toEqual([]);
  });
});

it('competitor() builds triggers that match every event, for these tests', () => {
  expect(competitor({ id: 'x', offerId: 'credit-card' }).matches(largePurchase(), new Set())).toBe(true);
});

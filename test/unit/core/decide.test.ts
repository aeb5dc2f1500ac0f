import { describe, expect, it } from 'vitest';
import type { Catalog } from '#core/catalog/catalog.js';
import { parseCatalog } from '#core/catalog/parse.js';
import { SEED_CATALOG_INPUT, seedCatalog } from '#core/catalog/seed.js';
import { emptyContactState } from '#core/contact-policy.js';
import type { CustomerState } from '#core/customer.js';
import { CustomerMismatchError, decide, screen } from '#core/decide.js';
import {
  DecisionSchema,
  decisionIdFor,
  OfferInstanceSchema,
  type Reason,
  rejectedDecision,
} from '#core/decision.js';
import { DEFAULT_POLICY, type Policy, policyVersion } from '#core/policy.js';
import { NOW } from '#test/support/builders.js';
import {
  atmAbroad,
  childBenefit,
  consent,
  contactWith,
  customer,
  event,
  groceries,
  largePurchase,
  only,
  run,
  salaryHighBalance,
  studentFinance,
} from '#test/support/decide.js';

const OPT_OUT: Policy = { ...DEFAULT_POLICY, consentRegime: 'opt-out' };
const europeOnly = (overrides: Partial<CustomerState> = {}) =>
  customer({ holdings: ['current-account', 'travel-insurance-europe'], ...overrides });
const reasonsFor = (overrides: Partial<CustomerState>, policy: Policy = DEFAULT_POLICY) =>
  only(run({ event: atmAbroad(), customer: europeOnly(overrides), policy })).reasons;

/** A customer object that fails the test the moment anything reads it. */
const untouchable = new Proxy({} as CustomerState, {
  get() {
    throw new Error('customer state was read');
  },
});

describe('the sensitive screen comes first', () => {
  const pharmacy = event({
    type: 'card_payment',
    amount: { minor: 4_321, currency: 'USD' },
    merchant: { name: 'Walgreens Pharmacy', mcc: '5912', country: 'US', city: 'Boston' },
  });

  it('yields one suppressed decision that says sensitive_category and nothing about the payment', () => {
    const result = run({ event: pharmacy, customer: untouchable });
    const decision = only(result);
    expect(decision).toEqual({
      decisionId: decisionIdFor('evt-1'),
      eventId: 'evt-1',
      customerId: 'c-1',
      outcome: 'suppressed',
      reasons: ['sensitive_category'],
      decidedAt: NOW.toISOString(),
      policyVersion: policyVersion(DEFAULT_POLICY, seedCatalog()),
    });
    expect(result.offers).toEqual([]);
    expect(JSON.stringify(result.decisions).toLowerCase()).not.toMatch(
      /walgreens|5912|4321|usd|boston|"us"|pharmac|health/,
    );
  });

  it('screens before triggers: a sensitive payment abroad never reaches card-abroad-worldwide-cover', () => {
    const casinoAbroad = atmAbroad({ merchant: { name: 'Casino ATM', mcc: '6011', country: 'US' } });
    expect(only(run({ event: casinoAbroad, customer: europeOnly() })).reasons).toEqual([
      'sensitive_category',
    ]);
  });

  it('leaves the contact state untouched (the very same object)', () => {
    const contact = emptyContactState('c-1');
    expect(run({ event: pharmacy, contact }).contact).toBe(contact);
  });

  it('screen() answers from the event alone', () => {
    expect(screen(pharmacy, DEFAULT_POLICY, seedCatalog())).toEqual({ sensitive: true });
    const screened = screen(groceries(), DEFAULT_POLICY, seedCatalog());
    expect(screened.sensitive).toBe(false);
    if (!screened.sensitive)
      expect(screened.candidates.map((t) => t.id)).toContain('large-purchase-credit-card');
  });
});

describe('no trigger', () => {
  it('yields one no_trigger decision keyed by the event alone', () => {
    const decision = only(run({ event: groceries() }));
    expect(decision).toEqual({
      decisionId: decisionIdFor('evt-1'),
      eventId: 'evt-1',
      customerId: 'c-1',
      outcome: 'no_trigger',
      reasons: [],
      decidedAt: NOW.toISOString(),
      policyVersion: expect.any(String),
      occurredAt: '2026-07-03T14:22:05-04:00',
    });
  });

  it('does not read the customer when no trigger exists for the event type', () => {
    const catalog = catalogWith((input) => {
      input.triggers = input.triggers.filter((t) => t.file.includes('child-benefit'));
    });
    expect(only(run({ event: groceries(), customer: untouchable, catalog })).outcome).toBe('no_trigger');
  });

  it('never offers a product the customer already holds, whatever the trigger says', () => {
    const catalog = catalogWith((input) => {
      const t = input.triggers.find((x) => x.file.includes('large-purchase'))?.content as Record<
        string,
        unknown
      >;
      t.condition = { field: 'amount.minor', gte: 1 };
    });
    const holder = customer({ holdings: ['credit-card'] });
    expect(only(run({ event: largePurchase(), customer: holder, catalog })).outcome).toBe('no_trigger');
  });
});

describe('an emitted offer', () => {
  const result = run({ event: atmAbroad(), customer: europeOnly() });
  const decision = only(result);

  it('records trigger, versions, regime, event time and every gate passed', () => {
    expect(decision).toMatchObject({
      outcome: 'emitted',
      triggerId: 'card-abroad-worldwide-cover',
      triggerVersion: 1,
      offerId: 'worldwide-travel-cover',
      reasons: [],
      consentRegime: 'opt-in',
      occurredAt: '2026-07-03T14:22:05-04:00',
      decisionId: decisionIdFor('evt-1', 'card-abroad-worldwide-cover', 1),
      policyVersion:
        'policy=2026-11-21.1;regime=opt-in;cap=2/7d;arb=1/2;pause=3/30d/90d;catalog=2026-11-30.2;sensitive=2026-11-30.3',
    });
    expect(decision.gates).toEqual([
      { gate: 'consent', passed: true },
      { gate: 'objection', passed: true },
      { gate: 'customer_exclusion', passed: true },
      { gate: 'suitability', passed: true },
      { gate: 'contact_policy', passed: true },
      { gate: 'active_offers', passed: true },
      { gate: 'dismissal_pause', passed: true },
      { gate: 'arbitration', passed: true },
    ]);
    expect(DecisionSchema.parse(decision)).toEqual(decision);
  });

  it('creates one offer instance linked to the decision, valid for the offer’s validity days', () => {
    expect(result.offers).toEqual([
      {
        offerInstanceId: decision.offerInstanceId,
        customerId: 'c-1',
        offerId: 'worldwide-travel-cover',
        productCode: 'travel-insurance-worldwide',
        category: 'insurance',
        text: expect.stringContaining('buiten Europa'),
        disclosures: [expect.any(String)],
        triggerId: 'card-abroad-worldwide-cover',
        triggerVersion: 1,
        priority: 300,
        explanation: {
          nl: expect.stringContaining('buiten Europa'),
          en: expect.stringContaining('outside Europe'),
        },
        decisionId: decision.decisionId,
        createdAt: '2026-07-10T08:00:00.000Z',
        expiresAt: '2026-07-24T08:00:00.000Z',
      },
    ]);
    expect(OfferInstanceSchema.parse(result.offers[0])).toEqual(result.offers[0]);
  });

  it('appends the emission, on event time, to the contact state without touching its version', () => {
    expect(result.contact).toEqual({
      customerId: 'c-1',
      version: 0,
      emissions: [
        {
          offerId: 'worldwide-travel-cover',
          at: '2026-07-03T14:22:05-04:00',
          decidedAt: NOW.toISOString(),
          offerInstanceId: decision.offerInstanceId,
          expiresAt: '2026-07-24T08:00:00.000Z',
        },
      ],
      cooldownUntil: {},
    });
  });

  it('carries nothing of the payment into the offer', () => {
    expect(JSON.stringify(result.offers)).not.toMatch(/Chase|6011|20000|New York|USD/);
  });
});

describe('the consent gate', () => {
  it('opt-in by default: a missing record means no', () => {
    expect(reasonsFor({ consents: [] })).toEqual(['no_consent']);
  });

  it('a withdrawn consent means no; the latest record by time counts, not the list order', () => {
    expect(reasonsFor({ consents: [consent('withdrawn')] })).toEqual(['no_consent']);
    const withdrawnLater = [
      consent('withdrawn', '2026-03-01T10:00:00+01:00'),
      consent('granted', '2026-01-10T10:00:00Z'),
    ];
    expect(reasonsFor({ consents: withdrawnLater })).toEqual(['no_consent']);
    const grantedAgain = [
      consent('withdrawn', '2026-03-01T10:00:00Z'),
      consent('granted', '2026-03-02T10:00:00Z'),
    ];
    expect(reasonsFor({ consents: grantedAgain })).toEqual([]);
  });

  it('compares instants across offsets, and lets the stricter record win a tie', () => {
    // 10:30+02:00 is 08:30Z, earlier than 09:00Z: the grant is the latest.
    const acrossOffsets = [
      consent('withdrawn', '2026-03-01T10:30:00+02:00'),
      consent('granted', '2026-03-01T09:00:00Z'),
    ];
    expect(reasonsFor({ consents: acrossOffsets })).toEqual([]);
    const tie = [
      consent('granted', '2026-03-01T09:00:00Z'),
      consent('withdrawn', '2026-03-01T10:00:00+01:00'),
    ];
    expect(reasonsFor({ consents: tie })).toEqual(['no_consent']);
  });

  it('a direct-marketing consent alone is not consent for transaction offers', () => {
    expect(reasonsFor({ consents: [consent('granted', undefined, 'direct-marketing')] })).toEqual([
      'no_consent',
    ]);
  });

  it('a withdrawn direct-marketing consent blocks offers in both regimes', () => {
    const consents = [consent('granted'), consent('withdrawn', undefined, 'direct-marketing')];
    expect(reasonsFor({ consents })).toEqual(['no_consent']);
    expect(reasonsFor({ consents }, OPT_OUT)).toEqual(['no_consent']);
  });

  it('opt-out: allowed without a record, blocked by withdrawal, and the decision names the regime', () => {
    const decision = only(
      run({ event: atmAbroad(), customer: europeOnly({ consents: [] }), policy: OPT_OUT }),
    );
    expect(decision).toMatchObject({ outcome: 'emitted', consentRegime: 'opt-out' });
    expect(decision.policyVersion).toContain('regime=opt-out');
    expect(reasonsFor({ consents: [consent('withdrawn')] }, OPT_OUT)).toEqual(['no_consent']);
    const suppressed = only(
      run({
        event: atmAbroad(),
        customer: europeOnly({ consents: [consent('withdrawn')] }),
        policy: OPT_OUT,
      }),
    );
    expect(suppressed.consentRegime).toBe('opt-out');
  });
});

describe('the objection gate (GDPR art. 21)', () => {
  const dmObjected = [consent('granted'), consent('objected', '2026-02-01T09:00:00Z', 'direct-marketing')];
  const txObjected = [consent('objected', '2026-02-01T09:00:00Z')];

  it('blocks everything in the opt-in regime', () => {
    expect(reasonsFor({ consents: dmObjected })).toEqual(['objected']);
    expect(reasonsFor({ consents: txObjected })).toEqual(['no_consent', 'objected']);
  });

  it('blocks everything in the opt-out regime too', () => {
    expect(reasonsFor({ consents: dmObjected }, OPT_OUT)).toEqual(['objected']);
    expect(reasonsFor({ consents: txObjected }, OPT_OUT)).toEqual(['no_consent', 'objected']);
    expect(reasonsFor({ consents: [consent('objected', undefined, 'direct-marketing')] }, OPT_OUT)).toEqual([
      'objected',
    ]);
  });

  it('is lifted only by a later record for the same purpose', () => {
    const lifted = [...dmObjected, consent('granted', '2026-03-01T09:00:00Z', 'direct-marketing')];
    expect(reasonsFor({ consents: lifted })).toEqual([]);
    const notLifted = [...dmObjected, consent('granted', '2026-03-01T09:00:00Z')];
    expect(reasonsFor({ consents: notLifted })).toEqual(['objected']);
  });
});

describe('customer exclusions', () => {
  it('excludes deceased and vulnerable customers', () => {
    expect(reasonsFor({ flags: ['deceased'] })).toEqual(['customer_excluded']);
    expect(reasonsFor({ flags: ['vulnerable'] })).toEqual(['customer_excluded']);
  });

  it('excludes a minor until the 18th birthday, on the calendar date where the payment happened', () => {
    // 23:30 in New York on July 3rd is already July 4th in Amsterdam: still 17 where it happened.
    const lateEvening = atmAbroad({ occurredAt: '2026-07-03T23:30:00-04:00' });
    const almost18 = europeOnly({ birthDate: '2008-07-04' });
    expect(only(run({ event: lateEvening, customer: almost18 })).reasons).toEqual(['customer_excluded']);
    const birthday = atmAbroad({ occurredAt: '2026-07-04T00:00:00-04:00' });
    expect(only(run({ event: birthday, customer: almost18 })).reasons).toEqual([]);
  });

  it('judges age on the event time, not on the decision time (replays decide as live traffic did)', () => {
    const almost18 = europeOnly({ birthDate: '2008-07-04' });
    const decision = only(
      run({ event: atmAbroad(), customer: almost18, now: new Date('2026-07-20T00:00:00Z') }),
    );
    expect(decision.reasons).toEqual(['customer_excluded']);
  });

  it('fails closed without a birth date or without a customer profile', () => {
    expect(reasonsFor({ birthDate: undefined })).toEqual(['customer_excluded']);
    expect(only(run({ event: salaryHighBalance(), customer: undefined })).reasons).toEqual([
      'customer_excluded',
      'no_consent',
    ]);
    const optOutUnknown = only(run({ event: salaryHighBalance(), customer: undefined, policy: OPT_OUT }));
    expect(optOutUnknown).toMatchObject({ outcome: 'suppressed', reasons: ['customer_excluded'] });
  });
});

describe('suitability of credit offers', () => {
  const credit = (overrides: Partial<CustomerState>) =>
    only(run({ event: largePurchase(), customer: customer(overrides) }));

  it('keeps credit from customers in financial difficulty or a fraud register', () => {
    expect(credit({ flags: ['financial-difficulty'] }).reasons).toEqual(['unsuitable']);
    expect(credit({ flags: ['fraud-register'] }).reasons).toEqual(['unsuitable']);
  });

  it('keeps credit from minors (who are excluded anyway)', () => {
    expect(credit({ birthDate: '2010-01-01' }).reasons).toEqual(['customer_excluded', 'unsuitable']);
  });

  it('does not hold those flags against non-credit offers', () => {
    const decision = only(
      run({
        event: atmAbroad(),
        customer: europeOnly({ flags: ['financial-difficulty', 'fraud-register'] }),
      }),
    );
    expect(decision.outcome).toBe('emitted');
  });
});

describe('the contact policy, on event time', () => {
  // Emissions whose offers already ended (clicked): they count towards caps and cooldowns, not towards the
  // active-offer limit, which has tests of its own (arbitration.test.ts).
  const at = (iso: string, offerId = 'savings-account') => ({ offerId, at: iso, endedAt: iso });
  const occurredAt = '2026-07-10T12:00:00+02:00'; // 10:00Z
  const kb = childBenefit({ occurredAt });
  const decideWith = (contact: ReturnType<typeof contactWith>, policy: Policy = DEFAULT_POLICY) =>
    only(run({ event: kb, contact, policy }));

  it('caps at 2 offers within the rolling 7 days, boundaries included', () => {
    expect(decideWith(contactWith([at('2026-07-09T10:00:00Z')])).outcome).toBe('emitted');
    expect(decideWith(contactWith([at('2026-07-09T10:00:00Z'), at('2026-07-05T10:00:00Z')])).reasons).toEqual(
      ['frequency_capped'],
    );
    // Exactly 7 days before still counts; a millisecond earlier does not.
    expect(decideWith(contactWith([at('2026-07-03T10:00:00Z'), at('2026-07-10T10:00:00Z')])).reasons).toEqual(
      ['frequency_capped'],
    );
    expect(
      decideWith(contactWith([at('2026-07-03T09:59:59.999Z'), at('2026-07-10T10:00:00Z')])).outcome,
    ).toBe('emitted');
  });

  it('counts emissions after the event too: an out-of-order delivery cannot exceed the cap', () => {
    expect(
      decideWith(contactWith([at('2026-07-10T10:00:00.001Z'), at('2026-07-11T10:00:00Z')])).reasons,
    ).toEqual(['frequency_capped']);
    // One before and one after, 7 days apart: some 7-day window around the event holds both plus it.
    expect(decideWith(contactWith([at('2026-07-06T10:00:00Z'), at('2026-07-13T10:00:00Z')])).reasons).toEqual(
      ['frequency_capped'],
    );
    // More than 7 days apart: every 7-day window holding the event holds at most one of them.
    expect(
      decideWith(contactWith([at('2026-07-06T10:00:00Z'), at('2026-07-13T10:00:00.002Z')])).outcome,
    ).toBe('emitted');
  });

  it('honours a configured cap', () => {
    const strict: Policy = { ...DEFAULT_POLICY, frequencyCap: { maxOffers: 1, windowDays: 30 } };
    expect(decideWith(contactWith([at('2026-06-15T10:00:00Z')]), strict).reasons).toEqual([
      'frequency_capped',
    ]);
    expect(decideWith(contactWith([at('2026-06-09T10:00:00Z')]), strict).outcome).toBe('emitted');
  });

  it('does not repeat an offer within its cooldown (180 days for the child savings account)', () => {
    const previous = (iso: string) => contactWith([at(iso, 'child-savings-account')]);
    expect(decideWith(previous('2026-01-11T10:00:00Z')).reasons).toEqual(['frequency_capped']); // 180 days
    expect(decideWith(previous('2026-01-11T09:59:59.999Z')).outcome).toBe('emitted'); // just over
  });

  it('honours cooldownUntil for that offer, strictly after the event', () => {
    expect(
      decideWith(contactWith([], { 'child-savings-account': '2026-07-10T10:00:00.001Z' })).reasons,
    ).toEqual(['frequency_capped']);
    expect(decideWith(contactWith([], { 'child-savings-account': '2026-07-10T10:00:00Z' })).outcome).toBe(
      'emitted',
    );
    expect(decideWith(contactWith([], { 'savings-account': '2027-01-01T00:00:00Z' })).outcome).toBe(
      'emitted',
    );
  });

  it('counts an offer emitted earlier in the same event, and in earlier events threaded through', () => {
    // Two offers per payment allowed: the second-ranked must still fit the cap next to the first.
    const twoPerEvent: Policy = {
      ...DEFAULT_POLICY,
      arbitration: { ...DEFAULT_POLICY.arbitration, maxOffersPerEvent: 2 },
    };
    const oneBefore = contactWith([at('2026-07-08T10:00:00Z')]);
    const bigTicket = event({
      occurredAt,
      type: 'card_payment',
      amount: { minor: 250_000, currency: 'EUR' },
      merchant: { name: 'KLM', mcc: '3008', country: 'NL' },
    });
    const result = run({ event: bigTicket, contact: oneBefore, policy: twoPerEvent });
    // The seed ranks travel insurance (200) above credit (-100); decisions stay in trigger-id order.
    expect(result.decisions.map((d) => [d.triggerId, d.outcome, d.reasons])).toEqual([
      ['large-purchase-credit-card', 'suppressed', ['arbitration_lost']],
      ['ticket-travel-insurance', 'emitted', []],
    ]);
    // It passed the contact policy alone (one emission before it): it lost the slot, not the gate.
    expect(result.decisions[0]?.gates?.find((g) => g.gate === 'contact_policy')?.passed).toBe(true);
    expect(result.decisions[0]?.winningDecisionId).toBe(result.decisions[1]?.decisionId);
    expect(result.offers).toHaveLength(1);

    const next = run({
      event: studentFinance({ eventId: 'evt-2', occurredAt }),
      contact: result.contact,
      policy: twoPerEvent,
    });
    expect(only(next).reasons).toEqual(['frequency_capped']);
  });

  it('never emits the same offer twice for one event, even without a cooldown', () => {
    const catalog = catalogWith((input) => {
      const offers = (input.offers as { offers: Array<Record<string, unknown>> }).offers;
      for (const offer of offers) offer.cooldownDays = 0;
      const original = input.triggers.find((t) => t.file.includes('child-benefit'));
      if (original === undefined) throw new Error('seed changed');
      const twin = { ...original.content, id: 'child-benefit-twin' };
      input.triggers.push({ file: 'catalog/triggers/child-benefit-twin.json', content: twin });
    });
    const twoPerEvent: Policy = {
      ...DEFAULT_POLICY,
      arbitration: { ...DEFAULT_POLICY.arbitration, maxOffersPerEvent: 2 },
    };
    const result = run({ event: kb, catalog, policy: twoPerEvent });
    expect(result.decisions.map((d) => d.outcome)).toEqual(['emitted', 'suppressed']);
    expect(result.decisions[1]?.reasons).toEqual(['arbitration_lost']);
    expect(result.offers).toHaveLength(1);
  });

  it('still records every other failing gate of a capped decision', () => {
    const full = contactWith([at('2026-07-09T10:00:00Z'), at('2026-07-08T10:00:00Z')]);
    const decision = only(
      run({ event: kb, contact: full, customer: customer({ consents: [], flags: ['deceased'] }) }),
    );
    expect(decision.reasons).toEqual(['customer_excluded', 'frequency_capped', 'no_consent']);
  });
});

describe('every combination of failing gates is recorded', () => {
  const gateReasons: Array<[string, Reason]> = [
    ['consent', 'no_consent'],
    ['objection', 'objected'],
    ['customer_exclusion', 'customer_excluded'],
    ['suitability', 'unsuitable'],
    ['contact_policy', 'frequency_capped'],
    ['active_offers', 'active_offer_limit'],
    ['dismissal_pause', 'repeated_dismissals'],
  ];
  const day = 86_400_000;
  const ago = (days: number) => new Date(NOW.getTime() - days * day).toISOString();

  it.each(Array.from({ length: 1 << gateReasons.length }, (_, mask) => mask))(
    'failing gates mask %i',
    (mask) => {
      const fails = (i: number) => (mask & (1 << i)) !== 0;
      const consents = [
        ...(fails(0) ? [] : [consent('granted')]),
        ...(fails(1) ? [consent('objected', undefined, 'direct-marketing')] : []),
      ];
      const flags: CustomerState['flags'] = [
        ...(fails(2) ? (['vulnerable'] as const) : []),
        ...(fails(3) ? (['financial-difficulty'] as const) : []),
      ];
      const emissions = [
        // Capped on event time (the payment is of 2026-07-03), but no longer active (clicked).
        ...(fails(4)
          ? [
              { offerId: 'savings-account', at: '2026-07-01T10:00:00Z', endedAt: '2026-07-01T10:00:00Z' },
              { offerId: 'student-account', at: '2026-07-02T10:00:00Z', endedAt: '2026-07-02T10:00:00Z' },
            ]
          : []),
        // Active now, but outside every cap window and cooldown of the credit card.
        ...(fails(5)
          ? ['savings-account', 'student-account'].map((offerId) => ({
              offerId,
              at: '2026-06-01T10:00:00Z',
              decidedAt: ago(8),
              expiresAt: ago(-10),
            }))
          : []),
      ];
      const contact = {
        ...contactWith(emissions),
        ...(fails(6) ? { dismissals: [ago(3), ago(2), ago(1)] } : {}),
      };
      const decision = only(
        run({ event: largePurchase(), customer: customer({ consents, flags }), contact }),
      );
      const expected = gateReasons
        .filter((_, i) => fails(i))
        .map(([, reason]) => reason)
        .sort();
      expect(decision.reasons).toEqual(expected);
      expect(decision.outcome).toBe(mask === 0 ? 'emitted' : 'suppressed');
      // Only a trigger that passed every gate reaches arbitration (alone, it wins).
      expect(decision.gates?.map((g) => [g.gate, g.passed])).toEqual([
        ...gateReasons.map(([gate], i) => [gate, !fails(i)]),
        ...(mask === 0 ? [['arbitration', true]] : []),
      ]);
      expect(
        decision.gates
          ?.filter((g) => !g.passed)
          .map((g) => g.reason)
          .sort(),
      ).toEqual(expected);
    },
  );
});

describe('ids and rejected messages', () => {
  it('derives decision ids deterministically from event, trigger and version', () => {
    const id = decisionIdFor('evt-1');
    expect(id).toMatch(/^d_[0-9a-f]{32}$/);
    expect(decisionIdFor('evt-1')).toBe(id);
    expect(decisionIdFor('evt-2')).not.toBe(id);
    expect(decisionIdFor('evt-1', 't', 1)).not.toBe(decisionIdFor('evt-1', 't', 2));
    expect(decisionIdFor('evt-1', 't', 1)).not.toBe(id);
    // Unambiguous whatever the ids contain.
    expect(decisionIdFor('a|1:b', 'c', 1)).not.toBe(decisionIdFor('a', '1:b|c', 1));
  });

  it('builds a rejected decision keyed by the event id when there is one', () => {
    const decision = rejectedDecision({
      eventId: 'evt-9',
      customerId: 'c-9',
      messageId: 'm-1',
      problems: [{ field: 'merchant.mcc', expected: '4 digits (ISO 18245 merchant category code)' }],
      policyVersion: 'p',
      now: NOW,
    });
    expect(decision).toEqual({
      decisionId: decisionIdFor('evt-9'),
      eventId: 'evt-9',
      customerId: 'c-9',
      messageId: 'm-1',
      outcome: 'rejected',
      reasons: ['invalid_event'],
      decidedAt: NOW.toISOString(),
      policyVersion: 'p',
      problems: [{ field: 'merchant.mcc', expected: '4 digits (ISO 18245 merchant category code)' }],
    });
    expect(DecisionSchema.parse(decision)).toEqual(decision);
  });

  it('keys a rejected message without an event id by its message id, and omits absent ids', () => {
    const decision = rejectedDecision({ messageId: 'm-1', problems: [], policyVersion: 'p', now: NOW });
    expect(decision.decisionId).toMatch(/^d_[0-9a-f]{32}$/);
    expect(decision.decisionId).not.toBe(decisionIdFor('m-1'));
    expect(Object.keys(decision)).not.toContain('eventId');
    expect(Object.keys(decision)).not.toContain('customerId');
  });

  it('refuses customer or contact state of another customer', () => {
    const other = customer({ customerId: 'c-2' });
    expect(() => run({ event: atmAbroad(), customer: other })).toThrow(CustomerMismatchError);
    expect(() => run({ event: atmAbroad(), contact: emptyContactState('c-2') })).toThrow(
      CustomerMismatchError,
    );
  });

  it('never leaves a key with an undefined value (DynamoDB marshalling rejects them)', () => {
    const results = [
      run({ event: atmAbroad(), customer: europeOnly() }),
      run({ event: salaryHighBalance(), customer: undefined }),
      run({ event: groceries() }),
      run({
        event: event({
          type: 'card_payment',
          amount: { minor: 1, currency: 'EUR' },
          merchant: { name: 'X', mcc: '8062', country: 'NL' },
        }),
      }),
    ];
    for (const result of results) {
      for (const record of [...result.decisions, ...result.offers]) {
        for (const [key, value] of Object.entries(record)) expect(value, key).not.toBeUndefined();
      }
    }
  });
});

function catalogWith(
  mutate: (input: {
    catalog: unknown;
    offers: unknown;
    regions: unknown;
    triggers: Array<{ file: string; content: Record<string, unknown> }>;
  }) => void,
): Catalog {
  const input = JSON.parse(JSON.stringify(SEED_CATALOG_INPUT));
  mutate(input);
  const result = parseCatalog(input);
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.catalog;
}

it('the run() helper of these tests is plain decide() with defaults', () => {
  const direct = decide({
    event: groceries(),
    customer: customer(),
    contact: emptyContactState('c-1'),
    catalog: seedCatalog(),
    policy: DEFAULT_POLICY,
    now: NOW,
  });
  expect(direct).toEqual(run({ event: groceries() }));
});

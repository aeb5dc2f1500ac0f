import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seedCatalog } from '#core/catalog/seed.js';
import type { ContactState } from '#core/contact-policy.js';
import {
  CONSENT_PURPOSES,
  CONSENT_STATUSES,
  type ConsentRecord,
  CUSTOMER_FLAGS,
  type CustomerState,
} from '#core/customer.js';
import { decide } from '#core/decide.js';
import { decisionIdFor } from '#core/decision.js';
import { type PaymentEvent, PaymentEventSchema } from '#core/payment-event.js';
import { DEFAULT_POLICY, type Policy, policyVersion } from '#core/policy.js';
import { SENSITIVE_COUNTERPARTY_RULES } from '#data/sensitive-counterparties.js';
import { SENSITIVE_MCCS } from '#data/sensitive-mcc.js';

/**
 * Properties of the decision core over generated inputs. Identifiers are generated from the letters
 * q, x, z and "-" only, and payment details from disjoint alphabets (upper-case markers, 7-digit
 * amounts, digits for codes), so "the output contains none of the payment's values" is a test that
 * can fail only for a real leak, never by coincidence.
 */

const catalog = seedCatalog();
const OPT_OUT: Policy = { ...DEFAULT_POLICY, consentRegime: 'opt-out' };
const OFFER_IDS = [...catalog.offers.keys()];
/** The catalog's products plus codes it does not know: a bank has more products than offers. */
const HELD_CODES = [...catalog.products.keys(), 'pension', 'mortgage-loan'];

const id = fc.string({ unit: fc.constantFrom('q', 'x', 'z', '-'), minLength: 1, maxLength: 24 });
const marker = (prefix: string) =>
  fc
    .string({ unit: fc.constantFrom(...'ABCDEFGHJKMNPRSTUVWY'), minLength: 4, maxLength: 12 })
    .map((s) => `${prefix}${s}`);
const bigAmount = fc.integer({ min: 1_000_000, max: 9_999_999_999 });
const currency = fc.constantFrom('EUR', 'USD', 'GBP', 'CHF', 'THB');
const country = fc.constantFrom('NL', 'US', 'TH', 'FR', 'GB', 'JP', 'BR', 'TZ');
const instant = (from: string, to: string) =>
  fc.date({ min: new Date(from), max: new Date(to), noInvalidDate: true }).map((d) => d.toISOString());
const policy = fc.constantFrom(DEFAULT_POLICY, OPT_OUT);

const consentRecord = (purposes: readonly ConsentRecord['purpose'][] = CONSENT_PURPOSES) =>
  fc.record({
    purpose: fc.constantFrom(...purposes),
    status: fc.constantFrom(...CONSENT_STATUSES),
    at: instant('2024-01-01T00:00:00Z', '2026-05-31T23:59:59Z'),
    source: fc.constant('app-privacy-settings'),
    noticeVersion: fc.constant('2026-01'),
  });

const customerWith = (consents: fc.Arbitrary<ConsentRecord[]>): fc.Arbitrary<CustomerState> =>
  fc.record(
    {
      customerId: fc.constant('placeholder'),
      birthDate: fc
        .date({ min: new Date('1940-01-01'), max: new Date('2020-12-31'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10)),
      holdings: fc.subarray(HELD_CODES),
      flags: fc.subarray([...CUSTOMER_FLAGS]),
      consents,
    },
    { requiredKeys: ['customerId', 'holdings', 'flags', 'consents'] },
  );

const anyCustomer = customerWith(fc.array(consentRecord(), { maxLength: 4 }));

const contactFor = (customerId: string): fc.Arbitrary<ContactState> =>
  fc.record({
    customerId: fc.constant(customerId),
    version: fc.nat({ max: 50 }),
    emissions: fc.array(
      fc.record({
        offerId: fc.constantFrom(...OFFER_IDS),
        at: instant('2026-06-01T00:00:00Z', '2026-07-31T00:00:00Z'),
      }),
      { maxLength: 4 },
    ),
    cooldownUntil: fc.dictionary(
      fc.constantFrom(...OFFER_IDS),
      instant('2026-06-01T00:00:00Z', '2026-12-31T00:00:00Z'),
      {
        maxKeys: 2,
      },
    ),
  });

/** An event, a customer and contact state for that event's customer, and a policy. */
function scenario(events: fc.Arbitrary<PaymentEvent>, customers: fc.Arbitrary<CustomerState> = anyCustomer) {
  return fc.tuple(events, customers, policy, fc.boolean()).chain(([event, customer, chosenPolicy, known]) =>
    contactFor(event.customerId).map((contact) => ({
      event,
      customer: known ? { ...customer, customerId: event.customerId } : undefined,
      contact,
      policy: chosenPolicy,
    })),
  );
}

const parsed = (value: unknown): PaymentEvent => PaymentEventSchema.parse(value);
const occurredAt = instant('2026-07-02T00:00:00Z', '2026-07-31T00:00:00Z');
// Within the stale horizon of every generated occurredAt.
const NOW = new Date('2026-07-31T12:00:00Z');

const sensitiveCardEvent = fc
  .record(
    {
      eventId: id,
      customerId: id,
      occurredAt,
      type: fc.constantFrom('card_payment', 'atm_withdrawal'),
      amount: fc.record({ minor: bigAmount, currency }),
      merchant: fc.record(
        {
          name: marker('MRK'),
          mcc: fc.constantFrom(...SENSITIVE_MCCS.map((entry) => entry.mcc)),
          country,
          city: marker('CTY'),
        },
        { requiredKeys: ['name', 'mcc', 'country'] },
      ),
      counterparty: fc.record({ name: marker('CPN'), reference: marker('REF') }, { requiredKeys: ['name'] }),
      balanceAfter: fc.record({ minor: bigAmount, currency }),
    },
    { requiredKeys: ['eventId', 'customerId', 'occurredAt', 'type', 'amount', 'merchant'] },
  )
  .map(parsed);

const sensitiveNames = SENSITIVE_COUNTERPARTY_RULES.flatMap((rule) =>
  (rule.fields ?? ['name', 'reference']).includes('name') ? rule.examples : [],
);

const sensitiveTransfer = fc
  .record(
    {
      eventId: id,
      customerId: id,
      occurredAt,
      type: fc.constantFrom('transfer_in', 'transfer_out', 'direct_debit'),
      amount: fc.record({ minor: bigAmount, currency }),
      counterparty: fc.record(
        { name: fc.constantFrom(...sensitiveNames), reference: marker('REF') },
        { requiredKeys: ['name'] },
      ),
      balanceAfter: fc.record({ minor: bigAmount, currency }),
    },
    { requiredKeys: ['eventId', 'customerId', 'occurredAt', 'type', 'amount', 'counterparty'] },
  )
  .map(parsed);

/** Every value of the payment that must not survive a sensitive screen. */
function paymentValues(event: PaymentEvent): string[] {
  const values = [String(event.amount.minor), event.amount.currency];
  if (event.merchant) {
    values.push(event.merchant.name, event.merchant.mcc, event.merchant.country, event.merchant.city ?? '');
  }
  if (event.counterparty)
    values.push(event.counterparty.name, event.counterparty.reference ?? '', event.counterparty.iban ?? '');
  if (event.balanceAfter) values.push(String(event.balanceAfter.minor));
  return values.filter((value) => value !== '');
}

const SENSITIVE_KEYS = [
  'customerId',
  'decidedAt',
  'decisionId',
  'eventId',
  'outcome',
  'policyVersion',
  'reasons',
];

describe('property: a sensitive payment yields sensitive_category and nothing else', () => {
  const check = (events: fc.Arbitrary<PaymentEvent>) =>
    fc.assert(
      fc.property(scenario(events), ({ event, customer, contact, policy: chosen }) => {
        const result = decide({ event, customer, contact, catalog, policy: chosen, now: NOW });
        expect(result.decisions).toHaveLength(1);
        expect(result.offers).toEqual([]);
        expect(result.contact).toBe(contact);
        const [decision] = result.decisions;
        expect(Object.keys(decision ?? {}).sort()).toEqual(SENSITIVE_KEYS);
        expect(decision).toMatchObject({
          outcome: 'suppressed',
          reasons: ['sensitive_category'],
          decisionId: decisionIdFor(event.eventId),
          decidedAt: NOW.toISOString(),
          policyVersion: policyVersion(chosen, catalog),
        });
        // With the derived fields checked above, what is left may only be ids, outcome and reasons.
        const { decisionId: _id, decidedAt: _at, policyVersion: _pv, ...rest } = decision ?? {};
        const text = JSON.stringify(rest);
        for (const value of paymentValues(event)) expect(text).not.toContain(value);
      }),
      { numRuns: 300 },
    );

  it('for every sensitive merchant category code', () => {
    check(sensitiveCardEvent);
  });

  it('for transfers to and from sensitive counterparties', () => {
    check(sensitiveTransfer);
  });
});

// --- Events that match seed triggers, for the consent and determinism properties. ---------------

const matchingEvent = fc
  .record({
    eventId: id,
    customerId: id,
    occurredAt,
    template: fc.constantFrom('abroad', 'child', 'ticket', 'student', 'balance', 'purchase'),
    amount: fc.integer({ min: 100_000, max: 900_000 }),
    country: fc.constantFrom('US', 'TH', 'JP', 'BR'),
    mcc: fc.constantFrom('3000', '3100', '3350', '4511', '4722'),
  })
  .map(({ template, amount, country: where, mcc, ...ids }) => {
    const eur = { minor: amount, currency: 'EUR' };
    const base = { ...ids, amount: eur };
    switch (template) {
      case 'abroad':
        return parsed({
          ...base,
          type: 'atm_withdrawal',
          merchant: { name: 'ATM', mcc: '6011', country: where },
        });
      case 'child':
        return parsed({
          ...base,
          type: 'transfer_in',
          counterparty: { name: 'Sociale Verzekeringsbank', reference: 'Kinderbijslag' },
        });
      case 'ticket':
        return parsed({
          ...base,
          type: 'card_payment',
          amount: { minor: 50_000, currency: 'EUR' },
          merchant: { name: 'Air', mcc, country: 'NL' },
        });
      case 'student':
        return parsed({ ...base, type: 'transfer_in', counterparty: { name: 'DUO' } });
      case 'balance':
        return parsed({
          ...base,
          type: 'transfer_in',
          counterparty: { name: 'Werkgever' },
          balanceAfter: { minor: amount * 30, currency: 'EUR' },
        });
      default:
        return parsed({
          ...base,
          type: 'card_payment',
          merchant: { name: 'Shop', mcc: '5732', country: 'NL' },
        });
    }
  });

const consentRecordFixed: ConsentRecord = {
  purpose: 'transaction-offers',
  status: 'withdrawn',
  at: '2026-06-30T00:00:00Z', // later than every generated record
  source: 'app-privacy-settings',
  noticeVersion: '2026-01',
};

/** Consents whose latest transaction-offers record is not a grant (or that have none at all). */
const noGrantedConsent = fc
  .tuple(
    fc.array(consentRecord(['direct-marketing']), { maxLength: 2 }),
    fc.array(consentRecord(['transaction-offers']), { maxLength: 3 }),
    fc.option(fc.constantFrom<ConsentRecord['status']>('withdrawn', 'objected'), { nil: undefined }),
  )
  .map(([marketing, offers, last]) => {
    const tx = last === undefined ? [] : [...offers, { ...consentRecordFixed, status: last }];
    return [...marketing, ...tx];
  });

describe('property: opt-in by default', () => {
  it('a customer without a granted transaction-offers consent never gets an offer', () => {
    let matched = 0;
    fc.assert(
      fc.property(matchingEvent, customerWith(noGrantedConsent), fc.boolean(), (event, generated, known) => {
        const customer = known ? { ...generated, customerId: event.customerId } : undefined;
        const contact = { customerId: event.customerId, version: 0, emissions: [], cooldownUntil: {} };
        const result = decide({ event, customer, contact, catalog, policy: DEFAULT_POLICY, now: NOW });
        expect(result.offers).toEqual([]);
        for (const decision of result.decisions) {
          expect(decision.outcome).not.toBe('emitted');
          if (decision.outcome === 'suppressed') {
            matched++;
            expect(decision.reasons).toContain('no_consent');
            expect(decision.consentRegime).toBe('opt-in');
          }
        }
      }),
      { numRuns: 500 },
    );
    // The property is only worth something if triggers actually matched.
    expect(matched).toBeGreaterThan(100);
  });
});

describe('property: determinism', () => {
  const mixed = fc.oneof(matchingEvent, sensitiveCardEvent, sensitiveTransfer);

  it('the same input gives deep-equal output with the same ids', () => {
    fc.assert(
      fc.property(scenario(mixed), (input) => {
        // Fresh copies of the data each time; the policy holds compiled matchers and is shared.
        const copy = () => ({
          event: structuredClone(input.event),
          customer: structuredClone(input.customer),
          contact: structuredClone(input.contact),
          catalog,
          policy: input.policy,
          now: new Date(NOW),
        });
        const first = decide(copy());
        const second = decide(copy());
        expect(second).toEqual(first);
        expect(second.decisions.map((d) => d.decisionId)).toEqual(first.decisions.map((d) => d.decisionId));
        for (const decision of first.decisions) {
          expect(decision.reasons).toEqual([...new Set(decision.reasons)].sort());
          if (decision.triggerId !== undefined) {
            expect(decision.decisionId).toBe(
              decisionIdFor(decision.eventId ?? '', decision.triggerId, decision.triggerVersion),
            );
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

import { describe, expect, it } from 'vitest';
import { triggerPriority } from '#core/catalog/catalog.js';
import { seedCatalog } from '#core/catalog/seed.js';
import type { CustomerState } from '#core/customer.js';
import type { PaymentEvent } from '#core/payment-event.js';
import {
  atmAbroad,
  childBenefit,
  customer,
  event,
  largePurchase,
  run,
  salaryHighBalance,
  studentFinance,
  ticket,
} from '#test/support/decide.js';

/** The trigger ids that emitted for an event and a consenting adult customer. */
function emittedTriggers(e: PaymentEvent, c: CustomerState = customer()): string[] {
  return run({ event: e, customer: c })
    .decisions.filter((d) => d.outcome === 'emitted')
    .map((d) => d.triggerId ?? '');
}

const holding = (...holdings: CustomerState['holdings']) => customer({ holdings });

describe('card-abroad-worldwide-cover', () => {
  const europeOnly = holding('current-account', 'travel-insurance-europe');

  it('fires for an ATM withdrawal or card payment outside the European cover area', () => {
    expect(emittedTriggers(atmAbroad(), europeOnly)).toEqual(['card-abroad-worldwide-cover']);
    const card = event({
      type: 'card_payment',
      amount: { minor: 5_000, currency: 'THB' },
      merchant: { name: 'Night Market', mcc: '5812', country: 'TH' },
    });
    expect(emittedTriggers(card, europeOnly)).toEqual(['card-abroad-worldwide-cover']);
  });

  it('does not fire inside the area, without European cover, or with worldwide cover', () => {
    const inFrance = atmAbroad({ merchant: { name: 'BNP', mcc: '6011', country: 'FR' } });
    expect(emittedTriggers(inFrance, europeOnly)).toEqual([]);
    expect(
      emittedTriggers(atmAbroad({ merchant: { name: 'ATM', mcc: '6011', country: 'GB' } }), europeOnly),
    ).toEqual([]);
    expect(emittedTriggers(atmAbroad(), holding('current-account'))).toEqual([]);
    expect(
      emittedTriggers(atmAbroad(), holding('travel-insurance-europe', 'travel-insurance-worldwide')),
    ).toEqual([]);
  });
});

describe('child-benefit-child-account', () => {
  it('fires for child benefit from the SVB', () => {
    expect(emittedTriggers(childBenefit())).toEqual(['child-benefit-child-account']);
    const short = childBenefit({ counterparty: { name: 'SVB', reference: 'KINDERBIJSLAG Q3' } });
    expect(emittedTriggers(short)).toEqual(['child-benefit-child-account']);
  });

  it('does not fire for other SVB payments, other payers, or a customer with a child savings account', () => {
    expect(
      emittedTriggers(
        childBenefit({ counterparty: { name: 'Sociale Verzekeringsbank', reference: 'AOW juli' } }),
      ),
    ).toEqual([]);
    expect(
      emittedTriggers(childBenefit({ counterparty: { name: 'Oma', reference: 'kinderbijslag' } })),
    ).toEqual([]);
    expect(emittedTriggers(childBenefit(), holding('child-savings-account'))).toEqual([]);
  });
});

describe('ticket-travel-insurance', () => {
  it('fires at airlines (3000–3350, 4511) and travel agencies (4722)', () => {
    for (const mcc of ['3000', '3008', '3350', '4511', '4722']) {
      expect(emittedTriggers(ticket({ merchant: { name: 'Airline', mcc, country: 'NL' } })), mcc).toEqual([
        'ticket-travel-insurance',
      ]);
    }
  });

  it('does not fire next to the range, or for a customer with any travel insurance', () => {
    for (const mcc of ['2999', '3351', '4512', '4723']) {
      expect(emittedTriggers(ticket({ merchant: { name: 'X', mcc, country: 'NL' } })), mcc).toEqual([]);
    }
    expect(emittedTriggers(ticket(), holding('travel-insurance-europe'))).toEqual([]);
    expect(emittedTriggers(ticket(), holding('travel-insurance-worldwide'))).toEqual([]);
  });
});

describe('student-finance-student-account', () => {
  it('fires for student finance from DUO', () => {
    expect(emittedTriggers(studentFinance())).toEqual(['student-finance-student-account']);
    const full = studentFinance({ counterparty: { name: 'Dienst Uitvoering Onderwijs' } });
    expect(emittedTriggers(full)).toEqual(['student-finance-student-account']);
  });

  it('does not fire for look-alike payers or a customer with a student account', () => {
    expect(emittedTriggers(studentFinance({ counterparty: { name: 'Duo Fitness BV' } }))).toEqual([]);
    expect(emittedTriggers(studentFinance(), holding('student-account'))).toEqual([]);
  });
});

describe('high-balance-savings', () => {
  it('fires at a balance of EUR 25,000 or more, after any kind of payment', () => {
    expect(
      emittedTriggers(salaryHighBalance({ balanceAfter: { minor: 2_500_000, currency: 'EUR' } })),
    ).toEqual(['high-balance-savings']);
    const debit = event({
      type: 'direct_debit',
      amount: { minor: 1_000, currency: 'EUR' },
      counterparty: { name: 'Energie BV' },
      balanceAfter: { minor: 4_000_000, currency: 'EUR' },
    });
    expect(emittedTriggers(debit)).toEqual(['high-balance-savings']);
  });

  it('does not fire below the threshold, for other currencies, or for a customer with savings', () => {
    expect(
      emittedTriggers(salaryHighBalance({ balanceAfter: { minor: 2_499_999, currency: 'EUR' } })),
    ).toEqual([]);
    expect(
      emittedTriggers(salaryHighBalance({ balanceAfter: { minor: 9_000_000, currency: 'USD' } })),
    ).toEqual([]);
    expect(emittedTriggers(salaryHighBalance(), holding('savings-account'))).toEqual([]);
  });
});

describe('large-purchase-credit-card', () => {
  it('fires for a card payment of EUR 1,000 or more', () => {
    expect(emittedTriggers(largePurchase({ amount: { minor: 100_000, currency: 'EUR' } }))).toEqual([
      'large-purchase-credit-card',
    ]);
  });

  it('does not fire below EUR 1,000, for other currencies, or for a customer with a credit card', () => {
    expect(emittedTriggers(largePurchase({ amount: { minor: 99_999, currency: 'EUR' } }))).toEqual([]);
    expect(emittedTriggers(largePurchase({ amount: { minor: 500_000, currency: 'USD' } }))).toEqual([]);
    expect(emittedTriggers(largePurchase(), holding('credit-card'))).toEqual([]);
  });

  it('emits an offer carrying the credit warning', () => {
    const result = run({ event: largePurchase() });
    expect(result.offers).toHaveLength(1);
    expect(result.offers[0]?.disclosures).toContain('Let op! Geld lenen kost geld');
  });
});

describe('several triggers on one event', () => {
  it('decides each matched trigger, in trigger-id order; one offer per payment, the highest priority', () => {
    const bigTicket = ticket({ amount: { minor: 250_000, currency: 'EUR' } });
    const result = run({ event: bigTicket });
    expect(result.decisions.map((d) => d.triggerId)).toEqual([
      'large-purchase-credit-card',
      'ticket-travel-insurance',
    ]);
    // Whatever priorities the seed gives them: the higher wins, a tie goes to the lower trigger id.
    const priorityOf = (id: string) => triggerPriority(seedCatalog().triggers.find((t) => t.id === id) ?? {});
    const winner =
      priorityOf('ticket-travel-insurance') > priorityOf('large-purchase-credit-card')
        ? 'ticket-travel-insurance'
        : 'large-purchase-credit-card';
    const won = result.decisions.find((d) => d.triggerId === winner);
    const lost = result.decisions.find((d) => d.triggerId !== winner);
    expect(won?.outcome).toBe('emitted');
    expect(lost).toMatchObject({
      outcome: 'suppressed',
      reasons: ['arbitration_lost'],
      winningDecisionId: won?.decisionId,
    });
    expect(result.offers.map((o) => o.triggerId)).toEqual([winner]);
  });
});

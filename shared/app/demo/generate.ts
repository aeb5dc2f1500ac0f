import type { CustomerState } from '#core/customer.js';
import { Random } from './random.js';
import {
  ABROAD,
  AIRLINES,
  EUROPE,
  EVERYDAY,
  KINDS,
  type Kind,
  SENSITIVE_COUNTERPARTIES,
  SENSITIVE_MERCHANTS,
} from './samples.js';

/**
 * The demo population and payment stream `npm start` replays: synthetic, deterministic (seeded), with the
 * mix a bank would see — travel abroad, child benefit, tickets, student finance, large purchases, high
 * balances, everyday spending, sensitive merchants and counterparties, malformed messages and redeliveries.
 */

export interface DemoOptions {
  readonly customers: number;
  readonly events: number;
  readonly seed: number;
}

export const DEMO_DEFAULTS: DemoOptions = { customers: 1_200, events: 12_000, seed: 20_261_121 };

type Holding = CustomerState['holdings'][number];
type Flag = CustomerState['flags'][number];

const pad = (n: number, width: number) => String(n).padStart(width, '0');

export function demoCustomerId(i: number): string {
  return `c-${pad(i + 1, 5)}`;
}

export function generateCustomers(options: Pick<DemoOptions, 'customers' | 'seed'>): CustomerState[] {
  const rnd = new Random(options.seed);
  const customers: CustomerState[] = [];
  for (let i = 0; i < options.customers; i++) {
    const minor = rnd.chance(0.05);
    const year = minor ? rnd.int(2009, 2014) : rnd.int(1945, 2006);
    const holdings: Holding[] = ['current-account'];
    const travel = rnd.weighted<Holding | null>([
      ['travel-insurance-europe', 45],
      ['travel-insurance-worldwide', 12],
      [null, 43],
    ]);
    if (travel) holdings.push(travel);
    if (rnd.chance(0.1)) holdings.push('child-savings-account');
    if (rnd.chance(0.08)) holdings.push('student-account');
    if (rnd.chance(0.3)) holdings.push('savings-account');
    if (!minor && rnd.chance(0.25)) holdings.push('credit-card');
    const flags: Flag[] = [];
    if (rnd.chance(0.05)) flags.push('financial-difficulty');
    if (rnd.chance(0.01)) flags.push('fraud-register');
    if (rnd.chance(0.005)) flags.push('deceased');
    if (rnd.chance(0.02)) flags.push('vulnerable');
    const consents: CustomerState['consents'] = [];
    const offers = rnd.weighted<'granted' | 'withdrawn' | null>([
      ['granted', 55],
      ['withdrawn', 10],
      [null, 35],
    ]);
    if (offers) {
      consents.push({
        purpose: 'transaction-offers',
        status: offers,
        at: `2026-0${rnd.int(1, 5)}-${pad(rnd.int(1, 28), 2)}T10:00:00Z`,
        source: 'app-privacy-settings',
        noticeVersion: '2026-01',
      });
    }
    if (rnd.chance(0.05)) {
      consents.push({
        purpose: 'direct-marketing',
        status: 'objected',
        at: '2026-02-01T09:00:00Z',
        source: 'customer-service-call',
        noticeVersion: '2026-01',
      });
    }
    customers.push({
      customerId: demoCustomerId(i),
      birthDate: `${year}-${pad(rnd.int(1, 12), 2)}-${pad(rnd.int(1, 28), 2)}`,
      holdings,
      flags,
      consents,
    });
  }
  return customers;
}

function timestamp(rnd: Random, index: number, total: number): string {
  // Spread over summer 2026 in event order, so contact-policy windows come into play.
  const start = Date.parse('2026-06-01T06:00:00+02:00');
  const span = 92 * 86_400_000;
  const at = new Date(start + Math.floor((index / total) * span) + rnd.int(0, 3_600_000));
  return `${at.toISOString().slice(0, 19)}+00:00`;
}

const eur = (minor: number) => ({ minor, currency: 'EUR' });

/** One JSON line per message; malformed lines are deliberately so, redeliveries repeat an earlier line. */
export function generateEvents(options: DemoOptions): string[] {
  const rnd = new Random(options.seed ^ 0x5eed);
  const lines: string[] = [];
  for (let i = 0; i < options.events; i++) {
    const kind = rnd.weighted(KINDS);
    const base = {
      eventId: `evt-${pad(i + 1, 6)}`,
      occurredAt: timestamp(rnd, i, options.events),
      customerId: demoCustomerId(rnd.int(0, options.customers - 1)),
    };
    const previous = lines.length > 0 ? lines[rnd.int(0, lines.length - 1)] : undefined;
    if (kind === 'redelivery' && previous !== undefined) {
      lines.push(previous);
      continue;
    }
    if (kind === 'malformed' && rnd.chance(0.2)) {
      lines.push(`{"eventId":"${base.eventId}","type":"card_payment",`); // truncated: not JSON at all
      continue;
    }
    lines.push(JSON.stringify(eventOf(kind === 'redelivery' ? 'everyday' : kind, base, rnd)));
  }
  return lines;
}

function eventOf(kind: Exclude<Kind, 'redelivery'>, base: Record<string, string>, rnd: Random): unknown {
  switch (kind) {
    case 'abroad':
    case 'atm-abroad': {
      const [country, city, currency] = rnd.pick(ABROAD);
      const atm = kind === 'atm-abroad';
      return {
        ...base,
        type: atm ? 'atm_withdrawal' : 'card_payment',
        amount: { minor: rnd.int(1_000, 40_000), currency },
        merchant: { name: atm ? 'Bank ATM' : 'Local Store', mcc: atm ? '6011' : '5812', country, city },
      };
    }
    case 'europe': {
      const [country, city] = rnd.pick(EUROPE);
      return {
        ...base,
        type: 'card_payment',
        amount: eur(rnd.int(500, 20_000)),
        merchant: { name: 'Café', mcc: '5812', country, city },
      };
    }
    case 'everyday': {
      const [name, mcc] = rnd.pick(EVERYDAY);
      return {
        ...base,
        type: 'card_payment',
        amount: eur(rnd.int(100, 15_000)),
        merchant: { name, mcc, country: 'NL' },
      };
    }
    case 'child-benefit':
      return {
        ...base,
        type: 'transfer_in',
        amount: eur(rnd.int(27_000, 40_000)),
        counterparty: { name: 'Sociale Verzekeringsbank', reference: `Kinderbijslag 3e kwartaal 2026` },
      };
    case 'student-finance':
      return {
        ...base,
        type: 'transfer_in',
        amount: eur(rnd.int(30_000, 110_000)),
        counterparty: { name: 'DUO', reference: 'Studiefinanciering juli 2026' },
      };
    case 'ticket': {
      const [name, mcc] = rnd.pick(AIRLINES);
      return {
        ...base,
        type: 'card_payment',
        amount: eur(rnd.int(8_000, 120_000)),
        merchant: { name, mcc, country: 'NL' },
      };
    }
    case 'large-purchase':
      return {
        ...base,
        type: 'card_payment',
        amount: eur(rnd.int(100_000, 350_000)),
        merchant: { name: 'Coolblue', mcc: '5732', country: 'NL', city: 'Rotterdam' },
      };
    case 'salary-high-balance':
      return {
        ...base,
        type: 'transfer_in',
        amount: eur(rnd.int(250_000, 600_000)),
        counterparty: { name: 'Werkgever BV', reference: 'Salaris' },
        balanceAfter: eur(rnd.int(1_000_000, 6_000_000)),
      };
    case 'sensitive-merchant': {
      const [name, mcc] = rnd.pick(SENSITIVE_MERCHANTS);
      return {
        ...base,
        type: 'card_payment',
        amount: eur(rnd.int(500, 30_000)),
        merchant: { name, mcc, country: 'NL' },
      };
    }
    case 'sensitive-transfer': {
      const [name, reference] = rnd.pick(SENSITIVE_COUNTERPARTIES);
      return {
        ...base,
        type: 'transfer_out',
        amount: eur(rnd.int(500, 30_000)),
        counterparty: { name, reference },
      };
    }
    case 'malformed':
      return rnd.pick<unknown>([
        {
          ...base,
          type: 'card_payment',
          amount: eur(1_000),
          merchant: { name: 'X', mcc: '12', country: 'NL' },
        },
        {
          ...base,
          type: 'card_payment',
          amount: { minor: 1_000, currency: 'EURO' },
          merchant: { name: 'X', mcc: '5411', country: 'NL' },
        },
        { ...base, type: 'card_payment', amount: eur(1_000) },
        {
          ...base,
          type: 'atm_withdrawal',
          amount: eur(1_000),
          merchant: { name: 'ATM', mcc: '6011', country: 'XX' },
        },
        {
          ...base,
          occurredAt: '3 July 2026',
          type: 'transfer_in',
          amount: eur(5),
          counterparty: { name: 'A' },
        },
      ]);
  }
}

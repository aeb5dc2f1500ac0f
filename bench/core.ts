import { pathToFileURL } from 'node:url';
import type { Catalog } from '#core/catalog/catalog.js';
import { parseCatalog } from '#core/catalog/parse.js';
import { SEED_CATALOG_INPUT, seedCatalog } from '#core/catalog/seed.js';
import { type ContactState, emptyContactState } from '#core/contact-policy.js';
import type { CustomerFlag, CustomerState, ProductCode } from '#core/customer.js';
import { decide } from '#core/decide.js';
import { EVENT_TYPES, type PaymentEvent, PaymentEventSchema } from '#core/payment-event.js';
import { DEFAULT_POLICY } from '#core/policy.js';

/**
 * Benchmark (a) of issue 3: decisions per second of the pure core on one core, over a pre-generated
 * mix of events and customers, with the seed catalog and with 100 generated triggers.
 * Run alone: npx tsx bench/core.ts
 */

export interface CoreBenchFigure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly target?: string;
  readonly pass?: boolean;
}

const TARGET_PER_SECOND = 500_000;
const WARMUP_MS = 300;
const MEASURE_MS = 1_500;
const CUSTOMERS = 1_000;
const EVENTS = 20_000;

/** mulberry32: a tiny seeded generator, so every run benchmarks the same workload. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The seed catalog's product codes (catalog/products.json). */
const PRODUCTS: readonly ProductCode[] = [...seedCatalog().products.keys()];

type Rnd = () => number;
const pick = <T>(rnd: Rnd, items: readonly T[]): T => items[Math.floor(rnd() * items.length)] as T;
const chance = (rnd: Rnd, p: number): boolean => rnd() < p;

function makeCustomers(rnd: Rnd): CustomerState[] {
  return Array.from({ length: CUSTOMERS }, (_, i) => {
    const holdings = PRODUCTS.filter(() => chance(rnd, 0.3));
    const flags: CustomerFlag[] = chance(rnd, 0.05)
      ? [pick(rnd, ['financial-difficulty', 'vulnerable'] as const)]
      : [];
    const consent = pick(rnd, ['granted', 'granted', 'granted', 'withdrawn', 'none'] as const);
    return {
      customerId: `c-${i}`,
      birthDate: `${1950 + Math.floor(rnd() * 62)}-0${1 + Math.floor(rnd() * 9)}-1${Math.floor(rnd() * 9)}`,
      holdings,
      flags,
      consents:
        consent === 'none'
          ? []
          : [
              {
                purpose: 'transaction-offers',
                status: consent,
                at: '2026-01-10T10:00:00Z',
                source: 'app-privacy-settings',
                noticeVersion: '2026-01',
              },
            ],
    };
  });
}

function makeEvent(rnd: Rnd, i: number): PaymentEvent {
  const base = {
    eventId: `evt-${i}`,
    occurredAt: `2026-07-${String(1 + (i % 28)).padStart(2, '0')}T${String(i % 24).padStart(2, '0')}:15:00+02:00`,
    customerId: `c-${Math.floor(rnd() * CUSTOMERS)}`,
  };
  const eur = (minor: number) => ({ minor, currency: 'EUR' });
  const card = (mcc: string, country: string, minor: number, name = 'Merchant BV'): PaymentEvent => ({
    ...base,
    type: 'card_payment',
    amount: eur(minor),
    merchant: { name, mcc, country, city: 'Somewhere' },
  });
  const transfer = (name: string, reference: string, minor: number): PaymentEvent => ({
    ...base,
    type: 'transfer_in',
    amount: eur(minor),
    counterparty: { name, reference },
    balanceAfter: eur(Math.floor(rnd() * 4_000_000)),
  });
  const roll = rnd();
  if (roll < 0.15) {
    return {
      ...base,
      type: 'atm_withdrawal',
      amount: { minor: 20_000, currency: 'USD' },
      merchant: { name: 'Chase ATM', mcc: '6011', country: pick(rnd, ['US', 'TH', 'FR', 'NL']) },
    };
  }
  if (roll < 0.3) return card(pick(rnd, ['3008', '4511', '4722', '3100']), 'NL', 65_000, 'KLM');
  if (roll < 0.45) return card('5732', 'NL', Math.floor(rnd() * 300_000), 'Coolblue');
  if (roll < 0.55) return transfer('Sociale Verzekeringsbank', 'Kinderbijslag 3e kwartaal 2026', 31_500);
  if (roll < 0.6) return transfer('DUO', 'Studiefinanciering juli 2026', 45_000);
  if (roll < 0.7) return transfer('Werkgever BV', 'Salaris juli', 450_000);
  if (roll < 0.8) return card(pick(rnd, ['5912', '8011', '7995', '8661']), 'NL', 4_321, 'Sensitive merchant');
  if (roll < 0.85) {
    return {
      ...base,
      type: 'direct_debit',
      amount: eur(12_000),
      counterparty: { name: 'Apotheek De Linde' },
    };
  }
  if (roll < 0.9) return card(pick(rnd, COMMON_MCCS), 'NL', Math.floor(rnd() * 30_000), 'Albert Heijn 1234');
  const party = `Payee ${Math.floor(rnd() * 60)}`;
  if (roll < 0.93)
    return { ...base, type: 'transfer_out', amount: eur(80_000), counterparty: { name: party } };
  if (roll < 0.96)
    return { ...base, type: 'direct_debit', amount: eur(5_000), counterparty: { name: party } };
  return transfer(`Payer ${Math.floor(rnd() * 60)} BV`, 'Factuur 2026-07', 125_000);
}

const COMMON_MCCS = ['5411', '5732', '5812', '5814', '5541', '4111', '5311', '5651', '5942', '7832'] as const;
const COUNTRIES = ['US', 'TH', 'FR', 'NL', 'DE', 'ES', 'JP', 'BR', 'IT', 'GB'] as const;

/**
 * 100 triggers, 20 per event type, each as selective as a real one (a merchant category, a payer, a
 * country, an amount band, holdings) and together using every operator of the condition language.
 */
function generatedCatalog(): Catalog {
  const offers = [
    'worldwide-travel-cover',
    'child-savings-account',
    'travel-insurance',
    'student-account',
    'savings-account',
  ];
  const product = (i: number): ProductCode => PRODUCTS[i % PRODUCTS.length] as ProductCode;
  const byType: Record<(typeof EVENT_TYPES)[number], (i: number) => unknown> = {
    card_payment: (i) => ({
      all: [
        { field: 'merchant.mcc', in: [COMMON_MCCS[i % 10], COMMON_MCCS[(i + 3) % 10]] },
        { field: 'amount.currency', equals: 'EUR' },
        { field: 'amount.minor', between: [1_000 * (i % 7), 1_000 * (i % 7) + 25_000] },
        { holdsNone: [product(i)] },
      ],
    }),
    atm_withdrawal: (i) => ({
      all: [
        { field: 'merchant.country', equals: COUNTRIES[i % 10] },
        { field: 'merchant.country', notInRegion: 'european-cover-area' },
        { any: [{ holds: product(i) }, { field: 'amount.minor', gte: 50_000 }] },
      ],
    }),
    transfer_in: (i) => ({
      all: [
        { field: 'counterparty.name', containsIgnoreCase: `payer ${i % 40}` },
        { not: { field: 'counterparty.reference', containsIgnoreCase: 'retour' } },
        { holdsAny: [product(i), product(i + 1)] },
      ],
    }),
    transfer_out: (i) => ({
      all: [
        { field: 'counterparty.name', equalsIgnoreCase: `Payee ${i % 40}` },
        { field: 'amount.minor', lte: 100_000 },
      ],
    }),
    direct_debit: (i) => ({
      all: [
        { field: 'counterparty.name', equalsIgnoreCase: `Payee ${i % 40}` },
        { field: 'balanceAfter.minor', gte: 100_000 * (i % 5) },
        { field: 'amount.currency', notIn: ['USD', 'GBP'] },
      ],
    }),
  };
  const triggers = Array.from({ length: 100 }, (_, i) => {
    const id = `generated-${String(i).padStart(3, '0')}`;
    const type = EVENT_TYPES[i % EVENT_TYPES.length] as (typeof EVENT_TYPES)[number];
    return {
      file: `catalog/triggers/${id}.json`,
      content: {
        id,
        version: 1,
        description: 'Generated for the benchmark.',
        eventTypes: [type],
        purpose: 'benchmark',
        legalBasis: 'benchmark',
        compatibility: {
          linkToOriginalPurpose: 'benchmark',
          howObtained: 'benchmark',
          sensitivity: 'benchmark',
          consequences: 'benchmark',
          safeguards: 'benchmark',
        },
        textMatchJustification: 'benchmark',
        explanation: {
          nl: 'Je ziet dit aanbod omdat het past bij een betaling van je.',
          en: 'You see this offer because it fits a payment you made.',
        },
        offerId: offers[i % offers.length],
        condition: byType[type](Math.floor(i / EVENT_TYPES.length)),
      },
    };
  });
  const result = parseCatalog({ ...SEED_CATALOG_INPUT, triggers });
  if (!result.ok) throw new Error(`generated catalog is invalid:\n${result.errors.join('\n')}`);
  return result.catalog;
}

interface Workload {
  readonly events: readonly PaymentEvent[];
  /** Per event, the customer state and contact state the handler would have read for it. */
  readonly customers: ReadonlyArray<CustomerState | undefined>;
  readonly contacts: readonly ContactState[];
}

function workload(): Workload {
  const rnd = random(20261121);
  const customers = new Map(makeCustomers(rnd).map((c) => [c.customerId, c]));
  const contacts = new Map([...customers.keys()].map((id) => [id, emptyContactState(id)]));
  // Through the schema, as the handler gets them: same object shapes, same property order.
  const events = Array.from({ length: EVENTS }, (_, i) => PaymentEventSchema.parse(makeEvent(rnd, i)));
  return {
    events,
    customers: events.map((e) => customers.get(e.customerId)),
    contacts: events.map((e) => contacts.get(e.customerId) ?? emptyContactState(e.customerId)),
  };
}

const cpuMs = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1_000;
};

/**
 * Runs decide() over the workload for `ms` milliseconds of CPU time. CPU time, not wall time: on a
 * shared machine other processes take turns on "our" core, and the question is what one core does.
 * It includes the process's other threads (garbage collection), so it errs on the slow side.
 */
function measure(
  catalog: Catalog,
  load: Workload,
  ms: number,
): { eventsPerSecond: number; decisionsPerEvent: number } {
  const now = new Date('2026-07-31T00:00:00Z');
  const { events, customers, contacts } = load;
  const n = events.length;
  let decided = 0;
  let produced = 0;
  const start = cpuMs();
  let elapsed = 0;
  while (elapsed < ms) {
    for (let j = 0; j < 1_000; j++) {
      const i = (decided + j) % n;
      const result = decide({
        event: events[i] as PaymentEvent,
        customer: customers[i],
        contact: contacts[i] as ContactState,
        catalog,
        policy: DEFAULT_POLICY,
        now,
      });
      produced += result.decisions.length;
    }
    decided += 1_000;
    elapsed = cpuMs() - start;
  }
  return { eventsPerSecond: Math.round((decided / elapsed) * 1_000), decisionsPerEvent: produced / decided };
}

/**
 * Figures: events decided per second (the target: a decide() call yields at least one decision record,
 * so this is the conservative reading of "decisions/s"), and decision records per event for context.
 */
export async function runCoreBench(): Promise<CoreBenchFigure[]> {
  const load = workload();
  const catalogs: Array<[string, Catalog]> = [
    ['seed catalog (6 triggers)', seedCatalog()],
    ['100 generated triggers', generatedCatalog()],
  ];
  const figures: CoreBenchFigure[] = [];
  for (const [name, catalog] of catalogs) {
    measure(catalog, load, WARMUP_MS);
    const { eventsPerSecond, decisionsPerEvent } = measure(catalog, load, MEASURE_MS);
    figures.push({
      name: `decide(), ${name}`,
      value: eventsPerSecond,
      unit: 'decisions/s',
      target: `>= ${TARGET_PER_SECOND.toLocaleString('en')}/s`,
      pass: eventsPerSecond >= TARGET_PER_SECOND,
    });
    figures.push({ name: `decision records per event, ${name}`, value: decisionsPerEvent, unit: 'records' });
  }
  return figures;
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  const figures = await runCoreBench();
  console.table(figures);
}

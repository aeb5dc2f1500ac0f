import { describe, expect, it } from 'vitest';
import type { CatalogInput } from '#core/catalog/catalog.js';
import { parseCatalog } from '#core/catalog/parse.js';
import { SEED_CATALOG_INPUT } from '#core/catalog/seed.js';
import { TEST_EXPLANATION } from '#test/support/catalog-content.js';
import { customer, groceries, only, run, salaryHighBalance } from '#test/support/decide.js';

/**
 * Products are catalog data (issue 12): a new product needs a products.json entry, an offer and a
 * trigger, never a code change; offers and holds/holdsAny/holdsNone may only name products the catalog
 * knows, while a customer may hold any code (a bank has more products than offers).
 */

const PENSION_TRIGGER = {
  id: 'salary-pension',
  version: 1,
  description: 'A salary of at least EUR 4,000 for a customer without a pension: suggest one.',
  eventTypes: ['transfer_in'],
  purpose: 'transaction-offers: suggest one relevant product in the banking app.',
  legalBasis: 'GDPR art. 6(1)(a): consent for transaction-offers.',
  compatibility: {
    linkToOriginalPurpose: 'The bank processes the salary to run the account.',
    howObtained: 'From the incoming payment.',
    sensitivity: 'Reads only the amount.',
    consequences: 'An in-app suggestion.',
    safeguards: 'Sensitive payments are screened out first; opt-in consent.',
  },
  offerId: 'pension',
  explanation: TEST_EXPLANATION,
  condition: {
    all: [
      { field: 'amount.currency', equals: 'EUR' },
      { field: 'amount.minor', gte: 400_000 },
      { holdsNone: ['pension'] },
    ],
  },
};

const PENSION_OFFER = {
  offerId: 'pension',
  productCode: 'pension',
  category: 'savings',
  text: 'Bouw pensioen op met een pensioenrekening.',
  disclosures: [],
  validityDays: 14,
  cooldownDays: 90,
};

function seedProducts(): Record<string, unknown> {
  return structuredClone((SEED_CATALOG_INPUT.products as { products: Record<string, unknown> }).products);
}

function withPension(): CatalogInput {
  const offers = (SEED_CATALOG_INPUT.offers as { offers: unknown[] }).offers;
  return {
    ...SEED_CATALOG_INPUT,
    products: { products: { ...seedProducts(), pension: { description: 'A pension savings account.' } } },
    offers: { offers: [...offers, PENSION_OFFER] },
    triggers: [
      ...SEED_CATALOG_INPUT.triggers,
      { file: 'catalog/triggers/salary-pension.json', content: PENSION_TRIGGER },
    ],
  };
}

function errorsOf(input: CatalogInput): readonly string[] {
  const result = parseCatalog(input);
  if (result.ok) throw new Error('expected the catalog to be invalid');
  return result.errors;
}

describe('a product that is only data', () => {
  const parsed = parseCatalog(withPension());
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  const catalog = parsed.catalog;
  const salary = salaryHighBalance(); // a salary transfer_in of EUR 4,250 (see payments.ts)

  it('is a product of the catalog, with its description', () => {
    expect(catalog.products.get('pension')).toEqual({
      code: 'pension',
      description: 'A pension savings account.',
    });
  });

  it('is offered to a customer without it', () => {
    // A savings account held, so high-balance-savings does not compete with it for the payment's one slot.
    const saver = customer({ holdings: ['current-account', 'savings-account'] });
    const decisions = run({ event: salary, catalog, customer: saver }).decisions;
    const pension = decisions.find((d) => d.triggerId === 'salary-pension');
    expect(pension).toMatchObject({ outcome: 'emitted', offerId: 'pension', triggerVersion: 1 });
  });

  it('is not offered to a customer who holds it (holdsNone, and the catalog-wide held-product rule)', () => {
    const holder = customer({ holdings: ['current-account', 'pension'] });
    const decisions = run({ event: salary, catalog, customer: holder }).decisions;
    expect(decisions.map((d) => d.triggerId)).not.toContain('salary-pension');
    // Without holdsNone in the condition, the rule that nobody is offered what they hold still applies.
    const bare = withPension();
    const trigger = bare.triggers.at(-1);
    if (trigger === undefined) throw new Error('no trigger');
    const loose = { ...PENSION_TRIGGER, condition: { field: 'amount.minor', gte: 400_000 } };
    const reparsed = parseCatalog({
      ...bare,
      triggers: [...bare.triggers.slice(0, -1), { ...trigger, content: loose }],
    });
    if (!reparsed.ok) throw new Error(reparsed.errors.join('\n'));
    const again = run({ event: salary, catalog: reparsed.catalog, customer: holder }).decisions;
    expect(again.map((d) => d.triggerId)).not.toContain('salary-pension');
  });

  it('leaves every seed trigger deciding as before', () => {
    const seedOnly = run({ event: salary }).decisions.map(({ policyVersion: _v, ...d }) => d);
    const withIt = run({ event: salary, catalog })
      .decisions.filter((d) => d.triggerId !== 'salary-pension')
      .map(({ policyVersion: _v, ...d }) => d);
    expect(withIt).toEqual(seedOnly);
  });
});

describe('holdings the catalog does not know', () => {
  it('match nothing and break nothing', () => {
    const event = groceries();
    const plain = only(run({ event, customer: customer() }));
    const odd = only(
      run({ event, customer: customer({ holdings: ['current-account', 'mortgage-loan', 'pension'] }) }),
    );
    expect(odd).toEqual(plain);
  });
});

describe('products.json and the codes that name products', () => {
  it('an offer for a product the catalog does not define names the field and lists the known codes', () => {
    const input = withPension();
    const products = seedProducts();
    const known =
      '"child-savings-account", "credit-card", "current-account", "savings-account", "student-account", "travel-insurance-europe", "travel-insurance-worldwide"';
    expect(errorsOf({ ...input, products: { products } })).toEqual([
      `catalog/offers.json: offers[6].productCode: expected a product code defined in products.json (${known}), got "pension"`,
      `catalog/triggers/salary-pension.json: condition.all[2].holdsNone[0]: expected a product code defined in products.json (${known}), got "pension"`,
    ]);
  });

  it('holds, holdsAny and holdsNone name catalog products, at any depth', () => {
    const input = withPension();
    const trigger = input.triggers.at(-1);
    if (trigger === undefined) throw new Error('no trigger');
    const condition = {
      any: [{ holds: 'mortgage' }, { not: { holdsAny: ['pension', 'annuity'] } }, { holdsNone: ['Pension'] }],
    };
    const broken = {
      ...input,
      triggers: [...input.triggers.slice(0, -1), { ...trigger, content: { ...PENSION_TRIGGER, condition } }],
    };
    const known =
      '"child-savings-account", "credit-card", "current-account", "pension", "savings-account", "student-account", "travel-insurance-europe", "travel-insurance-worldwide"';
    expect(errorsOf(broken)).toEqual([
      `catalog/triggers/salary-pension.json: condition.any[0].holds: expected a product code defined in products.json (${known}), got "mortgage"`,
      `catalog/triggers/salary-pension.json: condition.any[1].not.holdsAny[1]: expected a product code defined in products.json (${known}), got "annuity"`,
      `catalog/triggers/salary-pension.json: condition.any[2].holdsNone[0]: expected a product code defined in products.json (${known}), got "Pension"`,
    ]);
  });

  it('a broken products.json: every problem named by field, and reported once (not by each offer and trigger)', () => {
    const input = withPension();
    const errors = errorsOf({
      ...input,
      products: {
        products: {
          ...seedProducts(),
          'Pension Plan': { description: 'x' },
          annuity: { description: '' },
          mortgage: { descripton: 'typo' },
        },
      },
    });
    expect(errors).toEqual([
      'catalog/products.json: products["Pension Plan"]: expected a name that is a kebab-case product code (a-z, 0-9, "-"), got "Pension Plan"',
      'catalog/products.json: products.annuity.description: expected a non-empty text of at most 2000 characters, got ""',
      'catalog/products.json: products.mortgage.description: required, a non-empty text of at most 2000 characters; missing',
      'catalog/products.json: products.mortgage.descripton: expected one of the fields "description", got an unknown field (did you mean "description"?)',
    ]);
    expect(errors.filter((e) => !e.startsWith('catalog/products.json'))).toEqual([]);
  });

  it('a missing products.json (or one of the wrong shape) is a problem of its own', () => {
    expect(errorsOf({ ...SEED_CATALOG_INPUT, products: undefined })).toEqual([
      'catalog/products.json: (file): required, an object {"products": {...}}; missing',
    ]);
    expect(errorsOf({ ...SEED_CATALOG_INPUT, products: { products: {}, extra: 1 } })).toContainEqual(
      expect.stringMatching(/^catalog\/products\.json: extra: expected one of the fields "products"/),
    );
  });
});

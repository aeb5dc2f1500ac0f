import catalogFile from '#catalog/catalog.json' with { type: 'json' };
import offersFile from '#catalog/offers.json' with { type: 'json' };
import productsFile from '#catalog/products.json' with { type: 'json' };
import regionsFile from '#catalog/regions.json' with { type: 'json' };
import cardAbroad from '#catalog/triggers/card-abroad-worldwide-cover.json' with { type: 'json' };
import childBenefit from '#catalog/triggers/child-benefit-child-account.json' with { type: 'json' };
import highBalance from '#catalog/triggers/high-balance-savings.json' with { type: 'json' };
import largePurchase from '#catalog/triggers/large-purchase-credit-card.json' with { type: 'json' };
import studentFinance from '#catalog/triggers/student-finance-student-account.json' with { type: 'json' };
import ticket from '#catalog/triggers/ticket-travel-insurance.json' with { type: 'json' };
import { type Catalog, type CatalogInput, CatalogInvalidError } from './catalog.js';
import { parseCatalog } from './parse.js';

/**
 * The seed catalog, embedded: esbuild inlines these JSON imports, so a bundled Lambda needs no catalog
 * folder at run time. A unit test checks that this list matches catalog/triggers/ exactly, so a new
 * trigger file cannot be forgotten here.
 */
export const SEED_CATALOG_INPUT: CatalogInput = {
  catalog: catalogFile,
  offers: offersFile,
  regions: regionsFile,
  products: productsFile,
  triggers: [
    { file: 'catalog/triggers/card-abroad-worldwide-cover.json', content: cardAbroad },
    { file: 'catalog/triggers/child-benefit-child-account.json', content: childBenefit },
    { file: 'catalog/triggers/high-balance-savings.json', content: highBalance },
    { file: 'catalog/triggers/large-purchase-credit-card.json', content: largePurchase },
    { file: 'catalog/triggers/student-finance-student-account.json', content: studentFinance },
    { file: 'catalog/triggers/ticket-travel-insurance.json', content: ticket },
  ],
};

let seed: Catalog | undefined;

/** The parsed seed catalog (parsed once, on first use). Throws CatalogInvalidError if it is broken. */
export function seedCatalog(): Catalog {
  if (seed === undefined) {
    const result = parseCatalog(SEED_CATALOG_INPUT);
    if (!result.ok) throw new CatalogInvalidError(result.problems);
    seed = result.catalog;
  }
  return seed;
}

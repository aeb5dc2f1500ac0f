import { CREDIT_WARNING, type Offer, type Product } from './catalog.js';
import type { CatalogIssues } from './issues.js';
import {
  CatalogFileSchema,
  OfferSchema,
  OffersFileSchema,
  ProductsFileSchema,
  RegionsFileSchema,
  TriggerFileSchema,
} from './schemas.js';
import { zodIssues } from './zod-issues.js';

/**
 * The catalog's own files (catalog.json, offers.json, regions.json, products.json) checked one by one, and the small
 * readers every file's check uses. Every problem goes to `issues`; nothing throws.
 */

/** A file's content, or `available: false` when it could not be read or parsed (already reported). */
export interface Entry {
  readonly file: string;
  readonly available: boolean;
  readonly content: unknown;
}

export function idOf(raw: unknown, key: string, maxLength = 100): string | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const id = (raw as Record<string, unknown>)[key];
  return typeof id === 'string' && id.trim().length > 0 && id.length <= maxLength ? id : undefined;
}

/** A trigger's id or offerId when it is a well-formed one (whatever else is wrong with the trigger). */
export function validId(raw: unknown, key: 'id' | 'offerId'): string | undefined {
  const id = idOf(raw, key);
  return id !== undefined && TriggerFileSchema.shape[key].safeParse(id).success ? id : undefined;
}

export function parseVersion(entry: Entry, issues: CatalogIssues): string | undefined {
  if (!entry.available) return undefined;
  const result = CatalogFileSchema.safeParse(entry.content);
  if (result.success) return result.data.version;
  issues.add(entry.file, zodIssues(CatalogFileSchema, entry.content, result.error));
  return undefined;
}

export function parseRegions(
  entry: Entry,
  issues: CatalogIssues,
): Map<string, ReadonlySet<string>> | undefined {
  if (!entry.available) return undefined;
  const result = RegionsFileSchema.safeParse(entry.content);
  if (!result.success) {
    issues.add(entry.file, zodIssues(RegionsFileSchema, entry.content, result.error));
    return undefined;
  }
  return new Map(Object.entries(result.data.regions).map(([id, region]) => [id, new Set(region.countries)]));
}

export function parseProducts(entry: Entry, issues: CatalogIssues): Map<string, Product> | undefined {
  if (!entry.available) return undefined;
  const result = ProductsFileSchema.safeParse(entry.content);
  if (!result.success) {
    issues.add(entry.file, zodIssues(ProductsFileSchema, entry.content, result.error));
    return undefined;
  }
  return new Map(
    Object.entries(result.data.products).map(([code, product]) => [
      code,
      { code, description: product.description },
    ]),
  );
}

/** "a product code defined in products.json ("a", "b")": what an unknown product code is told. */
export function knownProductsExpectation(
  products: ReadonlySet<string> | ReadonlyMap<string, unknown>,
): string {
  const known = [...products.keys()].sort();
  const list = known.length === 0 ? 'it defines none' : known.map((code) => JSON.stringify(code)).join(', ');
  return `a product code defined in products.json (${list})`;
}

/** The products offers may name; undefined when products.json is broken (reported once, there). */
export type KnownProducts = ReadonlyMap<string, Product> | undefined;

export interface ParsedOffers {
  /** The valid offers. */
  readonly offers: Map<string, Offer>;
  /** Every offer id written in the file, valid offer or not: what a trigger's offerId is checked against. */
  readonly declared: ReadonlySet<string> | undefined;
}

export function parseOffers(entry: Entry, products: KnownProducts, issues: CatalogIssues): ParsedOffers {
  const offers = new Map<string, Offer>();
  if (!entry.available) return { offers, declared: undefined };
  const file = OffersFileSchema.safeParse(entry.content);
  if (!file.success) {
    issues.add(entry.file, zodIssues(OffersFileSchema, entry.content, file.error));
    return { offers, declared: undefined };
  }
  const firstIndex = new Map<string, number>();
  file.data.offers.forEach((raw, index) => {
    const at = ['offers', index] as const;
    const id = idOf(raw, 'offerId');
    const first = id === undefined ? undefined : firstIndex.get(id);
    if (id !== undefined && first !== undefined) {
      issues.add(entry.file, {
        path: [...at, 'offerId'],
        expected: 'an offer id not used by another offer',
        found: `${JSON.stringify(id)}, already the id of offers[${first}]`,
      });
    } else if (id !== undefined) {
      firstIndex.set(id, index);
    }
    const result = OfferSchema.safeParse(raw);
    if (!result.success) {
      issues.add(entry.file, zodIssues(OfferSchema, raw, result.error, at));
      return;
    }
    const offer = result.data;
    if (products !== undefined && !products.has(offer.productCode)) {
      issues.add(entry.file, {
        path: [...at, 'productCode'],
        expected: knownProductsExpectation(products),
        found: JSON.stringify(offer.productCode),
      });
      return;
    }
    if (offer.category === 'credit' && !offer.disclosures.includes(CREDIT_WARNING)) {
      issues.add(entry.file, {
        path: [...at, 'disclosures'],
        expected: `a credit offer must include exactly "${CREDIT_WARNING}"`,
      });
      return;
    }
    if (first === undefined) offers.set(offer.offerId, offer);
  });
  return { offers, declared: new Set(firstIndex.keys()) };
}

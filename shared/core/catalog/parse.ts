import { type JsonDocument, parseJsonText } from '#core/json-source.js';
import { EVENT_TYPES, type EventType } from '#core/payment-event.js';
import { DEFAULT_SENSITIVE_RULES, type SensitiveRules } from '#core/sensitive.js';
import type { Catalog, CatalogInput, ParseCatalogResult, Trigger } from './catalog.js';
import { CatalogIssues, duplicateKeyIssues } from './issues.js';
import {
  type Entry,
  parseOffers,
  parseProducts,
  parseRegions,
  parseVersion,
  validId,
} from './parse-entries.js';
import { parseTrigger, type TriggerContext } from './parse-trigger.js';
import { type CatalogProblem, formatProblem, placeIssue, sortProblems } from './problems.js';
import { buildCandidateLookup } from './trigger-index.js';

/**
 * Validates and compiles an offer catalog. Pure: the caller reads the files
 * (shared/config/catalog-folder.ts) or imports them (./seed.ts). Each file's own checks are in
 * ./parse-entries.ts and ./parse-trigger.ts; this module ties them together and checks across files. One run reports every problem of every file: a file that is not JSON is
 * reported with its syntax errors and left out, and the others are still checked, across files too
 * (an unknown offerId, a duplicate id, the sensitive lint) wherever the data to check against is there.
 * Each problem names file, line and column (when the text is known), the field, and what was expected,
 * in words (./problems.ts), e.g.
 *   catalog/triggers/foo.json:30:5: condition.all[1].field: expected one of "type", ..., got "merchant.land"
 */

export const CATALOG_FILE = 'catalog/catalog.json';
export const OFFERS_FILE = 'catalog/offers.json';
export const REGIONS_FILE = 'catalog/regions.json';
export const PRODUCTS_FILE = 'catalog/products.json';

const DEFAULT_FILES = {
  catalog: CATALOG_FILE,
  offers: OFFERS_FILE,
  regions: REGIONS_FILE,
  products: PRODUCTS_FILE,
};

/** A catalog file as text, or the reason it could not be read. */
export type CatalogSourceFile =
  | { readonly file: string; readonly text: string }
  | { readonly file: string; readonly unreadable: string };

/** The catalog folder's files as text, each named as it should appear in problems. */
export interface CatalogSources {
  readonly catalog: CatalogSourceFile;
  readonly offers: CatalogSourceFile;
  readonly regions: CatalogSourceFile;
  readonly products: CatalogSourceFile;
  readonly triggers: readonly CatalogSourceFile[];
}

export interface ParseCatalogOptions {
  /** The screen the lint checks triggers against; a bank that extends the screen passes its own. */
  readonly sensitive?: SensitiveRules;
}

function indexByEventType(triggers: readonly Trigger[]): Map<EventType, readonly Trigger[]> {
  return new Map(
    EVENT_TYPES.map((type) => [type, triggers.filter((trigger) => trigger.eventTypes.includes(type))]),
  );
}

interface Entries {
  readonly catalog: Entry;
  readonly offers: Entry;
  readonly regions: Entry;
  readonly products: Entry;
  readonly triggers: readonly Entry[];
}

function validate(
  entries: Entries,
  options: ParseCatalogOptions,
  issues: CatalogIssues,
): Catalog | undefined {
  const version = parseVersion(entries.catalog, issues);
  const regions = parseRegions(entries.regions, issues);
  const products = parseProducts(entries.products, issues);
  const { offers, declared } = parseOffers(entries.offers, products, issues);
  const ctx: TriggerContext = {
    regions: regions ?? new Map(),
    // A broken regions.json is reported once, not again by every trigger that names a region.
    regionsKnown: regions !== undefined,
    // Likewise products.json: a broken file is reported there, not by every holds and every offer.
    products: new Set(products?.keys()),
    productsKnown: products !== undefined,
    offers,
    declaredOffers: declared,
    offersFile: entries.offers.file,
    sensitive: options.sensitive ?? DEFAULT_SENSITIVE_RULES,
  };

  const triggers: Trigger[] = [];
  const fileById = new Map<string, string>();
  for (const entry of entries.triggers) {
    if (!entry.available) continue;
    const trigger = parseTrigger(entry, ctx, issues);
    const id = validId(entry.content, 'id');
    if (id === undefined) continue;
    const first = fileById.get(id);
    if (first !== undefined) {
      issues.add(entry.file, {
        path: ['id'],
        expected: 'a trigger id not used by another trigger',
        found: `${JSON.stringify(id)}, already defined in ${first}`,
      });
      continue;
    }
    fileById.set(id, entry.file);
    if (trigger !== undefined) triggers.push(trigger);
  }
  if (issues.count > 0 || version === undefined || products === undefined) return undefined;

  triggers.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const triggersByEventType = indexByEventType(triggers);
  return {
    version,
    triggers,
    offers,
    products,
    regions: ctx.regions,
    triggersByEventType,
    candidates: buildCandidateLookup(triggersByEventType),
  };
}

function result(catalog: Catalog | undefined, problems: readonly CatalogProblem[]): ParseCatalogResult {
  if (catalog !== undefined && problems.length === 0) return { ok: true, catalog };
  const sorted = sortProblems(problems);
  return { ok: false, problems: sorted, errors: sorted.map(formatProblem) };
}

/**
 * The one gate every catalog passes, wherever it is loaded (the live folder, `replay --catalog`, the
 * embedded seed, any later authoring path): schema, cross-references and the sensitive lint. Given
 * values (no text), its problems name file and field but carry no line and column.
 */
export function parseCatalog(input: CatalogInput, options: ParseCatalogOptions = {}): ParseCatalogResult {
  const issues = new CatalogIssues();
  const entry = (file: string, content: unknown): Entry => ({ file, content, available: true });
  const catalog = validate(
    {
      catalog: entry(DEFAULT_FILES.catalog, input.catalog),
      offers: entry(DEFAULT_FILES.offers, input.offers),
      regions: entry(DEFAULT_FILES.regions, input.regions),
      products: entry(DEFAULT_FILES.products, input.products),
      triggers: input.triggers.map((t) => entry(t.file, t.content)),
    },
    options,
    issues,
  );
  return result(catalog, issues.place(new Map()));
}

/**
 * parseCatalog on the files' text: the same checks, plus JSON syntax and repeated keys, and every
 * problem placed at its line and column (a value's own node; a missing field's parent object).
 */
export function parseCatalogSources(
  sources: CatalogSources,
  options: ParseCatalogOptions = {},
): ParseCatalogResult {
  const issues = new CatalogIssues();
  const documents = new Map<string, JsonDocument>();
  const early: CatalogProblem[] = [];
  const entry = (source: CatalogSourceFile): Entry => {
    if ('unreadable' in source) {
      early.push({
        file: source.file,
        field: '(file)',
        expected: 'a file or folder that can be read',
        found: source.unreadable,
      });
      return { file: source.file, available: false, content: undefined };
    }
    const parsed = parseJsonText(source.text);
    if (!parsed.ok) {
      for (const error of parsed.errors) {
        early.push({
          ...placeIssue(source.file, { path: error.path, expected: error.expected, found: error.found }),
          line: error.line,
          column: error.column,
        });
      }
      return { file: source.file, available: false, content: undefined };
    }
    documents.set(source.file, parsed.document);
    issues.add(source.file, duplicateKeyIssues(parsed.document));
    return { file: source.file, available: true, content: parsed.document.value };
  };
  const catalog = validate(
    {
      catalog: entry(sources.catalog),
      offers: entry(sources.offers),
      regions: entry(sources.regions),
      products: entry(sources.products),
      triggers: sources.triggers.map(entry),
    },
    options,
    issues,
  );
  return result(catalog, [...early, ...issues.place(documents)]);
}

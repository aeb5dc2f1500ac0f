import { productBit } from '#core/customer.js';
import { type JsonDocument, parseJsonText } from '#core/json-source.js';
import { EVENT_TYPES, type EventType } from '#core/payment-event.js';
import { DEFAULT_SENSITIVE_RULES, type SensitiveRules } from '#core/sensitive.js';
import {
  type Catalog,
  type CatalogInput,
  CREDIT_WARNING,
  type Offer,
  type ParseCatalogResult,
  type Trigger,
  type TriggerDefinition,
} from './catalog.js';
import { type ConditionContext, checkCondition, compileCondition } from './condition.js';
import { CatalogIssues, duplicateKeyIssues } from './issues.js';
import { type CatalogProblem, describeFound, formatProblem, placeIssue, sortProblems } from './problems.js';
import {
  CatalogFileSchema,
  OfferSchema,
  OffersFileSchema,
  RegionsFileSchema,
  TriggerFileSchema,
} from './schemas.js';
import { lintCondition } from './sensitive-lint.js';
import { buildCandidateLookup } from './trigger-index.js';
import { zodIssues } from './zod-issues.js';

/**
 * Validates and compiles an offer catalog. Pure: the caller reads the files (shared/adapters/fs/catalog-folder.ts) or
 * imports them (./seed.ts). One run reports every problem of every file: a file that is not JSON is
 * reported with its syntax errors and left out, and the others are still checked, across files too
 * (an unknown offerId, a duplicate id, the sensitive lint) wherever the data to check against is there.
 * Each problem names file, line and column (when the text is known), the field, and what was expected,
 * in words (./problems.ts), e.g.
 *   catalog/triggers/foo.json:30:5: condition.all[1].field: expected one of "type", ..., got "merchant.land"
 */

export const CATALOG_FILE = 'catalog/catalog.json';
export const OFFERS_FILE = 'catalog/offers.json';
export const REGIONS_FILE = 'catalog/regions.json';

const DEFAULT_FILES = { catalog: CATALOG_FILE, offers: OFFERS_FILE, regions: REGIONS_FILE };

/** A catalog file as text, or the reason it could not be read. */
export type CatalogSourceFile =
  | { readonly file: string; readonly text: string }
  | { readonly file: string; readonly unreadable: string };

/** The catalog folder's files as text, each named as it should appear in problems. */
export interface CatalogSources {
  readonly catalog: CatalogSourceFile;
  readonly offers: CatalogSourceFile;
  readonly regions: CatalogSourceFile;
  readonly triggers: readonly CatalogSourceFile[];
}

export interface ParseCatalogOptions {
  /** The screen the lint checks triggers against; a bank that extends the screen passes its own. */
  readonly sensitive?: SensitiveRules;
}

/** A file's content, or `available: false` when it could not be read or parsed (already reported). */
interface Entry {
  readonly file: string;
  readonly available: boolean;
  readonly content: unknown;
}

function idOf(raw: unknown, key: string, maxLength = 100): string | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const id = (raw as Record<string, unknown>)[key];
  return typeof id === 'string' && id.trim().length > 0 && id.length <= maxLength ? id : undefined;
}

/** A trigger's id or offerId when it is a well-formed one (whatever else is wrong with the trigger). */
function validId(raw: unknown, key: 'id' | 'offerId'): string | undefined {
  const id = idOf(raw, key);
  return id !== undefined && TriggerFileSchema.shape[key].safeParse(id).success ? id : undefined;
}

function baseName(file: string): string {
  return file.slice(file.lastIndexOf('/') + 1);
}

const quoted = (values: Iterable<string>): string => [...values].map((v) => JSON.stringify(v)).join(', ');

function parseVersion(entry: Entry, issues: CatalogIssues): string | undefined {
  if (!entry.available) return undefined;
  const result = CatalogFileSchema.safeParse(entry.content);
  if (result.success) return result.data.version;
  issues.add(entry.file, zodIssues(CatalogFileSchema, entry.content, result.error));
  return undefined;
}

function parseRegions(entry: Entry, issues: CatalogIssues): Map<string, ReadonlySet<string>> | undefined {
  if (!entry.available) return undefined;
  const result = RegionsFileSchema.safeParse(entry.content);
  if (!result.success) {
    issues.add(entry.file, zodIssues(RegionsFileSchema, entry.content, result.error));
    return undefined;
  }
  return new Map(Object.entries(result.data.regions).map(([id, region]) => [id, new Set(region.countries)]));
}

interface ParsedOffers {
  /** The valid offers. */
  readonly offers: Map<string, Offer>;
  /** Every offer id written in the file, valid offer or not: what a trigger's offerId is checked against. */
  readonly declared: ReadonlySet<string> | undefined;
}

function parseOffers(entry: Entry, issues: CatalogIssues): ParsedOffers {
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

interface TriggerContext extends ConditionContext {
  readonly offers: ReadonlyMap<string, Offer>;
  readonly declaredOffers: ReadonlySet<string> | undefined;
  readonly offersFile: string;
  readonly sensitive: SensitiveRules;
}

/** Checks one trigger completely (schema, condition, lint, cross-references); compiles it when valid. */
function parseTrigger(entry: Entry, ctx: TriggerContext, issues: CatalogIssues): Trigger | undefined {
  const { file, content } = entry;
  const before = issues.count;
  const result = TriggerFileSchema.safeParse(content);
  if (!result.success) issues.add(file, zodIssues(TriggerFileSchema, content, result.error));
  const raw = typeof content === 'object' && content !== null && !Array.isArray(content) ? content : {};
  const fields = raw as Record<string, unknown>;
  const condition = fields.condition;
  // A missing condition is already reported by the schema; anything present is checked field by field.
  const conditionOk = condition !== undefined && checkCondition(condition, ctx, issues.for(file));
  // The sensitive lint runs on every trigger, valid or not, so an author hears about both at once.
  const lint = lintCondition(condition, ['condition'], ctx.sensitive);
  issues.add(
    file,
    lint.findings.map((finding) => ({ path: finding.path, expected: finding.message })),
  );
  if (lint.freeText.length > 0 && idOf(raw, 'textMatchJustification', 2000) === undefined) {
    issues.add(file, {
      path: ['textMatchJustification'],
      expected:
        `a reason, because ${lint.freeText.join(', ')} ${lint.freeText.length === 1 ? 'matches' : 'match'} ` +
        'a name or reference (free text): ' +
        'say why the text is needed and what it cannot reveal',
      found: describeFound(fields.textMatchJustification),
    });
  }
  // Cross-checks run whenever the value they need is there, whatever else is wrong with the trigger.
  const id = validId(raw, 'id');
  if (id !== undefined && baseName(file) !== `${id}.json`) {
    issues.add(file, {
      path: ['id'],
      expected: `the file's name without .json (or the file to be called "${id}.json")`,
      found: JSON.stringify(id),
    });
  }
  if (Array.isArray(fields.eventTypes)) {
    const types: unknown[] = fields.eventTypes;
    types.forEach((type, index) => {
      if (typeof type === 'string' && types.indexOf(type) !== index) {
        issues.add(file, {
          path: ['eventTypes', index],
          expected: 'each event type once',
          found: `${JSON.stringify(type)} a second time`,
        });
      }
    });
  }
  const offerId = validId(raw, 'offerId');
  if (offerId !== undefined && ctx.declaredOffers !== undefined && !ctx.declaredOffers.has(offerId)) {
    issues.add(file, {
      path: ['offerId'],
      expected: `an offer id defined in ${ctx.offersFile} (${ctx.declaredOffers.size === 0 ? 'it defines none' : quoted(ctx.declaredOffers)})`,
      found: JSON.stringify(offerId),
    });
  }
  const offer = offerId === undefined ? undefined : ctx.offers.get(offerId);
  if (!result.success || !conditionOk || offer === undefined || issues.count > before) return undefined;

  const definition: TriggerDefinition = { ...result.data, condition };
  const matcher = compileCondition(definition.condition, ctx);
  const offered = productBit(offer.productCode);
  return {
    ...definition,
    file,
    offer,
    // Duty of care: never offer what the customer already holds, whatever the trigger author wrote.
    matches: (event, holdings) => (holdings & offered) === 0 && matcher(event, holdings),
  };
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
  readonly triggers: readonly Entry[];
}

function validate(
  entries: Entries,
  options: ParseCatalogOptions,
  issues: CatalogIssues,
): Catalog | undefined {
  const version = parseVersion(entries.catalog, issues);
  const regions = parseRegions(entries.regions, issues);
  const { offers, declared } = parseOffers(entries.offers, issues);
  const ctx: TriggerContext = {
    regions: regions ?? new Map(),
    // A broken regions.json is reported once, not again by every trigger that names a region.
    regionsKnown: regions !== undefined,
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
  if (issues.count > 0 || version === undefined) return undefined;

  triggers.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const triggersByEventType = indexByEventType(triggers);
  return {
    version,
    triggers,
    offers,
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
      triggers: sources.triggers.map(entry),
    },
    options,
    issues,
  );
  return result(catalog, [...early, ...issues.place(documents)]);
}

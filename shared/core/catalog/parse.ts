import type { z } from 'zod';
import { productBit } from '../customer.js';
import { EVENT_TYPES, type EventType } from '../payment-event.js';
import { DEFAULT_SENSITIVE_RULES, type SensitiveRules } from '../sensitive.js';
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
import {
  CatalogFileSchema,
  OfferSchema,
  OffersFileSchema,
  RegionsFileSchema,
  TriggerFileSchema,
} from './schemas.js';
import { lintCondition } from './sensitive-lint.js';
import { buildCandidateLookup } from './trigger-index.js';

/**
 * Validates and compiles an offer catalog. Pure: the caller reads the files (./load-from-dir.ts) or
 * imports them (./seed.ts). Every error names the file, the trigger or offer, and the field, e.g.
 *   catalog/triggers/foo.json: trigger "foo": condition.all[1].field: expected one of ...
 */

export const CATALOG_FILE = 'catalog/catalog.json';
export const OFFERS_FILE = 'catalog/offers.json';
export const REGIONS_FILE = 'catalog/regions.json';

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    out += typeof part === 'number' ? `[${part}]` : `${out === '' ? '' : '.'}${String(part)}`;
  }
  return out;
}

function zodErrors(prefix: string, error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = formatPath(issue.path);
    return `${prefix}${path === '' ? '' : `${path}: `}${issue.message}`;
  });
}

function parseVersion(input: unknown, errors: string[]): string | undefined {
  const result = CatalogFileSchema.safeParse(input);
  if (result.success) return result.data.version;
  errors.push(...zodErrors(`${CATALOG_FILE}: `, result.error));
  return undefined;
}

function parseRegions(input: unknown, errors: string[]): Map<string, ReadonlySet<string>> {
  const result = RegionsFileSchema.safeParse(input);
  if (!result.success) {
    errors.push(...zodErrors(`${REGIONS_FILE}: `, result.error));
    return new Map();
  }
  return new Map(Object.entries(result.data.regions).map(([id, region]) => [id, new Set(region.countries)]));
}

function parseOffers(input: unknown, errors: string[]): Map<string, Offer> {
  const offers = new Map<string, Offer>();
  const file = OffersFileSchema.safeParse(input);
  if (!file.success) {
    errors.push(...zodErrors(`${OFFERS_FILE}: `, file.error));
    return offers;
  }
  file.data.offers.forEach((raw, index) => {
    const label = offerLabel(raw, index);
    const result = OfferSchema.safeParse(raw);
    if (!result.success) {
      errors.push(...zodErrors(`${OFFERS_FILE}: ${label}: `, result.error));
      return;
    }
    const offer = result.data;
    if (offers.has(offer.offerId)) {
      errors.push(`${OFFERS_FILE}: ${label}: offerId: duplicate; every offer id must be unique`);
      return;
    }
    if (offer.category === 'credit' && !offer.disclosures.includes(CREDIT_WARNING)) {
      errors.push(
        `${OFFERS_FILE}: ${label}: disclosures: a credit offer must include exactly "${CREDIT_WARNING}"`,
      );
      return;
    }
    offers.set(offer.offerId, offer);
  });
  return offers;
}

function offerLabel(raw: unknown, index: number): string {
  const id = idOf(raw, 'offerId');
  return id === undefined ? `offers[${index}]` : `offer "${id}"`;
}

function idOf(raw: unknown, key: string, maxLength = 100): string | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const id = (raw as Record<string, unknown>)[key];
  return typeof id === 'string' && id.trim().length > 0 && id.length <= maxLength ? id : undefined;
}

function baseName(file: string): string {
  return file.slice(file.lastIndexOf('/') + 1);
}

interface TriggerContext extends ConditionContext {
  readonly offers: ReadonlyMap<string, Offer>;
  readonly sensitive: SensitiveRules;
  /** False when offers.json itself is broken: then "unknown offer" errors would only be noise. */
  readonly offersKnown: boolean;
}

function parseTrigger(
  file: string,
  content: unknown,
  ctx: TriggerContext,
  errors: string[],
): Trigger | undefined {
  const id = idOf(content, 'id');
  const prefix = `${file}: trigger "${id ?? '(no valid id)'}": `;
  const before = errors.length;
  const result = TriggerFileSchema.safeParse(content);
  if (!result.success) errors.push(...zodErrors(prefix, result.error));
  const condition =
    typeof content === 'object' && content !== null
      ? (content as { condition?: unknown }).condition
      : undefined;
  const conditionErrors: string[] = [];
  const conditionOk = checkCondition(condition, 'condition', ctx, conditionErrors);
  errors.push(...conditionErrors.map((error) => `${prefix}${error}`));
  // The sensitive lint runs on every trigger, valid or not, so an author hears about both at once.
  const lint = lintCondition(condition, 'condition', ctx.sensitive);
  errors.push(...lint.errors.map((error) => `${prefix}${error}`));
  const justification = idOf(content, 'textMatchJustification', 2000);
  if (lint.freeText.length > 0 && justification === undefined) {
    errors.push(
      `${prefix}textMatchJustification: required because ${lint.freeText.join(', ')} ` +
        'match a name or reference (free text); say why the text is needed and what it cannot reveal',
    );
  }
  if (!result.success || !conditionOk || lint.errors.length > 0) return undefined;

  const data = result.data;
  if (baseName(file) !== `${data.id}.json`) {
    errors.push(`${prefix}id: must match the file name (expected the file to be called "${data.id}.json")`);
  }
  const duplicates = data.eventTypes.filter((type, index) => data.eventTypes.indexOf(type) !== index);
  for (const type of new Set(duplicates)) errors.push(`${prefix}eventTypes: "${type}" is listed twice`);
  const offer = ctx.offers.get(data.offerId);
  if (offer === undefined && ctx.offersKnown) {
    errors.push(`${prefix}offerId: no offer "${data.offerId}" in ${OFFERS_FILE}`);
  }
  if (offer === undefined || errors.length > before) return undefined;

  const definition: TriggerDefinition = { ...data, condition };
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

export interface ParseCatalogOptions {
  /** The screen the lint checks triggers against; a bank that extends the screen passes its own. */
  readonly sensitive?: SensitiveRules;
}

/**
 * The one gate every catalog passes, wherever it is loaded (the live folder, `replay --catalog`, the
 * embedded seed, any later authoring path): schema, cross-references and the sensitive lint.
 */
export function parseCatalog(input: CatalogInput, options: ParseCatalogOptions = {}): ParseCatalogResult {
  const errors: string[] = [];
  const version = parseVersion(input.catalog, errors);
  const regionErrorsBefore = errors.length;
  const regions = parseRegions(input.regions, errors);
  const regionsKnown = errors.length === regionErrorsBefore;
  const offerErrorsBefore = errors.length;
  const offers = parseOffers(input.offers, errors);
  const ctx: TriggerContext = {
    regions,
    regionsKnown,
    offers,
    offersKnown: errors.length === offerErrorsBefore,
    sensitive: options.sensitive ?? DEFAULT_SENSITIVE_RULES,
  };

  const triggers: Trigger[] = [];
  const fileById = new Map<string, string>();
  for (const { file, content } of input.triggers) {
    const trigger = parseTrigger(file, content, ctx, errors);
    if (trigger === undefined) continue;
    const first = fileById.get(trigger.id);
    if (first !== undefined) {
      errors.push(`${file}: trigger "${trigger.id}": id: duplicate, already defined in ${first}`);
      continue;
    }
    fileById.set(trigger.id, file);
    triggers.push(trigger);
  }
  if (errors.length > 0 || version === undefined) return { ok: false, errors };

  triggers.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const triggersByEventType = indexByEventType(triggers);
  const catalog: Catalog = {
    version,
    triggers,
    offers,
    regions,
    triggersByEventType,
    candidates: buildCandidateLookup(triggersByEventType),
  };
  return { ok: true, catalog };
}

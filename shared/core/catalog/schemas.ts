import * as z from 'zod';
import { ProductCodeSchema } from '#core/customer.js';
import { CountryCodeSchema, EventTypeSchema } from '#core/payment-event.js';
import { OFFER_CATEGORIES } from './catalog.js';

/** Equal to the offers' and the contact-policy state's retention; a unit test keeps them equal. */
export const MAX_VALIDITY_DAYS = 30;
export const MAX_COOLDOWN_DAYS = 365;
/** A trigger's priority lies in [-MAX_PRIORITY, MAX_PRIORITY]. */
export const MAX_PRIORITY = 1000;
/**
 * An explanation is one short sentence a banner shows under the offer: at least 10 characters (a reason,
 * not a word: "Reis." says nothing) and at most 200 (about two lines of a phone's banner; anything longer
 * is a paragraph that starts to tell a story about the payment).
 */
export const MIN_EXPLANATION_LENGTH = 10;
export const MAX_EXPLANATION_LENGTH = 200;

/**
 * zod schemas for the catalog files. Objects are strict: a misspelt key ("conditon", "cooldownDay")
 * is an error, not a silently ignored field. Conditions are checked by ./condition.ts.
 */

const KebabId = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'expected a kebab-case id (a-z, 0-9, "-")')
  .max(100);
const Prose = z
  .string()
  .trim()
  .min(1, 'expected a non-empty text')
  .max(2000)
  .describe('a non-empty text of at most 2000 characters');

const Sentence = z
  .string()
  .trim()
  .min(MIN_EXPLANATION_LENGTH)
  .max(MAX_EXPLANATION_LENGTH)
  .describe(
    `one short customer-facing sentence of ${MIN_EXPLANATION_LENGTH} to ${MAX_EXPLANATION_LENGTH} characters`,
  );

export const ExplanationSchema = z
  .strictObject({ nl: Sentence, en: Sentence })
  .describe('an object {"nl": "...", "en": "..."}: why the offer appears, in Dutch and in English');

/**
 * Every field carries its expectation in words (`describe`): problems quote it as "expected ..." or
 * "required, ...; missing" (./zod-issues.ts). An enum without a description lists its options.
 */
export const CatalogFileSchema = z
  .strictObject({
    version: z
      .string()
      .regex(/^[0-9A-Za-z][0-9A-Za-z.+-]{0,63}$/, 'expected a version such as "2026-11-21.1"')
      .describe('a version such as "2026-11-21.1" (letters, digits, ".", "+", "-"; at most 64)'),
    description: Prose.optional(),
  })
  .describe('an object {"version": "...", "description": "..."}');

export const RegionsFileSchema = z
  .strictObject({
    regions: z
      .record(
        KebabId,
        z
          .strictObject({
            description: Prose,
            countries: z
              .array(CountryCodeSchema)
              .min(1)
              .describe('a non-empty list of ISO 3166-1 alpha-2 country codes (e.g. ["NL", "BE"])'),
          })
          .describe('a region {"description": "...", "countries": [...]}'),
      )
      .describe('an object of named regions, e.g. {"benelux": {"description": "...", "countries": [...]}}'),
  })
  .describe('an object {"regions": {...}}');

export const ProductsFileSchema = z
  .strictObject({
    products: z
      .record(
        ProductCodeSchema,
        z.strictObject({ description: Prose }).describe('a product {"description": "..."}'),
      )
      .describe('an object of product codes, e.g. {"credit-card": {"description": "..."}}'),
  })
  .describe('an object {"products": {...}}');

export const OfferSchema = z
  .strictObject({
    offerId: KebabId.describe('a kebab-case offer id (a-z, 0-9, "-"; at most 100), unique in this file'),
    productCode: ProductCodeSchema,
    category: z.enum(OFFER_CATEGORIES),
    text: z.string().min(1).max(500).describe('the offer text, 1 to 500 characters'),
    disclosures: z
      .array(z.string().min(1).max(500).describe('a disclosure text, 1 to 500 characters'))
      .describe('a list of disclosure texts (1 to 500 characters each)'),
    // Bounded by the retention periods (shared/retention.ts): an offer row lives at most 30 days, and the
    // contact-policy state that remembers a cooldown at most 365 — a longer one would silently be forgotten.
    validityDays: z
      .number()
      .int()
      .min(1)
      .max(MAX_VALIDITY_DAYS)
      .describe(`a whole number of days from 1 to ${MAX_VALIDITY_DAYS}`),
    cooldownDays: z
      .number()
      .int()
      .min(0)
      .max(MAX_COOLDOWN_DAYS)
      .describe(`a whole number of days from 0 to ${MAX_COOLDOWN_DAYS}`),
  })
  .describe('an offer object {"offerId", "productCode", "category", "text", "disclosures", ...}');

export const OffersFileSchema = z
  .strictObject({ offers: z.array(z.unknown()).describe('a list of offer objects') })
  .describe('an object {"offers": [...]}');

export const CompatibilitySchema = z
  .strictObject({
    linkToOriginalPurpose: Prose,
    howObtained: Prose,
    sensitivity: Prose,
    consequences: Prose,
    safeguards: Prose,
  })
  .describe(
    'an object answering "linkToOriginalPurpose", "howObtained", "sensitivity", "consequences" and "safeguards"',
  );

/** Everything but the condition, which ./condition.ts validates with field-level error paths. */
export const TriggerFileSchema = z
  .strictObject({
    id: KebabId.describe('a kebab-case trigger id (a-z, 0-9, "-"; at most 100), the file name without .json'),
    version: z.number().int().min(1).describe('a whole number from 1 up, bumped on every change'),
    description: Prose,
    eventTypes: z
      .array(EventTypeSchema)
      .min(1)
      .describe(
        `a non-empty list of event types (${EventTypeSchema.options.map((t) => `"${t}"`).join(', ')})`,
      ),
    purpose: Prose,
    legalBasis: Prose,
    compatibility: CompatibilitySchema,
    /** Optional data protection impact assessment reference (issue 12), shown to the approver. */
    dpiaReference: Prose.optional(),
    offerId: KebabId.describe('the id of an offer in offers.json (a kebab-case id)'),
    /**
     * Why a condition matches free text (a counterparty or merchant name, a payment reference): required
     * for such triggers (contracts.md), shown to the approver. The sensitive lint still refuses texts
     * that target a special category, whatever the justification says.
     */
    textMatchJustification: Prose.optional(),
    /** When several offers pass their gates for one payment the highest wins (contracts.md); default 0. */
    priority: z
      .number()
      .int()
      .min(-MAX_PRIORITY)
      .max(MAX_PRIORITY)
      .optional()
      .describe(`a whole number from -${MAX_PRIORITY} to ${MAX_PRIORITY} (default 0; the highest wins)`),
    /**
     * Why the offer appears, one customer-facing sentence per language (required: domain rule 8); linted by
     * ./explanation-lint.ts.
     */
    explanation: ExplanationSchema,
    condition: z
      .unknown()
      .describe('a condition object such as {"all": [...]} or {"field": "amount.minor", "gte": 100000}'),
  })
  .describe('a trigger object {"id", "version", "description", "eventTypes", ..., "condition"}');

import * as z from 'zod';
import { ProductCodeSchema } from '../customer.js';
import { CountryCodeSchema, EventTypeSchema } from '../payment-event.js';
import { OFFER_CATEGORIES } from './catalog.js';

/** Equal to the offers' and the contact-policy state's retention; a unit test keeps them equal. */
export const MAX_VALIDITY_DAYS = 30;
export const MAX_COOLDOWN_DAYS = 365;

/**
 * zod schemas for the catalog files. Objects are strict: a misspelt key ("conditon", "cooldownDay")
 * is an error, not a silently ignored field. Conditions are checked by ./condition.ts.
 */

const KebabId = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'expected a kebab-case id (a-z, 0-9, "-")')
  .max(100);
const Prose = z.string().trim().min(1, 'expected a non-empty text').max(2000);

export const CatalogFileSchema = z.strictObject({
  version: z.string().regex(/^[0-9A-Za-z][0-9A-Za-z.+-]{0,63}$/, 'expected a version such as "2026-11-21.1"'),
  description: Prose.optional(),
});

export const RegionsFileSchema = z.strictObject({
  regions: z.record(
    KebabId,
    z.strictObject({
      description: Prose,
      countries: z.array(CountryCodeSchema).min(1),
    }),
  ),
});

export const OfferSchema = z.strictObject({
  offerId: KebabId,
  productCode: ProductCodeSchema,
  category: z.enum(OFFER_CATEGORIES),
  text: z.string().min(1).max(500),
  disclosures: z.array(z.string().min(1).max(500)),
  // Bounded by the retention periods (shared/retention.ts): an offer row lives at most 30 days, and the
  // contact-policy state that remembers a cooldown at most 365 — a longer one would silently be forgotten.
  validityDays: z.number().int().min(1).max(MAX_VALIDITY_DAYS),
  cooldownDays: z.number().int().min(0).max(MAX_COOLDOWN_DAYS),
});

export const OffersFileSchema = z.strictObject({ offers: z.array(z.unknown()) });

export const CompatibilitySchema = z.strictObject({
  linkToOriginalPurpose: Prose,
  howObtained: Prose,
  sensitivity: Prose,
  consequences: Prose,
  safeguards: Prose,
});

/** Everything but the condition, which ./condition.ts validates with field-level error paths. */
export const TriggerFileSchema = z.strictObject({
  id: KebabId,
  version: z.number().int().min(1),
  description: Prose,
  eventTypes: z.array(EventTypeSchema).min(1),
  purpose: Prose,
  legalBasis: Prose,
  compatibility: CompatibilitySchema,
  approvedBy: z.string().trim().min(1).max(200),
  approvedAt: z.iso.date(),
  offerId: KebabId,
  /**
   * Why a condition matches free text (a counterparty or merchant name, a payment reference): required
   * for such triggers (contracts.md), shown to the approver. The sensitive lint still refuses texts
   * that target a special category, whatever the justification says.
   */
  textMatchJustification: Prose.optional(),
  condition: z.unknown(),
});

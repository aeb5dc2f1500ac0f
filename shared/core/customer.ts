import * as z from 'zod';
import { CustomerIdSchema } from './identifiers.js';

/**
 * What the pipeline knows about a customer (contracts.md, "Customer fixtures"). Customer state is read
 * only after the sensitive screen has passed an event and at least one trigger could match it. What the
 * contact policy remembers per customer is in contact-policy.ts.
 */

/**
 * A product code: syntax only. Which products exist is catalog data (catalog/products.json), not code:
 * a new product needs no code change. A customer may hold products the catalog does not know (a bank
 * has more products than offers); those simply match no trigger.
 */
export const ProductCodeSchema = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'expected a kebab-case product code (a-z, 0-9, "-")')
  .max(100, 'expected a product code of at most 100 characters')
  .describe('a kebab-case product code (a-z, 0-9, "-"; at most 100 characters), e.g. "credit-card"');
export type ProductCode = z.infer<typeof ProductCodeSchema>;

/**
 * The products a customer holds, as a set of codes: built once per customer per decision (holdingsOf),
 * then every candidate trigger's holds/holdsAny/holdsNone asks `has`. No fixed list of products.
 */
export interface Holdings {
  has(code: string): boolean;
}

/** Up to this many codes a scan of the list beats building a hash set (a customer holds a handful). */
const SCAN_LIMIT = 8;

class HeldProducts implements Holdings {
  private readonly codes: readonly string[];
  private readonly set: ReadonlySet<string> | undefined;
  constructor(codes: readonly string[]) {
    this.codes = codes;
    this.set = codes.length > SCAN_LIMIT ? new Set(codes) : undefined;
  }
  has(code: string): boolean {
    return this.set === undefined ? this.codes.includes(code) : this.set.has(code);
  }
}

/** The holdings of a customer without a profile. */
export const NO_HOLDINGS: Holdings = new HeldProducts([]);

export function holdingsOf(codes: readonly string[]): Holdings {
  return codes.length === 0 ? NO_HOLDINGS : new HeldProducts(codes);
}

export const CUSTOMER_FLAGS = ['financial-difficulty', 'fraud-register', 'deceased', 'vulnerable'] as const;
export const CustomerFlagSchema = z.enum(CUSTOMER_FLAGS);
export type CustomerFlag = z.infer<typeof CustomerFlagSchema>;

/** `transaction-offers`: payment data used for personal offers; `direct-marketing`: any marketing. */
export const CONSENT_PURPOSES = ['transaction-offers', 'direct-marketing'] as const;
export const ConsentPurposeSchema = z.enum(CONSENT_PURPOSES);
export type ConsentPurpose = z.infer<typeof ConsentPurposeSchema>;

/** `objected` is a GDPR art. 21 objection: absolute, it blocks every offer in every regime. */
export const CONSENT_STATUSES = ['granted', 'withdrawn', 'objected'] as const;
export const ConsentStatusSchema = z.enum(CONSENT_STATUSES);
export type ConsentStatus = z.infer<typeof ConsentStatusSchema>;

export const ConsentRecordSchema = z.object({
  purpose: ConsentPurposeSchema,
  status: ConsentStatusSchema,
  at: z.iso.datetime({ offset: true }),
  source: z.string().min(1).max(200),
  noticeVersion: z.string().min(1).max(100),
});
export type ConsentRecord = z.infer<typeof ConsentRecordSchema>;

export const CustomerStateSchema = z.object({
  customerId: CustomerIdSchema,
  birthDate: z.iso.date().optional(),
  holdings: z.array(ProductCodeSchema),
  flags: z.array(CustomerFlagSchema),
  consents: z.array(ConsentRecordSchema),
});
export type CustomerState = z.infer<typeof CustomerStateSchema>;

/** What a fixture says when it does not know which notice text a consent was given against. */
export const UNKNOWN_NOTICE_VERSION = 'unknown';

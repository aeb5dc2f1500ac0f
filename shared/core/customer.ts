import * as z from 'zod';
import { CustomerIdSchema } from './identifiers.js';

/**
 * What the pipeline knows about a customer (contracts.md, "Customer fixtures"). Customer state is read
 * only after the sensitive screen has passed an event and at least one trigger could match it. What the
 * contact policy remembers per customer is in contact-policy.ts.
 */

export const PRODUCT_CODES = [
  'current-account',
  'travel-insurance-europe',
  'travel-insurance-worldwide',
  'child-savings-account',
  'student-account',
  'savings-account',
  'credit-card',
] as const;
export const ProductCodeSchema = z.enum(PRODUCT_CODES);
export type ProductCode = z.infer<typeof ProductCodeSchema>;

/**
 * A set of product codes as a bit mask (bit i = PRODUCT_CODES[i]): trigger conditions test holdings
 * for every candidate trigger of every event, and a mask needs no allocation and no hashing.
 */
export type Holdings = number;

const PRODUCT_BITS: ReadonlyMap<string, number> = new Map(
  PRODUCT_CODES.map((code, index) => [code, 1 << index]),
);

export function productBit(code: ProductCode): Holdings {
  return PRODUCT_BITS.get(code) ?? 0;
}

export function holdingsOf(codes: readonly ProductCode[]): Holdings {
  let mask = 0;
  for (const code of codes) mask |= productBit(code);
  return mask;
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

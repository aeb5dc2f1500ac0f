import * as z from 'zod';
import { CustomerIdSchema } from './identifiers.js';

/**
 * What the pipeline knows about a customer (contracts.md, "Customer fixtures") and the contact-policy
 * state it keeps per customer. Customer state is read only after the sensitive screen has passed an
 * event and at least one trigger could match it.
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

/**
 * One emitted offer as the contact policy remembers it: `at` is the `occurredAt` of the event that emitted
 * it, `decidedAt` the receive time it was decided at (absent in state written before it was recorded:
 * then `at` stands in for it). Caps and cooldowns hold on both time lines (see contactGate).
 */
export interface Emission {
  readonly offerId: string;
  readonly at: string;
  readonly decidedAt?: string;
}

/**
 * Contact-policy state per customer: the emissions that still matter and dismissal cooldowns.
 * `version` is for the adapter's optimistic locking: the core never changes it.
 */
export interface ContactState {
  readonly customerId: string;
  readonly version: number;
  readonly emissions: ReadonlyArray<Emission>;
  /** offerId -> ISO instant before which the offer must not be shown again (e.g. after a dismissal). */
  readonly cooldownUntil: Readonly<Record<string, string>>;
}

export const ContactStateSchema = z.object({
  customerId: CustomerIdSchema,
  version: z.number().int().nonnegative(),
  emissions: z.array(
    z.object({
      offerId: z.string().min(1),
      at: z.iso.datetime({ offset: true }),
      decidedAt: z.iso.datetime({ offset: true }).optional(),
    }),
  ),
  cooldownUntil: z.record(z.string(), z.iso.datetime({ offset: true })),
});

export function emptyContactState(customerId: string): ContactState {
  return { customerId, version: 0, emissions: [], cooldownUntil: {} };
}

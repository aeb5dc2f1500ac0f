import * as z from 'zod';
import type { Offer } from './catalog/catalog.js';
import { CustomerFlagSchema, type CustomerState, ProductCodeSchema } from './customer.js';
import { CustomerIdSchema } from './identifiers.js';

/**
 * A profile update from the bank's CRM sync (one SQS message). Fields present replace the stored ones;
 * absent fields stay as they are. `at` orders updates: an older one than the stored profile is ignored.
 */
export const CustomerUpdateSchema = z
  .object({
    customerId: CustomerIdSchema,
    at: z.iso.datetime({ offset: true }),
    birthDate: z.iso.date().optional(),
    holdings: z.array(ProductCodeSchema).max(50).optional(),
    flags: z.array(CustomerFlagSchema).max(10).optional(),
  })
  .strict();
export type CustomerUpdate = z.infer<typeof CustomerUpdateSchema>;

export type WithdrawalReason =
  | 'consent_withdrawn'
  | 'objected'
  | 'product_held'
  | 'credit_unsuitable'
  | 'customer_excluded';

/** The open-offer facts the withdrawal rules look at. */
export interface OpenOffer {
  readonly offerInstanceId: string;
  readonly productCode: string;
  readonly category: Offer['category'];
}

const CREDIT_BLOCKING_FLAGS = new Set(['financial-difficulty', 'fraud-register']);
const EXCLUDING_FLAGS = new Set(['deceased', 'vulnerable']);

/**
 * Which open offers a profile must no longer carry, and why: an offer for a product the customer now
 * holds; any offer once the customer is flagged deceased or vulnerable; a credit offer once flagged in
 * financial difficulty or in the fraud register. Pure: the profile is the one after the update.
 */
export function offersToWithdraw<T extends OpenOffer>(
  profile: Pick<CustomerState, 'holdings' | 'flags'>,
  open: readonly T[],
): Array<{ offer: T; reason: WithdrawalReason }> {
  const held = new Set<string>(profile.holdings);
  const excluded = profile.flags.some((flag) => EXCLUDING_FLAGS.has(flag));
  const creditBlocked = profile.flags.some((flag) => CREDIT_BLOCKING_FLAGS.has(flag));
  const result: Array<{ offer: T; reason: WithdrawalReason }> = [];
  for (const offer of open) {
    if (excluded) result.push({ offer, reason: 'customer_excluded' });
    else if (held.has(offer.productCode)) result.push({ offer, reason: 'product_held' });
    else if (creditBlocked && offer.category === 'credit')
      result.push({ offer, reason: 'credit_unsuitable' });
  }
  return result;
}

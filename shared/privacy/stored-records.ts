import * as z from 'zod';
import { DecisionSchema } from '#core/decision.js';
import { WithdrawalItemSchema } from '#shared/audit-items.js';
import type { AccessParameters } from './access-log.js';

/**
 * The stored records the privacy queries read, as zod schemas: the adapters parse every item with them.
 * `z.object` keeps only the fields named here, so index attributes, TTLs and anything else an item may
 * carry never reach an answer unless it is listed.
 */

/** A decision as the audit table stores it (shared/core/decision.ts). */
export const StoredDecisionSchema = DecisionSchema;
export type StoredDecision = z.infer<typeof StoredDecisionSchema>;

/** An offer-withdrawal record of the audit table (shared/adapters/dynamodb/offer-withdrawer.ts). */
/** A stored offer withdrawal: the hot item's shape (shared/audit-items.ts) without its TTL. */
export const StoredWithdrawalSchema = WithdrawalItemSchema.omit({ ttl: true });
export type StoredWithdrawal = z.infer<typeof StoredWithdrawalSchema>;

export type AuditRecord =
  | { readonly kind: 'decision'; readonly decision: StoredDecision }
  | { readonly kind: 'offer_withdrawal'; readonly withdrawal: StoredWithdrawal };

/** A consent-history entry (shared/adapters/dynamodb/consent-store.ts historyItem). */
export const StoredConsentEntrySchema = z.object({
  customerId: z.string(),
  recordId: z.string(),
  purpose: z.string(),
  status: z.string(),
  at: z.string(),
  collectionSource: z.string().optional(),
  noticeVersion: z.string().optional(),
  legalBasis: z.string().optional(),
  receivedAt: z.string(),
  applied: z.boolean(),
  ignoredBecause: z.string().optional(),
  /** Loaded with customer state rather than received as a change: `fixture:<file>`, `demo-generator`... */
  evidenceSource: z.string().optional(),
});
export type StoredConsentEntry = z.infer<typeof StoredConsentEntrySchema>;

/** An offer row (shared/adapters/dynamodb/decision-writer.ts offerItem, and what later changed it). */
export const StoredOfferSchema = z.object({
  customerId: z.string(),
  offerInstanceId: z.string(),
  offerId: z.string(),
  decisionId: z.string().optional(),
  triggerId: z.string().optional(),
  triggerVersion: z.number().int().optional(),
  text: z.string().optional(),
  disclosures: z.array(z.string()).optional(),
  status: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().optional(),
  statusChangedAt: z.string().optional(),
  withdrawnAt: z.string().optional(),
  withdrawalReason: z.string().optional(),
});
export type StoredOffer = z.infer<typeof StoredOfferSchema>;

/** What the banner service reported about an offer (shared/adapters/dynamodb/offer-events-store.ts). */
export const StoredOfferEventSchema = z.object({
  offerInstanceId: z.string(),
  clientEventId: z.string(),
  customerId: z.string().optional(),
  offerId: z.string().optional(),
  type: z.string(),
  at: z.string(),
  recordedAt: z.string().optional(),
});
export type StoredOfferEvent = z.infer<typeof StoredOfferEventSchema>;

/** An access-log entry as read back: the shape accessLogEntry writes (older entries may lack `customerId`). */
export const StoredAccessEntrySchema = z.object({
  accessId: z.string(),
  at: z.string(),
  who: z.string(),
  via: z.string(),
  requestId: z.string().optional(),
  query: z.string(),
  parameters: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  customerId: z.string().optional(),
});

/** One entry as the reader shows it: when, who, through which door, what (query and filters), whose data. */
export interface AccessRecord {
  readonly accessId: string;
  readonly at: string;
  readonly who: string;
  readonly via: string;
  readonly requestId?: string;
  readonly query: string;
  readonly parameters: AccessParameters;
  readonly customerId?: string;
}

/** The view of a stored access-log item, or undefined when it does not have the shape of an entry. */
export function accessRecordOf(item: unknown): AccessRecord | undefined {
  const parsed = StoredAccessEntrySchema.safeParse(item);
  if (!parsed.success) return undefined;
  const { requestId, customerId, ...rest } = parsed.data;
  return {
    ...rest,
    ...(requestId === undefined ? {} : { requestId }),
    ...(customerId === undefined ? {} : { customerId }),
  };
}

/** A stored item that does not have the shape its table promises: answered as an internal error, never skipped. */
export class AuditDataError extends Error {
  override readonly name = 'AuditDataError';
}

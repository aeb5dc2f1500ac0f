import * as z from 'zod';
import { type Decision, DecisionSchema } from './core/decision.js';

/**
 * The items of the hot audit table (issue 15), one definition for the writer
 * (shared/adapters/dynamodb/decision-writer.ts), the archiver that copies them from the table's stream
 * (shared/archive/) and the readers of the hot window (explain).
 *
 * The table is keyed by `decisionId` and holds, per payment event, ONE item under the event-level id
 * (`decisionIdFor(eventId)`), which is also the event's claim (its `contentHash` tells a redelivery from a
 * reused event id):
 * - an event decided without a trigger (no trigger, sensitive, stale, rejected) is one decision whose id is
 *   the event-level id: the item is that decision (`DecisionItem`, with `contentHash`);
 * - an event that matched triggers is one `EventItem` holding every trigger decision of the event
 *   (`decisions`, each with its own deterministic id), so a matched event costs one item write, not a claim
 *   plus one per decision.
 * Besides: offer withdrawals (`WithdrawalItem`, kind `offer_withdrawal`), and from before issue 15 trigger
 * decisions stored one per item and bare claims (kind `event_claim`, no decision in them).
 * Every item has a TTL (`ttl`, epoch seconds): the hot retention, shorter than the archive's.
 * The table has no index: counts, lists and customer histories are answered by the archive.
 */

export const EVENT_ITEM_KIND = 'event';
export const LEGACY_CLAIM_KIND = 'event_claim';
export const WITHDRAWAL_KIND = 'offer_withdrawal';
/** The attribute holding a record's content digest (contentHashOf): what "same event" is compared on. */
export const CONTENT_HASH = 'contentHash';

export const EventItemSchema = z.object({
  decisionId: z.string(),
  kind: z.literal(EVENT_ITEM_KIND),
  [CONTENT_HASH]: z.string(),
  eventId: z.string(),
  customerId: z.string(),
  decidedAt: z.string(),
  decisions: z.array(DecisionSchema).min(1),
  ttl: z.number().int(),
});
export type EventItem = z.infer<typeof EventItemSchema>;

export const DecisionItemSchema = DecisionSchema.extend({
  [CONTENT_HASH]: z.string().optional(),
  ttl: z.number().int().optional(),
});

export const WithdrawalItemSchema = z.object({
  decisionId: z.string().regex(/^w_[0-9a-f]{32}$/),
  kind: z.literal(WITHDRAWAL_KIND),
  customerId: z.string(),
  offerInstanceId: z.string(),
  offerId: z.string(),
  triggerId: z.string(),
  triggerVersion: z.number().int(),
  withdrawalReason: z.string(),
  decidedAt: z.string(),
  ttl: z.number().int().optional(),
});
export type WithdrawalItem = z.infer<typeof WithdrawalItemSchema>;

/** What a stored audit item holds, parsed (unknown attributes dropped). */
export type ParsedAuditItem =
  | { readonly kind: 'decisions'; readonly key: string; readonly decisions: readonly Decision[] }
  | { readonly kind: 'withdrawal'; readonly key: string; readonly withdrawal: WithdrawalItem }
  | { readonly kind: 'claim'; readonly key: string };

export class AuditItemShapeError extends Error {
  override readonly name = 'AuditItemShapeError';
}

function parseWith<S extends z.ZodType>(schema: S, item: unknown, what: string): z.output<S> {
  const result = schema.safeParse(item);
  if (result.success) return result.data;
  const fields = [...new Set(result.error.issues.map((issue) => issue.path.join('.') || '(item)'))];
  throw new AuditItemShapeError(
    `A stored ${what} does not have the expected shape (fields: ${fields.join(', ')})`,
  );
}

/** Parses any item of the audit table; throws AuditItemShapeError naming the fields that do not fit. */
export function parseAuditItem(item: Record<string, unknown>): ParsedAuditItem {
  const key = typeof item.decisionId === 'string' ? item.decisionId : '(no key)';
  if (item.kind === LEGACY_CLAIM_KIND) return { kind: 'claim', key };
  if (item.kind === WITHDRAWAL_KIND) {
    return { kind: 'withdrawal', key, withdrawal: parseWith(WithdrawalItemSchema, item, 'offer withdrawal') };
  }
  if (item.kind === EVENT_ITEM_KIND) {
    // The writer stores the event's ids once, on the item, not in each embedded decision: put them back.
    const event = parseWith(EventItemSchema, item, 'event item');
    const decisions = event.decisions.map((d) => ({
      ...d,
      eventId: event.eventId,
      customerId: event.customerId,
    }));
    return { kind: 'decisions', key, decisions };
  }
  const { [CONTENT_HASH]: _hash, ttl: _ttl, ...decision } = parseWith(DecisionItemSchema, item, 'decision');
  return { kind: 'decisions', key, decisions: [decision] };
}

/** The decisions an audit item holds; none for a claim, a withdrawal or an item of no known shape. */
export function decisionsInItem(item: Readonly<Record<string, unknown>>): readonly Decision[] {
  try {
    const parsed = parseAuditItem({ ...item });
    return parsed.kind === 'decisions' ? parsed.decisions : [];
  } catch (error) {
    if (error instanceof AuditItemShapeError) return [];
    throw error;
  }
}

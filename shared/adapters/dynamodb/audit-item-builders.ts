import type { Decision, OfferInstance } from '#core/decision.js';
import { CONTENT_HASH, EVENT_ITEM_KIND, type EventItem, LEGACY_CLAIM_KIND } from '#shared/audit-items.js';
import type { EventClaim } from '#shared/ports.js';
import { DECISION_RETENTION_KIND, DEFAULT_HOT_AUDIT_DAYS, hotTtlFor } from '#shared/retention.js';
import type { Item } from './batch-write.js';

/**
 * The items the decision writer (./decision-writer.ts) puts into the hot audit table and the offers
 * table, one definition for the writer, its tests and the bench's billing meter. The shapes are those of
 * shared/audit-items.ts; the TTLs are the hot window's (hotTtlFor), the archive keeps the retention period.
 */

export { CONTENT_HASH };
/** Kind of the bare claim items written before issue 15 (no decision in them); read, never written now. */
export const EVENT_CLAIM_KIND = LEGACY_CLAIM_KIND;

/**
 * The hot item of a decision decided without a trigger (no trigger, sensitive, stale, rejected), whose id
 * is the event-level id: the decision as decided, the content digest when its id is an event's claim, and
 * the hot TTL. No index attributes: the table has no index (counts and lists are the archive's).
 */
export function auditItem(
  decision: Decision,
  contentHash?: string,
  hotDays: number = DEFAULT_HOT_AUDIT_DAYS,
): Item {
  return {
    ...decision,
    ...(contentHash === undefined ? {} : { [CONTENT_HASH]: contentHash }),
    ttl: hotTtlFor(DECISION_RETENTION_KIND[decision.outcome], new Date(decision.decidedAt), hotDays),
  };
}

/**
 * A trigger decision as the event item embeds it: without the event id and customer id, which the event
 * item carries once for all its decisions (parseAuditItem puts them back). Saves about 60 bytes per
 * decision, which keeps an event of two matched triggers under 1 KB (one write unit).
 */
function embedded(decision: Decision): Decision {
  const { eventId: _event, customerId: _customer, ...rest } = decision;
  return rest;
}

/**
 * The one item of a matched event (shared/audit-items.ts EventItem): its claim (key and digest) and every
 * trigger decision of the event, with the hot TTL of the longest-kept of them.
 */
export function eventItem(
  claim: EventClaim,
  decisions: readonly Decision[],
  hotDays: number = DEFAULT_HOT_AUDIT_DAYS,
): Item {
  const [first] = decisions;
  if (first === undefined) throw new RangeError('An event item needs at least one decision');
  const decidedAt = first.decidedAt;
  const ttl = Math.max(
    ...decisions.map((d) => hotTtlFor(DECISION_RETENTION_KIND[d.outcome], new Date(decidedAt), hotDays)),
  );
  const item: EventItem = {
    decisionId: claim.key,
    kind: EVENT_ITEM_KIND,
    [CONTENT_HASH]: claim.contentHash,
    eventId: first.eventId ?? '',
    customerId: first.customerId ?? '',
    decidedAt,
    decisions: decisions.map(embedded),
    ttl,
  };
  return item;
}

export function offerItem(offer: OfferInstance): Item {
  return { ...offer, status: 'active', ttl: Math.floor(new Date(offer.expiresAt).getTime() / 1000) };
}

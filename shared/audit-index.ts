import { REASONS, type Reason } from './core/decision.js';

/**
 * How the audit table is indexed for privacy officers' questions ("suppressed offers by trigger, reason
 * and period"), shared by the stack definition (infra/definitions.ts), the writer and the readers.
 *
 * Every suppressed decision carries sparse index attributes:
 * - `suppTrigger` = `<triggerId>#<shard>` (`none#<shard>` for a sensitive screen, which has no trigger),
 *   the partition key of the `suppressedByTrigger` index;
 * - `supp_<reason>` = `<shard>` for each of its reasons, the partition key of `suppressedBy-<reason>`.
 * Both sort by `decidedAt`. The shard (0–7, from the decision id's hash) spreads one popular trigger or
 * reason over eight partitions, so a busy trigger cannot make a hot partition; readers query the eight
 * shards and merge them newest first.
 */
export const AUDIT_SHARDS = 8;

/** The reasons only `rejected` decisions carry: they get no suppression index. */
export const REJECTION_REASONS = ['invalid_event', 'duplicate_event_id'] as const;
type RejectionReason = (typeof REJECTION_REASONS)[number];

/** Every reason a suppressed decision can carry (all but the rejection reasons). */
export type SuppressionReason = Exclude<Reason, RejectionReason>;
export const SUPPRESSION_REASONS: readonly SuppressionReason[] = REASONS.filter(
  (reason): reason is SuppressionReason => !(REJECTION_REASONS as readonly string[]).includes(reason),
);

export const TRIGGER_INDEX = 'suppressedByTrigger';
export const TRIGGER_INDEX_KEY = 'suppTrigger';
export const NO_TRIGGER = 'none';

export const reasonIndexName = (reason: SuppressionReason): string => `suppressedBy-${reason}`;
export const reasonIndexKey = (reason: SuppressionReason): string => `supp_${reason}`;

/** Decision ids are `d_` + hex of a hash: the first hex digit spreads them evenly over the shards. */
export function shardOf(decisionId: string): number {
  const digit = Number.parseInt(decisionId.charAt(2), 16);
  return Number.isNaN(digit) ? 0 : digit % AUDIT_SHARDS;
}

export function triggerIndexValue(triggerId: string | undefined, shard: number): string {
  return `${triggerId ?? NO_TRIGGER}#${shard}`;
}

/** The sparse index attributes of one decision (none unless it was suppressed). */
export function auditIndexAttributes(decision: {
  readonly decisionId: string;
  readonly outcome: string;
  readonly triggerId?: string;
  readonly reasons: readonly string[];
}): Record<string, string> {
  if (decision.outcome !== 'suppressed') return {};
  const shard = shardOf(decision.decisionId);
  const attributes: Record<string, string> = {
    [TRIGGER_INDEX_KEY]: triggerIndexValue(decision.triggerId, shard),
  };
  for (const reason of decision.reasons) {
    if ((SUPPRESSION_REASONS as readonly string[]).includes(reason)) {
      attributes[reasonIndexKey(reason as SuppressionReason)] = String(shard);
    }
  }
  return attributes;
}

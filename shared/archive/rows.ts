import type { Decision } from '#core/decision.js';
import type { WithdrawalItem } from '#shared/audit-items.js';
import { DECISION_RETENTION_KIND, RETENTION_DAYS } from '#shared/retention.js';
import type { Pseudonymiser } from './pseudonym.js';
import { hourOf } from './schema.js';

/**
 * Archive rows of the decisions dataset and the withdrawals dataset (shared/archive/schema.ts), built from
 * what the hot table stored. A row of a customer carries only pseudonyms and coarse clear columns; the
 * record itself, with the key of the hot item it came from, is sealed in `content` (see pseudonym.ts).
 */

export type RowValue = string | number | boolean | Uint8Array | null;
export type ArchiveRow = Readonly<Record<string, RowValue>>;

/** What is sealed in (or, without a customer, written as) `content`. */
export interface ArchivedContent<R> {
  /** The hot table key the record was stored under (erasure deletes the hot copy by it). */
  readonly hotKey: string;
  readonly record: R;
}

export const retentionDaysOf = (decision: Pick<Decision, 'outcome'>): number =>
  RETENTION_DAYS[DECISION_RETENTION_KIND[decision.outcome]];

/** `reasons` as stored: ",a,b," (sorted as decided), "," for none: `strpos(reasons, ',a,') > 0` finds one. */
export const reasonsColumn = (reasons: readonly string[]): string =>
  `,${reasons.map((r) => `${r},`).join('')}`;

/** The common columns (schema.ts COMMON_COLUMNS) of a row: keyed and sealed when `keyed` is given. */
export function common<R>(
  recordId: string,
  recordAt: string,
  content: ArchivedContent<R>,
  retentionDays: number,
  archivedAt: Date,
  keyed: Pseudonymiser | undefined,
): ArchiveRow {
  const json = JSON.stringify(content);
  return {
    record_id: keyed === undefined ? recordId : keyed.ref(recordId),
    customer_ref: keyed === undefined ? null : keyed.customerRef,
    record_hour: hourOf(recordAt),
    content: keyed === undefined ? new TextEncoder().encode(json) : keyed.seal(json),
    archived_at: archivedAt.toISOString(),
    retention_days: retentionDays,
  };
}

/**
 * The row of one decision. `keyed` is the pseudonymiser of the decision's customer; undefined only for a
 * decision without a customer id (a message rejected before its customer id could be read).
 */
export function decisionRow(
  decision: Decision,
  hotKey: string,
  keyed: Pseudonymiser | undefined,
  archivedAt: Date,
): ArchiveRow {
  return {
    ...common(
      decision.decisionId,
      decision.decidedAt,
      { hotKey, record: decision },
      retentionDaysOf(decision),
      archivedAt,
      keyed,
    ),
    outcome: decision.outcome,
    trigger_id: decision.triggerId ?? null,
    trigger_version: decision.triggerVersion ?? null,
    offer_id: decision.offerId ?? null,
    reasons: reasonsColumn(decision.reasons),
    policy_version: decision.policyVersion,
    consent_regime: decision.consentRegime ?? null,
    paid_hour: decision.occurredAt === undefined ? null : hourOf(decision.occurredAt),
  };
}

/** The row of one offer withdrawal (always of a customer). */
export function withdrawalRow(
  withdrawal: WithdrawalItem,
  keyed: Pseudonymiser,
  archivedAt: Date,
): ArchiveRow {
  const { ttl: _ttl, ...record } = withdrawal;
  return {
    ...common(
      withdrawal.decisionId,
      withdrawal.decidedAt,
      { hotKey: withdrawal.decisionId, record },
      RETENTION_DAYS.offerWithdrawal,
      archivedAt,
      keyed,
    ),
    trigger_id: withdrawal.triggerId,
    trigger_version: withdrawal.triggerVersion,
    offer_id: withdrawal.offerId,
    withdrawal_reason: withdrawal.withdrawalReason,
  };
}

/** Opens a row's content: with the customer's pseudonymiser when the row has a customer_ref, else as JSON. */
export function openContent<R>(
  row: { readonly content: Uint8Array; readonly customer_ref: string | null },
  keyed: Pseudonymiser | undefined,
): ArchivedContent<R> {
  const text =
    row.customer_ref === null
      ? new TextDecoder().decode(row.content)
      : (keyed ?? missingKey()).unseal(row.content);
  return JSON.parse(text) as ArchivedContent<R>;
}

function missingKey(): never {
  throw new Error('A sealed content needs its customer key');
}

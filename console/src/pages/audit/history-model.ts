/**
 * A customer's history entries as the table shows them: one line of details per kind (from the named
 * fields only), the decision they link to, and a client-side page of a long history (the API answers the
 * whole history at once; the page shows it HISTORY_PAGE_SIZE entries at a time).
 */
import type { HistoryEntry } from './audit-types.js';

export const HISTORY_PAGE_SIZE = 50;

export const KIND_LABELS: Readonly<Record<string, string>> = {
  decision: 'Decision',
  offer_withdrawal: 'Offer withdrawn',
  consent_change: 'Consent change',
  offer: 'Offer',
  offer_event: 'Banner event',
};

const trigger = (entry: HistoryEntry) =>
  entry.triggerId === undefined ? undefined : `${entry.triggerId} v${entry.triggerVersion ?? '?'}`;

const list = (values: readonly string[] | undefined) =>
  values === undefined || values.length === 0 ? undefined : values.join(', ');

function join(parts: ReadonlyArray<string | undefined>): string {
  const shown = parts.filter((part): part is string => part !== undefined && part !== '');
  return shown.length === 0 ? '–' : shown.join('; ');
}

/** One line that says what the entry is about. */
export function entryDetails(entry: HistoryEntry): string {
  switch (entry.kind) {
    case 'decision':
      return join([
        entry.outcome,
        trigger(entry),
        entry.offerId === undefined ? undefined : `offer ${entry.offerId}`,
        list(entry.reasons) === undefined ? undefined : `reasons: ${list(entry.reasons)}`,
      ]);
    case 'offer_withdrawal':
      return join([entry.withdrawalReason, entry.offerId, trigger(entry)]);
    case 'consent_change':
      return join([
        entry.purpose === undefined ? undefined : `${entry.purpose}: ${entry.status ?? '?'}`,
        entry.applied === false
          ? `not applied${entry.ignoredBecause ? ` (${entry.ignoredBecause})` : ''}`
          : undefined,
      ]);
    case 'offer':
      return join([entry.offerId, entry.status]);
    case 'offer_event':
      return join([entry.type, entry.offerId]);
    default:
      return join([entry.kind]);
  }
}

/** The audit record an entry can be explained by (decisions and withdrawals), if any. */
export function explainableId(entry: HistoryEntry): string | undefined {
  if (entry.kind === 'decision') return entry.decisionId;
  if (entry.kind === 'offer_withdrawal') return entry.recordId;
  return undefined;
}

/** The entries of one page (offset from 0), and the next page's offset when there is one. */
export function pageOf<T>(
  items: readonly T[],
  offset: number,
  size: number = HISTORY_PAGE_SIZE,
): { items: readonly T[]; next?: number } {
  const start = Math.max(0, Math.min(Number.isInteger(offset) ? offset : 0, items.length));
  const end = start + size;
  return { items: items.slice(start, end), ...(end < items.length ? { next: end } : {}) };
}

/**
 * An erasure's preview (or report) as three lists — removed, pseudonymised, kept — each row with its
 * count, until when and why; and the rule that guards the Erase button. The API reports `removed` (each
 * kind deleted or pseudonymised, with counts) and `kept` (what stays until when and why; the pseudonymised
 * records are kept too, no longer linked to the customer): a pseudonymised kind's until/why come from its
 * unlinked `kept` entry.
 */
import type { ErasureAnswer } from './audit-types.js';

/** What people call each record kind of the retention config (shared/retention.ts, docs/retention.md). */
const KIND_LABELS: Readonly<Record<string, string>> = {
  decisionEmitted: 'Decisions that made an offer',
  decisionSuppressed: 'Suppressed decisions',
  decisionNoTrigger: 'Decisions where no trigger matched',
  decisionRejected: 'Rejected events',
  offer: 'Offers',
  offerEvent: 'Banner events (shown, clicked, dismissed)',
  consentHistory: 'Consent history',
  contactPolicy: 'Contact policy state (caps, cooldowns)',
  offerWithdrawal: 'Offer withdrawals',
  accessLog: 'Access log of the audit',
  erasureLog: 'Erasure log',
  customerProfile: 'Customer profile',
  currentConsents: 'Current consents',
  otherCustomerRecord: 'Other customer records',
  otherAuditRecord: 'Other audit records',
};

/** A record kind as people read it: its label, or the camelCase name split into words. */
export const kindLabel = (kind: string): string =>
  KIND_LABELS[kind] ??
  kind.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/^./, (first) => first.toUpperCase());

export interface ErasureRow {
  readonly kind: string;
  readonly count: number;
  /** ISO instant until which the records stay; undefined: removed at the erasure. */
  readonly until?: string;
  readonly why?: string;
}

export interface ErasureLists {
  readonly removed: readonly ErasureRow[];
  readonly pseudonymised: readonly ErasureRow[];
  readonly kept: readonly ErasureRow[];
  readonly notSearched: readonly { readonly kind: string; readonly why: string }[];
}

const row = (kind: string, count: number, until?: string, why?: string): ErasureRow => ({
  kind,
  count,
  ...(until === undefined ? {} : { until }),
  ...(why === undefined ? {} : { why }),
});

export function erasureLists(answer: ErasureAnswer): ErasureLists {
  const removedList = answer.removed ?? [];
  const keptList = answer.kept ?? [];
  const unlinked = keptList.filter((k) => k.linkedToCustomer === false);
  const pseudonymisedKinds = removedList.filter((r) => r.how === 'pseudonymised');
  const pseudonymised: ErasureRow[] = pseudonymisedKinds.map((r) => {
    const kept = unlinked.find((k) => k.kind === r.kind);
    return row(r.kind, r.count, kept?.until ?? r.until, kept?.why ?? r.why);
  });
  // Records kept unlinked under a kind the removed list does not name (e.g. consent history moved to the
  // pseudonym) are pseudonymised too.
  for (const k of unlinked) {
    if (!pseudonymisedKinds.some((r) => r.kind === k.kind))
      pseudonymised.push(row(k.kind, k.count, k.until, k.why));
  }
  return {
    removed: removedList
      .filter((r) => r.how === 'deleted')
      .map((r) => row(r.kind, r.count, undefined, r.why)),
    pseudonymised,
    kept: keptList
      .filter((k) => k.linkedToCustomer !== false)
      .map((k) => row(k.kind, k.count, k.until, k.why)),
    notSearched: answer.notSearched ?? [],
  };
}

export interface EraseGuard {
  /** The signed-in user may erase (identity.canErase). */
  readonly canErase: boolean;
  /** A preview of this customer's erasure is shown. */
  readonly previewed: boolean;
  /** What the user typed to confirm. */
  readonly typed: string;
  readonly customerId: string;
  /** An erasure request is under way (or done). */
  readonly busy: boolean;
}

/**
 * Erase is enabled only for someone who may erase, after the preview, when the typed text is exactly the
 * customer id (no trimming, no case folding: ids are compared as the API compares them), and not twice.
 */
export const mayErase = (guard: EraseGuard): boolean =>
  guard.canErase &&
  guard.previewed &&
  !guard.busy &&
  guard.customerId !== '' &&
  guard.typed === guard.customerId;

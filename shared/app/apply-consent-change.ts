import type { ClockGuard } from '#core/clock-guard.js';
import { type FieldProblem, futureInstantProblem } from '#core/clock-guard.js';
import { applyConsentChange, type ConsentChange, consentHistoryId } from '#core/consent-change.js';
import type { ConsentRecord } from '#core/customer.js';
import type { ConsentRegime } from '#core/policy.js';
import { ConcurrentUpdateError } from '#shared/errors.js';
import type { ConsentHistoryEntry, ConsentStore, OfferWithdrawer } from '#shared/ports.js';
import { withdrawWhatConsentsNoLongerAllow } from './withdraw.js';

export interface ConsentChangeDeps {
  readonly consents: ConsentStore;
  readonly offers: OfferWithdrawer;
  readonly regime: ConsentRegime;
  /** The future skew outside instants may have (MAX_FUTURE_SKEW_SECONDS); also the "within the skew" rule. */
  readonly clockGuard: Pick<ClockGuard, 'maxFutureSkewSeconds'>;
  readonly now: () => Date;
}

export type ConsentChangeReport =
  | {
      readonly outcome: 'applied' | 'stale' | 'unchanged' | 'duplicate';
      readonly offersWithdrawn: number;
    }
  /** The change's `at` lies beyond the future skew of its receive time: nothing was written. */
  | { readonly outcome: 'refused'; readonly problems: readonly FieldProblem[] };

const MAX_CONFLICT_RETRIES = 3;

/**
 * Stores a consent change with its evidence and, when the customer's consents no longer allow offers,
 * withdraws every open offer in the same handling. A change that loses to the stored one (older, or a grant
 * within the skew of a withdrawal) is kept as evidence but not applied. The withdrawal step runs again on a
 * redelivery, so a crash between the two steps cannot leave offers behind; it reads the open offers after
 * the save, strongly consistently, so no offer committed before the save escapes.
 *
 * `receivedAt` is when the queue received the message (defaults to now): `at` may lead it by the skew.
 */
export async function applyConsentChangeMessage(
  change: ConsentChange,
  deps: ConsentChangeDeps,
  receivedAt: Date = deps.now(),
): Promise<ConsentChangeReport> {
  const future = futureInstantProblem('at', change.at, receivedAt, deps.clockGuard);
  if (future !== undefined) return { outcome: 'refused', problems: [future] };
  const now = deps.now();
  const entry = {
    customerId: change.customerId,
    recordId: consentHistoryId(change),
    record: {
      purpose: change.purpose,
      status: change.status,
      at: change.at,
      source: change.source,
      noticeVersion: change.noticeVersion,
    },
    receivedAt: now.toISOString(),
  };
  const skewMs = deps.clockGuard.maxFutureSkewSeconds * 1000;
  const stored = await storeConsentChange(deps.consents, change, entry, { skewMs, appliedAt: now });
  const offersWithdrawn = await withdrawWhatConsentsNoLongerAllow(
    deps.offers,
    change.customerId,
    stored.records,
    deps.regime,
    now,
  );
  return { outcome: stored.outcome, offersWithdrawn };
}

/**
 * Stores one consent change with its evidence entry: applied (the current consents and the entry in one
 * conditional write on the revision read, re-read and retried on a conflict) when it wins for its purpose,
 * else kept as evidence only. Returns the outcome and the customer's consents after it. The one way a
 * change is stored, whether it came from the queue or was loaded with customer state.
 */
export async function storeConsentChange(
  store: ConsentStore,
  change: ConsentChange,
  entry: Omit<ConsentHistoryEntry, 'applied' | 'ignoredBecause'>,
  options: { readonly skewMs: number; readonly appliedAt: Date },
): Promise<{
  readonly outcome: 'applied' | 'stale' | 'unchanged' | 'duplicate';
  readonly records: readonly ConsentRecord[];
}> {
  for (let attempt = 0; attempt <= MAX_CONFLICT_RETRIES; attempt++) {
    const stored = await store.load(change.customerId);
    const result = applyConsentChange(stored, change, options);
    if (result.outcome !== 'applied') {
      await store.appendHistory({ ...entry, applied: false, ignoredBecause: result.outcome });
      return { outcome: result.outcome, records: stored.records };
    }
    const saved = await store.save(change.customerId, result.state, stored.revision, {
      ...entry,
      applied: true,
    });
    if (saved === 'conflict') continue;
    return { outcome: saved === 'duplicate' ? 'duplicate' : 'applied', records: result.state.records };
  }
  throw new ConcurrentUpdateError('Consents kept changing while applying a change');
}

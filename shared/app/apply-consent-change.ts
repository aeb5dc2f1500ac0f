import { applyConsentChange, type ConsentChange, consentHistoryId } from '../core/consent-change.js';
import { offersAllowed } from '../core/gates.js';
import type { ConsentRegime } from '../core/policy.js';
import { ConcurrentUpdateError } from '../errors.js';
import type { ConsentStore, OfferWithdrawer } from '../ports.js';
import { withdrawAll } from './withdraw.js';

export interface ConsentChangeDeps {
  readonly consents: ConsentStore;
  readonly offers: OfferWithdrawer;
  readonly regime: ConsentRegime;
  readonly now: () => Date;
}

export interface ConsentChangeReport {
  readonly outcome: 'applied' | 'stale' | 'unchanged' | 'duplicate';
  readonly offersWithdrawn: number;
}

const MAX_CONFLICT_RETRIES = 3;

/**
 * Stores a consent change with its evidence and, when the customer's consents no longer allow offers,
 * withdraws every open offer in the same handling. A stale change (older than the stored one) is kept as
 * evidence but not applied. The withdrawal step runs again on a redelivery, so a crash between the two
 * steps cannot leave offers behind.
 */
export async function applyConsentChangeMessage(
  change: ConsentChange,
  deps: ConsentChangeDeps,
): Promise<ConsentChangeReport> {
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
  for (let attempt = 0; attempt <= MAX_CONFLICT_RETRIES; attempt++) {
    const stored = await deps.consents.load(change.customerId);
    const result = applyConsentChange(stored.records, change);
    let outcome: ConsentChangeReport['outcome'] = result.outcome;
    if (result.outcome === 'applied') {
      const saved = await deps.consents.save(change.customerId, result.current, stored.revision, {
        ...entry,
        applied: true,
      });
      if (saved === 'conflict') continue;
      if (saved === 'duplicate') outcome = 'duplicate';
    } else {
      await deps.consents.appendHistory({ ...entry, applied: false, ignoredBecause: result.outcome });
    }
    let offersWithdrawn = 0;
    if (!offersAllowed(result.current, deps.regime)) {
      const reason = result.current.some((r) => r.status === 'objected') ? 'objected' : 'consent_withdrawn';
      const open = await deps.offers.openOffers(change.customerId);
      offersWithdrawn = await withdrawAll(
        deps.offers,
        open.map((offer) => ({ offer, reason })),
        now,
      );
    }
    return { outcome, offersWithdrawn };
  }
  throw new ConcurrentUpdateError('Consents kept changing while applying a change');
}

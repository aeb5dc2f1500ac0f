import type { ClockGuard } from '#core/clock-guard.js';
import { type FieldProblem, futureInstantProblem } from '#core/clock-guard.js';
import { type CustomerUpdate, offersToWithdraw } from '#core/customer-update.js';
import type { OfferWithdrawer, ProfileStore } from '#shared/ports.js';
import { withdrawAll } from './withdraw.js';

export interface CustomerUpdateDeps {
  readonly profiles: ProfileStore;
  readonly offers: OfferWithdrawer;
  /** The future skew an update's `at` may have over its receive time (MAX_FUTURE_SKEW_SECONDS). */
  readonly clockGuard: Pick<ClockGuard, 'maxFutureSkewSeconds'>;
  readonly now: () => Date;
}

export type CustomerUpdateReport =
  | { readonly outcome: 'applied' | 'stale'; readonly offersWithdrawn: number }
  /** The update's `at` lies beyond the future skew of its receive time: nothing was written. */
  | { readonly outcome: 'refused'; readonly problems: readonly FieldProblem[] };

/**
 * Applies a CRM profile update, then withdraws the open offers the new profile rules out: products now
 * held, credit on a financial-difficulty or fraud-register flag, everything for deceased or vulnerable.
 * An update dated beyond the future skew of `receivedAt` (default: now) is refused: a date in the future
 * would otherwise win over every real update to come.
 */
export async function applyCustomerUpdateMessage(
  update: CustomerUpdate,
  deps: CustomerUpdateDeps,
  receivedAt: Date = deps.now(),
): Promise<CustomerUpdateReport> {
  const future = futureInstantProblem('at', update.at, receivedAt, deps.clockGuard);
  if (future !== undefined) return { outcome: 'refused', problems: [future] };
  const result = await deps.profiles.apply(update);
  if (result.outcome === 'stale') return { outcome: 'stale', offersWithdrawn: 0 };
  const open = await deps.offers.openOffers(update.customerId);
  const offersWithdrawn = await withdrawAll(deps.offers, offersToWithdraw(result.profile, open), deps.now());
  return { outcome: 'applied', offersWithdrawn };
}

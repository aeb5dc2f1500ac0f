import { type CustomerUpdate, offersToWithdraw } from '../core/customer-update.js';
import type { OfferWithdrawer, ProfileStore } from '../ports.js';
import { withdrawAll } from './withdraw.js';

export interface CustomerUpdateDeps {
  readonly profiles: ProfileStore;
  readonly offers: OfferWithdrawer;
  readonly now: () => Date;
}

/**
 * Applies a CRM profile update, then withdraws the open offers the new profile rules out: products now
 * held, credit on a financial-difficulty or fraud-register flag, everything for deceased or vulnerable.
 */
export async function applyCustomerUpdateMessage(
  update: CustomerUpdate,
  deps: CustomerUpdateDeps,
): Promise<{ outcome: 'applied' | 'stale'; offersWithdrawn: number }> {
  const result = await deps.profiles.apply(update);
  if (result.outcome === 'stale') return { outcome: 'stale', offersWithdrawn: 0 };
  const open = await deps.offers.openOffers(update.customerId);
  const offersWithdrawn = await withdrawAll(deps.offers, offersToWithdraw(result.profile, open), deps.now());
  return { outcome: 'applied', offersWithdrawn };
}

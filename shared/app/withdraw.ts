import type { WithdrawalReason } from '../core/customer-update.js';
import type { OfferWithdrawer, OpenOfferRecord } from '../ports.js';

/** Withdraws each listed offer (idempotently); returns how many this call withdrew. */
export async function withdrawAll(
  withdrawer: OfferWithdrawer,
  targets: ReadonlyArray<{ offer: OpenOfferRecord; reason: WithdrawalReason }>,
  now: Date,
): Promise<number> {
  let withdrawn = 0;
  for (const { offer, reason } of targets) {
    if ((await withdrawer.withdraw(offer, reason, now)) === 'withdrawn') withdrawn++;
  }
  return withdrawn;
}

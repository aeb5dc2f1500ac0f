import type { ConsentRecord } from '#core/customer.js';
import type { WithdrawalReason } from '#core/customer-update.js';
import { offersAllowed } from '#core/gates.js';
import type { ConsentRegime } from '#core/policy.js';
import type { OfferWithdrawer, OpenOfferRecord } from '#shared/ports.js';

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

/**
 * When a customer's consents no longer allow offers under the regime (a withdrawal or an objection), withdraws
 * every open offer, each audited and retracted like any withdrawal; returns how many this call withdrew. Reads
 * the open offers after the consents were saved (strongly consistent), so no offer committed before escapes;
 * idempotent, so a redelivery or a reload runs it again safely.
 */
export async function withdrawWhatConsentsNoLongerAllow(
  withdrawer: OfferWithdrawer,
  customerId: string,
  consents: readonly ConsentRecord[],
  regime: ConsentRegime,
  now: Date,
): Promise<number> {
  if (offersAllowed(consents, regime)) return 0;
  const reason = consents.some((r) => r.status === 'objected') ? 'objected' : 'consent_withdrawn';
  const open = await withdrawer.openOffers(customerId);
  return withdrawAll(
    withdrawer,
    open.map((offer) => ({ offer, reason })),
    now,
  );
}

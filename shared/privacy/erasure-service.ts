import { RETENTION, ttlEpoch } from '#shared/retention.js';
import { accessLogEntry } from './access-log.js';
import type {
  ErasureChangeLog,
  ErasureDeps,
  ErasureKind,
  ErasurePreview,
  ErasureReport,
  ErasureRequest,
  ErasureTarget,
} from './erasure.js';
import { pseudonymFor } from './erasure.js';
import {
  countHotRecords,
  customerItemKind,
  type ErasureOutcome,
  type ErasurePlan,
  fullOutcome,
  planErasure,
  reportOf,
} from './erasure-plan.js';

export type { ErasureDeps } from './erasure.js';

/**
 * Erases a customer (GDPR art. 17) where no legal duty keeps the data, and records that it happened.
 *
 * 1. Finds everything linked to the customer id, by keys and indexes (no scans) and through the archive:
 *    customer items, contact-policy state, offers, consent history; the customer's archive key and with it
 *    their archived decisions and withdrawals of the days hot copies may still exist (opened, to learn the
 *    keys of those hot copies: the hot audit table has no index by customer); the offer events of every
 *    offer instance of the customer (offer events outlive their offers).
 * 2. Deletes, in an order that keeps a re-run able to find what is left if this one stops half-way:
 *    the customer items first (with no consent record nothing more is offered), the contact-policy state,
 *    the offer events, the offers, the hot copies of the audit records; then it pseudonymises the consent
 *    history, kept as proof of consent, withdrawal and objection (art. 7(1), 21, 17(3)(e)) but no longer
 *    linked to the customer; and LAST it destroys the customer's archive key — everything above needs it
 *    (a re-run finds the hot copies and offer events through the archive only while the key exists). From
 *    then on no archived row of the customer can be linked or opened (crypto-shredding); the rows stay,
 *    unchanged, until their retention (Object Lock).
 *    The audit and the consent history are append-only for everyone else: every change there is
 *    conditional on the record still being the customer's and is committed together with a change record
 *    in the erasure log (kind and count, no ids), so none happens unrecorded, even if the erasure stops.
 * 3. Appends the report to the erasure log (no customer id in it) and returns it.
 *
 * A second erasure of the same customer finds nothing left to remove (no key, so nothing in the archive)
 * and leaves a record of its own.
 */
export async function eraseCustomer(request: ErasureRequest, deps: ErasureDeps): Promise<ErasureReport> {
  const { customerId, requestedBy, now } = request;
  if (customerId.length === 0) throw new Error('eraseCustomer needs a customer id');
  const erasureId = deps.newId();
  const pseudonym = pseudonymFor(erasureId);
  const at = now.toISOString();
  const changeLog: ErasureChangeLog = { erasureId, at, ttl: ttlEpoch(now, RETENTION.erasureLog.days) };
  // 0. Record the access first (no unlogged reads of the audit): who, when, and the erasure id only —
  //    the customer id is in neither log, as the erasure log explains.
  await deps.accessLog.append(
    accessLogEntry({ who: requestedBy, via: request.via ?? 'http' }, 'erasure', { erasureId }, now),
  );

  // 1. Find (the same plan a preview reports).
  const plan = await planErasure(customerId, deps, now);

  // 2. Remove, and 3. report what was actually done.
  const outcome = await applyPlan(plan, deps, pseudonym, changeLog);
  const { pseudonymises, ...findings } = reportOf(plan, outcome, now, deps.archive.hotAuditDays);
  const report: ErasureReport = {
    erasureId,
    at,
    requestedBy,
    ...findings,
    ...(pseudonymises ? { pseudonym } : {}),
  };
  await deps.erasureLog.append({
    erasureId,
    at,
    requestedBy,
    report,
    ttl: changeLog.ttl,
  });
  return report;
}

/**
 * Carries out a plan, in an order that keeps a re-run able to find what is left if this one stops
 * half-way (see eraseCustomer), the key destroyed last, and returns what went through.
 */
async function applyPlan(
  plan: ErasurePlan,
  deps: ErasureDeps,
  pseudonym: string,
  changeLog: ErasureChangeLog,
): Promise<ErasureOutcome> {
  const { customerId } = plan;
  const removed = new Map<ErasureKind, number>();
  const add = (kind: ErasureKind, n = 1) => removed.set(kind, (removed.get(kind) ?? 0) + n);
  if (plan.customerItems.length > 0) {
    await deps.customerState.deleteCustomerItems(customerId, plan.customerItems);
    for (const sk of plan.customerItems) add(customerItemKind(sk));
  }
  if (plan.hasContactPolicy) {
    await deps.customerState.deleteContactPolicy(customerId);
    add('contactPolicy');
  }
  if (plan.offerEvents.length > 0) await deps.customerState.deleteOfferEvents(plan.offerEvents);
  add('offerEvent', plan.offerEvents.length);
  if (plan.offers.length > 0) await deps.customerState.deleteOffers(customerId, plan.offers);
  add('offer', plan.offers.length);

  // Conditional changes: only those that went through count.
  const applied = (targets: readonly ErasureTarget[], done: readonly string[]) => {
    const ids = new Set(done);
    return targets.filter((t) => ids.has(t.id));
  };
  const hotDeleted =
    plan.hotCopies.length === 0
      ? []
      : applied(plan.hotCopies, await deps.audit.delete(plan.hotCopies, customerId, changeLog));
  countHotRecords(hotDeleted, add);
  // The consent evidence, as the retention config says: pseudonymised (kept, unlinked) or kept as is.
  const movedHistory =
    plan.consentAction === 'pseudonymise' && plan.consentHistory.length > 0
      ? applied(
          plan.consentHistory,
          await deps.consentEvidence.pseudonymise(plan.consentHistory, customerId, pseudonym, changeLog),
        )
      : [];
  for (const { kind } of movedHistory) add(kind);
  // Last: the archive key. Everything above could still be found again through it; nothing after needs it.
  const key = plan.archive.key === undefined ? 'absent' : await deps.archive.keys.destroy(customerId);
  return { removed, hotDeleted: new Set(hotDeleted.map((t) => t.id)), key, movedHistory };
}

/**
 * The preview of an erasure (`--dry-run`, `?dryRun=true`): the report the erasure would give if every
 * change went through now, computed by the same planning code, and written NOWHERE — no change, no
 * change record, no erasure-log entry, no key created or destroyed. Its reads are an access of the audit
 * data like any other, so it is recorded in the access log first (`erasure` with `dryRun: true`; like the
 * erasure's, the entry does not name the customer).
 */
export async function previewErasure(
  request: ErasureRequest,
  deps: Pick<ErasureDeps, 'customerState' | 'audit' | 'archive' | 'consentEvidence' | 'accessLog'>,
): Promise<ErasurePreview> {
  const { customerId, requestedBy, now } = request;
  if (customerId.length === 0) throw new Error('previewErasure needs a customer id');
  await deps.accessLog.append(
    accessLogEntry({ who: requestedBy, via: request.via ?? 'http' }, 'erasure', { dryRun: true }, now),
  );
  const plan = await planErasure(customerId, deps, now);
  return {
    dryRun: true,
    at: now.toISOString(),
    requestedBy,
    ...reportOf(plan, fullOutcome(plan), now, deps.archive.hotAuditDays),
  };
}

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
import { customerItemKind, type ErasurePlan, fullOutcome, planErasure, reportOf } from './erasure-plan.js';

export type { ErasureDeps } from './erasure.js';
export { auditKindOf } from './erasure-plan.js';

/**
 * Erases a customer (GDPR art. 17) where no legal duty keeps the data, and records that it happened.
 *
 * 1. Finds everything linked to the customer id, by keys and the audit's byCustomer index (no scans):
 *    customer items, contact-policy state, offers, audit records, consent history; then the offer events
 *    of every offer instance named by an offer or an audit record (offer events outlive their offers).
 * 2. Deletes, in an order that keeps a re-run able to find what is left if this one stops half-way:
 *    the customer items first (with no consent record nothing more is offered), the contact-policy state,
 *    the offer events, the offers, the no-trigger and rejected decisions; then it pseudonymises the audit
 *    records a legal duty keeps (emitted and suppressed decisions, withdrawals) — they are what leads a
 *    re-run to the offer events — and last the consent history, kept as proof of consent, withdrawal and
 *    objection (art. 7(1), 21, 17(3)(e)) but no longer linked to the customer.
 *    The audit and the consent history are append-only for everyone else: every change there is
 *    conditional on the record still being the customer's and is committed together with a change record
 *    in the erasure log (kind and count, no ids), so none happens unrecorded, even if the erasure stops.
 * 3. Appends the report to the erasure log (no customer id in it) and returns it.
 *
 * A second erasure of the same customer finds nothing left to remove and leaves a record of its own.
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
  const plan = await planErasure(customerId, deps);

  // 2. Remove, and 3. report what was actually done.
  const outcome = await applyPlan(plan, deps, pseudonym, changeLog);
  const { pseudonymises, ...findings } = reportOf(plan, outcome, now);
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
 * half-way (see eraseCustomer), and returns what went through.
 */
async function applyPlan(
  plan: ErasurePlan,
  deps: ErasureDeps,
  pseudonym: string,
  changeLog: ErasureChangeLog,
): Promise<{
  removed: Map<ErasureKind, number>;
  pseudonymised: ErasureTarget[];
  movedHistory: ErasureTarget[];
}> {
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
  const count = (targets: readonly ErasureTarget[], done: readonly string[]) => {
    const ids = new Set(done);
    const applied = targets.filter((t) => ids.has(t.id));
    for (const { kind } of applied) add(kind);
    return applied;
  };
  if (plan.auditDeletes.length > 0)
    count(plan.auditDeletes, await deps.audit.delete(plan.auditDeletes, customerId, changeLog));
  const pseudonymised =
    plan.auditPseudonymisations.length === 0
      ? []
      : count(
          plan.auditPseudonymisations,
          await deps.audit.pseudonymise(plan.auditPseudonymisations, customerId, pseudonym, changeLog),
        );
  // The consent evidence, as the retention config says: pseudonymised (kept, unlinked) or kept as is.
  const movedHistory =
    plan.consentAction === 'pseudonymise' && plan.consentHistory.length > 0
      ? count(
          plan.consentHistory,
          await deps.consentEvidence.pseudonymise(plan.consentHistory, customerId, pseudonym, changeLog),
        )
      : [];
  return { removed, pseudonymised, movedHistory };
}

/**
 * The preview of an erasure (`--dry-run`, `?dryRun=true`): the report the erasure would give if every
 * change went through now, computed by the same planning code, and written NOWHERE — no change, no
 * change record, no erasure-log entry. Its reads are an access of the audit data like any other, so it
 * is recorded in the access log first (`erasure` with `dryRun: true`; like the erasure's, the entry
 * does not name the customer).
 */
export async function previewErasure(
  request: ErasureRequest,
  deps: Pick<ErasureDeps, 'customerState' | 'audit' | 'consentEvidence' | 'accessLog'>,
): Promise<ErasurePreview> {
  const { customerId, requestedBy, now } = request;
  if (customerId.length === 0) throw new Error('previewErasure needs a customer id');
  await deps.accessLog.append(
    accessLogEntry({ who: requestedBy, via: request.via ?? 'http' }, 'erasure', { dryRun: true }, now),
  );
  const plan = await planErasure(customerId, deps);
  return { dryRun: true, at: now.toISOString(), requestedBy, ...reportOf(plan, fullOutcome(plan), now) };
}

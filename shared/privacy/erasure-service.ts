import { type ErasureTreatment, RETENTION, type RetentionKind, ttlEpoch, WITHOUT_TTL } from '../retention.js';
import { accessLogEntry } from './access-log.js';
import {
  type AuditRecordRef,
  type ErasureChangeLog,
  type ErasureDeps,
  type ErasureHow,
  type ErasureKept,
  type ErasureKind,
  type ErasureRemoved,
  type ErasureReport,
  type ErasureRequest,
  type ErasureTarget,
  pseudonymFor,
} from './erasure.js';

export type { ErasureDeps } from './erasure.js';

/** The decision kinds of the retention config, by outcome. */
const DECISION_KIND: Readonly<Record<string, RetentionKind>> = {
  emitted: 'decisionEmitted',
  suppressed: 'decisionSuppressed',
  no_trigger: 'decisionNoTrigger',
  rejected: 'decisionRejected',
};

const CUSTOMER_ITEM_KIND: Readonly<Record<string, ErasureKind>> = {
  PROFILE: 'customerProfile',
  CONSENTS: 'currentConsents',
};

const OTHER_AUDIT: ErasureTreatment = {
  action: 'pseudonymise',
  why:
    'An audit record of a kind the retention config does not know: kept as audit evidence until its TTL, ' +
    'but no longer linked to the customer.',
};

/** What an erasure does with each kind, from the one reviewed config. */
function treatment(kind: ErasureKind): ErasureTreatment {
  if (kind === 'otherAuditRecord') return OTHER_AUDIT;
  if (kind === 'otherCustomerRecord') return WITHOUT_TTL.customerProfile.onErasure;
  if (kind in WITHOUT_TTL) return WITHOUT_TTL[kind as keyof typeof WITHOUT_TTL].onErasure;
  return RETENTION[kind as RetentionKind].onErasure;
}

/** The audit kind of a stored record: withdrawals by `kind`, decisions by `outcome`. */
export function auditKindOf(record: AuditRecordRef): ErasureKind {
  if (record.kind === 'offer_withdrawal') return 'offerWithdrawal';
  if (record.kind === undefined && record.outcome !== undefined) {
    return DECISION_KIND[record.outcome] ?? 'otherAuditRecord';
  }
  return 'otherAuditRecord';
}

/** Every kind an erasure removes (deletes or pseudonymises), in report order. */
const REMOVABLE: readonly ErasureKind[] = [
  'customerProfile',
  'currentConsents',
  'otherCustomerRecord',
  'contactPolicy',
  'offer',
  'offerEvent',
  'decisionNoTrigger',
  'decisionRejected',
  'decisionEmitted',
  'decisionSuppressed',
  'offerWithdrawal',
  'otherAuditRecord',
  'consentHistory',
];

const isoOfEpoch = (seconds: number) => new Date(seconds * 1000).toISOString();

function groupBy<T>(items: readonly T[], key: (item: T) => ErasureKind): Map<ErasureKind, T[]> {
  const groups = new Map<ErasureKind, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k) ?? [];
    group.push(item);
    groups.set(k, group);
  }
  return groups;
}

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

  // 1. Find.
  const [customerItems, hasContact, offers, auditRecords, history] = await Promise.all([
    deps.customerState.customerItems(customerId),
    deps.customerState.hasContactPolicy(customerId),
    deps.customerState.offers(customerId),
    deps.audit.byCustomer(customerId),
    deps.consentEvidence.history(customerId),
  ]);
  const auditByKind = groupBy(auditRecords, auditKindOf);
  const offerInstanceIds = [
    ...new Set([
      ...offers,
      ...auditRecords.flatMap((r) => (r.offerInstanceId === undefined ? [] : [r.offerInstanceId])),
    ]),
  ];
  const offerEvents = await deps.customerState.offerEvents(offerInstanceIds);

  // 2. Remove.
  const removedCounts = new Map<ErasureKind, number>();
  const customerByKind = groupBy(customerItems, (sk) => CUSTOMER_ITEM_KIND[sk] ?? 'otherCustomerRecord');
  if (customerItems.length > 0) await deps.customerState.deleteCustomerItems(customerId, customerItems);
  for (const [kind, sks] of customerByKind) removedCounts.set(kind, sks.length);
  if (hasContact) {
    await deps.customerState.deleteContactPolicy(customerId);
    removedCounts.set('contactPolicy', 1);
  }
  if (offerEvents.length > 0) await deps.customerState.deleteOfferEvents(offerEvents);
  removedCounts.set('offerEvent', offerEvents.length);
  if (offers.length > 0) await deps.customerState.deleteOffers(customerId, offers);
  removedCounts.set('offer', offers.length);

  const toDelete: ErasureTarget[] = [];
  const toPseudonymise: ErasureTarget[] = [];
  for (const [kind, records] of auditByKind) {
    const action = treatment(kind).action;
    const targets = records.map((r) => ({ id: r.decisionId, kind }));
    if (action === 'delete') toDelete.push(...targets);
    else if (action === 'pseudonymise') toPseudonymise.push(...targets);
    else throw new Error(`The retention config says "${action}" for audit kind ${kind}`);
  }
  const count = (targets: readonly ErasureTarget[], done: readonly string[]) => {
    const ids = new Set(done);
    for (const { id, kind } of targets)
      if (ids.has(id)) removedCounts.set(kind, (removedCounts.get(kind) ?? 0) + 1);
    return targets.filter((t) => ids.has(t.id));
  };
  if (toDelete.length > 0) count(toDelete, await deps.audit.delete(toDelete, customerId, changeLog));
  const pseudonymised: ErasureTarget[] =
    toPseudonymise.length === 0
      ? []
      : count(
          toPseudonymise,
          await deps.audit.pseudonymise(toPseudonymise, customerId, pseudonym, changeLog),
        );

  // The consent evidence, as the retention config says: pseudonymised (kept, unlinked) or kept as is.
  const consentAction = treatment('consentHistory').action;
  if (consentAction !== 'pseudonymise' && consentAction !== 'keep')
    throw new Error(`The retention config says "${consentAction}" for the consent history`);
  const historyTargets = history.map(
    (entry): ErasureTarget => ({ id: entry.recordId, kind: 'consentHistory' }),
  );
  const movedHistory =
    consentAction === 'pseudonymise' && historyTargets.length > 0
      ? new Set(
          count(
            historyTargets,
            await deps.consentEvidence.pseudonymise(historyTargets, customerId, pseudonym, changeLog),
          ).map((t) => t.id),
        )
      : new Set<string>();
  const ttlOf = new Map<string, number | undefined>([
    ...auditRecords.map((r): [string, number | undefined] => [r.decisionId, r.ttl]),
  ]);
  const pseudonymisedByKind = groupBy(pseudonymised, (t) => t.kind);

  // 3. Report.
  const removed: ErasureRemoved[] = REMOVABLE.flatMap((kind) => {
    const count = removedCounts.get(kind) ?? 0;
    // Catch-all kinds only when something was found under them.
    if (count === 0 && (kind === 'otherCustomerRecord' || kind === 'otherAuditRecord')) return [];
    const action = treatment(kind).action;
    if (action === 'keep') return [];
    const how: ErasureHow = action === 'pseudonymise' ? 'pseudonymised' : 'deleted';
    return [{ kind, count, how }];
  });

  const kept: ErasureKept[] = [];
  const keep = (kind: ErasureKind, ttls: ReadonlyArray<number>, linkedToCustomer: boolean) => {
    if (ttls.length === 0) return;
    kept.push({
      kind,
      count: ttls.length,
      until: isoOfEpoch(ttls.reduce((latest, ttl) => Math.max(latest, ttl))),
      why: treatment(kind).why,
      linkedToCustomer,
    });
  };
  // A record without a ttl (written before TTLs existed) is assumed to live its full period from now.
  const fallback = (kind: RetentionKind) => ttlEpoch(now, RETENTION[kind].days);
  // Kept as is only when the config says `keep`; pseudonymised entries are kept unlinked (below).
  if (consentAction === 'keep')
    keep(
      'consentHistory',
      history.map((entry) => entry.ttl ?? fallback('consentHistory')),
      true,
    );
  for (const kind of REMOVABLE.filter((k) => k !== 'consentHistory')) {
    const records = pseudonymisedByKind.get(kind) ?? [];
    const period: RetentionKind = kind === 'otherAuditRecord' ? 'decisionEmitted' : (kind as RetentionKind);
    keep(
      kind,
      records.map((r) => ttlOf.get(r.id) ?? fallback(period)),
      false,
    );
  }
  keep(
    'consentHistory',
    history
      .filter((entry) => movedHistory.has(entry.recordId))
      .map((entry) => entry.ttl ?? fallback('consentHistory')),
    false,
  );
  const keptUntil = kept.reduce<string | undefined>(
    (latest, entry) => (latest === undefined || entry.until > latest ? entry.until : latest),
    undefined,
  );
  const notSearched = (Object.keys(RETENTION) as RetentionKind[])
    .filter((kind) => RETENTION[kind].onErasure.action === 'not-searched')
    .map((kind) => ({ kind, why: RETENTION[kind].onErasure.why }));

  const report: ErasureReport = {
    erasureId,
    at,
    requestedBy,
    removed,
    kept,
    ...(keptUntil === undefined ? {} : { keptUntil }),
    ...(pseudonymised.length === 0 && movedHistory.size === 0 ? {} : { pseudonym }),
    notSearched,
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

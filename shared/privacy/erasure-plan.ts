import {
  type ErasureTreatment,
  RETENTION,
  type RetentionKind,
  ttlEpoch,
  WITHOUT_TTL,
} from '#shared/retention.js';
import type {
  AuditRecordRef,
  ErasureDeps,
  ErasureHow,
  ErasureKept,
  ErasureKind,
  ErasureRemoved,
  ErasureReport,
  ErasureTarget,
  OfferEventKey,
} from './erasure.js';

/**
 * The planning half of an erasure: what it would find, delete, pseudonymise and keep (planErasure, reads
 * only), and the report of an outcome (reportOf, pure). The real erasure (eraseCustomer) and its preview
 * (previewErasure, `--dry-run`, `?dryRun=true`) both run this code, so the preview cannot describe
 * anything but what the erasure does: the erasure applies the plan and reports what was actually done,
 * the preview reports the plan as if every change went through.
 */

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
export function treatment(kind: ErasureKind): ErasureTreatment {
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

/** Everything an erasure of one customer would change, found by keys and the byCustomer index only. */
export interface ErasurePlan {
  readonly customerId: string;
  /** Sort keys of the customer's items in the customers table (deleted). */
  readonly customerItems: readonly string[];
  readonly hasContactPolicy: boolean;
  /** The customer's offers (deleted). */
  readonly offers: readonly string[];
  /** The events of every offer instance named by an offer or an audit record (deleted). */
  readonly offerEvents: readonly OfferEventKey[];
  /** Audit records no duty keeps (deleted). */
  readonly auditDeletes: readonly ErasureTarget[];
  /** Audit records a duty keeps (pseudonymised). */
  readonly auditPseudonymisations: readonly ErasureTarget[];
  /** The consent evidence, and what the retention config says to do with it. */
  readonly consentHistory: readonly ErasureTarget[];
  readonly consentAction: 'pseudonymise' | 'keep';
  /** Epoch-second TTLs of the audit records (by decision id) and the consent entries (by record id). */
  readonly auditTtls: ReadonlyMap<string, number | undefined>;
  readonly consentTtls: ReadonlyMap<string, number | undefined>;
}

/** What an erasure did: the changes that went through (conditional changes may be fewer than planned). */
export interface ErasureOutcome {
  /** Per kind, the records deleted or pseudonymised. */
  readonly removed: ReadonlyMap<ErasureKind, number>;
  /** The audit records moved to the pseudonym. */
  readonly pseudonymised: readonly ErasureTarget[];
  /** The consent entries moved to the pseudonym. */
  readonly movedHistory: readonly ErasureTarget[];
}

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

export const customerItemKind = (sk: string): ErasureKind => CUSTOMER_ITEM_KIND[sk] ?? 'otherCustomerRecord';

/**
 * Finds everything linked to the customer id, by keys and the audit's byCustomer index (no scans):
 * customer items, contact-policy state, offers, audit records, consent history; then the offer events of
 * every offer instance named by an offer or an audit record (offer events outlive their offers). Reads
 * only; throws when the retention config asks for something an erasure cannot do.
 */
export async function planErasure(
  customerId: string,
  deps: Pick<ErasureDeps, 'customerState' | 'audit' | 'consentEvidence'>,
): Promise<ErasurePlan> {
  const [customerItems, hasContactPolicy, offers, auditRecords, history] = await Promise.all([
    deps.customerState.customerItems(customerId),
    deps.customerState.hasContactPolicy(customerId),
    deps.customerState.offers(customerId),
    deps.audit.byCustomer(customerId),
    deps.consentEvidence.history(customerId),
  ]);
  const offerInstanceIds = [
    ...new Set([
      ...offers,
      ...auditRecords.flatMap((r) => (r.offerInstanceId === undefined ? [] : [r.offerInstanceId])),
    ]),
  ];
  const offerEvents = await deps.customerState.offerEvents(offerInstanceIds);

  const auditDeletes: ErasureTarget[] = [];
  const auditPseudonymisations: ErasureTarget[] = [];
  for (const [kind, records] of groupBy(auditRecords, auditKindOf)) {
    const action = treatment(kind).action;
    const targets = records.map((r) => ({ id: r.decisionId, kind }));
    if (action === 'delete') auditDeletes.push(...targets);
    else if (action === 'pseudonymise') auditPseudonymisations.push(...targets);
    else throw new Error(`The retention config says "${action}" for audit kind ${kind}`);
  }
  const consentAction = treatment('consentHistory').action;
  if (consentAction !== 'pseudonymise' && consentAction !== 'keep')
    throw new Error(`The retention config says "${consentAction}" for the consent history`);

  return {
    customerId,
    customerItems,
    hasContactPolicy,
    offers,
    offerEvents,
    auditDeletes,
    auditPseudonymisations,
    consentHistory: history.map((entry): ErasureTarget => ({ id: entry.recordId, kind: 'consentHistory' })),
    consentAction,
    auditTtls: new Map(auditRecords.map((r) => [r.decisionId, r.ttl])),
    consentTtls: new Map(history.map((entry) => [entry.recordId, entry.ttl])),
  };
}

/** The outcome of applying every change of the plan: what a preview reports. */
export function fullOutcome(plan: ErasurePlan): ErasureOutcome {
  const removed = new Map<ErasureKind, number>();
  const add = (kind: ErasureKind, n = 1) => removed.set(kind, (removed.get(kind) ?? 0) + n);
  for (const sk of plan.customerItems) add(customerItemKind(sk));
  if (plan.hasContactPolicy) add('contactPolicy');
  add('offerEvent', plan.offerEvents.length);
  add('offer', plan.offers.length);
  for (const { kind } of [...plan.auditDeletes, ...plan.auditPseudonymisations]) add(kind);
  const movedHistory = plan.consentAction === 'pseudonymise' ? plan.consentHistory : [];
  for (const { kind } of movedHistory) add(kind);
  return { removed, pseudonymised: plan.auditPseudonymisations, movedHistory };
}

const isoOfEpoch = (seconds: number) => new Date(seconds * 1000).toISOString();

/** The parts of a report that follow from a plan and its outcome (the erasure adds its id and pseudonym). */
export type ErasureFindings = Pick<ErasureReport, 'removed' | 'kept' | 'keptUntil' | 'notSearched'> & {
  /** Whether any record was (or, in a preview, would be) moved to the erasure's pseudonym. */
  readonly pseudonymises: boolean;
};

/**
 * What a report says about a plan's outcome: every removable kind with its count and how; what is kept,
 * until when and why; what an erasure does not search. Pure: `now` only dates records without a TTL.
 */
export function reportOf(plan: ErasurePlan, outcome: ErasureOutcome, now: Date): ErasureFindings {
  const removed: ErasureRemoved[] = REMOVABLE.flatMap((kind) => {
    const count = outcome.removed.get(kind) ?? 0;
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
  const consentTtl = (id: string) => plan.consentTtls.get(id) ?? fallback('consentHistory');
  // Kept as is only when the config says `keep`; pseudonymised entries are kept unlinked (below).
  if (plan.consentAction === 'keep')
    keep(
      'consentHistory',
      plan.consentHistory.map((t) => consentTtl(t.id)),
      true,
    );
  const pseudonymisedByKind = groupBy(outcome.pseudonymised, (t) => t.kind);
  for (const kind of REMOVABLE.filter((k) => k !== 'consentHistory')) {
    const records = pseudonymisedByKind.get(kind) ?? [];
    const period: RetentionKind = kind === 'otherAuditRecord' ? 'decisionEmitted' : (kind as RetentionKind);
    keep(
      kind,
      records.map((r) => plan.auditTtls.get(r.id) ?? fallback(period)),
      false,
    );
  }
  keep(
    'consentHistory',
    outcome.movedHistory.map((t) => consentTtl(t.id)),
    false,
  );
  const keptUntil = kept.reduce<string | undefined>(
    (latest, entry) => (latest === undefined || entry.until > latest ? entry.until : latest),
    undefined,
  );
  const notSearched = (Object.keys(RETENTION) as RetentionKind[])
    .filter((kind) => RETENTION[kind].onErasure.action === 'not-searched')
    .map((kind) => ({ kind, why: RETENTION[kind].onErasure.why }));

  return {
    removed,
    kept,
    ...(keptUntil === undefined ? {} : { keptUntil }),
    notSearched,
    pseudonymises: outcome.pseudonymised.length > 0 || outcome.movedHistory.length > 0,
  };
}

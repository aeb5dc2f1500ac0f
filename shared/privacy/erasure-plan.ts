import {
  type ErasureTreatment,
  RETENTION,
  type RetentionKind,
  ttlEpoch,
  WITHOUT_TTL,
} from '#shared/retention.js';
import type {
  ErasureDeps,
  ErasureHow,
  ErasureKept,
  ErasureKind,
  ErasureRemoved,
  ErasureReport,
  ErasureTarget,
  OfferEventKey,
} from './erasure.js';
import {
  ARCHIVED_KINDS,
  type ArchiveFindings,
  archiveReportOf,
  findArchived,
  hotCopiesOf,
} from './erasure-archive.js';

/**
 * The planning half of an erasure: what it would find, delete, pseudonymise, crypto-shred and keep
 * (planErasure, reads only), and the report of an outcome (reportOf, pure). The real erasure (eraseCustomer)
 * and its preview (previewErasure, `--dry-run`, `?dryRun=true`) both run this code, so the preview cannot
 * describe anything but what the erasure does: the erasure applies the plan and reports what was actually
 * done, the preview reports the plan as if every change went through.
 */

const CUSTOMER_ITEM_KIND: Readonly<Record<string, ErasureKind>> = {
  PROFILE: 'customerProfile',
  CONSENTS: 'currentConsents',
};

const OTHER_AUDIT: ErasureTreatment = {
  action: 'crypto-shred',
  why:
    'An audit record of a kind the retention config does not know: its hot copy is deleted, its archived ' +
    "row kept until its retention and no longer linkable: the customer's key was destroyed.",
};

/** What an erasure does with each kind, from the one reviewed config. */
export function treatment(kind: ErasureKind): ErasureTreatment {
  if (kind === 'otherAuditRecord') return OTHER_AUDIT;
  if (kind === 'otherCustomerRecord') return WITHOUT_TTL.customerProfile.onErasure;
  if (kind in WITHOUT_TTL) return WITHOUT_TTL[kind as keyof typeof WITHOUT_TTL].onErasure;
  return RETENTION[kind as RetentionKind].onErasure;
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

/** Everything an erasure of one customer would change, found by keys, indexes and the archive (no scans). */
export interface ErasurePlan {
  readonly customerId: string;
  /** Sort keys of the customer's items in the customers table (deleted). */
  readonly customerItems: readonly string[];
  readonly hasContactPolicy: boolean;
  /** The customer's offers (deleted). */
  readonly offers: readonly string[];
  /** The events of every offer instance of the customer (deleted). */
  readonly offerEvents: readonly OfferEventKey[];
  /** The hot audit items found through the customer's archived rows and still there (deleted). */
  readonly hotCopies: readonly ErasureTarget[];
  /** The customer's archive key and archived rows of the searched days (the key is destroyed last). */
  readonly archive: ArchiveFindings;
  /** The consent evidence, and what the retention config says to do with it. */
  readonly consentHistory: readonly ErasureTarget[];
  readonly consentAction: 'pseudonymise' | 'keep';
  /** Epoch-second TTLs of the consent entries (by record id). */
  readonly consentTtls: ReadonlyMap<string, number | undefined>;
}

/** What an erasure did: the changes that went through (conditional changes may be fewer than planned). */
export interface ErasureOutcome {
  /** Per kind, the records deleted or pseudonymised (audit kinds: records whose hot copy was deleted). */
  readonly removed: ReadonlyMap<ErasureKind, number>;
  /** The hot audit items deleted (by hot key). */
  readonly hotDeleted: ReadonlySet<string>;
  /** The customer's archive key after the erasure: destroyed, or absent; `present` in a preview. */
  readonly key: 'destroyed' | 'present' | 'absent';
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

/** Counts the records of deleted hot items per kind (an event item holds several decisions). */
export function countHotRecords(
  targets: readonly ErasureTarget[],
  add: (kind: ErasureKind, n?: number) => void,
): void {
  for (const target of targets) for (const kind of target.records ?? [target.kind]) add(kind);
}

/**
 * Finds everything linked to the customer id, by keys and indexes (no scans) and through the archive:
 * customer items, contact-policy state, offers, consent history; the customer's archive key and, with it,
 * their archived decisions and withdrawals of the days hot copies may still exist, opened to learn the
 * keys of those hot copies; then the offer events of every offer instance named by an offer, an archived
 * record or the offer-events byCustomer index (offer events outlive their offers). Reads only; throws when
 * the retention config asks for something an erasure cannot do.
 */
export async function planErasure(
  customerId: string,
  deps: Pick<ErasureDeps, 'customerState' | 'audit' | 'archive' | 'consentEvidence'>,
  now: Date,
): Promise<ErasurePlan> {
  for (const kind of ARCHIVED_KINDS) {
    const action = treatment(kind).action;
    if (action !== 'crypto-shred') throw new Error(`The retention config says "${action}" for ${kind}`);
  }
  const consentAction = treatment('consentHistory').action;
  if (consentAction !== 'pseudonymise' && consentAction !== 'keep')
    throw new Error(`The retention config says "${consentAction}" for the consent history`);

  const [customerItems, hasContactPolicy, offers, archive, history] = await Promise.all([
    deps.customerState.customerItems(customerId),
    deps.customerState.hasContactPolicy(customerId),
    deps.customerState.offers(customerId),
    findArchived(customerId, deps.archive, now),
    deps.consentEvidence.history(customerId),
  ]);
  const offerInstanceIds = [
    ...new Set([
      ...offers,
      ...archive.records.flatMap((r) => (r.offerInstanceId === undefined ? [] : [r.offerInstanceId])),
    ]),
  ];
  const candidates = hotCopiesOf(archive.records);
  const [offerEvents, present] = await Promise.all([
    deps.customerState.offerEvents(offerInstanceIds, customerId),
    candidates.length === 0
      ? []
      : deps.audit.stillNaming(
          candidates.map((t) => t.id),
          customerId,
        ),
  ]);
  const live = new Set(present);

  return {
    customerId,
    customerItems,
    hasContactPolicy,
    offers,
    offerEvents,
    hotCopies: candidates.filter((t) => live.has(t.id)),
    archive,
    consentHistory: history.map((entry): ErasureTarget => ({ id: entry.recordId, kind: 'consentHistory' })),
    consentAction,
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
  countHotRecords(plan.hotCopies, add);
  const movedHistory = plan.consentAction === 'pseudonymise' ? plan.consentHistory : [];
  for (const { kind } of movedHistory) add(kind);
  return {
    removed,
    hotDeleted: new Set(plan.hotCopies.map((t) => t.id)),
    key: plan.archive.key === undefined ? 'absent' : 'present',
    movedHistory,
  };
}

const isoOfEpoch = (seconds: number) => new Date(seconds * 1000).toISOString();

/** The parts of a report that follow from a plan and its outcome (the erasure adds its id and pseudonym). */
export type ErasureFindings = Pick<
  ErasureReport,
  'removed' | 'kept' | 'keptUntil' | 'notSearched' | 'archive'
> & {
  /** Whether any record was (or, in a preview, would be) moved to the erasure's pseudonym. */
  readonly pseudonymises: boolean;
};

/**
 * What a report says about a plan's outcome: every removable kind with its count and how (for the audit
 * kinds: the records whose hot copy was deleted); what is kept, until when and why (the archived rows found,
 * unlinkable once the key is destroyed; the consent history); what an erasure does not search; the archive
 * part (key, crypto-shredded kinds, the limit). Pure: `now` dates records without a TTL and the hot window.
 */
export function reportOf(
  plan: ErasurePlan,
  outcome: ErasureOutcome,
  now: Date,
  hotAuditDays: number,
): ErasureFindings {
  const removed: ErasureRemoved[] = REMOVABLE.flatMap((kind) => {
    const count = outcome.removed.get(kind) ?? 0;
    // Catch-all kinds only when something was found under them.
    if (count === 0 && (kind === 'otherCustomerRecord' || kind === 'otherAuditRecord')) return [];
    const action = treatment(kind).action;
    if (action === 'keep') return [];
    // crypto-shred: the hot copies are deleted (the archived rows are reported as kept, unlinkable).
    const how: ErasureHow = action === 'pseudonymise' ? 'pseudonymised' : 'deleted';
    return [{ kind, count, how }];
  });

  const kept: ErasureKept[] = [];
  const keep = (kind: ErasureKind, untils: ReadonlyArray<string>, linkedToCustomer: boolean) => {
    if (untils.length === 0) return;
    kept.push({
      kind,
      count: untils.length,
      until: untils.reduce((latest, until) => (until > latest ? until : latest)),
      why: treatment(kind).why,
      linkedToCustomer,
    });
  };
  // A record without a ttl (written before TTLs existed) is assumed to live its full period from now.
  const consentUntil = (id: string) =>
    isoOfEpoch(plan.consentTtls.get(id) ?? ttlEpoch(now, RETENTION.consentHistory.days));
  // The archived rows found: kept until their retention; linked to no one once the key is destroyed.
  const archived = groupBy(plan.archive.records, (r) => r.kind);
  for (const kind of ARCHIVED_KINDS) {
    keep(
      kind,
      (archived.get(kind) ?? []).map((r) => r.archivedUntil),
      false,
    );
  }
  // Kept as is only when the config says `keep`; pseudonymised entries are kept unlinked.
  if (plan.consentAction === 'keep')
    keep(
      'consentHistory',
      plan.consentHistory.map((t) => consentUntil(t.id)),
      true,
    );
  keep(
    'consentHistory',
    outcome.movedHistory.map((t) => consentUntil(t.id)),
    false,
  );
  const keptUntil = kept.reduce<string | undefined>(
    (latest, entry) => (latest === undefined || entry.until > latest ? entry.until : latest),
    undefined,
  );
  const notSearched = (Object.keys(RETENTION) as RetentionKind[])
    .filter((kind) => RETENTION[kind].onErasure.action === 'not-searched')
    .map((kind) => ({ kind, why: RETENTION[kind].onErasure.why }));
  const archive = archiveReportOf(
    plan.archive,
    { key: outcome.key, hotDeleted: outcome.hotDeleted },
    (kind) => treatment(kind).why,
    now,
    hotAuditDays,
  );

  return {
    removed,
    kept,
    ...(keptUntil === undefined ? {} : { keptUntil }),
    notSearched,
    archive,
    pseudonymises: outcome.movedHistory.length > 0,
  };
}

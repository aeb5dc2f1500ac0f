/**
 * The one reviewed retention config (domain brief, point 5; docs/retention.md explains every choice).
 *
 * Every record kind the pipeline stores has a period in days, the timestamp it counts from, the table it
 * lives in, and its justification: purpose, legal basis and why the period is proportional to that purpose
 * (Kifid 2024 cut a bank's registration from eight years to six for lack of proportionality). It also says
 * what an erasure request (GDPR art. 17) does with the kind, so retention and erasure cannot drift apart.
 *
 * DynamoDB TTL enforces the periods: the writers put `ttl = ttlEpoch(from, RETENTION_DAYS.<kind>)` (epoch
 * seconds) on every item — except the audit table (issue 15), a hot store whose items expire after
 * `hotTtlFor` (the shorter of the period and HOT_AUDIT_DAYS) while the archive (Parquet in S3 with Object
 * Lock, shared/archive/) keeps every audit record for its period here. Changing a period here changes what the writers stamp on new records; records
 * already stored keep their TTL. Privacy officers review this file; a change needs their approval.
 *
 * No imports: the Lambda bundles of the writers include this file.
 */

/** Tables (names as in infra/definitions.ts) that hold records with a retention period. */
export type RetainedTable =
  | 'audit'
  | 'offers'
  | 'offer-events'
  | 'consent-history'
  | 'contact-policy'
  | 'audit-access-log'
  | 'erasure-log'
  | 'customers'
  | 'customer-keys';

/**
 * What an erasure request does with a kind:
 * - `delete`: no legal duty keeps it, so it goes (art. 17(1));
 * - `pseudonymise`: a legal duty keeps the record until its TTL, but not the link to the person: the
 *   customer id is replaced by a random pseudonym of that erasure;
 * - `crypto-shred`: an audit record kind kept in the immutable archive (issue 15): its hot copies in DynamoDB
 *   are deleted, its archived rows are kept until their retention (Object Lock) but can no longer be linked to
 *   the person or opened, because the customer's archive key is destroyed (shared/archive/pseudonym.ts);
 * - `keep`: a legal duty keeps the record as it is until its TTL (it must name the person to serve its
 *   purpose);
 * - `not-searched`: kept until its TTL and not looked for: no key or index leads from a customer to it
 *   (finding it would take a scan), and a duty keeps it anyway.
 */
export type ErasureAction = 'delete' | 'pseudonymise' | 'crypto-shred' | 'keep' | 'not-searched';

export interface Justification {
  /** What the record is for. */
  readonly purpose: string;
  /** The GDPR article (or national law) the processing and its retention rest on. */
  readonly legalBasis: string;
  /** Why this period and not a longer one. */
  readonly proportionality: string;
}

export interface ErasureTreatment {
  readonly action: ErasureAction;
  /** Why: the duty that keeps it (pseudonymise, keep) or why nothing keeps it (delete). */
  readonly why: string;
}

export interface RetentionRule extends Justification {
  readonly table: RetainedTable;
  /** Days after `from` at which DynamoDB TTL deletes the record. */
  readonly days: number;
  /** The record's own timestamp the period counts from (the attribute the writer derives `ttl` from). */
  readonly from: string;
  readonly onErasure: ErasureTreatment;
}

const DECISION_PROOF =
  'Accountability (GDPR art. 5(2), 24): show the regulator and a complaining customer which rules decided ' +
  'and why (trigger and policy version, consent regime, every gate).';

const CRYPTO_SHRED_LIMIT =
  'Its archived rows are kept, unchanged, until their retention (Object Lock, compliance mode) but can ' +
  "no longer be linked to the person or opened: the customer's archive key is destroyed (crypto-shredding), " +
  'and a new key, if the customer ever appears again, gives unrelated pseudonyms.';

/** Emitted and suppressed decisions, withdrawals: a duty keeps the archived rows, not the link to the person. */
const KEEP_DECISION: ErasureTreatment = {
  action: 'crypto-shred',
  why:
    'Kept in the archive until its retention as proof of how the rules were applied (GDPR art. 5(2); ' +
    'art. 17(3)(b) and (e): compliance and the defence of complaints); counts by outcome, trigger and reason ' +
    `still hold. ${CRYPTO_SHRED_LIMIT} Its hot copies in DynamoDB are deleted.`,
};

/** No-trigger and rejected decisions: no duty keeps them; the immutable archive cannot delete a row early. */
const SHRED_OPERATIONAL: ErasureTreatment = {
  action: 'crypto-shred',
  why:
    'No legal duty keeps it, so its hot copies in DynamoDB are deleted. The archive is immutable (Object ' +
    `Lock) and cannot drop one row before its retention: ${CRYPTO_SHRED_LIMIT}`,
};

/** The periods, one per record kind. Keys are stable: the erasure report and the tests use them. */
export const RETENTION = {
  decisionEmitted: {
    table: 'audit',
    days: 730,
    from: 'decidedAt',
    purpose: `Audit record of an offer that was made. ${DECISION_PROOF}`,
    legalBasis:
      'GDPR art. 6(1)(c) with art. 5(2) and 24 (accountability of the consent-based processing of art. ' +
      '6(1)(a)); art. 6(1)(f) for the defence of complaints.',
    proportionality:
      'Two years covers two annual privacy audits and the time in which complaints about an offer are ' +
      'realistically made. The record is derived from payment data (a trigger id tells e.g. that child ' +
      'benefit or student finance arrived), so it is not kept for the five years of consent evidence.',
    onErasure: KEEP_DECISION,
  },
  decisionSuppressed: {
    table: 'audit',
    days: 730,
    from: 'decidedAt',
    purpose:
      `Audit record of an offer that was NOT made and why (no consent, objection, duty of care, caps, ` +
      `sensitive payment). ${DECISION_PROOF}`,
    legalBasis: 'As emitted decisions: GDPR art. 6(1)(c) with art. 5(2) and 24; art. 6(1)(f).',
    proportionality:
      'The same two years as emitted decisions: a suppression is the evidence that consent, objections ' +
      'and the duty of care were respected, and must be there as long as the offers it is compared with.',
    onErasure: KEEP_DECISION,
  },
  decisionNoTrigger: {
    table: 'audit',
    days: 90,
    from: 'decidedAt',
    purpose: 'Shows which events matched no trigger: coverage of the catalog and replays of recent traffic.',
    legalBasis: 'GDPR art. 6(1)(f): operating and tuning the pipeline.',
    proportionality:
      'Nothing was offered and no customer data was read, so there is nothing to account for later; ' +
      'one quarter is enough to see trends and to replay recent traffic.',
    onErasure: SHRED_OPERATIONAL,
  },
  decisionRejected: {
    table: 'audit',
    days: 90,
    from: 'decidedAt',
    purpose: 'Names the fields of a malformed message so the sender can be fixed and the event replayed.',
    legalBasis: 'GDPR art. 6(1)(f): operating the pipeline.',
    proportionality: 'Senders are fixed within days; 90 days leaves room for a slow fix and a replay.',
    onErasure: SHRED_OPERATIONAL,
  },
  offer: {
    table: 'offers',
    days: 30,
    from: 'createdAt; the TTL is the offer expiresAt = createdAt + the catalog validityDays, which must not exceed this period',
    purpose: 'The offer the banner service shows while it is valid.',
    legalBasis: 'GDPR art. 6(1)(a): the customer consented to personal offers.',
    proportionality:
      'Kept only while the offer may be shown (the longest validity in the catalog is 30 days); the ' +
      'audit record, not the offer row, is the lasting proof.',
    onErasure: { action: 'delete', why: 'Operational copy; the audit record is the proof.' },
  },
  offerEvent: {
    table: 'offer-events',
    days: 365,
    from: 'recordedAt',
    purpose:
      'What the customer did with an offer (shown, clicked, dismissed): the evidence for a cooldown and ' +
      'for complaints about being shown an offer again.',
    legalBasis: 'GDPR art. 6(1)(a) (the offers) and 6(1)(f) (complaint handling).',
    proportionality:
      'As long as the contact-policy state it may have changed (one year), and no longer than that.',
    onErasure: {
      action: 'delete',
      why: 'No legal duty keeps it; the audit keeps the offers and withdrawals themselves.',
    },
  },
  consentHistory: {
    table: 'consent-history',
    days: 1_825,
    from: 'receivedAt',
    purpose:
      'Evidence of every consent, withdrawal and objection received (who, which purpose, when, how ' +
      'collected, which notice text), applied or ignored as stale.',
    legalBasis:
      'GDPR art. 7(1): the controller must be able to demonstrate consent; art. 21: an objection must be ' +
      'honoured and shown to be honoured.',
    proportionality:
      'Complaints and claims about processing without consent can follow for the Dutch five-year ' +
      'limitation period (BW 3:310); the consent currently relied on is also in the customer record for ' +
      'as long as it is relied on. Nothing about payments is in it.',
    onErasure: {
      action: 'pseudonymise',
      why:
        'GDPR art. 7(1), 21 and 17(3)(b) and (e): proof that the customer consented, withdrew or objected, ' +
        'kept until its TTL for the defence of complaints and claims, not deleted (the bank could no longer ' +
        'show that a withdrawal or objection was honoured). The customer id and the record id derived from ' +
        'it are replaced by the erasure pseudonym (art. 5(1)(c), 25): the link lives only in the erasure ' +
        "report the privacy officer files with the request, not in the pipeline's data. Its archived " +
        "copies are crypto-shredded: the customer's archive key is destroyed, so they can no longer be " +
        'linked to the person or opened.',
    },
  },
  contactPolicy: {
    table: 'contact-policy',
    days: 365,
    from: 'the latest emission (evaluate-payments) or the recording of a dismissal (banner API)',
    purpose: 'Frequency caps and cooldowns: which offers were made when, and cooldowns after dismissals.',
    legalBasis: 'GDPR art. 6(1)(a) with the duty of care (no nagging).',
    proportionality:
      'Needed for the longest cooldown the catalog uses (180 days) and the 7-day cap window; one year ' +
      'leaves a margin without keeping a longer contact history.',
    onErasure: {
      action: 'delete',
      why: 'Operational state; an erased customer gets no offers that a cap would have to limit.',
    },
  },
  offerWithdrawal: {
    table: 'audit',
    days: 730,
    from: 'decidedAt (the moment of the withdrawal)',
    purpose:
      'Audit record that an open offer was withdrawn at once after a consent withdrawal, an objection ' +
      'or a change of holdings or risk flags.',
    legalBasis: 'GDPR art. 6(1)(c) with art. 5(2), 7(3) and 21(3): a withdrawal must take effect.',
    proportionality: 'The same two years as the decisions it withdraws offers of.',
    onErasure: KEEP_DECISION,
  },
  accessLog: {
    table: 'audit-access-log',
    days: 1_825,
    from: 'the moment of the read',
    purpose:
      'Who read the audit data, when and with which query (never what it returned): detects and proves ' +
      'misuse of the audit itself, and answers a customer who asks who consulted their data.',
    legalBasis:
      'GDPR art. 5(2) and 32 (logging of access to personal data); art. 15 as read by the CJEU in ' +
      "C-579/21 (Pankki S): the dates and purposes of consultations of a person's data can be asked for.",
    proportionality:
      'As long as the longest-kept record a privacy officer can read (consent evidence, five years), so ' +
      'that every read of a record can be shown for as long as the record itself could have been read, ' +
      'and no longer. It holds query parameters only, never results.',
    onErasure: {
      action: 'not-searched',
      why:
        'Kept until its TTL (GDPR art. 5(2), 32, 17(3)(e)): an erasure must not wipe the trail of who ' +
        'looked the customer up. Keyed by day, not by customer, so it cannot be found without a scan.',
    },
  },
  erasureLog: {
    table: 'erasure-log',
    days: 1_825,
    from: 'the moment of the erasure',
    purpose:
      'Proof that an erasure request was carried out: when, by whom, what was removed and what was kept ' +
      'until when. It holds no customer id.',
    legalBasis: 'GDPR art. 5(2), 12 and 17: demonstrate that the request was honoured.',
    proportionality:
      'A complaint that an erasure was not honoured can follow for the same five years as one about ' +
      'consent (BW 3:310); the record names no one, so keeping it costs the customer little.',
    onErasure: {
      action: 'not-searched',
      why: 'The record of the erasure itself; it names no customer.',
    },
  },
} as const satisfies Record<string, RetentionRule>;

export type RetentionKind = keyof typeof RETENTION;

/** The kind of a decision record, by its outcome (the contract's four outcomes). */
export const DECISION_RETENTION_KIND = {
  emitted: 'decisionEmitted',
  suppressed: 'decisionSuppressed',
  no_trigger: 'decisionNoTrigger',
  rejected: 'decisionRejected',
} as const satisfies Record<string, RetentionKind>;

/**
 * Records without a TTL: the customer's current state, mirrored from the bank's CRM and preferences
 * dashboard, is needed for as long as the customer relationship lasts. It goes when the source removes it
 * or on an erasure request.
 */
export const WITHOUT_TTL = {
  customerProfile: {
    table: 'customers',
    until: 'the customer relationship ends (CRM sync) or an erasure request',
    purpose: 'Birth date, holdings and flags the duty-of-care gates need.',
    legalBasis: 'GDPR art. 6(1)(a) (offers) and 6(1)(c) (duty of care of the Wft).',
    proportionality: 'A copy of current state only; every update replaces it.',
    onErasure: { action: 'delete', why: 'A copy of CRM data; no duty keeps it in this pipeline.' },
  },
  currentConsents: {
    table: 'customers',
    until: 'the customer relationship ends or an erasure request',
    purpose: 'The consents and objections in force, read for every decision and at banner read time.',
    legalBasis: 'GDPR art. 6(1)(a), 7 and 21.',
    proportionality: 'Current state only; the history of changes is the consent-history record kind.',
    onErasure: {
      action: 'delete',
      why:
        'The consent history keeps the proof; with no current consents and no profile nothing can be ' +
        'offered in either consent regime.',
    },
  },
  archiveKey: {
    table: 'customer-keys',
    until:
      'an erasure request; otherwise as long as any archived record of the customer is kept (it is what makes them readable)',
    purpose:
      "The customer's random archive key: keyed pseudonyms and the seal of the customer's archived audit rows " +
      '(shared/archive/pseudonym.ts). Without it those rows can be neither found nor opened.',
    legalBasis:
      'GDPR art. 5(2) and 24 (the archived audit must be readable for access requests and complaints) with ' +
      'art. 25 and 32 (pseudonymisation, encryption).',
    proportionality:
      'Thirty-two random bytes per customer and nothing else; no backup or point-in-time recovery, so that ' +
      'destroying it is final.',
    onErasure: {
      action: 'delete',
      why:
        'Destroying it is the erasure of the archive (crypto-shredding): the rows stay, locked, but can no ' +
        'longer be linked to the person or opened.',
    },
  },
} as const satisfies Record<
  string,
  Justification & {
    readonly table: RetainedTable;
    readonly until: string;
    readonly onErasure: ErasureTreatment;
  }
>;

export type UntimedKind = keyof typeof WITHOUT_TTL;
/** Every record kind: those with a TTL and the customer's current state. */
export type RecordKind = RetentionKind | UntimedKind;

const kinds = Object.keys(RETENTION) as RetentionKind[];

/** The period in days of every kind with a TTL (what the writers stamp). */
export const RETENTION_DAYS: { readonly [K in RetentionKind]: (typeof RETENTION)[K]['days'] } =
  Object.fromEntries(kinds.map((kind) => [kind, RETENTION[kind].days])) as {
    readonly [K in RetentionKind]: (typeof RETENTION)[K]['days'];
  };

/** Which table holds each kind with a TTL. */
export const RETENTION_TABLE: { readonly [K in RetentionKind]: (typeof RETENTION)[K]['table'] } =
  Object.fromEntries(kinds.map((kind) => [kind, RETENTION[kind].table])) as {
    readonly [K in RetentionKind]: (typeof RETENTION)[K]['table'];
  };

export const DAY_SECONDS = 86_400;

/** DynamoDB TTL value (epoch seconds) `days` after `from`. */
export function ttlEpoch(from: Date, days: number): number {
  return Math.floor(from.getTime() / 1000) + days * DAY_SECONDS;
}

/** The TTL of a record of `kind` whose period starts at `from`. */
export function ttlFor(kind: RetentionKind, from: Date): number {
  return ttlEpoch(from, RETENTION_DAYS[kind]);
}

/**
 * The hot store (issue 15): the audit table keeps its records only this many days by default; the archive
 * (Parquet in S3 with Object Lock, shared/archive/) keeps them for their RETENTION period. Why 35: the hot
 * item of a payment event is also the event's claim (shared/audit-items.ts), which tells a redelivery from
 * a reused event id. A payment older than the stale horizon (STALE_EVENT_HORIZON_DAYS, 30 by default) is
 * decided stale from the event alone, but its claim must still be there when the same event id arrives
 * again within that horizon; 30 days + the clock-skew and queue-retention margin (4 days of SQS retention,
 * 1 day of rounding) = 35. The setting HOT_AUDIT_DAYS must therefore exceed the stale horizon.
 */
export const DEFAULT_HOT_AUDIT_DAYS = 35;

/**
 * The TTL of a hot audit item of `kind` whose period starts at `from`: the shorter of the kind's retention
 * and the hot window (a 90-day no-trigger record lives 35 days in DynamoDB, and 90 in the archive).
 */
export function hotTtlFor(kind: RetentionKind, from: Date, hotDays: number): number {
  return ttlEpoch(from, Math.min(RETENTION_DAYS[kind], hotDays));
}

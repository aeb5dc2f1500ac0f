import * as z from 'zod';
import {
  CONSENT_PURPOSES,
  type ConsentPurpose,
  type ConsentRecord,
  ConsentRecordSchema,
  type ConsentStatus,
} from './customer.js';
import { sha256Hex } from './hash.js';
import { CustomerIdSchema } from './identifiers.js';
import { instantMs } from './time.js';

/**
 * A consent change from the bank's preferences dashboard (one SQS message): the consent record of
 * contracts.md plus the customer it belongs to.
 */
export const ConsentChangeSchema = ConsentRecordSchema.extend({
  customerId: CustomerIdSchema,
  source: z.string().min(1).max(100),
  noticeVersion: z.string().min(1).max(50),
}).strict();
export type ConsentChange = z.infer<typeof ConsentChangeSchema>;

export type ConsentChangeOutcome =
  /** The change wins over what is stored for its purpose: it becomes the current consent. */
  | 'applied'
  /** It loses to the stored consent for the purpose (older, or a grant within the skew of a withdrawal). */
  | 'stale'
  /** The very same record is already current (a redelivery). */
  | 'unchanged';

/**
 * Per purpose, the latest instant at which a withdrawal or objection took effect: the later of the
 * change's own `at` and the time the pipeline applied it. An offer created before it is never served
 * again, whatever the consent says later (a re-grant never revives an offer).
 */
export type LastWithdrawnAt = Partial<Record<ConsentPurpose, string>>;

/** The consents item of a customer: one current record per purpose, and when offers were last ended. */
export interface ConsentState {
  readonly records: readonly ConsentRecord[];
  readonly lastWithdrawnAt: LastWithdrawnAt;
}

/** How the consents item stores `lastWithdrawnAt` (unknown purposes are dropped). */
export const LastWithdrawnAtSchema = z.object({
  'transaction-offers': z.iso.datetime({ offset: true }).optional(),
  'direct-marketing': z.iso.datetime({ offset: true }).optional(),
}) satisfies z.ZodType<LastWithdrawnAt>;

export interface ConsentChangeResult {
  readonly outcome: ConsentChangeOutcome;
  /** The consents after the change (one record per purpose, and the withdrawal instants). */
  readonly state: ConsentState;
}

const RESTRICTIVENESS: Readonly<Record<ConsentStatus, number>> = { granted: 0, withdrawn: 1, objected: 2 };

export const isRestrictive = (status: ConsentStatus): boolean => status !== 'granted';

function toRecord(change: ConsentChange): ConsentRecord {
  return {
    purpose: change.purpose,
    status: change.status,
    at: change.at,
    source: change.source,
    noticeVersion: change.noticeVersion,
  };
}

/**
 * The order in which consent records of one purpose supersede each other, as a total order so that the
 * outcome never depends on arrival order. The more protective state wins when instants disagree within the
 * skew: a withdrawal or objection counts as if it were `skew` later than its `at`, so a grant beats it only
 * when it is more than the skew newer, and it beats any grant up to the skew newer than itself. Equal keys:
 * the more restrictive status, then (for full determinism) source and notice version.
 */
export function compareConsentRecords(a: ConsentRecord, b: ConsentRecord, skewMs: number): number {
  const key = (r: ConsentRecord) => instantMs(r.at) + (isRestrictive(r.status) ? skewMs : 0);
  const byKey = key(a) - key(b);
  if (byKey !== 0) return byKey;
  const byStatus = RESTRICTIVENESS[a.status] - RESTRICTIVENESS[b.status];
  if (byStatus !== 0) return byStatus;
  const byInstant = instantMs(a.at) - instantMs(b.at);
  if (byInstant !== 0) return byInstant;
  if (a.source !== b.source) return a.source < b.source ? -1 : 1;
  if (a.noticeVersion !== b.noticeVersion) return a.noticeVersion < b.noticeVersion ? -1 : 1;
  return 0;
}

/**
 * Applies a change to the current consents. Only a change that wins by `compareConsentRecords` replaces the
 * stored one, so a late-arriving old "granted" can never resurrect a withdrawal, and a grant dated within
 * the skew of a withdrawal loses to it in either arrival order. An applied withdrawal or objection moves its
 * purpose's `lastWithdrawnAt` to the later of its `at` and `appliedAt` (never backwards).
 */
export function applyConsentChange(
  current: ConsentState,
  change: ConsentChange,
  options: { readonly skewMs: number; readonly appliedAt: Date },
): ConsentChangeResult {
  const incoming = toRecord(change);
  const stored = current.records.find((record) => record.purpose === change.purpose);
  if (stored !== undefined) {
    const order = compareConsentRecords(incoming, stored, options.skewMs);
    if (order === 0) return { outcome: 'unchanged', state: current };
    if (order < 0) return { outcome: 'stale', state: current };
  }
  const others = current.records.filter((record) => record.purpose !== change.purpose);
  const records = [...others, incoming];
  if (!isRestrictive(change.status)) return { outcome: 'applied', state: { ...current, records } };
  const candidates = [instantMs(change.at), options.appliedAt.getTime()];
  const previous = current.lastWithdrawnAt[change.purpose];
  if (previous !== undefined) candidates.push(instantMs(previous));
  const lastWithdrawnAt = {
    ...current.lastWithdrawnAt,
    [change.purpose]: new Date(Math.max(...candidates)).toISOString(),
  };
  return { outcome: 'applied', state: { records, lastWithdrawnAt } };
}

/**
 * Whether an offer created at `createdAt` may still be served under these withdrawal instants: only if it
 * was created after the latest withdrawal or objection of any purpose (each of them ended every offer).
 * An offer whose creation instant cannot be read is never served (fail closed).
 */
export function createdAfterLastWithdrawal(createdAt: string, lastWithdrawnAt: LastWithdrawnAt): boolean {
  const created = instantMs(createdAt);
  if (!Number.isFinite(created)) return false;
  for (const purpose of CONSENT_PURPOSES) {
    const at = lastWithdrawnAt[purpose];
    if (at !== undefined && !(created > instantMs(at))) return false;
  }
  return true;
}

/** Deterministic id of a consent-history entry: the same change delivered twice is one entry. */
export function consentHistoryId(change: ConsentChange): string {
  const digest = sha256Hex(
    [change.customerId, change.purpose, change.status, change.at, change.source, change.noticeVersion].join(
      '\u0000',
    ),
  ).slice(0, 16);
  return `${new Date(instantMs(change.at)).toISOString()}#${change.purpose}#${digest}`;
}

import * as z from 'zod';
import { type ConsentRecord, ConsentRecordSchema } from './customer.js';
import { sha256Hex } from './hash.js';
import { instantMs } from './time.js';

/**
 * A consent change from the bank's preferences dashboard (one SQS message): the consent record of
 * contracts.md plus the customer it belongs to.
 */
export const ConsentChangeSchema = ConsentRecordSchema.extend({
  customerId: z.string().min(1).max(64),
  source: z.string().min(1).max(100),
  noticeVersion: z.string().min(1).max(50),
}).strict();
export type ConsentChange = z.infer<typeof ConsentChangeSchema>;

export type ConsentChangeOutcome =
  /** The change is newer than what is stored for its purpose: it becomes the current consent. */
  | 'applied'
  /** Older than the stored consent for the purpose (out-of-order delivery): recorded, not applied. */
  | 'stale'
  /** The very same record is already current (a redelivery). */
  | 'unchanged';

export interface ConsentChangeResult {
  readonly outcome: ConsentChangeOutcome;
  /** The current consents after the change (one record per purpose). */
  readonly current: ConsentRecord[];
}

const RESTRICTIVENESS = { granted: 0, withdrawn: 1, objected: 2 } as const;

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
 * Applies a change to the current consents. Only a newer change (by instant, not by arrival) replaces the
 * stored one, so a late-arriving old "granted" can never resurrect a withdrawal; at the same instant the
 * more restrictive status wins, as in the decision core.
 */
export function applyConsentChange(
  current: readonly ConsentRecord[],
  change: ConsentChange,
): ConsentChangeResult {
  const stored = current.find((record) => record.purpose === change.purpose);
  const others = current.filter((record) => record.purpose !== change.purpose);
  if (stored !== undefined) {
    const storedAt = instantMs(stored.at);
    const changeAt = instantMs(change.at);
    const same =
      storedAt === changeAt &&
      stored.status === change.status &&
      stored.source === change.source &&
      stored.noticeVersion === change.noticeVersion;
    if (same) return { outcome: 'unchanged', current: [...current] };
    const newer =
      changeAt > storedAt ||
      (changeAt === storedAt && RESTRICTIVENESS[change.status] > RESTRICTIVENESS[stored.status]);
    if (!newer) return { outcome: 'stale', current: [...current] };
  }
  return { outcome: 'applied', current: [...others, toRecord(change)] };
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

import type { StoredDecision, StoredWithdrawal } from './stored-records.js';

/**
 * How stored records become answers — the one mapping the list of suppressed offers (./queries.ts), a
 * customer's history (./history.query.ts) and the explanation of a decision (./explain.query.ts) share.
 * Every view is built from a whitelist of named fields, each copied only when the record has it: never by
 * copying the stored item, so index attributes, TTLs, digests and anything a later writer adds never reach
 * an answer unless it is named here.
 */

/** `{ [key]: value }`, or nothing when the value is absent: how an answer leaves out a field it lacks. */
export const optional = <K extends string, V>(key: K, value: V | undefined) =>
  (value === undefined ? {} : { [key]: value }) as Partial<Record<K, V>>;

/** The named fields of `source` that it has (arrays copied), and nothing else. */
export function pickDefined<T extends object, K extends keyof T>(
  source: T,
  fields: readonly K[],
): Pick<T, K> {
  const picked: Partial<Pick<T, K>> = {};
  for (const field of fields) {
    const value = source[field];
    if (value !== undefined) picked[field] = (Array.isArray(value) ? [...value] : value) as T[K];
  }
  return picked as Pick<T, K>;
}

/**
 * What an answer may show of a stored decision: never its digest or index attributes, and its gates and
 * problems only through ./explain.query.ts. (A payment screened out as sensitive has no trigger and no
 * occurredAt: the screen ran before anything else.)
 */
export type DecisionFacts = Pick<
  StoredDecision,
  | 'decisionId'
  | 'eventId'
  | 'customerId'
  | 'outcome'
  | 'decidedAt'
  | 'occurredAt'
  | 'policyVersion'
  | 'consentRegime'
  | 'triggerId'
  | 'triggerVersion'
  | 'offerId'
  | 'offerInstanceId'
  | 'reasons'
>;

/** The named facts of a stored decision (those it lacks left out). */
export function decisionFacts<K extends keyof DecisionFacts>(
  decision: StoredDecision,
  fields: readonly K[],
): Pick<DecisionFacts, K> {
  return pickDefined(decision, fields);
}

/**
 * The fields of the list of suppressed offers, in their order: the JSON answer's keys, and the columns of
 * its CSV and JSONL exports (./export.ts).
 */
export const SUPPRESSED_FIELDS = [
  'decidedAt',
  'decisionId',
  'eventId',
  'customerId',
  'triggerId',
  'triggerVersion',
  'offerId',
  'reasons',
  'consentRegime',
  'policyVersion',
  'occurredAt',
] as const;

/** A suppressed decision as the list and the exports show it (its gates are in `explain`). */
export type LinkedSuppressedRecord = Pick<DecisionFacts, (typeof SUPPRESSED_FIELDS)[number]>;

/**
 * A suppressed decision of an erased customer: their archive key is destroyed, so the record can no longer
 * be opened or linked to anyone (crypto-shredding). It keeps only the archive's clear columns: no ids, no
 * customer, times to the hour. Still counted.
 */
export interface UnlinkableSuppressedRecord {
  readonly unlinkable: true;
  /** The UTC hour it was decided (YYYY-MM-DDTHH). */
  readonly decidedHour: string;
  /** The UTC hour of the payment, when it has one. */
  readonly paidHour?: string;
  readonly triggerId?: string;
  readonly triggerVersion?: number;
  readonly offerId?: string;
  readonly reasons: readonly string[];
  readonly policyVersion: string;
  readonly consentRegime?: string;
}

export type SuppressedRecord = LinkedSuppressedRecord | UnlinkableSuppressedRecord;

export function suppressedRecord(decision: StoredDecision): LinkedSuppressedRecord {
  return decisionFacts(decision, SUPPRESSED_FIELDS);
}

/** The export columns added for unlinkable records (after SUPPRESSED_FIELDS). */
export const UNLINKABLE_FIELDS = ['unlinkable', 'decidedHour', 'paidHour'] as const;

/** What an answer shows of an offer-withdrawal record besides its id, customer and time. */
export type WithdrawalFacts = Pick<
  StoredWithdrawal,
  'offerInstanceId' | 'offerId' | 'triggerId' | 'triggerVersion' | 'withdrawalReason'
>;

export function withdrawalFacts(withdrawal: StoredWithdrawal): WithdrawalFacts {
  return pickDefined(withdrawal, [
    'offerInstanceId',
    'offerId',
    'triggerId',
    'triggerVersion',
    'withdrawalReason',
  ]);
}

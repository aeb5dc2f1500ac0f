/**
 * The archive's datasets (issue 15): one columnar table per audit record kind, written by the archiver
 * (shared/archive/archiver.ts) as Parquet files under `<dataset>/record_day=YYYY-MM-DD/`, declared as Glue
 * tables by the stack (infra/cdk/archive*.ts) and read by DuckDB locally, Athena in AWS, with the same SQL
 * (shared/archive/sql/). This file is the one definition all three follow.
 *
 * Why Parquet: both engines read it natively, column by column, with statistics per row group, so a count
 * over `outcome`, `trigger_id` and `reasons` reads a few narrow columns of the files of the period and never
 * the sealed content; it compresses the repetitive audit columns well; and it is an open format that a bank
 * can keep reading for the years the audit is kept.
 *
 * Privacy (domain rule 9): a row names no customer. `customer_ref` is a keyed pseudonym (HMAC under the
 * customer's own key, shared/archive/pseudonym.ts), `record_id` likewise for rows of a customer, and
 * everything precise about the record (ids, exact times, gates, problems) is in `content`, sealed with
 * AES-256-GCM under the same key. The clear columns are coarse on purpose: the hour, not the instant (an
 * instant next to the bank's own payment ledger would point at the payment, hence at the person). Erasure
 * deletes the key: the pseudonyms can no longer be recomputed and the content no longer opened
 * (crypto-shredding), while counts by outcome, trigger and reason stay true.
 *
 * Types are the subset both engines agree on: strings (times as fixed-width ISO text, so that comparing
 * strings compares times in both dialects), 32-bit integers, booleans and binary.
 *
 * No imports beyond the retention table: the Lambda bundle of the archiver includes this file.
 */

export type ColumnType = 'string' | 'int' | 'boolean' | 'binary';

export interface Column {
  readonly name: string;
  readonly type: ColumnType;
  /** Whether a row may leave it empty (null). */
  readonly nullable: boolean;
  readonly doc: string;
}

/** The partition column (Hive style, in the object key, not in the file): the UTC day of `record_hour`. */
export const PARTITION_COLUMN = 'record_day';

const col = (name: string, type: ColumnType, doc: string, nullable = false): Column => ({
  name,
  type,
  nullable,
  doc,
});

/** The columns every dataset starts with, in this order. */
export const COMMON_COLUMNS: readonly Column[] = [
  col(
    'record_id',
    'string',
    'The record id as a keyed pseudonym (32 hex) for rows of a customer, else the id itself: rows with equal ids are one record (a redelivered stream batch), counted once',
  ),
  col('customer_ref', 'string', 'Keyed pseudonym of the customer (32 hex); null when none', true),
  col('record_hour', 'string', 'The record time truncated to the UTC hour: YYYY-MM-DDTHH'),
  col(
    'content',
    'binary',
    'The whole record as JSON: sealed (AES-256-GCM under the customer key) when customer_ref is set, else UTF-8 JSON',
  ),
  col('archived_at', 'string', 'When the archiver wrote the row (ISO 8601 UTC, milliseconds): the lag'),
  col('retention_days', 'int', 'Days the row is kept (shared/retention.ts), from record_hour'),
];

export const DATASET_NAMES = [
  'decisions',
  'withdrawals',
  'consent_changes',
  'catalog_transitions',
  'erasures',
  'access_log',
] as const;
export type DatasetName = (typeof DATASET_NAMES)[number];

export interface Dataset {
  readonly name: DatasetName;
  readonly purpose: string;
  /** COMMON_COLUMNS, then the dataset's own clear columns. */
  readonly columns: readonly Column[];
}

const dataset = (name: DatasetName, purpose: string, own: readonly Column[]): Dataset => ({
  name,
  purpose,
  columns: [...COMMON_COLUMNS, ...own],
});

/** Every dataset of the archive. */
export const DATASETS: { readonly [N in DatasetName]: Dataset } = {
  decisions: dataset('decisions', 'Every decision: emitted, suppressed, no trigger, rejected', [
    col('outcome', 'string', 'emitted | suppressed | no_trigger | rejected'),
    col('trigger_id', 'string', 'The trigger, when one matched', true),
    col('trigger_version', 'int', 'Its version', true),
    col('offer_id', 'string', 'Its offer', true),
    col(
      'reasons',
      'string',
      'Every reason, comma-delimited with a leading and trailing comma (",no_consent,objected,"); "," for none',
    ),
    col('policy_version', 'string', 'The catalog / policy version that decided'),
    col('consent_regime', 'string', 'opt-in | opt-out, when consent was looked at', true),
    col(
      'paid_hour',
      'string',
      "The payment's occurredAt truncated to the UTC hour, when the record has one",
      true,
    ),
  ]),
  withdrawals: dataset('withdrawals', 'Offers withdrawn after a consent withdrawal, objection or change', [
    col('trigger_id', 'string', 'The trigger of the withdrawn offer'),
    col('trigger_version', 'int', 'Its version'),
    col('offer_id', 'string', 'The withdrawn offer'),
    col('withdrawal_reason', 'string', 'Why it was withdrawn'),
  ]),
  consent_changes: dataset('consent_changes', 'Consent evidence: every change received, applied or ignored', [
    col('purpose', 'string', 'transaction-offers | direct-marketing'),
    col('status', 'string', 'granted | withdrawn | objected'),
    col('applied', 'boolean', 'Whether it changed the consents in force'),
  ]),
  catalog_transitions: dataset('catalog_transitions', 'Lifecycle transitions of the governed catalog', [
    col('item_id', 'string', 'The catalog item (trigger id, offer id, ...)'),
    col('transition', 'string', 'The lifecycle transition'),
  ]),
  erasures: dataset('erasures', 'Erasure reports (they name no customer)', []),
  access_log: dataset('access_log', 'Every read of the audit: who, when, which query (never results)', [
    col('query', 'string', 'Which query was run'),
  ]),
};

/** The hour of an ISO instant in UTC: `YYYY-MM-DDTHH`. */
export function hourOf(instant: string | Date): string {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  return date.toISOString().slice(0, 13);
}

/** The partition value of an hour: its UTC day. */
export const dayOfHour = (hour: string): string => hour.slice(0, 10);

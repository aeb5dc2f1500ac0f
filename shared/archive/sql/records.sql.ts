import type { ArchiveStatement } from '../ports.js';
import { ArchiveQueryError } from './period.sql.js';

/**
 * Rows by record id (explain of a record older than the hot window): the keyed `record_id`s of a
 * customer's records (computed with the customer's key: `pseudonymiser(key).ref(decisionId)`), with the
 * customer's ref, or the plain id of a record without a customer (a rejected message without a readable
 * customer id). Redelivered rows once. A day range is always given (partition pruning).
 */
export function recordsByIdStatement(
  dataset: 'decisions' | 'withdrawals',
  ids: { readonly recordIds: readonly string[]; readonly customerRef: string | null },
  days: { readonly fromDay: string; readonly toDay: string },
): ArchiveStatement {
  if (ids.recordIds.length === 0 || ids.recordIds.length > 100) {
    throw new ArchiveQueryError('recordsByIdStatement takes 1 to 100 record ids');
  }
  const placeholders = ids.recordIds.map(() => '?').join(', ');
  const owner = ids.customerRef === null ? 'customer_ref IS NULL' : 'customer_ref = ?';
  return {
    name: `${dataset}.records-by-id`,
    sql: `SELECT * FROM (
  SELECT t.*, row_number() OVER (PARTITION BY record_id ORDER BY archived_at) AS copy_no
  FROM ${dataset} t
  WHERE record_day >= ? AND record_day <= ? AND ${owner} AND record_id IN (${placeholders})
) x
WHERE copy_no = 1
ORDER BY record_hour, record_id`,
    params: [
      days.fromDay,
      days.toDay,
      ...(ids.customerRef === null ? [] : [ids.customerRef]),
      ...ids.recordIds,
    ],
  };
}

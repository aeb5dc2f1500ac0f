import type { ArchiveStatement } from '../ports.js';

/**
 * A customer's rows of one dataset, found by their pseudonym (the customer key must exist to compute it):
 * access requests, the history older than the hot window, and erasure (which opens each row to find the
 * hot copy to delete). Redelivered rows are returned once (first archived wins). Standard SQL that DuckDB
 * and Athena (Trino) both run: a window function in a subquery, `?` parameters, string comparisons.
 */
export function customerRowsStatement(
  dataset: 'decisions' | 'withdrawals',
  customerRef: string,
  period: { readonly fromDay: string; readonly toDay: string },
): ArchiveStatement {
  return {
    name: `${dataset}.customer-rows`,
    sql: `SELECT * FROM (
  SELECT t.*, row_number() OVER (PARTITION BY record_id ORDER BY archived_at) AS copy_no
  FROM ${dataset} t
  WHERE customer_ref = ? AND record_day >= ? AND record_day <= ?
) WHERE copy_no = 1
ORDER BY record_hour, record_id`,
    params: [customerRef, period.fromDay, period.toDay],
  };
}

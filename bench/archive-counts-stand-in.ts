import type { ArchiveStatement } from '#archive/ports.js';
import { REASONS } from '#core/decision.js';

/**
 * STAND-IN for H-query's `suppressedCountsStatement` (`#archive/sql/counts.sql.js`), with the signature agreed
 * in the common brief, so the archive benches and tests run before that file is merged. At merge the lead
 * swaps the imports of this file for `#archive/sql/counts.sql.js` and deletes it.
 *
 * Distinct suppressed records per (reason, trigger) in the period: one row per pair, `trigger_id` null for the
 * sensitive screen. Standard SQL both DuckDB and Athena (Trino) run: the reasons as a VALUES list crossed with
 * the decisions and matched by `strpos`, redelivered rows counted once by `count(DISTINCT record_id)`.
 */

/** Reasons a suppressed decision can carry (the rejected ones never are). */
const SUPPRESSION_REASONS = REASONS.filter((r) => r !== 'invalid_event' && r !== 'duplicate_event_id');

export interface SuppressedCountsQuery {
  readonly basis: 'decided' | 'payment';
  /** `YYYY-MM-DDTHH`, inclusive. */
  readonly fromHour: string;
  /** `YYYY-MM-DDTHH`, exclusive. */
  readonly toHour: string;
  readonly triggerId?: string;
  readonly reason?: string;
}

const HOUR = /^\d{4}-\d{2}-\d{2}T\d{2}$/;

export function suppressedCountsStatement(q: SuppressedCountsQuery): ArchiveStatement {
  if (!HOUR.test(q.fromHour) || !HOUR.test(q.toHour)) throw new Error('Hours are YYYY-MM-DDTHH');
  const hourColumn = q.basis === 'decided' ? 'record_hour' : 'paid_hour';
  const fromDay = q.fromHour.slice(0, 10);
  const toDay = q.toHour.slice(0, 10);
  // A decision is never before its payment: on the payment basis only the lower day bound prunes.
  const days = q.basis === 'decided' ? 'd.record_day >= ? AND d.record_day <= ?' : 'd.record_day >= ?';
  const params: (string | number)[] =
    q.basis === 'decided' ? [fromDay, toDay, q.fromHour, q.toHour] : [fromDay, q.fromHour, q.toHour];
  const filters: string[] = [];
  if (q.triggerId !== undefined) {
    filters.push('AND d.trigger_id = ?');
    params.push(q.triggerId);
  }
  if (q.reason !== undefined) {
    filters.push('AND r.reason = ?');
    params.push(q.reason);
  }
  const values = SUPPRESSION_REASONS.map((r) => `('${r}')`).join(', ');
  return {
    name: 'decisions.suppressed-counts',
    sql: `SELECT r.reason AS reason, d.trigger_id AS trigger_id, count(DISTINCT d.record_id) AS n
FROM decisions d
CROSS JOIN (VALUES ${values}) AS r (reason)
WHERE d.outcome = 'suppressed'
  AND ${days}
  AND d.${hourColumn} >= ? AND d.${hourColumn} < ?
  AND strpos(d.reasons, ',' || r.reason || ',') > 0
  ${filters.join('\n  ')}
GROUP BY r.reason, d.trigger_id
ORDER BY r.reason, d.trigger_id`,
    params,
  };
}

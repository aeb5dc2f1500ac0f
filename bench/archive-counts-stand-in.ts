import type { ArchiveStatement } from '#archive/ports.js';
import { REASONS } from '#core/decision.js';

/**
 * STAND-IN for H-query's `suppressedCountsStatement` (`#archive/sql/counts.sql.js`), with the signature agreed
 * in the common brief and the same filter meaning (a trigger id or `none` for the sensitive screen; a reason
 * the record must carry, still counted under each of its reasons), so the archive benches and tests run
 * before that file is merged. At merge the lead swaps the imports of this file for
 * `#archive/sql/counts.sql.js` and deletes it.
 *
 * Distinct suppressed records per (reason, trigger) in the period: one row per pair, `trigger_id` null for the
 * sensitive screen. Standard SQL both DuckDB and Athena (Trino) run. The shape is the cheap one measured by
 * `npm run bench -- --only archive-query`: the records are deduplicated and counted per (reason SET, trigger)
 * first (a record has one reason set and one trigger, so these counts partition the distinct records), and
 * only those few dozen groups are expanded to one row per reason, instead of crossing every row with every
 * reason before a per-reason count(DISTINCT): 10.0 s of CPU instead of 15.6 s over 12 million suppressed rows.
 */

/** Reasons a suppressed decision can carry (the rejected ones never are). */
const SUPPRESSION_REASONS = REASONS.filter((r) => r !== 'invalid_event' && r !== 'duplicate_event_id');

export interface SuppressedCountsQuery {
  readonly basis: 'decided' | 'payment';
  /** `YYYY-MM-DDTHH`, inclusive. */
  readonly fromHour: string;
  /** `YYYY-MM-DDTHH`, exclusive. */
  readonly toHour: string;
  /** A trigger id, or `none` for the sensitive screen. */
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
  const days = q.basis === 'decided' ? 'record_day >= ? AND record_day <= ?' : 'record_day >= ?';
  const params: (string | number)[] =
    q.basis === 'decided' ? [fromDay, toDay, q.fromHour, q.toHour] : [fromDay, q.fromHour, q.toHour];
  const filters: string[] = [];
  if (q.triggerId === 'none') filters.push('AND trigger_id IS NULL');
  else if (q.triggerId !== undefined) {
    filters.push('AND trigger_id = ?');
    params.push(q.triggerId);
  }
  if (q.reason !== undefined) {
    filters.push("AND strpos(reasons, ',' || ? || ',') > 0");
    params.push(q.reason);
  }
  const values = SUPPRESSION_REASONS.map((r) => `('${r}')`).join(', ');
  return {
    name: 'decisions.suppressed-counts',
    sql: `WITH per_set AS (
  SELECT reasons, trigger_id, count(DISTINCT record_id) AS n
  FROM decisions
  WHERE outcome = 'suppressed' AND ${days} AND ${hourColumn} >= ? AND ${hourColumn} < ?
  ${filters.join('\n  ')}
  GROUP BY reasons, trigger_id
)
SELECT r.reason AS reason, p.trigger_id AS trigger_id, sum(p.n) AS n
FROM per_set p
CROSS JOIN (VALUES ${values}) AS r (reason)
WHERE strpos(p.reasons, ',' || r.reason || ',') > 0
GROUP BY r.reason, p.trigger_id
ORDER BY r.reason, p.trigger_id`,
    params,
  };
}

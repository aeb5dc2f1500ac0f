import { SUPPRESSION_REASONS } from '#shared/audit-index.js';
import type { ArchiveStatement } from '../ports.js';
import {
  type ArchiveTimeBasis,
  namesRelation,
  periodWhere,
  reasonWhere,
  triggerWhere,
} from './period.sql.js';

/**
 * Counts of suppressed decisions on the archive (issue 15: the counts that outgrew COUNT queries over
 * sharded indexes). Every count is of distinct `record_id`s, so a redelivered row is counted once.
 */

/** Every reason a suppressed decision can carry (the rows of the per-reason counts). */
export const ARCHIVE_SUPPRESSION_REASONS: readonly string[] = SUPPRESSION_REASONS;

export interface SuppressedCountsQuery {
  readonly basis: ArchiveTimeBasis;
  /** `YYYY-MM-DDTHH`, inclusive. */
  readonly fromHour: string;
  /** `YYYY-MM-DDTHH`, exclusive. */
  readonly toHour: string;
  readonly triggerId?: string;
  readonly reason?: string;
  /** Payment basis: the last partition day to read (period.sql.ts HourPeriod); default tomorrow. */
  readonly decidedUntilDay?: string;
}

/** A row of suppressedCountsStatement. */
export interface SuppressedCountRow {
  readonly reason: string;
  /** null for the sensitive screen (no trigger). */
  readonly trigger_id: string | null;
  readonly n: number;
}

/**
 * Suppressed decisions per (reason, trigger) in the period on the basis: rows `{ reason, trigger_id, n }`,
 * n distinct records (a decision with two reasons counts once under each), `trigger_id` null for payments
 * screened out as sensitive. Filters: a trigger (`none` = the sensitive screen) and a reason (the record
 * must carry it; it is still counted under each of its reasons).
 */
export function suppressedCountsStatement(q: SuppressedCountsQuery): ArchiveStatement {
  const period = periodWhere(q.basis, q);
  const trigger = triggerWhere(q.triggerId);
  const reason = reasonWhere(q.reason);
  return {
    name: `decisions.suppressed-counts.${q.basis}`,
    // Distinct records per (reason SET, trigger) first — a record has one set and one trigger, so these
    // groups partition the distinct records — and only those few dozen groups are expanded to one row per
    // reason: over 50 million decisions this reads the same columns with a third less CPU than crossing
    // every row with every reason before a per-reason count(DISTINCT) (npm run bench -- --only archive-query).
    sql: `WITH per_set AS (
  SELECT reasons, trigger_id, count(DISTINCT record_id) AS n
  FROM decisions
  WHERE ${period.sql} AND outcome = 'suppressed'${trigger.sql}${reason.sql}
  GROUP BY reasons, trigger_id
)
SELECT r.reason AS reason, p.trigger_id AS trigger_id, sum(p.n) AS n
FROM per_set p
JOIN ${namesRelation(ARCHIVE_SUPPRESSION_REASONS, 'r', 'reason')}
  ON strpos(p.reasons, ',' || r.reason || ',') > 0
GROUP BY r.reason, p.trigger_id
ORDER BY r.reason, p.trigger_id`,
    params: [...period.params, ...trigger.params, ...reason.params],
  };
}

/**
 * The same records per trigger, each once whatever its reasons: rows `{ trigger_id, n }` (null = the
 * sensitive screen). Their sum is the total of the query.
 */
export function suppressedTotalsStatement(q: SuppressedCountsQuery): ArchiveStatement {
  const period = periodWhere(q.basis, q);
  const trigger = triggerWhere(q.triggerId);
  const reason = reasonWhere(q.reason);
  return {
    name: `decisions.suppressed-totals.${q.basis}`,
    sql: `SELECT trigger_id, count(DISTINCT record_id) AS n
FROM decisions
WHERE ${period.sql} AND outcome = 'suppressed'${trigger.sql}${reason.sql}
GROUP BY trigger_id
ORDER BY trigger_id`,
    params: [...period.params, ...trigger.params, ...reason.params],
  };
}

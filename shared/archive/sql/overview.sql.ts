import type { ArchiveStatement } from '../ports.js';
import { ARCHIVE_SUPPRESSION_REASONS } from './counts.sql.js';
import {
  type ArchiveTimeBasis,
  type HourPeriod,
  hourColumn,
  namesRelation,
  periodWhere,
} from './period.sql.js';

/**
 * The privacy overview on the archive (GET /privacy/overview): per UTC day of the basis's hour, decisions
 * per outcome, suppressed decisions per reason and per trigger (`none` for the sensitive screen), each a
 * count of distinct records. On the payment basis only records with a payment time are counted (a payment
 * screened out as sensitive and a rejected event have none), as the overview always did.
 * Rows `{ utc_day, series, name, n }`: series `outcome` | `reason` | `trigger`.
 */
export function overviewStatement(q: HourPeriod & { readonly basis: ArchiveTimeBasis }): ArchiveStatement {
  const hour = hourColumn(q.basis);
  const period = periodWhere(q.basis, q);
  const day = `substr(${hour}, 1, 10)`;
  return {
    name: `decisions.overview.${q.basis}`,
    sql: `SELECT ${day} AS utc_day, 'outcome' AS series, outcome AS name, count(DISTINCT record_id) AS n
FROM decisions
WHERE ${period.sql}
GROUP BY ${day}, outcome
UNION ALL
SELECT substr(d.${hour}, 1, 10) AS utc_day, 'reason' AS series, r.reason AS name, count(DISTINCT d.record_id) AS n
FROM decisions d
JOIN ${namesRelation(ARCHIVE_SUPPRESSION_REASONS, 'r', 'reason')}
  ON strpos(d.reasons, ',' || r.reason || ',') > 0
WHERE ${period.sql} AND d.outcome = 'suppressed'
GROUP BY substr(d.${hour}, 1, 10), r.reason
UNION ALL
SELECT ${day} AS utc_day, 'trigger' AS series, coalesce(trigger_id, 'none') AS name, count(DISTINCT record_id) AS n
FROM decisions
WHERE ${period.sql} AND outcome = 'suppressed'
GROUP BY ${day}, coalesce(trigger_id, 'none')
ORDER BY utc_day, series, name`,
    params: [...period.params, ...period.params, ...period.params],
  };
}

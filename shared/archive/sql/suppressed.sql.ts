import type { ArchiveStatement } from '../ports.js';
import {
  type ArchiveTimeBasis,
  checkedHour,
  checkedInt,
  type HourPeriod,
  hourColumn,
  periodWhere,
  reasonWhere,
  triggerWhere,
} from './period.sql.js';

/**
 * The list of suppressed decisions (privacy officers' long-period lists and exports): newest first on the
 * basis's hour (`record_hour` or `paid_hour`), then `record_id` descending, one page at a time with a
 * keyset position (hour, record_id), redelivered rows once (first archived wins). Rows carry what the
 * service needs to open them: `customer_ref` and the sealed `content`, with the clear columns.
 */

export interface SuppressedListQuery extends HourPeriod {
  readonly basis: ArchiveTimeBasis;
  readonly triggerId?: string;
  readonly reason?: string;
  /** The last row of the previous page: the page starts strictly after it. */
  readonly after?: { readonly hour: string; readonly recordId: string };
  /** 1 to 10,000 rows. */
  readonly limit: number;
}

export const MAX_LIST_ROWS = 10_000;

export function suppressedListStatement(q: SuppressedListQuery): ArchiveStatement {
  const limit = checkedInt('limit', q.limit, 1, MAX_LIST_ROWS);
  const hour = hourColumn(q.basis);
  const period = periodWhere(q.basis, q);
  const trigger = triggerWhere(q.triggerId);
  const reason = reasonWhere(q.reason);
  const after =
    q.after === undefined
      ? { sql: '', params: [] as string[] }
      : {
          sql: ` AND (${hour} < ? OR (${hour} = ? AND record_id < ?))`,
          params: [checkedHour('after.hour', q.after.hour), q.after.hour, q.after.recordId],
        };
  return {
    name: `decisions.suppressed-list.${q.basis}`,
    sql: `SELECT record_id, customer_ref, record_hour, paid_hour, trigger_id, trigger_version, offer_id, reasons, policy_version, consent_regime, content, ${hour} AS list_hour
FROM (
  SELECT t.*, row_number() OVER (PARTITION BY record_id ORDER BY archived_at) AS copy_no
  FROM decisions t
  WHERE ${period.sql} AND outcome = 'suppressed'${trigger.sql}${reason.sql}${after.sql}
) d
WHERE copy_no = 1
ORDER BY ${hour} DESC, record_id DESC
LIMIT ${limit}`,
    params: [...period.params, ...trigger.params, ...reason.params, ...after.params],
  };
}

/**
 * How many suppressed decisions match the filters, were decided in the period (decision hour) and have no
 * payment time (payments screened out as sensitive carry none): what a payment-time answer does not hold.
 * One row `{ n }`.
 */
export function withoutPaymentTimeStatement(
  q: HourPeriod & { readonly triggerId?: string; readonly reason?: string },
): ArchiveStatement {
  const period = periodWhere('decided', q);
  const trigger = triggerWhere(q.triggerId);
  const reason = reasonWhere(q.reason);
  return {
    name: 'decisions.suppressed-without-payment-time',
    sql: `SELECT count(DISTINCT record_id) AS n
FROM decisions
WHERE ${period.sql} AND outcome = 'suppressed' AND paid_hour IS NULL${trigger.sql}${reason.sql}`,
    params: [...period.params, ...trigger.params, ...reason.params],
  };
}

/**
 * Whether any suppressed decision archived on the days given names the trigger (a trigger retired from
 * the catalog stays queryable while it has records). One row `{ n }`, n 0 or 1.
 */
export function suppressedOfTriggerStatement(
  triggerId: string,
  days: { readonly fromDay: string; readonly toDay: string },
): ArchiveStatement {
  return {
    name: 'decisions.suppressed-of-trigger',
    sql: `SELECT count(*) AS n FROM (
  SELECT record_id FROM decisions
  WHERE record_day >= ? AND record_day <= ? AND outcome = 'suppressed' AND trigger_id = ?
  LIMIT 1
) x`,
    params: [days.fromDay, days.toDay, triggerId],
  };
}

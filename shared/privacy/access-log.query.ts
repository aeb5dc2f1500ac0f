import * as z from 'zod';
import { CustomerIdSchema } from '#core/identifiers.js';
import { InfrastructureError } from '#shared/errors.js';
import {
  ACCESS_QUERIES,
  type AccessLog,
  type AccessQuery,
  accessLogEntry,
  type Caller,
} from './access-log.js';
import { InvalidCursorError, openCursor, queryFingerprint, sealCursor } from './cursor.js';
import { InvalidQueryError } from './errors.query.js';
import { ActorSchema, checkedLimit, checkedPeriod } from './query-params.js';
import { optional } from './record-views.js';
import type { AccessRecord } from './stored-records.js';

export type { AccessRecord } from './stored-records.js';

/**
 * Reading the audit access log (issue 16, item 6): who read the audit data, when, with which query and
 * filters — for a privacy officer's own supervision, and for a customer's access request, which under
 * CJEU C-579/21 (Pankki S) may ask "who consulted my data, and when". Served by `npm run audit --
 * access-log` and `GET /privacy/access-log`, both through AccessLogQueries:
 *
 *   - `customer` given: Query on the `byCustomer` index (entries whose parameters name the customer), with
 *     `actor` as a filter when both are given;
 *   - only `actor`: Query on the `byActor` index (`who`);
 *   - neither: Query of the table's day partitions, newest day first, within the period (without `from`,
 *     the UNFILTERED_DEFAULT_DAYS days up to `to` (or today), said in the answer's `period`: one Query per day partition,
 *     so a five-year walk would be 1,825 of them; give `from` to go further back).
 * Never a Scan. Newest first, paginated with an opaque cursor bound to the filters (like `suppressed`).
 *
 * Reading the access log is itself an access: it is recorded first (query `access-log`, the filters as
 * parameters, the customer as `customerId` so the customer's own access request shows it too); when that
 * fails, nothing is read. A page never shows the entry of the read that produced it (the next read does).
 */

export const ACCESS_LOG_BY_ACTOR = 'byActor';
export const ACCESS_LOG_BY_CUSTOMER = 'byCustomer';

/**
 * Where a page of entries is read from: one index partition, or one day of the table; with `query`, only
 * the entries of that query (a filter the store applies, pages followed until enough match).
 */
export type AccessLogSource = (
  | { readonly kind: 'customer'; readonly customerId: string; readonly who?: string }
  | { readonly kind: 'actor'; readonly who: string }
  | { readonly kind: 'day'; readonly day: string }
) & { readonly query?: AccessQuery };

/** Inclusive bounds on `accessId` (`<at ISO>#<uuid>`): `low` a UTC ISO instant, `high` one followed by `#~`. */
export interface AccessIdRange {
  readonly low: string;
  readonly high: string;
}

export interface AccessLogReader {
  /**
   * Up to `limit` entries of one source, newest first, with `accessId` within `range` and, when `before`
   * is given, strictly older than it (`before` is an `accessId` within the range).
   */
  entries(
    source: AccessLogSource,
    range: AccessIdRange,
    before: string | undefined,
    limit: number,
  ): Promise<readonly AccessRecord[]>;
}

/** An access-log entry in the store that does not have the shape this code writes. */
export class AccessLogReadError extends InfrastructureError {
  override readonly name = 'AccessLogReadError';
}

export interface AccessLogQuery {
  /** Who read: an IAM principal ARN, `local:<user>` or `local-gateway:unauthenticated`, exactly. */
  readonly actor?: string;
  /** Whose data was read. */
  readonly customerId?: string;
  /** Which query was made (suppressed, history, explain, overview, erasure, access-log). */
  readonly query?: AccessQuery;
  readonly from?: string;
  readonly to?: string;
  readonly limit?: number;
  readonly cursor?: string;
}

export interface AccessLogPage {
  readonly items: readonly AccessRecord[];
  /** Pass back as `cursor` for the next page; null when there is none. */
  readonly nextCursor: string | null;
  /**
   * The period read, as normalised UTC instants. `from` is absent when the read had no lower bound (a
   * customer or actor without `from`); without any filter it is the default start (UNFILTERED_DEFAULT_DAYS).
   */
  readonly period: { readonly from?: string; readonly to: string };
}

const DAY_MS = 86_400_000;
/** Without actor, customer and `from`: how many days back the day partitions are read (today included). */
export const UNFILTERED_DEFAULT_DAYS = 31;
/** Day partitions read at once when walking the table without an index. */
const DAYS_AT_ONCE = 16;
const CURSOR_VERSION = 1;
const CursorBody = z.strictObject({
  v: z.literal(CURSOR_VERSION),
  q: z.string(),
  a: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z#[0-9a-zA-Z-]{1,64}$/),
});

export interface AccessLogQueriesDeps {
  readonly reader: AccessLogReader;
  readonly accessLog: AccessLog;
  readonly now: () => Date;
}

export class AccessLogQueries {
  constructor(private readonly deps: AccessLogQueriesDeps) {}

  /** One page of the access log, newest first; the read is logged first. */
  async read(caller: Caller, query: AccessLogQuery): Promise<AccessLogPage> {
    const limit = checkedLimit(query.limit);
    const { from, to } = checkedPeriod(query);
    if (query.actor !== undefined && !ActorSchema.safeParse(query.actor).success) {
      throw new InvalidQueryError('actor', ActorSchema.description ?? 'a principal');
    }
    if (query.customerId !== undefined && !CustomerIdSchema.safeParse(query.customerId).success) {
      throw new InvalidQueryError('customerId', '1 to 64 characters');
    }
    if (query.query !== undefined && !(ACCESS_QUERIES as readonly string[]).includes(query.query)) {
      throw new InvalidQueryError('query', `one of ${ACCESS_QUERIES.join(', ')}`);
    }
    const fingerprint = queryFingerprint({
      actor: query.actor,
      customerId: query.customerId,
      from,
      to,
      // Absent when not filtered: the fingerprint (and so a cursor) of a read without it is unchanged.
      ...optional('query', query.query),
    });
    // Decoded before anything is logged or read: a bad cursor reads nothing.
    const before = query.cursor === undefined ? undefined : decodeAccessCursor(query.cursor, fingerprint);

    const now = this.deps.now();
    // The log names the query, never its results: a cursor (which holds a position) is logged as a flag.
    const own = accessLogEntry(
      caller,
      'access-log',
      {
        ...optional('actor', query.actor),
        ...optional('customerId', query.customerId),
        ...optional('query', query.query),
        ...optional('from', from),
        ...optional('to', to),
        limit,
        continued: query.cursor !== undefined,
      },
      now,
    );
    await this.deps.accessLog.append(own);

    const high = `${to ?? now.toISOString()}#~`;
    const lastDay = Date.parse(`${(to ?? now.toISOString()).slice(0, 10)}T00:00:00.000Z`);
    const defaultFrom = new Date(lastDay - (UNFILTERED_DEFAULT_DAYS - 1) * DAY_MS).toISOString();
    // An index partition holds one customer's or one actor's entries: no lower bound is needed ('0' sorts
    // before every ISO instant); the day walk without `from` covers the default days only.
    const indexed = query.customerId !== undefined || query.actor !== undefined;
    const low = from ?? (indexed ? undefined : defaultFrom);
    const range: AccessIdRange = { low: low ?? '0', high };
    if (before !== undefined && (before > range.high || before < range.low)) {
      throw new InvalidCursorError('The cursor is not one this API issued.');
    }
    // One more than a page, to know whether there is a next one; this read's own entry is left out.
    const wanted = limit + 1;
    const found = (await this.collect(query, range, before, wanted + 1)).filter(
      (entry) => entry.accessId !== own.accessId,
    );
    const items = found.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items,
      nextCursor:
        found.length > limit && last !== undefined ? encodeAccessCursor(fingerprint, last.accessId) : null,
      period: { ...optional('from', low), to: to ?? now.toISOString() },
    };
  }

  private async collect(
    query: AccessLogQuery,
    range: AccessIdRange,
    before: string | undefined,
    wanted: number,
  ): Promise<AccessRecord[]> {
    const { reader } = this.deps;
    const only = optional('query', query.query);
    if (query.customerId !== undefined) {
      return [
        ...(await reader.entries(
          { kind: 'customer', customerId: query.customerId, ...optional('who', query.actor), ...only },
          range,
          before,
          wanted,
        )),
      ];
    }
    if (query.actor !== undefined) {
      return [...(await reader.entries({ kind: 'actor', who: query.actor, ...only }, range, before, wanted))];
    }
    // The day partitions, newest first, a few at once.
    const days = daysBetween(range.low, before ?? range.high);
    const found: AccessRecord[] = [];
    for (let i = 0; i < days.length && found.length < wanted; i += DAYS_AT_ONCE) {
      const chunk = days.slice(i, i + DAYS_AT_ONCE);
      const remaining = wanted - found.length;
      const pages = await Promise.all(
        chunk.map((day) =>
          reader.entries(
            { kind: 'day', day, ...only },
            range,
            before?.startsWith(day) ? before : undefined,
            remaining,
          ),
        ),
      );
      for (const page of pages) found.push(...page);
    }
    return found.slice(0, wanted);
  }
}

/** The UTC days from the one of `high` down to the one of `low`, both ISO instants. */
function daysBetween(low: string, high: string): string[] {
  const last = Date.parse(`${high.slice(0, 10)}T00:00:00.000Z`);
  const first = Date.parse(`${low.slice(0, 10)}T00:00:00.000Z`);
  const days: string[] = [];
  for (let t = last; t >= first; t -= DAY_MS) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

function encodeAccessCursor(fingerprint: string, accessId: string): string {
  const body: z.input<typeof CursorBody> = { v: CURSOR_VERSION, q: fingerprint, a: accessId };
  return sealCursor(body);
}

function decodeAccessCursor(cursor: string, fingerprint: string): string {
  return openCursor(cursor, CursorBody, fingerprint).a;
}

import * as z from 'zod';
import { mapLimit } from '#shared/concurrency.js';
import { InvalidCursorError, openCursor, sealCursor } from './cursor.js';

/**
 * Newest-first pages over several index partitions at once, and the opaque cursor that resumes them.
 *
 * A suppressed-offers query reads up to 112 "streams" (index partitions: 8 shards of one trigger or reason,
 * 4 × 8 of a reason of the shared index, or, without filters, 8 shards of each of the seven own reason
 * indexes and of each of the seven sets of the shared index: streams.query.ts), each already sorted newest
 * first by DynamoDB
 * (ScanIndexForward false). A page is a k-way merge of their heads by the time of the query's basis
 * (`decidedAt` or `paidAt`). The cursor holds, per
 * stream, where the next page resumes (the key of the last record taken or evaluated), so every record is
 * returned exactly once however the pages are cut, even when many records share one instant.
 */

/**
 * Where a stream stands: the index sort key (`decidedAt` or `paidAt`, by the query's time basis) and the
 * table key of the last record read.
 */
export interface Position {
  readonly at: string;
  readonly decisionId: string;
}

/** 'start': nothing read yet; 'end': exhausted; otherwise resume after this position. */
export type StreamState = 'start' | 'end' | Position;

export interface StreamPage<T> {
  /** Newest first, as the index returns them (after any filter). */
  readonly items: readonly T[];
  /** The last position evaluated (DynamoDB's LastEvaluatedKey); undefined when the stream is exhausted. */
  readonly last?: Position;
}

export type FetchPage<T> = (
  stream: number,
  after: Position | undefined,
  limit: number,
) => Promise<StreamPage<T>>;

/** Newest first; equal instants by decision id (descending), so the order is total. */
export function newerFirst(a: Position, b: Position): number {
  if (a.at !== b.at) return a.at > b.at ? -1 : 1;
  if (a.decisionId === b.decisionId) return 0;
  return a.decisionId > b.decisionId ? -1 : 1;
}

interface Stream<T> {
  buffer: T[];
  /** Where DynamoDB stopped evaluating (undefined: the stream has nothing after the buffer). */
  last: Position | undefined;
  /** Resume point if the buffer is dropped now: the last record taken, or the state the page began with. */
  state: StreamState;
}

export interface MergeOptions<T> {
  readonly fetch: FetchPage<T>;
  readonly keyOf: (item: T) => Position;
  readonly limit: number;
  /** Queries in flight at once. */
  readonly concurrency: number;
}

/**
 * One page of at most `limit` items, newest first, merged over the streams from `states`, and the states to
 * resume from. Each stream is first asked for a share of the page (twice its even share, at least 5); a
 * stream that runs dry while it still has more is asked again for what the page still needs, before its
 * next item is compared: the merge never takes an item while a stream could still hold a newer one.
 */
export async function mergePage<T>(
  states: readonly StreamState[],
  options: MergeOptions<T>,
): Promise<{ items: T[]; states: StreamState[] }> {
  const { fetch, keyOf, limit, concurrency } = options;
  const share = Math.min(limit, Math.max(5, Math.ceil((2 * limit) / Math.max(1, states.length))));
  const streams: Stream<T>[] = states.map((state) => ({
    buffer: [],
    last: state === 'end' ? undefined : state === 'start' ? undefined : state,
    state,
  }));
  const fill = async (indexes: readonly number[], size: number) => {
    await mapLimit(indexes, concurrency, async (i) => {
      const stream = streams[i] as Stream<T>;
      const page = await fetch(i, stream.last, size);
      stream.buffer.push(...page.items);
      stream.last = page.last;
    });
  };
  // First round: every stream that is not exhausted, from where it stands.
  const live = states.flatMap((state, i) => (state === 'end' ? [] : [i]));
  await fill(live, share);

  const items: T[] = [];
  while (items.length < limit) {
    // A stream with an empty buffer and more to read must be read before anything is compared.
    const dry = streams.flatMap((s, i) => (s.buffer.length === 0 && s.last !== undefined ? [i] : []));
    if (dry.length > 0) {
      await fill(dry, Math.max(share, limit - items.length));
      continue;
    }
    let best = -1;
    for (let i = 0; i < streams.length; i++) {
      const head = streams[i]?.buffer[0];
      if (head === undefined) continue;
      const bestHead = best < 0 ? undefined : streams[best]?.buffer[0];
      if (bestHead === undefined || newerFirst(keyOf(head), keyOf(bestHead)) < 0) best = i;
    }
    if (best < 0) break;
    const stream = streams[best] as Stream<T>;
    const item = stream.buffer.shift() as T;
    items.push(item);
    stream.state = keyOf(item);
  }

  const next = streams.map((stream): StreamState => {
    // Items still buffered: resume after the last one taken (they are read again on the next page).
    if (stream.buffer.length > 0) return stream.state;
    // Buffer used up: resume where DynamoDB stopped evaluating (past filtered-out records), or done.
    return stream.last ?? 'end';
  });
  return { items, states: next };
}

/** Whether a further page can hold anything. */
export const hasMore = (states: readonly StreamState[]) => states.some((state) => state !== 'end');

/** Version 2: positions written compactly (version 1 cursors, [at, decisionId] tuples, are still read). */
const CURSOR_VERSION = 2;
/** At most this many streams per cursor (a query reads at most 112). */
export const MAX_CURSOR_STREAMS = 128;

const DECISION_ID = /^d_([0-9a-f]{32})$/;
const CANONICAL_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * A position as one short text, `~<at>|<32 hex digits of the decision id>` with `at` in base 36 milliseconds
 * when it is a canonical UTC instant (what the audit stores and paymentTimeOf writes), otherwise
 * `=<at verbatim>|<hex>`. About 43 characters instead of 65, so that a cursor over all 112 streams stays
 * under MAX_CURSOR_LENGTH (shared/privacy/query-params.ts).
 */
function compactPosition(position: Position): string {
  const id = DECISION_ID.exec(position.decisionId)?.[1] ?? position.decisionId;
  const ms = Date.parse(position.at);
  const canonical =
    CANONICAL_AT.test(position.at) && !Number.isNaN(ms) && new Date(ms).toISOString() === position.at;
  return canonical ? `~${ms.toString(36)}|${id}` : `=${position.at}|${id}`;
}

function positionOfCompact(text: string): Position | undefined {
  const bar = text.lastIndexOf('|');
  const [tag, at, id] = [text.charAt(0), text.slice(1, bar), text.slice(bar + 1)];
  if (bar < 2 || !/^[0-9a-f]{32}$/.test(id)) return undefined;
  if (tag === '=') return at.length <= 40 ? { at, decisionId: `d_${id}` } : undefined;
  if (tag !== '~' || !/^-?[0-9a-z]{1,12}$/.test(at)) return undefined;
  const instant = new Date(Number.parseInt(at, 36));
  return Number.isNaN(instant.getTime()) ? undefined : { at: instant.toISOString(), decisionId: `d_${id}` };
}

const PositionTuple = z.tuple([z.string().min(1).max(40), z.string().regex(DECISION_ID)]);
const CompactPosition = z.string().min(35).max(74);
const CursorBody = z.strictObject({
  v: z.union([z.literal(1), z.literal(CURSOR_VERSION)]),
  /** Fingerprint of the query the cursor belongs to. */
  q: z.string().regex(/^[0-9a-f]{16}$/),
  /** Per stream: 0 not started, 1 exhausted, or where it stopped (compact; version 1: [time, decisionId]). */
  s: z.array(z.union([z.literal(0), z.literal(1), PositionTuple, CompactPosition])).max(MAX_CURSOR_STREAMS),
});

/** The cursor of a merged page: where each stream stopped (sealed, so opaque to callers). */
export function encodeCursor(fingerprint: string, states: readonly StreamState[]): string {
  const body: z.input<typeof CursorBody> = {
    v: CURSOR_VERSION,
    q: fingerprint,
    s: states.map((state) => (state === 'start' ? 0 : state === 'end' ? 1 : compactPosition(state))),
  };
  return sealCursor(body);
}

/** Where each of `streamCount` streams stopped, from a cursor of this query (else InvalidCursorError). */
export function decodeCursor(cursor: string, fingerprint: string, streamCount: number): StreamState[] {
  const body = openCursor(cursor, CursorBody, fingerprint, (b) => b.s.length === streamCount);
  return body.s.map((entry): StreamState => {
    if (entry === 0) return 'start';
    if (entry === 1) return 'end';
    if (typeof entry !== 'string') return { at: entry[0], decisionId: entry[1] };
    const position = positionOfCompact(entry);
    if (position === undefined) throw new InvalidCursorError('The cursor is not one this API issued.');
    return position;
  });
}

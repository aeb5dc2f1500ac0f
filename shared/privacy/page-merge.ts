import * as z from 'zod';
import { mapLimit } from '#shared/concurrency.js';
import { openCursor, sealCursor } from './cursor.js';

/**
 * Newest-first pages over several index partitions at once, and the opaque cursor that resumes them.
 *
 * A suppressed-offers query reads up to 48 "streams" (index partitions: 8 shards of one trigger or reason,
 * or 8 shards of each of the six reasons), each already sorted newest first by DynamoDB
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

const CURSOR_VERSION = 1;

const PositionTuple = z.tuple([z.string().min(1).max(40), z.string().regex(/^d_[0-9a-f]{32}$/)]);
const CursorBody = z.strictObject({
  v: z.literal(CURSOR_VERSION),
  /** Fingerprint of the query the cursor belongs to. */
  q: z.string().regex(/^[0-9a-f]{16}$/),
  /** Per stream: 0 not started, 1 exhausted, or [sort-key time, decisionId]. */
  s: z.array(z.union([z.literal(0), z.literal(1), PositionTuple])).max(64),
});

/** The cursor of a merged page: where each stream stopped (sealed, so opaque to callers). */
export function encodeCursor(fingerprint: string, states: readonly StreamState[]): string {
  const body: z.input<typeof CursorBody> = {
    v: CURSOR_VERSION,
    q: fingerprint,
    s: states.map((state) => (state === 'start' ? 0 : state === 'end' ? 1 : [state.at, state.decisionId])),
  };
  return sealCursor(body);
}

/** Where each of `streamCount` streams stopped, from a cursor of this query (else InvalidCursorError). */
export function decodeCursor(cursor: string, fingerprint: string, streamCount: number): StreamState[] {
  const body = openCursor(cursor, CursorBody, fingerprint, (b) => b.s.length === streamCount);
  return body.s.map(
    (entry): StreamState =>
      entry === 0 ? 'start' : entry === 1 ? 'end' : { at: entry[0], decisionId: entry[1] },
  );
}

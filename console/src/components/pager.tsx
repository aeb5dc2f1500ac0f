/**
 * Paging by opaque cursors: the API answers a page and the next cursor; the pager keeps the cursors of the
 * pages seen so far, so "Previous" goes back without a backward cursor. Long lists are never loaded whole.
 */
import { useState } from 'preact/hooks';

export interface PagerState {
  /** The cursor of the page shown (undefined: the first page). */
  readonly cursor: string | undefined;
  readonly page: number;
  next(cursor: string): void;
  previous(): void;
  reset(): void;
}

export function usePager(): PagerState {
  const [stack, setStack] = useState<readonly (string | undefined)[]>([undefined]);
  return {
    cursor: stack[stack.length - 1],
    page: stack.length,
    next: (cursor) => setStack((s) => [...s, cursor]),
    previous: () => setStack((s) => (s.length > 1 ? s.slice(0, -1) : s)),
    reset: () => setStack([undefined]),
  };
}

export function Pager(props: { state: PagerState; nextCursor: string | undefined; label: string }) {
  const { state, nextCursor } = props;
  return (
    <nav class="pager" aria-label={`${props.label} pages`}>
      <button type="button" disabled={state.page <= 1} onClick={() => state.previous()}>
        Previous
      </button>
      <span aria-live="polite">Page {state.page}</span>
      <button
        type="button"
        disabled={nextCursor === undefined}
        onClick={() => nextCursor !== undefined && state.next(nextCursor)}
      >
        Next
      </button>
    </nav>
  );
}

/**
 * A table of one page of a list loaded from the API: caption, column headers, the rows (or a line saying
 * there are none), "Loading…" while it loads, the refusal if it failed, and the pager under it.
 */
import type { ComponentChildren } from 'preact';
import type { PagerState } from './pager.js';
import { Pager } from './pager.js';
import { ProblemView } from './problem.js';
import { SCROLL_REGION } from './scroll-region.js';
import type { Loaded } from './use-load.js';

export interface Column {
  readonly label: string;
  readonly num?: boolean;
}

export function PagedTable<T>(props: {
  caption: string;
  columns: readonly Column[];
  loaded: Loaded<T>;
  /** The rows of the loaded page (each a <tr>), none when the page is empty. */
  rows: (value: T) => ComponentChildren[];
  empty: string;
  pager: PagerState;
  nextCursor: (value: T) => string | undefined;
}) {
  const { loaded } = props;
  const rows = loaded.state === 'done' ? props.rows(loaded.value) : [];
  return (
    <>
      {loaded.state === 'failed' ? <ProblemView problem={loaded.problem} /> : null}
      <div {...SCROLL_REGION} aria-busy={loaded.state === 'loading'}>
        <table>
          <caption>{props.caption}</caption>
          <thead>
            <tr>
              {props.columns.map((column) => (
                <th key={column.label} scope="col" class={column.num === true ? 'num' : undefined}>
                  {column.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {loaded.state === 'done' && rows.length === 0 ? (
              <tr>
                <td colSpan={props.columns.length}>{props.empty}</td>
              </tr>
            ) : (
              rows
            )}
          </tbody>
        </table>
      </div>
      {loaded.state === 'loading' ? <p role="status">Loading…</p> : null}
      <Pager
        state={props.pager}
        nextCursor={loaded.state === 'done' ? props.nextCursor(loaded.value) : undefined}
        label={props.caption}
      />
    </>
  );
}

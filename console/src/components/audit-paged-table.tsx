/**
 * A page of records from a cursor-paged audit query as a table: caption, column headers, one row per
 * record, then "Loading…" or what it means that nothing matched, and the pager.
 */
import type { ComponentChildren } from 'preact';
import { Pager, type PagerState } from './pager.js';
import { SCROLL_REGION } from './scroll-region.js';
import type { Loaded } from './use-load.js';

export function PagedTable<T>(props: {
  caption: string;
  columns: readonly string[];
  items: readonly T[];
  row: (item: T, index: number) => ComponentChildren;
  loaded: Loaded<{ readonly nextCursor: string | null }>;
  empty: string;
  pager: PagerState;
}) {
  const { loaded } = props;
  return (
    <>
      <div {...SCROLL_REGION}>
        <table aria-busy={loaded.state === 'loading'}>
          <caption>{props.caption}</caption>
          <thead>
            <tr>
              {props.columns.map((column) => (
                <th scope="col" key={column}>
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>{props.items.map(props.row)}</tbody>
        </table>
      </div>
      {loaded.state === 'loading' ? <p aria-live="polite">Loading…</p> : null}
      {loaded.state === 'done' && props.items.length === 0 ? <p>{props.empty}</p> : null}
      <Pager
        state={props.pager}
        nextCursor={loaded.state === 'done' ? (loaded.value.nextCursor ?? undefined) : undefined}
        label={props.caption}
      />
    </>
  );
}

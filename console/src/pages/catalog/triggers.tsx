/**
 * Triggers (`#/triggers`): every trigger with its lifecycle state, live version, priority and last change,
 * filtered by state and paged (GET /catalog/summaries, ../../api/pending-catalog.ts). Product teams start
 * a new trigger here.
 */
import { useState } from 'preact/hooks';
import { Link } from 'wouter-preact';
import { type CatalogSummary, listSummaries, type VersionState } from '../../api/catalog.js';
import { PagedTable } from '../../components/catalog-paged-table.js';
import { Field } from '../../components/field.js';
import { Page } from '../../components/page.js';
import { usePager } from '../../components/pager.js';
import { useLoad } from '../../components/use-load.js';
import type { PageProps } from '../../routes.js';
import { STATE_LABELS, STATES, when } from './states.js';
import './catalog.css';

export const TRIGGERS_PAGE = 20;

/** The states an item's versions are in, e.g. "live v2, draft v3" reduced to "live, draft". */
function stateText(summary: CatalogSummary): string {
  const present = STATES.filter((state) => (summary.states[state] ?? 0) > 0);
  return present.length === 0 ? '–' : present.map((state) => STATE_LABELS[state]).join(', ');
}

export function TriggersPage(props: PageProps) {
  const [state, setState] = useState<VersionState | ''>('');
  const pager = usePager();
  const list = useLoad(
    () =>
      listSummaries({ state: state === '' ? undefined : state, limit: TRIGGERS_PAGE, cursor: pager.cursor }),
    [state, pager.cursor],
  );
  return (
    <Page
      title="Triggers"
      actions={
        props.identity.role === 'product-team' ? (
          <Link href="/triggers/new" class="button">
            New trigger
          </Link>
        ) : undefined
      }
    >
      <div class="filters">
        <Field id="trigger-state" label="State">
          {(a11y) => (
            <select
              {...a11y}
              value={state}
              onChange={(event) => {
                setState(event.currentTarget.value as VersionState | '');
                pager.reset();
              }}
            >
              <option value="">All</option>
              {STATES.map((s) => (
                <option key={s} value={s}>
                  {STATE_LABELS[s]}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <PagedTable
        caption="Triggers"
        columns={[
          { label: 'Trigger' },
          { label: 'State' },
          { label: 'Live version', num: true },
          { label: 'Priority', num: true },
          { label: 'Last change' },
        ]}
        loaded={list}
        empty={state === '' ? 'No triggers yet.' : `No trigger has a ${STATE_LABELS[state]} version.`}
        pager={pager}
        nextCursor={(page) => page.nextCursor}
        rows={(page) =>
          page.items.map((item) => (
            <tr key={item.id}>
              <th scope="row">
                <Link href={`/triggers/${encodeURIComponent(item.id)}/history`}>{item.id}</Link>
                {item.description === undefined ? null : <div class="hint">{item.description}</div>}
              </th>
              <td>{stateText(item)}</td>
              <td class="num">{item.liveVersion === undefined ? '–' : `v${item.liveVersion}`}</td>
              <td class="num">{item.priority ?? '–'}</td>
              <td>{when(item.lastChange)}</td>
            </tr>
          ))
        }
      />
    </Page>
  );
}

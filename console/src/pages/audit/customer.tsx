/**
 * Customers (privacy officers): open a customer by id; Customer: the full history for an access request
 * (GET /privacy/customers/{id}/history), shown a page at a time, exported as JSON Lines, and the erasure
 * (components/audit-erasure.tsx). Only the customer id travels in the URL.
 */
import { useState } from 'preact/hooks';
import { Link, useLocation } from 'wouter-preact';
import { exportHistory } from '../../api/audit.js';
import { api, asProblem, type Problem } from '../../api/client.js';
import { ErasureSection } from '../../components/audit-erasure.js';
import { When } from '../../components/audit-facts.js';
import { TimeBasisField } from '../../components/audit-period.js';
import { Field } from '../../components/field.js';
import { Page } from '../../components/page.js';
import { Pager, usePager } from '../../components/pager.js';
import { ProblemView } from '../../components/problem.js';
import { SCROLL_REGION } from '../../components/scroll-region.js';
import { useLoad } from '../../components/use-load.js';
import type { PageProps } from '../../routes.js';
import { asRecords, type HistoryEntry, TIME_BASIS_LABELS, type TimeBasis } from './audit-types.js';
import { entryDetails, explainableId, HISTORY_PAGE_SIZE, KIND_LABELS, pageOf } from './history-model.js';
import { customerIdFromParam, customerPath, decisionPathFor } from './paths.js';

const MAX_CUSTOMER_ID = 64;

export function CustomerSearchPage() {
  const [, navigate] = useLocation();
  const [id, setId] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  return (
    <Page title="Customers">
      <p>Open a customer's full history (an access request) and, with the permission, their erasure.</p>
      <form
        class="filters"
        aria-label="Find a customer"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (id === '' || id.length > MAX_CUSTOMER_ID) {
            setError(`Expected a customer id of 1 to ${MAX_CUSTOMER_ID} characters.`);
            return;
          }
          navigate(customerPath(id));
        }}
      >
        <Field id="customer-id" label="Customer id" error={error}>
          {(a11y) => (
            <input
              {...a11y}
              autocomplete="off"
              spellcheck={false}
              value={id}
              onInput={(event) => {
                setId(event.currentTarget.value);
                setError(undefined);
              }}
            />
          )}
        </Field>
        <button type="submit">Open</button>
      </form>
    </Page>
  );
}

function HistoryTable(props: { entries: readonly HistoryEntry[]; basis: TimeBasis; customerId: string }) {
  // The pager keeps offsets as its cursors: "Next" goes to the next slice, "Previous" back.
  const pager = usePager();
  const offset = pager.cursor === undefined ? 0 : Number(pager.cursor);
  const shown = pageOf(props.entries, offset);
  return (
    <>
      <div {...SCROLL_REGION}>
        <table>
          <caption>History</caption>
          <thead>
            <tr>
              <th scope="col">When ({TIME_BASIS_LABELS[props.basis].toLowerCase()})</th>
              <th scope="col">What</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {shown.items.map((entry, index) => {
              const explainable = explainableId(entry);
              return (
                <tr key={`${entry.at}:${entry.kind}:${offset + index}`}>
                  <td>
                    <When at={entry.at} />
                    {entry.recordedAt === undefined || entry.recordedAt === entry.at ? null : (
                      <span class="hint">
                        <br />
                        recorded <When at={entry.recordedAt} />
                      </span>
                    )}
                  </td>
                  <td>{KIND_LABELS[entry.kind] ?? entry.kind}</td>
                  <td>
                    {entryDetails(entry)}
                    {explainable === undefined ? null : (
                      <>
                        {' '}
                        <Link
                          href={decisionPathFor(explainable, props.customerId)}
                          aria-label={`Explain ${explainable}`}
                        >
                          Explain
                        </Link>
                      </>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {props.entries.length > HISTORY_PAGE_SIZE ? (
        <Pager
          state={pager}
          nextCursor={shown.next === undefined ? undefined : String(shown.next)}
          label="History"
        />
      ) : null}
    </>
  );
}

export function CustomerPage(props: PageProps) {
  const customerId = customerIdFromParam(props.params.customerId ?? '');
  const [basis, setBasis] = useState<TimeBasis>('payment');
  const loaded = useLoad(
    () =>
      api.GET('/privacy/customers/{customerId}/history', {
        params: { path: { customerId }, query: { by: basis } },
      }),
    [customerId, basis],
  );
  const [exportProblem, setExportProblem] = useState<Problem | undefined>(undefined);
  // The route also answers JSON Lines (format=jsonl, the export); this page asks for JSON.
  const history = loaded.state === 'done' && typeof loaded.value !== 'string' ? loaded.value : undefined;
  const entries = history === undefined ? [] : asRecords<HistoryEntry>(history.entries);
  return (
    <Page
      title="Customer"
      actions={
        <button
          type="button"
          class="secondary"
          onClick={() => {
            setExportProblem(undefined);
            exportHistory(customerId, 'customer-history.jsonl').catch((error: unknown) =>
              setExportProblem(asProblem(error)),
            );
          }}
        >
          Export history
        </button>
      }
    >
      <p>
        Customer id: <code>{customerId}</code>
      </p>
      <ProblemView problem={exportProblem} />
      <form class="filters" aria-label="History order" onSubmit={(event) => event.preventDefault()}>
        <TimeBasisField id="history-by" value={basis} onChange={setBasis} />
      </form>
      {loaded.state === 'loading' ? <p aria-live="polite">Loading…</p> : null}
      {loaded.state === 'failed' && loaded.problem.status === 404 ? (
        <p>Nothing is recorded about this customer id.</p>
      ) : null}
      {loaded.state === 'failed' && loaded.problem.status !== 404 ? (
        <ProblemView problem={loaded.problem} />
      ) : null}
      {loaded.state === 'done' ? (
        <>
          <p>
            {entries.length.toLocaleString('en')} entries
            {basis === 'payment' && (history?.withoutPaymentTime ?? 0) > 0
              ? `; ${history?.withoutPaymentTime} without a payment time are placed by when they were recorded`
              : ''}
            .
          </p>
          <HistoryTable
            key={`${customerId}:${basis}`}
            entries={entries}
            basis={basis}
            customerId={customerId}
          />
        </>
      ) : null}
      <ErasureSection customerId={customerId} identity={props.identity} onErased={loaded.reload} />
    </Page>
  );
}

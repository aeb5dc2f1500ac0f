/**
 * Access log (privacy officers): who read the audit, when, with which query and about which customer;
 * filterable by who, customer, query and period, newest first, paged by cursor. Reading it is itself
 * logged by the API (the entry shows on the next read).
 */
import { useState } from 'preact/hooks';
import { Link } from 'wouter-preact';
import { fetchAccessLog } from '../../api/pending-audit.js';
import { When } from '../../components/audit-facts.js';
import { PeriodFields } from '../../components/audit-period.js';
import { Field } from '../../components/field.js';
import { Page } from '../../components/page.js';
import { Pager, usePager } from '../../components/pager.js';
import { ProblemView } from '../../components/problem.js';
import { useLoad } from '../../components/use-load.js';
import { ACCESS_QUERIES, type AccessEntry, asRecords } from './audit-types.js';
import { type AccessLogForm, accessLogErrors, accessLogQuery } from './filters.js';
import { customerPath } from './paths.js';
import { hasErrors } from './period.js';

const INITIAL: AccessLogForm = { who: '', customerId: '', query: '', from: '', to: '' };

/** The parameters of a read as one line (they are scalars: filters, never results). */
const parametersText = (parameters: AccessEntry['parameters']): string =>
  Object.entries(parameters ?? {})
    .map(([name, value]) => `${name}=${String(value)}`)
    .join(', ') || '–';

function Filters(props: { applied: AccessLogForm; onApply: (form: AccessLogForm) => void }) {
  const [form, setForm] = useState(props.applied);
  const [shownErrors, setShownErrors] = useState(false);
  const errors = accessLogErrors(form);
  const shown = shownErrors ? errors : {};
  return (
    <form
      class="filters audit-filters"
      aria-label="Filters"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        setShownErrors(true);
        if (!hasErrors(errors)) props.onApply(form);
      }}
    >
      <Field id="access-who" label="Who" hint="Exactly as logged, e.g. local:olivia" error={shown.who}>
        {(a11y) => (
          <input
            {...a11y}
            autocomplete="off"
            value={form.who}
            onInput={(event) => setForm({ ...form, who: event.currentTarget.value })}
          />
        )}
      </Field>
      <Field id="access-customer" label="Customer id" error={shown.customerId}>
        {(a11y) => (
          <input
            {...a11y}
            autocomplete="off"
            spellcheck={false}
            value={form.customerId}
            onInput={(event) => setForm({ ...form, customerId: event.currentTarget.value })}
          />
        )}
      </Field>
      <Field id="access-query" label="Query">
        {(a11y) => (
          <select
            {...a11y}
            value={form.query}
            onChange={(event) => setForm({ ...form, query: event.currentTarget.value })}
          >
            <option value="">All queries</option>
            {ACCESS_QUERIES.map((query) => (
              <option key={query} value={query}>
                {query}
              </option>
            ))}
          </select>
        )}
      </Field>
      <PeriodFields
        idPrefix="access"
        basis={false}
        form={{ ...form, by: 'decided' }}
        errors={shown}
        onChange={(period) => setForm({ ...form, from: period.from, to: period.to })}
      />
      <button type="submit">Apply</button>
    </form>
  );
}

export function AccessLogPage() {
  const [applied, setApplied] = useState<AccessLogForm>(INITIAL);
  const pager = usePager();
  const loaded = useLoad(
    () =>
      fetchAccessLog({
        ...accessLogQuery(applied),
        ...(pager.cursor === undefined ? {} : { cursor: pager.cursor }),
      }),
    [applied, pager.cursor],
  );
  const items = loaded.state === 'done' ? asRecords<AccessEntry>(loaded.value.items) : [];
  const period = loaded.state === 'done' ? loaded.value.period : undefined;
  return (
    <Page title="Access log">
      <Filters
        applied={applied}
        onApply={(form) => {
          setApplied(form);
          pager.reset();
        }}
      />
      {period === undefined ? null : (
        <p>
          Reads from {period.from === undefined ? 'the start' : <When at={period.from} />} to{' '}
          <When at={period.to} />, newest first. This page view is recorded too (it shows on the next read).
        </p>
      )}
      {loaded.state === 'failed' ? <ProblemView problem={loaded.problem} /> : null}
      <div class="table-scroll">
        <table aria-busy={loaded.state === 'loading'}>
          <caption>Reads</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">Query</th>
              <th scope="col">Customer</th>
              <th scope="col">Parameters</th>
            </tr>
          </thead>
          <tbody>
            {items.map((entry, index) => (
              <tr key={entry.accessId ?? index}>
                <td>
                  <When at={entry.at} />
                </td>
                <td>{entry.who}</td>
                <td>{entry.query}</td>
                <td>
                  {entry.customerId === undefined ? (
                    '–'
                  ) : (
                    <Link href={customerPath(entry.customerId)}>{entry.customerId}</Link>
                  )}
                </td>
                <td>{parametersText(entry.parameters)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {loaded.state === 'loading' ? <p aria-live="polite">Loading…</p> : null}
      {loaded.state === 'done' && items.length === 0 ? <p>No reads match these filters.</p> : null}
      <Pager
        state={pager}
        nextCursor={loaded.state === 'done' ? (loaded.value.nextCursor ?? undefined) : undefined}
        label="Reads"
      />
    </Page>
  );
}

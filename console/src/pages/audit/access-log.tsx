/**
 * Access log (privacy officers): who read the audit, when, with which query and about which customer;
 * filterable by who, customer, query and period, newest first, paged by cursor. Reading it is itself
 * logged by the API (the entry shows on the next read).
 */
import { fetchAccessLog } from '../../api/audit.js';
import { CustomerLink, When } from '../../components/audit-facts.js';
import { FilterForm, useAppliedFilters, useFilterForm } from '../../components/audit-filter-form.js';
import { PagedTable } from '../../components/audit-paged-table.js';
import { PeriodFields } from '../../components/audit-period.js';
import { Field } from '../../components/field.js';
import { Page } from '../../components/page.js';
import { ProblemView } from '../../components/problem.js';
import { useLoad } from '../../components/use-load.js';
import { ACCESS_QUERIES, type AccessEntry, asRecords } from './audit-types.js';
import { type AccessLogForm, accessLogErrors, accessLogQuery } from './filters.js';

const INITIAL: AccessLogForm = { who: '', customerId: '', query: '', from: '', to: '' };

/** The parameters of a read as one line (they are scalars: filters, never results). */
const parametersText = (parameters: AccessEntry['parameters']): string =>
  Object.entries(parameters ?? {})
    .map(([name, value]) => `${name}=${String(value)}`)
    .join(', ') || '–';

function Filters(props: { applied: AccessLogForm; onApply: (form: AccessLogForm) => void }) {
  const { form, setForm, shown, submit } = useFilterForm(props.applied, accessLogErrors, props.onApply);
  return (
    <FilterForm onSubmit={submit}>
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
    </FilterForm>
  );
}

export function AccessLogPage() {
  const { applied, apply, pager } = useAppliedFilters(INITIAL);
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
      <Filters applied={applied} onApply={apply} />
      {period === undefined ? null : (
        <p>
          Reads from {period.from === undefined ? 'the start' : <When at={period.from} />} to{' '}
          <When at={period.to} />, newest first. This page view is recorded too (it shows on the next read).
        </p>
      )}
      {loaded.state === 'failed' ? <ProblemView problem={loaded.problem} /> : null}
      <PagedTable
        caption="Reads"
        columns={['When', 'Who', 'Query', 'Customer', 'Parameters']}
        items={items}
        row={(entry, index) => (
          <tr key={entry.accessId ?? index}>
            <td>
              <When at={entry.at} />
            </td>
            <td>{entry.who}</td>
            <td>{entry.query}</td>
            <td>
              <CustomerLink customerId={entry.customerId} />
            </td>
            <td>{parametersText(entry.parameters)}</td>
          </tr>
        )}
        loaded={loaded}
        empty="No reads match these filters."
        pager={pager}
      />
    </Page>
  );
}

/**
 * Suppressed offers (privacy officers): filter by trigger, reason and a period on payment or decision
 * time; newest first, paged by cursor; the first page shows the counts for the period (small counts as
 * "< 10"); the page shown downloads as CSV or JSON Lines with the same filters. The filters live in this
 * page's memory only (never in the URL or browser storage).
 */
import { useState } from 'preact/hooks';
import { Link } from 'wouter-preact';
import { api, asProblem, download, type Problem } from '../../api/client.js';
import { CustomerLink, Facts, When } from '../../components/audit-facts.js';
import { FilterForm, useAppliedFilters, useFilterForm } from '../../components/audit-filter-form.js';
import { PagedTable } from '../../components/audit-paged-table.js';
import { PeriodFields } from '../../components/audit-period.js';
import { formatCount } from '../../components/count.js';
import { Field } from '../../components/field.js';
import { Page } from '../../components/page.js';
import { ProblemView } from '../../components/problem.js';
import { useLoad } from '../../components/use-load.js';
import {
  asRecords,
  SUPPRESSION_REASONS,
  type SuppressedItem,
  type SuppressionReason,
} from './audit-types.js';
import { type SuppressedForm, suppressedErrors, suppressedQuery } from './filters.js';
import { decisionPathFor } from './paths.js';

const PAGE_SIZES = [25, 50, 100, 500] as const;
const INITIAL: SuppressedForm = { trigger: '', reason: '', from: '', to: '', by: 'payment', limit: 50 };

/** The catalog's trigger ids, as suggestions for the Trigger filter (none when the catalog cannot be read). */
function useTriggerIds(): readonly string[] {
  const loaded = useLoad(() => api.GET('/catalog/items', { params: { query: { kind: 'trigger' } } }), []);
  if (loaded.state !== 'done') return [];
  return [...new Set(loaded.value.versions.map((v) => v.id))].sort();
}

function Filters(props: { applied: SuppressedForm; onApply: (form: SuppressedForm) => void }) {
  const { form, setForm, shown, submit } = useFilterForm(props.applied, suppressedErrors, props.onApply);
  const triggers = useTriggerIds();
  return (
    <FilterForm onSubmit={submit}>
      <Field
        id="suppressed-trigger"
        label="Trigger"
        hint="All when empty; none: screened out as sensitive"
        error={shown.trigger}
      >
        {(a11y) => (
          <>
            <input
              {...a11y}
              list="suppressed-trigger-ids"
              autocomplete="off"
              value={form.trigger}
              onInput={(event) => setForm({ ...form, trigger: event.currentTarget.value })}
            />
            <datalist id="suppressed-trigger-ids">
              {[...triggers, 'none'].map((id) => (
                <option key={id} value={id} />
              ))}
            </datalist>
          </>
        )}
      </Field>
      <Field id="suppressed-reason" label="Reason">
        {(a11y) => (
          <select
            {...a11y}
            value={form.reason}
            onChange={(event) =>
              setForm({ ...form, reason: event.currentTarget.value as SuppressionReason | '' })
            }
          >
            <option value="">All reasons</option>
            {SUPPRESSION_REASONS.map((reason) => (
              <option key={reason} value={reason}>
                {reason}
              </option>
            ))}
          </select>
        )}
      </Field>
      <PeriodFields
        idPrefix="suppressed"
        form={form}
        errors={shown}
        onChange={(period) => setForm({ ...form, ...period })}
      />
      <Field id="suppressed-limit" label="Rows per page">
        {(a11y) => (
          <select
            {...a11y}
            value={String(form.limit)}
            onChange={(event) => setForm({ ...form, limit: Number(event.currentTarget.value) })}
          >
            {PAGE_SIZES.map((size) => (
              <option key={size} value={String(size)}>
                {size}
              </option>
            ))}
          </select>
        )}
      </Field>
    </FilterForm>
  );
}

function Counts(props: {
  counts: NonNullable<Awaited<ReturnType<typeof loadPage>>['data']>['counts'];
  withoutPaymentTime: { count: number } | undefined;
}) {
  const { counts } = props;
  if (counts === undefined) return null;
  const byReason = Object.entries(counts.byReason ?? {}).filter(([, n]) => n > 0);
  const byTrigger = Object.entries(counts.byTrigger ?? {}).filter(([, n]) => n > 0);
  return (
    <section aria-labelledby="suppressed-counts">
      <h2 id="suppressed-counts">Counts for the period</h2>
      <Facts
        items={[
          ['Suppressed decisions', formatCount(counts.total)],
          ['By reason', byReason.map(([reason, n]) => `${reason}: ${formatCount(n)}`).join(', ') || 'none'],
          ['By trigger', byTrigger.map(([id, n]) => `${id}: ${formatCount(n)}`).join(', ') || 'none'],
          [
            'Trigger no longer in the catalog',
            counts.notInCatalog > 0 ? formatCount(counts.notInCatalog) : undefined,
          ],
          [
            'Without a payment time (not listed on payment time: choose decision time)',
            props.withoutPaymentTime === undefined || props.withoutPaymentTime.count === 0
              ? undefined
              : formatCount(props.withoutPaymentTime.count),
          ],
        ]}
      />
    </section>
  );
}

const loadPage = (form: SuppressedForm, cursor: string | undefined) =>
  api
    .GET('/privacy/suppressed', {
      params: { query: { ...suppressedQuery(form), ...(cursor === undefined ? {} : { cursor }) } },
    })
    .then(({ data, error, response }) => ({
      // The route answers JSON unless a format is asked for: a text answer here is a fault.
      data: typeof data === 'object' && data !== null ? data : undefined,
      error: error ?? (typeof data === 'object' ? undefined : { title: 'The answer is not JSON' }),
      response,
    }));

export function SuppressedPage() {
  const { applied, apply, pager } = useAppliedFilters(INITIAL);
  const loaded = useLoad(() => loadPage(applied, pager.cursor), [applied, pager.cursor]);
  const [downloadProblem, setDownloadProblem] = useState<Problem | undefined>(undefined);
  const items = loaded.state === 'done' ? asRecords<SuppressedItem>(loaded.value.items) : [];
  const save = (format: 'csv' | 'jsonl') => {
    setDownloadProblem(undefined);
    const query = suppressedQuery(applied);
    const params: Record<string, string> = { format };
    for (const [name, value] of Object.entries(query)) params[name] = String(value);
    if (pager.cursor !== undefined) params.cursor = pager.cursor;
    download('/privacy/suppressed', params, `suppressed-page-${pager.page}.${format}`).catch(
      (error: unknown) => setDownloadProblem(asProblem(error)),
    );
  };
  return (
    <Page
      title="Suppressed offers"
      actions={
        <>
          <button type="button" class="secondary" onClick={() => save('csv')}>
            Download CSV
          </button>
          <button type="button" class="secondary" onClick={() => save('jsonl')}>
            Download JSONL
          </button>
        </>
      }
    >
      <ProblemView problem={downloadProblem} />
      <Filters applied={applied} onApply={apply} />
      <p class="hint">
        Downloads hold the page shown, with the same filters (up to 500 rows: Rows per page).
      </p>
      {loaded.state === 'failed' ? <ProblemView problem={loaded.problem} /> : null}
      {loaded.state === 'done' ? (
        <Counts counts={loaded.value.counts} withoutPaymentTime={loaded.value.withoutPaymentTime} />
      ) : null}
      <PagedTable
        caption="Suppressed decisions"
        columns={[
          'Decision',
          applied.by === 'payment' ? 'Payment time' : 'Decided at',
          'Trigger',
          'Reasons',
          'Customer',
        ]}
        items={items}
        row={(item, index) => (
          <tr key={item.decisionId ?? index}>
            <td>
              {item.decisionId === undefined ? (
                '–'
              ) : (
                <Link href={decisionPathFor(item.decisionId, item.customerId)} class="audit-id">
                  <code>{item.decisionId}</code>
                </Link>
              )}
            </td>
            <td>
              <When at={applied.by === 'payment' ? (item.occurredAt ?? item.decidedAt) : item.decidedAt} />
            </td>
            <td>{item.triggerId === undefined ? '–' : `${item.triggerId} v${item.triggerVersion ?? '?'}`}</td>
            <td>{(item.reasons ?? []).join(', ') || '–'}</td>
            <td>
              <CustomerLink customerId={item.customerId} />
            </td>
          </tr>
        )}
        loaded={loaded}
        empty="No suppressed decisions match these filters."
        pager={pager}
      />
    </Page>
  );
}

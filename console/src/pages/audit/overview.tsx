/**
 * Overview (privacy officers): decisions per outcome, suppressions per reason and per trigger, per day of
 * a period on payment or decision time, as charts and a totals table. Counts from 1 to 9 are "< 10"
 * everywhere (./overview-model.ts). The answer is loaded again whenever a valid period is chosen.
 */
import { useMemo, useState } from 'preact/hooks';
import { fetchOverview } from '../../api/audit.js';
import { PeriodFields } from '../../components/audit-period.js';
import { TimeChart } from '../../components/chart.js';
import { formatCount } from '../../components/count.js';
import { Page } from '../../components/page.js';
import { ProblemView } from '../../components/problem.js';
import { SCROLL_REGION } from '../../components/scroll-region.js';
import { useLoad } from '../../components/use-load.js';
import { TIME_BASIS_LABELS } from './audit-types.js';
import { overviewCharts, totalsRows } from './overview-model.js';
import { hasErrors, lastDays, type PeriodForm, periodErrors, periodQuery } from './period.js';

/** The default period: the last 30 days, as the API's default; the API takes at most 92 days. */
const DEFAULT_DAYS = 30;
const MAX_DAYS = 92;

export function OverviewPage() {
  const [form, setForm] = useState<PeriodForm>(() => ({
    ...lastDays(new Date(), DEFAULT_DAYS),
    // Decisions over time: by when the pipeline decided (every record has that time; payments can be
    // decided long after they happened, e.g. a replay). Payment time is one choice away.
    by: 'decided',
  }));
  const errors = periodErrors(form, MAX_DAYS);
  // Only a valid period is asked for; while one is invalid the last answer stays with the error shown.
  const [asked, setAsked] = useState(form);
  const change = (next: PeriodForm) => {
    setForm(next);
    if (!hasErrors(periodErrors(next, MAX_DAYS))) setAsked(next);
  };
  const loaded = useLoad(() => fetchOverview(periodQuery(asked)), [asked.from, asked.to, asked.by]);
  const answer = loaded.state === 'done' ? loaded.value : undefined;
  // Memoised on the answer: the charts are drawn again only for a new answer.
  const charts = useMemo(() => (answer === undefined ? undefined : overviewCharts(answer)), [answer]);
  const totals = useMemo(() => (answer === undefined ? [] : totalsRows(answer)), [answer]);
  return (
    <Page title="Overview">
      <form class="filters" aria-label="Period" onSubmit={(event) => event.preventDefault()}>
        <PeriodFields idPrefix="overview" form={form} errors={errors} onChange={change} />
        <button type="button" class="secondary" onClick={() => loaded.reload()}>
          Refresh
        </button>
      </form>
      <p class="hint">
        Counts from 1 to 9 are shown as “&lt; 10”. On payment time, records without a payment time (payments
        screened out as sensitive, rejected events) are not counted: choose decision time to see them.
      </p>
      {loaded.state === 'loading' ? <p aria-live="polite">Loading…</p> : null}
      {loaded.state === 'failed' ? <ProblemView problem={loaded.problem} /> : null}
      {loaded.state === 'done' && charts !== undefined ? (
        <>
          <p aria-live="polite">
            {loaded.value.days.length} days from {loaded.value.days[0] ?? '–'} to{' '}
            {loaded.value.days[loaded.value.days.length - 1] ?? '–'}, on{' '}
            {(TIME_BASIS_LABELS[loaded.value.timeBasis] ?? loaded.value.timeBasis).toLowerCase()}.
          </p>
          <TimeChart title="Decisions per outcome" days={charts.days} series={charts.outcomes} />
          <TimeChart title="Suppressions per reason" days={charts.days} series={charts.reasons} />
          {charts.reasons.length === 0 ? <p>No suppressions in this period.</p> : null}
          <TimeChart title="Suppressions per trigger" days={charts.days} series={charts.triggers} />
          <div {...SCROLL_REGION}>
            <table>
              <caption>Totals</caption>
              <thead>
                <tr>
                  <th scope="col">Group</th>
                  <th scope="col">Name</th>
                  <th scope="col" class="num">
                    Count
                  </th>
                </tr>
              </thead>
              <tbody>
                {totals.map((row) => (
                  <tr key={`${row.group}:${row.name}`}>
                    <td>{row.group}</td>
                    <th scope="row">{row.name}</th>
                    <td class="num">{formatCount(row.count)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </Page>
  );
}

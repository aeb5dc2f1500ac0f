/**
 * The privacy officer's review: the queue of submitted versions (`#/review`, paged), and one version's
 * review (`#/review/<id>/versions/<n>`): its diff with the live version, the compatibility answers, the
 * lint, the simulation funnel on the demo sample; approve (never offered to its author or editors: four
 * eyes, which the service enforces anyway) or reject with reasons; then make it live.
 */
import { Fragment } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { Link } from 'wouter-preact';
import { type CatalogVersion, type LintFinding, lintContent, listVersions } from '../../api/catalog.js';
import { api, asProblem, type Problem } from '../../api/client.js';
import type { components } from '../../api/schema.js';
import { recordedName } from '../../auth/session.js';
import { ContentDiff } from '../../components/catalog-diff.js';
import { PagedTable } from '../../components/catalog-paged-table.js';
import { SimulationView } from '../../components/catalog-simulation.js';
import { Page } from '../../components/page.js';
import { usePager } from '../../components/pager.js';
import { ProblemView } from '../../components/problem.js';
import { useLoad } from '../../components/use-load.js';
import type { PageProps } from '../../routes.js';
import { COMPATIBILITY_LABELS, EXPLANATION_LABELS } from './editor-fields.js';
import { findingsOf } from './findings.js';
import { ReviewDecision } from './review-decision.js';
import { runSimulation, type SimulationRun } from './run-simulation.js';
import { STATE_LABELS, versionName, when } from './states.js';
import './catalog.css';

export const QUEUE_PAGE = 20;

type CatalogItemHistory = components['schemas']['CatalogItemHistory'];

export function ReviewQueuePage() {
  const pager = usePager();
  const list = useLoad(
    () => listVersions({ state: 'in_review', limit: QUEUE_PAGE, cursor: pager.cursor }),
    [pager.cursor],
  );
  return (
    <Page title="Review queue">
      <PagedTable
        caption="Submitted versions"
        columns={[
          { label: 'Version' },
          { label: 'Author' },
          { label: 'Submitted' },
          { label: 'Description' },
        ]}
        loaded={list}
        empty="Nothing waits for review."
        pager={pager}
        nextCursor={(page) => page.nextCursor}
        rows={(page) =>
          page.versions.map((v) => (
            <tr key={`${v.id}-${v.version}`}>
              <th scope="row">
                <Link href={`/review/${encodeURIComponent(v.id)}/versions/${v.version}`}>
                  {versionName(v.id, v.version)}
                </Link>
              </th>
              <td>{v.author}</td>
              <td>{when(v.submittedAt ?? v.updatedAt)}</td>
              <td>{typeof v.content.description === 'string' ? v.content.description : '–'}</td>
            </tr>
          ))
        }
      />
    </Page>
  );
}

const textOf = (value: unknown): string =>
  typeof value === 'string' ? value : value === undefined ? '–' : JSON.stringify(value);

function Answers(props: { content: CatalogVersion['content'] }) {
  const { content } = props;
  const compatibility = (
    typeof content.compatibility === 'object' && content.compatibility !== null ? content.compatibility : {}
  ) as Record<string, unknown>;
  const explanation = (
    typeof content.explanation === 'object' && content.explanation !== null ? content.explanation : {}
  ) as Record<string, unknown>;
  const rows: [string, unknown][] = [
    ['Purpose', content.purpose],
    ['Legal basis', content.legalBasis],
    ...Object.entries(COMPATIBILITY_LABELS).map(([key, label]): [string, unknown] => [
      label,
      compatibility[key],
    ]),
    ...Object.entries(EXPLANATION_LABELS).map(([key, label]): [string, unknown] => [label, explanation[key]]),
    ['DPIA reference', content.dpiaReference],
    ['Text match justification', content.textMatchJustification],
  ];
  return (
    <dl class="facts">
      {rows.map(([label, value]) => (
        <Fragment key={label}>
          <dt>{label}</dt>
          <dd>{textOf(value)}</dd>
        </Fragment>
      ))}
    </dl>
  );
}

export function ReviewPage(props: PageProps) {
  const id = props.params.id ?? '';
  const number = Number(props.params.version);
  const item = useLoad(
    () => api.GET('/catalog/items/{kind}/{id}', { params: { path: { kind: 'trigger', id } } }),
    [id],
  );
  // The last answer stays shown while a reload (after approving, rejecting, activating) is under way.
  const [history, setHistory] = useState<CatalogItemHistory | undefined>();
  const loaded = item.state === 'done' ? item.value : undefined;
  useEffect(() => {
    if (loaded !== undefined) setHistory(loaded);
  }, [loaded]);
  const version = history?.versions.find((v) => v.version === number);
  const live = history?.versions.find((v) => v.state === 'live' && v.version !== number);
  const [lint, setLint] = useState<{ findings: readonly LintFinding[] } | { problem: Problem } | undefined>();
  const [simulation, setSimulation] = useState<SimulationRun>({ state: 'idle' });

  useEffect(() => {
    if (version === undefined) return;
    let current = true;
    lintContent(id, version.content).then(
      ({ data, error, response }) =>
        current &&
        setLint(
          data === undefined
            ? { problem: asProblem(error, response.status) }
            : { findings: findingsOf(data) },
        ),
      (error: unknown) => current && setLint({ problem: asProblem(error) }),
    );
    setSimulation({ state: 'running' });
    void runSimulation(id, number, { sample: 'demo' }).then((run) => current && setSimulation(run));
    return () => {
      current = false;
    };
  }, [version?.contentHash, id, number]);

  const mine =
    version !== undefined && [version.author, ...version.editors].includes(recordedName(props.identity));
  return (
    <Page title="Review">
      {item.state === 'failed' ? <ProblemView problem={item.problem} /> : null}
      {history === undefined && item.state === 'loading' ? <p role="status">Loading…</p> : null}
      {history !== undefined && version === undefined ? (
        <ProblemView problem={{ title: `No version ${number} of ${id}` }} />
      ) : null}
      {version === undefined ? null : (
        <>
          <p>
            {versionName(id, number)} ({STATE_LABELS[version.state]}) by {version.author}
            {version.editors.some((e) => e !== version.author)
              ? `, edited by ${version.editors.filter((e) => e !== version.author).join(', ')}`
              : ''}
            . <Link href={`/triggers/${encodeURIComponent(id)}/history`}>Version history</Link>
          </p>
          <section>
            <h2>Changes against the live version</h2>
            {live === undefined ? <p>No version of {id} is live: all of it is new.</p> : null}
            <ContentDiff
              from={live?.content}
              to={version.content}
              fromLabel={live === undefined ? 'nothing' : `live v${live.version}`}
              toLabel={`v${number}`}
            />
          </section>
          <section>
            <h2>Compatibility answers</h2>
            <Answers content={version.content} />
          </section>
          <section>
            <h2>Lint</h2>
            {lint === undefined ? <p role="status">Linting…</p> : null}
            {lint !== undefined && 'problem' in lint ? <ProblemView problem={lint.problem} /> : null}
            {lint !== undefined && 'findings' in lint ? (
              lint.findings.length === 0 ? (
                <p>No findings: validation and the sensitive lint pass.</p>
              ) : (
                <ul>
                  {lint.findings.map((finding, i) => (
                    <li key={`${i}`}>
                      {finding.path === '' ? null : <code>{finding.path}</code>}
                      {finding.path === '' ? '' : ': '}
                      {finding.message}
                    </li>
                  ))}
                </ul>
              )
            ) : null}
          </section>
          <section>
            <h2>Simulation</h2>
            <p class="hint">On the demo sample, against the live catalog.</p>
            {simulation.state === 'running' ? <p role="status">Simulating…</p> : null}
            {simulation.state === 'failed' ? <ProblemView problem={simulation.problem} /> : null}
            {simulation.state === 'done' ? (
              <SimulationView answer={simulation.answer} triggerId={id} />
            ) : null}
          </section>
          <ReviewDecision version={version} mine={mine} onChanged={() => item.reload()} />
        </>
      )}
    </Page>
  );
}

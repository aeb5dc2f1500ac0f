/**
 * Version history (`#/triggers/<id>/history`): every version with its state, a readable diff between any
 * two (region "Differences", ../../components/catalog-diff.tsx), and every transition: who did what, when.
 */
import { useEffect, useState } from 'preact/hooks';
import { Link } from 'wouter-preact';
import type { CatalogVersion } from '../../api/catalog.js';
import { api } from '../../api/client.js';
import { ContentDiff } from '../../components/catalog-diff.js';
import { Field } from '../../components/field.js';
import { Page } from '../../components/page.js';
import { Pager, usePager } from '../../components/pager.js';
import { ProblemView } from '../../components/problem.js';
import { useLoad } from '../../components/use-load.js';
import type { PageProps } from '../../routes.js';
import { slicePage } from './paging.js';
import { STATE_LABELS, when } from './states.js';
import './catalog.css';
import { SCROLL_REGION } from '../../components/scroll-region.js';

export const HISTORY_PAGE = 20;

/** The pair shown first: the live (or else the previous) version against the latest. */
export function defaultPair(versions: readonly CatalogVersion[]): [number, number] | undefined {
  const numbers = versions.map((v) => v.version).sort((a, b) => a - b);
  const latest = numbers[numbers.length - 1];
  if (latest === undefined) return undefined;
  const live = versions.find((v) => v.state === 'live' && v.version !== latest)?.version;
  return [live ?? numbers[numbers.length - 2] ?? latest, latest];
}

function VersionActions(props: { version: CatalogVersion; productTeam: boolean }) {
  const { version } = props;
  const base = `/triggers/${encodeURIComponent(version.id)}/versions/${version.version}`;
  return (
    <>
      {props.productTeam ? (
        <Link href={`${base}/edit`}>{version.state === 'draft' ? 'Edit' : 'New version from this'}</Link>
      ) : null}{' '}
      <Link href={`${base}/simulate`}>Simulate</Link>
      {!props.productTeam && version.state === 'in_review' ? (
        <>
          {' '}
          <Link href={`/review/${encodeURIComponent(version.id)}/versions/${version.version}`}>Review</Link>
        </>
      ) : null}
    </>
  );
}

export function HistoryPage(props: PageProps) {
  const id = props.params.id ?? '';
  const item = useLoad(
    () => api.GET('/catalog/items/{kind}/{id}', { params: { path: { kind: 'trigger', id } } }),
    [id],
  );
  const versions =
    item.state === 'done' ? [...item.value.versions].sort((a, b) => a.version - b.version) : [];
  const [pair, setPair] = useState<[number, number] | undefined>();
  useEffect(() => setPair(defaultPair(versions)), [item.state]);
  const versionPager = usePager();
  const transitionPager = usePager();
  const shownVersions = slicePage([...versions].reverse(), versionPager.cursor, HISTORY_PAGE);
  const transitions = item.state === 'done' ? [...item.value.transitions].reverse() : [];
  const shownTransitions = slicePage(transitions, transitionPager.cursor, HISTORY_PAGE);
  const from = versions.find((v) => v.version === pair?.[0]);
  const to = versions.find((v) => v.version === pair?.[1]);
  const select = (label: string, index: 0 | 1) => (
    <Field id={`diff-${index === 0 ? 'from' : 'to'}`} label={label}>
      {(a11y) => (
        <select
          {...a11y}
          value={String(pair?.[index] ?? '')}
          onChange={(e) => {
            const chosen = Number(e.currentTarget.value);
            setPair((p) => (index === 0 ? [chosen, p?.[1] ?? chosen] : [p?.[0] ?? chosen, chosen]));
          }}
        >
          {versions.map((v) => (
            <option key={v.version} value={String(v.version)}>
              v{v.version} ({STATE_LABELS[v.state]})
            </option>
          ))}
        </select>
      )}
    </Field>
  );
  return (
    <Page title="Version history">
      <p>
        Trigger <strong>{id}</strong>
      </p>
      {item.state === 'failed' ? <ProblemView problem={item.problem} /> : null}
      {item.state === 'loading' ? <p role="status">Loading…</p> : null}
      <div {...SCROLL_REGION}>
        <table>
          <caption>Versions</caption>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">State</th>
              <th scope="col">Author</th>
              <th scope="col">Editors</th>
              <th scope="col">Last change</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {shownVersions.items.map((v) => (
              <tr key={v.version}>
                <th scope="row">v{v.version}</th>
                <td>{STATE_LABELS[v.state]}</td>
                <td>{v.author}</td>
                <td>{v.editors.filter((e) => e !== v.author).join(', ') || '–'}</td>
                <td>{when(v.updatedAt)}</td>
                <td>
                  <VersionActions version={v} productTeam={props.identity.role === 'product-team'} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {versions.length > HISTORY_PAGE ? (
        <Pager state={versionPager} nextCursor={shownVersions.next} label="Versions" />
      ) : null}
      <h2>Differences between versions</h2>
      <div class="filters">
        {select('From version', 0)}
        {select('To version', 1)}
      </div>
      {versions.length === 0 ? null : (
        <ContentDiff
          from={from?.content}
          to={to?.content}
          fromLabel={from === undefined ? 'nothing' : `v${from.version}`}
          toLabel={to === undefined ? 'nothing' : `v${to.version}`}
        />
      )}
      <h2>Transitions</h2>
      <p class="hint">Newest first.</p>
      <ul class="transitions">
        {shownTransitions.items.map((t) => (
          <li key={`${t.version}-${t.seq}`}>
            {when(t.at)}: v{t.version} {t.action}
            {t.from === undefined ? '' : ` (${STATE_LABELS[t.from]} → ${STATE_LABELS[t.to]})`} by {t.by} as{' '}
            {t.role}
            {t.comment === undefined ? '' : `: “${t.comment}”`}
            {t.reasons === undefined || t.reasons.length === 0 ? '' : `; reasons: ${t.reasons.join('; ')}`}
          </li>
        ))}
      </ul>
      {transitions.length > HISTORY_PAGE ? (
        <Pager state={transitionPager} nextCursor={shownTransitions.next} label="Transitions" />
      ) : null}
    </Page>
  );
}

/**
 * The trigger editor (`#/triggers/new`, `#/triggers/<id>/versions/<n>/edit`): the form of ./editor-fields.tsx,
 * linted as you type (POST /catalog/lint ~400 ms after the last change; each finding next to the field its
 * path names, ./findings.ts), saved as a draft (POST a new version, or PUT the draft), then simulated or
 * submitted. Opening a version that is no longer a draft starts a new version from its content.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { useLocation } from 'wouter-preact';
import { type CatalogVersion, type LintFinding, lintContent } from '../../api/catalog.js';
import { api, asProblem, type Problem } from '../../api/client.js';
import { Page } from '../../components/page.js';
import { ProblemView } from '../../components/problem.js';
import type { PageProps } from '../../routes.js';
import { FormFields } from './editor-fields.js';
import { byField, findingsOf, GENERAL } from './findings.js';
import { STATE_LABELS, versionName } from './states.js';
import {
  contentOf,
  EMPTY_FORM,
  extraText,
  formOf,
  heldKeys,
  parseExtra,
  type TriggerForm,
} from './trigger-form.js';
import './catalog.css';

export const LINT_DELAY_MS = 400;
const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;

type Loaded =
  | { state: 'loading' }
  | { state: 'failed'; problem: Problem }
  | { state: 'ready'; version: CatalogVersion | undefined };

export function EditorPage(props: PageProps) {
  const { params } = props;
  const routeId = params.id;
  const routeVersion = params.version === undefined ? undefined : Number(params.version);
  const editing = routeId !== undefined && routeVersion !== undefined;
  const [, navigate] = useLocation();
  const [loaded, setLoaded] = useState<Loaded>(
    editing ? { state: 'loading' } : { state: 'ready', version: undefined },
  );
  const [form, setForm] = useState<TriggerForm>(EMPTY_FORM);
  const [extra, setExtra] = useState('');
  const [dirty, setDirty] = useState(false);
  const [offers, setOffers] = useState<readonly string[]>([]);
  const [lint, setLint] = useState<{ findings: readonly LintFinding[]; busy: boolean; failed?: Problem }>({
    findings: [],
    busy: false,
  });
  const [saving, setSaving] = useState(false);
  // A blank new form shows no error until something is typed in the id or a save is tried.
  const [triedSave, setTriedSave] = useState(false);
  const [problem, setProblem] = useState<Problem | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const lintRound = useRef(0);

  useEffect(() => {
    let live = true;
    void api.GET('/catalog/items', { params: { query: { kind: 'offer' } } }).then(({ data }) => {
      if (live && data !== undefined) setOffers([...new Set(data.versions.map((v) => v.id))].sort());
    });
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    if (!editing) return;
    let live = true;
    void api
      .GET('/catalog/items/{kind}/{id}', { params: { path: { kind: 'trigger', id: routeId } } })
      .then(({ data, error, response }) => {
        if (!live) return;
        const version = data?.versions.find((v) => v.version === routeVersion);
        if (data === undefined || version === undefined) {
          setLoaded({
            state: 'failed',
            problem: asProblem(
              error ?? { title: `No version ${routeVersion} of ${routeId}` },
              response.status,
            ),
          });
          return;
        }
        const next = formOf(version.content);
        setForm(next);
        setExtra(extraText(next.extra));
        setDirty(false);
        setLoaded({ state: 'ready', version });
      });
    return () => {
      live = false;
    };
  }, [routeId, routeVersion]);

  const held = useMemo(() => heldKeys(form), [form]);
  const parsedExtra = useMemo(() => parseExtra(extra, held), [extra, held]);
  const built = useMemo(
    () => contentOf(parsedExtra.ok ? { ...form, extra: parsedExtra.value } : form),
    [form, parsedExtra],
  );
  // A stored draft need not repeat its id in the content: the route names it.
  const id = (editing ? routeId : undefined) ?? form.text.id ?? '';
  const idProblem =
    KEBAB.test(id) && id.length <= 100 ? undefined : 'expected a kebab-case id (a-z, 0-9, "-"; at most 100)';

  // Lint as you type: the latest content, LINT_DELAY_MS after the last change; a late answer is dropped.
  useEffect(() => {
    if (loaded.state !== 'ready') return;
    if (idProblem !== undefined) {
      lintRound.current++;
      setLint({ findings: [], busy: false });
      return;
    }
    const round = ++lintRound.current;
    const timer = setTimeout(() => {
      setLint((l) => ({ ...l, busy: true }));
      lintContent(id, built.content).then(
        ({ data, error, response }) => {
          if (round !== lintRound.current) return;
          if (data === undefined)
            setLint({ findings: [], busy: false, failed: asProblem(error, response.status) });
          else setLint({ findings: findingsOf(data), busy: false });
        },
        (error: unknown) =>
          round === lintRound.current && setLint({ findings: [], busy: false, failed: asProblem(error) }),
      );
    }, LINT_DELAY_MS);
    return () => clearTimeout(timer);
  }, [built, loaded.state, id, idProblem]);

  const errors = useMemo(() => {
    const grouped = byField(lint.findings);
    const add = (key: string, message: string) => grouped.set(key, [message, ...(grouped.get(key) ?? [])]);
    if (built.conditionError !== undefined) {
      // The condition was left out of what was linted: its syntax error replaces "condition: missing".
      grouped.set('condition', [built.conditionError]);
    }
    if (!parsedExtra.ok) add('other', parsedExtra.message);
    if (idProblem !== undefined && loaded.state === 'ready' && (id !== '' || triedSave)) add('id', idProblem);
    return grouped;
  }, [lint.findings, built.conditionError, parsedExtra, idProblem, id, triedSave, loaded.state]);

  const general = errors.get(GENERAL) ?? [];
  const count = [...errors.values()].reduce((n, list) => n + list.length, 0);
  const version = loaded.state === 'ready' ? loaded.version : undefined;
  const isDraft = version?.state === 'draft';
  const saved = version !== undefined && isDraft && !dirty;

  const change = (update: (f: TriggerForm) => TriggerForm) => {
    setForm(update);
    setDirty(true);
    setNotice(undefined);
  };

  async function save() {
    setProblem(undefined);
    setNotice(undefined);
    setTriedSave(true);
    if (idProblem !== undefined || built.conditionError !== undefined || !parsedExtra.ok) {
      setProblem({ title: 'Fix the fields marked in red first', detail: 'the draft was not saved' });
      return;
    }
    setSaving(true);
    try {
      if (!editing) {
        // "New trigger" never drafts a version of an existing one by accident.
        const existing = await api.GET('/catalog/items/{kind}/{id}', {
          params: { path: { kind: 'trigger', id } },
        });
        if (existing.data !== undefined) {
          setProblem({
            title: `A trigger with the id ${id} exists already`,
            detail: 'choose another id, or start a new version from its version history',
          });
          return;
        }
      }
      const body = { content: built.content };
      const path = { kind: 'trigger' as const, id };
      const answer =
        isDraft && version !== undefined
          ? await api.PUT('/catalog/items/{kind}/{id}/versions/{version}', {
              params: { path: { ...path, version: String(version.version) } },
              body,
            })
          : await api.POST('/catalog/items/{kind}/{id}/versions', { params: { path }, body });
      if (answer.data === undefined) {
        setProblem(asProblem(answer.error, answer.response.status));
        return;
      }
      const stored = answer.data.versions.filter((v) => v.id === id).sort((a, b) => b.version - a.version)[0];
      if (stored === undefined) return;
      if (version?.version === stored.version && routeId === id) {
        setLoaded({ state: 'ready', version: stored });
        setDirty(false);
        setNotice(`Saved ${versionName(id, stored.version)}.`);
      } else navigate(`/triggers/${encodeURIComponent(id)}/versions/${stored.version}/edit`);
    } finally {
      setSaving(false);
    }
  }

  async function submit() {
    if (version === undefined) return;
    setProblem(undefined);
    const answer = await api.POST('/catalog/items/{kind}/{id}/versions/{version}/submit', {
      params: { path: { kind: 'trigger', id: version.id, version: String(version.version) } },
      body: {},
    });
    if (answer.data === undefined) {
      const refusal = asProblem(answer.error, answer.response.status);
      setProblem(refusal);
      if (refusal.problems !== undefined)
        setLint({ findings: findingsOf({ problems: refusal.problems }), busy: false });
      return;
    }
    const stored = answer.data.versions.find((v) => v.version === version.version);
    if (stored !== undefined) setLoaded({ state: 'ready', version: stored });
    setNotice(
      `Submitted for review: ${versionName(version.id, version.version)} waits for a privacy officer.`,
    );
  }

  return (
    <Page title={editing ? 'Edit trigger' : 'New trigger'}>
      {loaded.state === 'failed' ? <ProblemView problem={loaded.problem} /> : null}
      {loaded.state === 'loading' ? <p role="status">Loading…</p> : null}
      {version !== undefined && !isDraft ? (
        <p class="notice">
          {versionName(version.id, version.version)} is {STATE_LABELS[version.state]} and can no longer
          change: saving creates a new draft version from this content.
        </p>
      ) : null}
      <form
        class="catalog-form"
        aria-label="Trigger"
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <div class="lint-summary" role="status" aria-label="Lint" aria-live="polite" aria-busy={lint.busy}>
          <p>{count === 0 ? 'No findings' : `${count} findings`}</p>
          {general.length === 0 ? null : (
            <ul>
              {general.map((text) => (
                <li key={text}>{text}</li>
              ))}
            </ul>
          )}
          {lint.failed === undefined ? null : <p>The lint did not answer: {lint.failed.title ?? 'error'}</p>}
          {idProblem === undefined ? null : <p class="hint">The lint runs once the trigger id is set.</p>}
        </div>
        <FormFields
          form={form}
          errors={errors}
          lockedId={editing ? routeId : undefined}
          offers={offers}
          extra={extra}
          onForm={change}
          onExtra={(text) => {
            setExtra(text);
            setDirty(true);
          }}
        />
        <ProblemView problem={problem} />
        {notice === undefined ? null : (
          <p class="notice" role="status">
            {notice}
          </p>
        )}
        <div class="form-actions">
          <button type="submit" disabled={saving || loaded.state !== 'ready'}>
            Save draft
          </button>
          <button
            type="button"
            class="secondary"
            disabled={!saved}
            onClick={() =>
              version !== undefined &&
              navigate(`/triggers/${encodeURIComponent(version.id)}/versions/${version.version}/simulate`)
            }
          >
            Simulate
          </button>
          {editing ? (
            <button type="button" class="secondary" disabled={!saved} onClick={() => void submit()}>
              Submit for review
            </button>
          ) : null}
        </div>
        {version !== undefined && dirty ? (
          <p class="hint">Unsaved changes: save the draft to simulate or submit it.</p>
        ) : null}
      </form>
    </Page>
  );
}

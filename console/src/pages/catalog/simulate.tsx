/**
 * Simulate (`#/triggers/<id>/versions/<n>/simulate`): the version against the live catalog on the demo
 * sample or an uploaded events file: funnel live vs candidate, overlap, changed events; then (product
 * teams, drafts) submit it for review.
 */
import { useState } from 'preact/hooks';
import { Link } from 'wouter-preact';
import { api, asProblem, type Problem } from '../../api/client.js';
import { SimulationView } from '../../components/catalog-simulation.js';
import { Field } from '../../components/field.js';
import { Page } from '../../components/page.js';
import { ProblemView } from '../../components/problem.js';
import { useLoad } from '../../components/use-load.js';
import type { PageProps } from '../../routes.js';
import { eventsOfFile, runSimulation, type SimulationRun } from './run-simulation.js';
import { STATE_LABELS, versionName } from './states.js';
import './catalog.css';

export function SimulatePage(props: PageProps) {
  const id = props.params.id ?? '';
  const version = Number(props.params.version);
  const item = useLoad(
    () => api.GET('/catalog/items/{kind}/{id}', { params: { path: { kind: 'trigger', id } } }),
    [id],
  );
  const [source, setSource] = useState<'demo' | 'upload'>('demo');
  const [file, setFile] = useState<File | undefined>();
  const [run, setRun] = useState<SimulationRun>({ state: 'idle' });
  const [submitted, setSubmitted] = useState<string | undefined>();
  const [problem, setProblem] = useState<Problem | undefined>();
  const current = item.state === 'done' ? item.value.versions.find((v) => v.version === version) : undefined;

  async function start() {
    setProblem(undefined);
    const events = source === 'demo' ? { sample: 'demo' as const } : await eventsOfFile(file);
    if (!('sample' in events) && !('jsonl' in events)) {
      setRun({ state: 'failed', problem: events });
      return;
    }
    setRun({ state: 'running' });
    setRun(await runSimulation(id, version, events));
  }

  async function submit() {
    setProblem(undefined);
    const answer = await api.POST('/catalog/items/{kind}/{id}/versions/{version}/submit', {
      params: { path: { kind: 'trigger', id, version: String(version) } },
      body: {},
    });
    if (answer.data === undefined) setProblem(asProblem(answer.error, answer.response.status));
    else {
      setSubmitted(`Submitted for review: ${versionName(id, version)} waits for a privacy officer.`);
      item.reload();
    }
  }

  return (
    <Page title="Simulate">
      <p>
        {versionName(id, version)}
        {current === undefined ? null : ` (${STATE_LABELS[current.state]})`} against the live catalog.{' '}
        <Link href={`/triggers/${encodeURIComponent(id)}/history`}>Version history</Link>
      </p>
      {item.state === 'failed' ? <ProblemView problem={item.problem} /> : null}
      <form
        class="catalog-form"
        aria-label="Simulation"
        onSubmit={(event) => {
          event.preventDefault();
          void start();
        }}
      >
        <fieldset>
          <legend>Events</legend>
          <div class="radios">
            <label>
              <input
                type="radio"
                name="source"
                checked={source === 'demo'}
                onChange={() => setSource('demo')}
              />
              Demo sample
            </label>
            <label>
              <input
                type="radio"
                name="source"
                checked={source === 'upload'}
                onChange={() => setSource('upload')}
              />
              Upload a file
            </label>
          </div>
          <Field
            id="events-file"
            label="Events file (JSONL)"
            hint="payment events, one JSON object per line; read in your browser and sent for this simulation only"
          >
            {(a11y) => (
              <input
                {...a11y}
                type="file"
                accept=".jsonl,.ndjson,.json,application/x-ndjson,text/plain"
                disabled={source !== 'upload'}
                onChange={(e) => setFile(e.currentTarget.files?.[0])}
              />
            )}
          </Field>
        </fieldset>
        <button type="submit" disabled={run.state === 'running'}>
          Run simulation
        </button>
      </form>
      {run.state === 'running' ? <p role="status">Simulating…</p> : null}
      {run.state === 'failed' ? <ProblemView problem={run.problem} /> : null}
      {run.state === 'done' ? <SimulationView answer={run.answer} triggerId={id} /> : null}
      {props.identity.role === 'product-team' && current?.state === 'draft' ? (
        <div class="form-actions">
          <button type="button" onClick={() => void submit()}>
            Submit for review
          </button>
        </div>
      ) : null}
      <ProblemView problem={problem} />
      {submitted === undefined ? null : (
        <p class="notice" role="status">
          {submitted}
        </p>
      )}
    </Page>
  );
}

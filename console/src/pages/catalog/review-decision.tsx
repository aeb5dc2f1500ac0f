/**
 * The review's decision: approve with an optional comment (not offered to the version's author or
 * editors), reject with reasons (one per line), and once approved, make it live now.
 */
import { useState } from 'preact/hooks';
import type { CatalogVersion } from '../../api/catalog.js';
import { api, asProblem, type Problem } from '../../api/client.js';
import { Field } from '../../components/field.js';
import { ProblemView } from '../../components/problem.js';
import { versionName, when } from './states.js';

/** The reasons typed, one per line, blank lines dropped. */
export const reasonsOf = (text: string): string[] =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');

function TextArea(props: {
  id: string;
  label: string;
  hint: string;
  error?: string | undefined;
  value: string;
  onInput: (value: string) => void;
}) {
  return (
    <Field id={props.id} label={props.label} hint={props.hint} error={props.error}>
      {(a11y) => (
        <textarea
          {...a11y}
          rows={3}
          value={props.value}
          onInput={(e) => props.onInput(e.currentTarget.value)}
        />
      )}
    </Field>
  );
}

export function ReviewDecision(props: { version: CatalogVersion; mine: boolean; onChanged: () => void }) {
  const { version } = props;
  const path = { kind: 'trigger' as const, id: version.id, version: String(version.version) };
  const [comment, setComment] = useState('');
  const [reasons, setReasons] = useState('');
  const [reasonsError, setReasonsError] = useState<string | undefined>();
  const [problem, setProblem] = useState<Problem | undefined>();
  const [status, setStatus] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  async function act(
    run: () => Promise<{ data?: unknown; error?: unknown; response: Response }>,
    done: string,
  ) {
    setProblem(undefined);
    setBusy(true);
    try {
      const answer = await run();
      if (answer.data === undefined) setProblem(asProblem(answer.error, answer.response.status));
      else {
        setStatus(done);
        props.onChanged();
      }
    } finally {
      setBusy(false);
    }
  }

  const name = versionName(version.id, version.version);
  return (
    <section>
      <h2>Decision</h2>
      {version.state === 'in_review' ? (
        <form class="catalog-form" aria-label="Decision" onSubmit={(e) => e.preventDefault()}>
          <TextArea
            id="review-comment"
            label="Comment"
            hint="optional, recorded with the approval"
            value={comment}
            onInput={setComment}
          />
          {props.mine ? (
            <p>
              You wrote this version (as its author or an editor): another privacy officer has to approve it.
            </p>
          ) : (
            <div class="form-actions">
              <button
                type="button"
                disabled={busy}
                onClick={() =>
                  void act(
                    () =>
                      api.POST('/catalog/items/{kind}/{id}/versions/{version}/approve', {
                        params: { path },
                        body: comment.trim() === '' ? {} : { comment: comment.trim() },
                      }),
                    `Approved ${name}.`,
                  )
                }
              >
                Approve
              </button>
            </div>
          )}
          <TextArea
            id="review-reasons"
            label="Reasons for rejecting"
            hint="one reason per line"
            error={reasonsError}
            value={reasons}
            onInput={setReasons}
          />
          <div class="form-actions">
            <button
              type="button"
              class="danger"
              disabled={busy}
              onClick={() => {
                const list = reasonsOf(reasons);
                setReasonsError(list.length === 0 ? 'Give at least one reason' : undefined);
                if (list.length > 0) {
                  void act(
                    () =>
                      api.POST('/catalog/items/{kind}/{id}/versions/{version}/reject', {
                        params: { path },
                        body: { reasons: list },
                      }),
                    `Rejected ${name}.`,
                  );
                }
              }}
            >
              Reject
            </button>
          </div>
        </form>
      ) : null}
      {version.state === 'approved' ? (
        <div class="form-actions">
          <button
            type="button"
            disabled={busy}
            onClick={() =>
              void act(
                () =>
                  api.POST('/catalog/items/{kind}/{id}/versions/{version}/activate', {
                    params: { path },
                    body: {},
                  }),
                `${name} is Live now.`,
              )
            }
          >
            Make live
          </button>
        </div>
      ) : null}
      {version.state === 'live' && status === undefined ? (
        <p role="status">Live since {when(version.liveFrom)}.</p>
      ) : null}
      {version.state === 'rejected' && status === undefined ? (
        <p>Rejected: {version.rejection?.reasons.join('; ')}</p>
      ) : null}
      <ProblemView problem={problem} />
      {status === undefined ? null : (
        <p class="notice" role="status">
          {status}
        </p>
      )}
    </section>
  );
}

/**
 * The erasure of one customer (GDPR art. 17) on the customer page: "Preview erasure" asks the API for a dry
 * run (nothing changes) and lists what would be removed, pseudonymised and kept — until when, why; then the
 * privacy officer types the customer id to confirm, and "Erase" carries it out (enabled only by the rule of
 * pages/audit/erasure-model.ts `mayErase`). Someone who may not erase sees why the controls are missing.
 */
import { useState } from 'preact/hooks';
import { api, asProblem, type Problem } from '../api/client.js';
import type { Identity } from '../auth/session.js';
import type { ErasureAnswer } from '../pages/audit/audit-types.js';
import { type ErasureRow, erasureLists, kindLabel, mayErase } from '../pages/audit/erasure-model.js';
import { When } from './audit-facts.js';
import { Field } from './field.js';
import { ProblemView } from './problem.js';

function RowList(props: { title: string; rows: readonly ErasureRow[]; empty: string; removedNow?: boolean }) {
  return (
    <>
      <h3>{props.title}</h3>
      {props.rows.length === 0 ? (
        <p>{props.empty}</p>
      ) : (
        <ul>
          {props.rows.map((row) => (
            <li key={row.kind}>
              <strong>{kindLabel(row.kind)}</strong>: {row.count.toLocaleString('en')} record
              {row.count === 1 ? '' : 's'}
              {props.removedNow === true ? (
                row.count === 0 ? null : (
                  '; removed at the erasure'
                )
              ) : row.until === undefined ? null : (
                <>
                  ; kept until <When at={row.until} />
                </>
              )}
              {row.why === undefined ? null : <> — why: {row.why}</>}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function Lists(props: { answer: ErasureAnswer }) {
  const lists = erasureLists(props.answer);
  return (
    <>
      <RowList title="Removed" rows={lists.removed} empty="Nothing is removed." removedNow />
      <RowList title="Pseudonymised" rows={lists.pseudonymised} empty="Nothing is pseudonymised." />
      <RowList title="Kept" rows={lists.kept} empty="Nothing is kept linked to the customer." />
      {lists.notSearched.length === 0 ? null : (
        <>
          <h3>Not searched</h3>
          <ul>
            {lists.notSearched.map((item) => (
              <li key={item.kind}>
                <strong>{kindLabel(item.kind)}</strong>: {item.why}
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

const asAnswer = (data: unknown) => data as ErasureAnswer;

export function ErasureSection(props: { customerId: string; identity: Identity; onErased: () => void }) {
  const { customerId, identity } = props;
  const [preview, setPreview] = useState<ErasureAnswer | undefined>(undefined);
  const [report, setReport] = useState<ErasureAnswer | undefined>(undefined);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | undefined>(undefined);

  const call = async (dryRun: boolean) => {
    setBusy(true);
    setProblem(undefined);
    try {
      const { data, error, response } = await api.POST('/privacy/customers/{customerId}/erasure', {
        params: { path: { customerId }, query: { dryRun: dryRun ? 'true' : 'false' } },
      });
      if (error !== undefined || data === undefined) {
        setProblem(asProblem(error, response.status));
        return;
      }
      if (dryRun) setPreview(asAnswer(data));
      else {
        setReport(asAnswer(data));
        props.onErased();
      }
    } catch (error: unknown) {
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };

  if (!identity.canErase) {
    return (
      <section aria-labelledby="erasure-title">
        <h2 id="erasure-title">Erasure</h2>
        <p>
          You may not erase customers' data: that needs the privacy-eraser permission (in AWS, membership of
          the privacy-eraser group; locally, the Privacy officer role). Ask someone who has it.
        </p>
      </section>
    );
  }
  const erased = report !== undefined;
  return (
    <section aria-labelledby="erasure-title">
      <h2 id="erasure-title">Erasure</h2>
      <p>
        Preview first: nothing changes until you confirm. Records a legal duty keeps stay until the date
        shown, no longer linked to the customer where the rules say so.
      </p>
      <button type="button" class="secondary" disabled={busy || erased} onClick={() => void call(true)}>
        Preview erasure
      </button>
      <ProblemView problem={problem} />
      {preview === undefined || erased ? null : (
        <section class="erasure-preview" aria-label="Erasure preview">
          <p>
            If you erase now (preview at <When at={preview.at} />
            ):
          </p>
          <Lists answer={preview} />
          <form
            onSubmit={(event) => {
              event.preventDefault();
              if (mayErase({ canErase: identity.canErase, previewed: true, typed, customerId, busy }))
                void call(false);
            }}
          >
            <Field
              id="erasure-confirm"
              label="Type the customer id to confirm"
              hint="Exactly as shown in the heading: erasure cannot be undone."
            >
              {(a11y) => (
                <input
                  {...a11y}
                  autocomplete="off"
                  spellcheck={false}
                  value={typed}
                  onInput={(event) => setTyped(event.currentTarget.value)}
                />
              )}
            </Field>
            <button
              type="submit"
              class="danger"
              disabled={!mayErase({ canErase: identity.canErase, previewed: true, typed, customerId, busy })}
            >
              Erase
            </button>
          </form>
        </section>
      )}
      <div role="status">
        {report === undefined ? null : (
          <p class="notice">
            Erased at <When at={report.at} />
            {report.pseudonym === undefined
              ? ''
              : `; kept records now carry the pseudonym ${report.pseudonym}`}
            {report.keptUntil === undefined ? (
              '.'
            ) : (
              <>
                ; the last of them is kept until <When at={report.keptUntil} />.
              </>
            )}
          </p>
        )}
      </div>
      {report === undefined ? null : <Lists answer={report} />}
    </section>
  );
}

/**
 * Decision (privacy officers): one audit record explained (GET /privacy/decisions/{id}): the outcome and
 * its reasons, every gate passed or failed, the policy and trigger versions, the consent regime, and the
 * governed catalog's record of the trigger version that decided — who approved it, when. A payment screened
 * out as sensitive shows only that (no gate, trigger or consent was looked at).
 */
import { Link } from 'wouter-preact';
import { api } from '../../api/client.js';
import { Facts, When } from '../../components/audit-facts.js';
import { Page } from '../../components/page.js';
import { ProblemView } from '../../components/problem.js';
import { SCROLL_REGION } from '../../components/scroll-region.js';
import { useLoad } from '../../components/use-load.js';
import type { PageProps } from '../../routes.js';
import type { Explanation, TriggerRecord } from './audit-types.js';
import { gateRows } from './decision-model.js';
import { customerPath, decisionIdFromParam, rememberedCustomerOf } from './paths.js';

/** The compatibility answers (GDPR art. 6(4)) under the names the trigger editor gives them. */
const COMPATIBILITY_LABELS: Readonly<Record<string, string>> = {
  linkToOriginalPurpose: 'Link to the original purpose',
  howObtained: 'How the data was obtained',
  sensitivity: 'Sensitivity',
  consequences: 'Consequences for the customer',
  safeguards: 'Safeguards',
};

function Gates(props: { explanation: Explanation }) {
  const { explanation } = props;
  if (explanation.kind === 'sensitive_screen')
    return <p>No gate ran: the payment was screened out as a sensitive category first.</p>;
  if (explanation.kind === 'offer_withdrawal') return <p>An offer withdrawal passes no gates.</p>;
  const rows = gateRows(explanation.gates);
  if (rows.length === 0)
    return (
      <p>
        No gate ran: {explanation.outcome === 'rejected' ? 'the event was rejected' : 'no trigger matched'}.
      </p>
    );
  return (
    <div {...SCROLL_REGION}>
      <table>
        <caption>Gates, in the order they ran</caption>
        <thead>
          <tr>
            <th scope="col">Gate</th>
            <th scope="col">Result</th>
            <th scope="col">Reason</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.gate}>
              <th scope="row">{row.gate}</th>
              <td>{row.passed ? 'passed' : 'failed'}</td>
              <td>{row.reason ?? '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function TriggerVersion(props: { record: TriggerRecord | undefined; explanation: Explanation }) {
  const { record, explanation } = props;
  if (explanation.kind === 'sensitive_screen')
    return <p>No trigger took part: the screen ran before any trigger.</p>;
  if (record === undefined)
    return (
      <p>
        {explanation.triggerId === undefined
          ? 'No trigger took part in this decision.'
          : `Trigger ${explanation.triggerId} v${explanation.triggerVersion ?? '?'}: the catalog's record is not available.`}
      </p>
    );
  if (!record.found)
    return (
      <p>
        {record.triggerId} v{record.version}: {record.note}
      </p>
    );
  return (
    <>
      <Facts
        items={[
          ['Trigger version', `${record.triggerId} v${record.version}`],
          ['Approved by', record.approval?.by ?? 'never approved'],
          ['Approved at', record.approval === undefined ? undefined : <When at={record.approval.at} />],
          ['Approval comment', record.approval?.comment],
          ['Written by', record.author],
          [
            'Edited by',
            record.editors !== undefined && record.editors.length > 0 ? record.editors.join(', ') : undefined,
          ],
          ['Live from', record.liveFrom === undefined ? undefined : <When at={record.liveFrom} />],
          ['Retired at', record.retiredAt === undefined ? undefined : <When at={record.retiredAt} />],
          ['State now', record.state],
          ['Purpose', record.purpose],
          ['Legal basis', record.legalBasis],
          ['DPIA', record.dpiaReference],
          ['Content hash', record.contentHash === undefined ? undefined : <code>{record.contentHash}</code>],
        ]}
      />
      {record.compatibility !== undefined && Object.keys(record.compatibility).length > 0 ? (
        <>
          <h3>Compatibility answers</h3>
          <Facts
            items={Object.entries(record.compatibility).map(([key, answer]) => [
              COMPATIBILITY_LABELS[key] ?? key,
              answer,
            ])}
          />
        </>
      ) : null}
      {record.transitions !== undefined && record.transitions.length > 0 ? (
        <>
          <h3>Lifecycle of this version</h3>
          <ol>
            {record.transitions.map((t) => (
              <li key={`${t.at}:${t.action}`}>
                <When at={t.at} /> {t.action} by {t.by} → {t.to}
                {t.comment === undefined ? '' : ` (“${t.comment}”)`}
                {t.reasons === undefined ? '' : `: ${t.reasons.join('; ')}`}
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </>
  );
}

function Explained(props: { explanation: Explanation }) {
  const { explanation: e } = props;
  return (
    <>
      <section aria-labelledby="decision-outcome">
        <h2 id="decision-outcome">Outcome</h2>
        <p>{e.summary}</p>
        <Facts
          items={[
            ['Record', <code key="id">{e.recordId}</code>],
            [
              'Customer',
              e.customerId === undefined ? undefined : (
                <>
                  <code>{e.customerId}</code> (<Link href={customerPath(e.customerId)}>Customer history</Link>
                  )
                </>
              ),
            ],
            [
              'Kind',
              e.kind === 'offer_withdrawal'
                ? 'offer withdrawal'
                : e.kind === 'sensitive_screen'
                  ? 'sensitive screen'
                  : 'decision',
            ],
            ['Outcome', e.outcome],
            ['Reasons', e.reasons === undefined ? undefined : e.reasons.join(', ') || 'none'],
            ['Withdrawal reason', e.withdrawalReason],
            ['Decided at', <When key="at" at={e.decidedAt} />],
            ['Payment time', e.occurredAt === undefined ? undefined : <When at={e.occurredAt} />],
            ['Event', e.eventId === undefined ? undefined : <code>{e.eventId}</code>],
            [
              'Offer',
              e.offerId === undefined
                ? undefined
                : `${e.offerId}${e.offerInstanceId === undefined ? '' : ` (${e.offerInstanceId})`}`,
            ],
          ]}
        />
        {e.problems !== undefined && e.problems.length > 0 ? (
          <>
            <h3>What was wrong with the event</h3>
            <ul>
              {e.problems.map((p) => (
                <li key={p.field}>
                  <code>{p.field}</code>: expected {p.expected}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>
      <section aria-labelledby="decision-gates">
        <h2 id="decision-gates">Gates</h2>
        <Gates explanation={e} />
      </section>
      <section aria-labelledby="decision-versions">
        <h2 id="decision-versions">Versions</h2>
        <Facts
          items={[
            ['Policy version', e.policyVersion ?? '–'],
            [
              'Trigger version',
              e.triggerId === undefined ? 'no trigger' : `${e.triggerId} v${e.triggerVersion ?? '?'}`,
            ],
          ]}
        />
      </section>
      <section aria-labelledby="decision-consent">
        <h2 id="decision-consent">Consent</h2>
        <p>
          {e.kind === 'sensitive_screen'
            ? 'Not looked at: the payment was screened out before any consent was read.'
            : e.consentRegime === undefined
              ? 'No consent regime is recorded for this record (no trigger matched, or the event was rejected).'
              : `Consent regime: ${e.consentRegime}`}
        </p>
      </section>
      <section aria-labelledby="decision-trigger">
        <h2 id="decision-trigger">Trigger version and approval</h2>
        <TriggerVersion record={e.triggerRecord} explanation={e} />
      </section>
    </>
  );
}

export function DecisionPage(props: PageProps) {
  const decisionId = decisionIdFromParam(props.params.decisionId ?? '');
  const customerId = rememberedCustomerOf(decisionId);
  const loaded = useLoad(
    () =>
      api.GET('/privacy/decisions/{decisionId}', {
        params: { path: { decisionId }, query: customerId === undefined ? {} : { customerId } },
      }),
    [decisionId, customerId],
  );
  return (
    <Page title="Decision">
      {loaded.state === 'loading' ? <p aria-live="polite">Loading…</p> : null}
      {loaded.state === 'failed' ? <ProblemView problem={loaded.problem} /> : null}
      {loaded.state === 'done' ? <Explained explanation={loaded.value as unknown as Explanation} /> : null}
    </Page>
  );
}

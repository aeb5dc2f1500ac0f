/**
 * A simulation's results (POST /catalog/simulations): the candidate trigger's funnel per stage, live vs
 * candidate (BarTable), the overlap with other triggers, and the changed events, paged in the browser.
 * Nothing customer-related is shown: the route sends event ids and decision gists only.
 */
import type { DecisionGist, SimulationAnswer } from '../api/catalog.js';
import { slicePage } from '../pages/catalog/paging.js';
import { BarTable } from './chart.js';
import { Pager, usePager } from './pager.js';
import { SCROLL_REGION } from './scroll-region.js';

export const CHANGED_PAGE = 20;

const percent = (share: number): string => `${(share * 100).toFixed(1)} %`;

function gist(decisions: readonly DecisionGist[]): string {
  if (decisions.length === 0) return 'no decision';
  return decisions
    .map((d) => {
      const what =
        d.triggerId === undefined
          ? d.outcome
          : `${d.outcome}: ${d.triggerId}${d.triggerVersion === undefined ? '' : ` v${d.triggerVersion}`}`;
      const offer = d.offerId === undefined ? '' : ` (${d.offerId})`;
      const reasons = d.reasons === undefined || d.reasons.length === 0 ? '' : ` [${d.reasons.join(', ')}]`;
      return `${what}${offer}${reasons}`;
    })
    .join('; ');
}

export function SimulationView(props: { answer: SimulationAnswer; triggerId: string }) {
  const { answer, triggerId } = props;
  const funnel = answer.funnels.find((f) => f.triggerId === triggerId);
  const overlap = answer.overlap.filter((o) => o.a === triggerId || o.b === triggerId);
  const pager = usePager();
  const { items: lines, next } = slicePage(answer.changed.lines, pager.cursor, CHANGED_PAGE);
  return (
    <div class="simulation">
      <p>
        {answer.events.total.toLocaleString('en')} events ({answer.events.invalid.toLocaleString('en')}{' '}
        invalid, skipped; {answer.events.decided.toLocaleString('en')} decided) against live catalog revision{' '}
        <code>{answer.liveRevision}</code>, policy {answer.policyVersion}.
      </p>
      <BarTable
        caption={`Funnel: ${triggerId}`}
        rowHeader="Stage"
        rows={answer.stages}
        series={[
          { label: 'Live', values: funnel?.live ?? answer.stages.map(() => 0) },
          { label: 'Candidate', values: funnel?.candidate ?? answer.stages.map(() => 0) },
          { label: 'Change', values: funnel?.delta ?? answer.stages.map(() => 0) },
        ]}
      />
      <div {...SCROLL_REGION}>
        <table>
          <caption>Overlap with other triggers</caption>
          <thead>
            <tr>
              <th scope="col">Trigger</th>
              <th scope="col">Other trigger</th>
              <th scope="col" class="num">
                Events both match
              </th>
              <th scope="col" class="num">
                Share of {triggerId}
              </th>
              <th scope="col" class="num">
                Share of the other
              </th>
            </tr>
          </thead>
          <tbody>
            {overlap.length === 0 ? (
              <tr>
                <td colSpan={5}>No other trigger matches the same events.</td>
              </tr>
            ) : (
              overlap.map((o) => {
                const mine = o.a === triggerId;
                return (
                  <tr key={`${o.a}|${o.b}`}>
                    <th scope="row">{triggerId}</th>
                    <td>{mine ? o.b : o.a}</td>
                    <td class="num">{o.both.toLocaleString('en')}</td>
                    <td class="num">{percent(mine ? o.shareOfA : o.shareOfB)}</td>
                    <td class="num">{percent(mine ? o.shareOfB : o.shareOfA)}</td>
                  </tr>
                );
              })
            )}
          </tbody>
        </table>
      </div>
      <div {...SCROLL_REGION}>
        <table>
          <caption>Changed events</caption>
          <thead>
            <tr>
              <th scope="col">Event</th>
              <th scope="col">Live</th>
              <th scope="col">Candidate</th>
            </tr>
          </thead>
          <tbody>
            {lines.length === 0 ? (
              <tr>
                <td colSpan={3}>No event is decided differently.</td>
              </tr>
            ) : (
              lines.map((line) => (
                <tr key={line.eventId}>
                  <th scope="row">
                    <code>{line.eventId}</code>
                  </th>
                  <td>{gist(line.live)}</td>
                  <td>{gist(line.candidate)}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      <p>
        {answer.changed.total.toLocaleString('en')} events decided differently
        {answer.changed.total > answer.changed.lines.length
          ? `; the first ${answer.changed.lines.length.toLocaleString('en')} are listed`
          : ''}
        .
      </p>
      {answer.changed.lines.length > CHANGED_PAGE ? (
        <Pager state={pager} nextCursor={next} label="Changed events" />
      ) : null}
    </div>
  );
}

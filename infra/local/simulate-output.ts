import type { Comparison } from '#app/simulation-compare.js';
import { FUNNEL_STAGES, type Overlap } from '#app/simulation-report.js';
import { table } from './triggers-output.js';

/** What `npm run triggers -- simulate` prints: where everything came from, the funnels, the overlaps. */

export interface ReportContext {
  readonly eventsFile: string;
  /** Invalid lines left out (--skip-invalid). */
  readonly skippedInvalid?: number;
  /** The fixtures file, or undefined when none was given (every customer unknown). */
  readonly fixturesFile: string | undefined;
  readonly customers: number;
  readonly live: { readonly revision: string; readonly source: string };
  readonly candidate: { readonly revision: string; readonly source: string };
  readonly policyVersion: string;
}

/** Short column headers of the funnel's stages (a stage added later shows under its own name). */
const HEADERS: Readonly<Record<string, string>> = {
  'events of its types': 'TYPE',
  'past screen and stale check': 'SCREEN',
  'condition matched': 'MATCH',
  consent: 'CONSENT',
  objection: 'OBJECT',
  exclusion: 'EXCL',
  suitability: 'SUIT',
  'contact policy': 'CONTACT',
  arbitration: 'ARBIT',
  emitted: 'EMITTED',
};
const header = (stage: string) => HEADERS[stage] ?? stage.toUpperCase();

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));
const percent = (share: number) => `${(share * 100).toFixed(1)}%`;

function overlapTable(title: string, rows: readonly Overlap[]): string[] {
  if (rows.length === 0) return [title, '  (no two triggers matched the same event)'];
  return [
    title,
    table(
      ['TRIGGER A', 'TRIGGER B', 'EVENTS', 'OF A', 'OF B'],
      rows.map((o) => [o.a, o.b, String(o.both), percent(o.shareOfA), percent(o.shareOfB)]),
    ),
  ];
}

export function formatComparison(cmp: Comparison, ctx: ReportContext): string {
  const lines: string[] = [
    `Simulation of ${cmp.events} event line(s) from ${ctx.eventsFile}, each decided on its own clock; nothing was written anywhere.`,
  ];
  if ((ctx.skippedInvalid ?? 0) > 0)
    lines.push(
      `  ${ctx.skippedInvalid} invalid line(s) left out (--skip-invalid): the pipeline rejects them (invalid_event) whatever the catalog.`,
    );
  if (cmp.duplicates > 0 || cmp.reused > 0)
    lines.push(
      `  ${cmp.duplicates} repeated line(s) collapsed as duplicate deliveries, ${cmp.reused} reused event id(s) rejected (duplicate_event_id).`,
    );
  if (ctx.fixturesFile === undefined) {
    lines.push(
      '',
      '!! NO --fixtures: EVERY CUSTOMER IS UNKNOWN (no profile, no consent, no holdings). Every matched trigger',
      '!! stops at consent and exclusion: the funnels below end there. Give --fixtures <file> for real figures.',
    );
  } else {
    lines.push(`Customers: ${ctx.customers} from ${ctx.fixturesFile}.`);
    if (cmp.unknownCustomerEvents > 0)
      lines.push(
        `!! ${cmp.unknownCustomerEvents} event(s) of customers not in ${ctx.fixturesFile}: decided as unknown customers (no offer).`,
      );
  }
  lines.push(
    '',
    `Live catalog:      revision ${ctx.live.revision}, from ${ctx.live.source}`,
    `Candidate catalog: revision ${ctx.candidate.revision}, from ${ctx.candidate.source}`,
    `Policy: ${ctx.policyVersion.replace(/;catalog=[^;]*/, '')}`,
    '',
    'Funnel per trigger: each stage counts what got past it (live, candidate, and the change)',
    `  ${FUNNEL_STAGES.map((stage) => `${header(stage)} = ${stage}`).join(', ')}`,
    '',
  );
  const rows: string[][] = [];
  for (const f of cmp.funnels) {
    const changed = f.delta.some((n) => n !== 0);
    rows.push([f.triggerId, 'live', ...f.live.map(String)]);
    rows.push(['', 'candidate', ...f.candidate.map(String)]);
    rows.push(['', changed ? 'change' : '(same)', ...f.delta.map(signed)]);
  }
  lines.push(table(['TRIGGER', 'SIDE', ...FUNNEL_STAGES.map(header)], rows));
  lines.push(
    '',
    ...overlapTable(
      'Overlap (candidate): triggers whose conditions matched the same events',
      cmp.candidate.overlaps,
    ),
    '',
    ...overlapTable('Overlap (live)', cmp.live.overlaps),
    '',
    `Events whose decisions differ between live and candidate: ${cmp.diff.length}`,
  );
  return lines.join('\n');
}

import { type Decision, DecisionSchema } from '#core/decision.js';
import { addsUp, type Reconciliation, reconciliationRows } from './reconcile.js';

export interface ReplaySummary {
  readonly byOutcome: ReadonlyMap<string, number>;
  /** Suppressed and rejected decisions per reason code (a decision with two reasons counts for both). */
  readonly byReason: ReadonlyMap<string, number>;
  /** Per trigger: how often it matched and what became of it. */
  readonly byTrigger: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** Decisions per catalog revision they were decided with (the `catalog=` of their policyVersion). */
  readonly byCatalog: ReadonlyMap<string, number>;
}

/** The catalog revision in a policyVersion (`...;catalog=r-…;...`), or "(unknown)" when it names none. */
export function catalogOf(policyVersion: string): string {
  return /(?:^|;)catalog=([^;]*)/.exec(policyVersion)?.[1] || '(unknown)';
}

/**
 * `replay --out`: one decision per line, contract-shaped (contracts.md, Decision): each parsed through
 * DecisionSchema, so nothing but its fields leaves (no index attribute, digest, claim field or TTL a stored
 * item carries), in the order given (replay gives them in input order).
 */
export function decisionLines(decisions: readonly Decision[]): string {
  return decisions.map((d) => `${JSON.stringify(DecisionSchema.parse(d))}\n`).join('');
}

const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

export function summarize(decisions: readonly Decision[]): ReplaySummary {
  const byOutcome = new Map<string, number>();
  const byReason = new Map<string, number>();
  const byTrigger = new Map<string, Map<string, number>>();
  const byCatalog = new Map<string, number>();
  for (const decision of decisions) {
    bump(byOutcome, decision.outcome);
    bump(byCatalog, catalogOf(decision.policyVersion));
    for (const reason of decision.reasons) bump(byReason, reason);
    if (decision.triggerId !== undefined) {
      const outcomes = byTrigger.get(decision.triggerId) ?? new Map<string, number>();
      bump(outcomes, decision.outcome);
      byTrigger.set(decision.triggerId, outcomes);
    }
  }
  return { byOutcome, byReason, byTrigger, byCatalog };
}

function table(headers: readonly string[], rows: ReadonlyArray<readonly (string | number)[]>): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i] ?? '').length)));
  const line = (cells: readonly (string | number)[]) =>
    cells
      .map((c, i) => (typeof c === 'number' ? String(c).padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const sorted = (map: ReadonlyMap<string, number>) =>
  [...map].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));

const WORDS = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const times = (n: number, what: string) => `${WORDS[n] ?? n} ${what}${n === 1 ? '' : 's'}`;

/**
 * What happened to every message sent, as rows that add up to the messages sent, then the decisions per
 * event and the decided events by outcome. When the rows do not add up, or the audit and the messages
 * disagree, the total line says DOES NOT ADD UP and one line per disagreement follows (never a silent
 * imbalance).
 */
export function formatReconciliation(r: Reconciliation): string {
  const rows = reconciliationRows(r);
  const total = rows.reduce((sum, [n]) => sum + n, 0);
  const ok = addsUp(r);
  const width = Math.max(5, ...rows.map(([n]) => String(n).length), String(r.sent).length);
  const num = (n: number) => String(n).padStart(width);
  const lines = [
    `What happened to the ${r.sent} messages sent (counted from the audit table and the DLQ):`,
    ...rows.map(([n, label]) => `  ${num(n)}  ${label}`),
    `  ${'-'.repeat(width)}`,
    ok
      ? `  ${num(total)}  = ${r.sent} messages sent: it adds up.`
      : `  ${num(total)}  !! DOES NOT ADD UP: ${r.sent} messages sent, ${total} accounted for above.`,
  ];
  for (const problem of r.problems) lines.push(`  !! ${problem}`);

  const perEvent = [...r.decisionsPerEvent].sort((a, b) => a[0] - b[0]);
  const eventDecisions = perEvent.reduce((sum, [k, n]) => sum + k * n, 0);
  const rejections = r.decisions.length - eventDecisions;
  const spread = perEvent.map(([k, n]) => `${n} with ${times(k, 'decision')}`).join(', ');
  lines.push(
    '',
    `Decisions recorded: ${r.decisions.length} = ${eventDecisions} for the ${r.decidedEvents} decided events` +
      `${spread === '' ? '' : ` (${spread}; one decision per matching trigger, one for an event no trigger matched or screened out)`}` +
      ` + ${rejections} rejection${rejections === 1 ? '' : 's'}.`,
  );

  const { emitted, suppressed, noTrigger } = r.eventOutcomes;
  const suppressedTotal = [...suppressed.values()].reduce((a, b) => a + b, 0);
  const outcomeRows: Array<[string, number]> = [
    ['emitted (an offer)', emitted],
    ['suppressed', suppressedTotal],
    ...sorted(suppressed).map(([reason, n]): [string, number] => [`  by main reason ${reason}`, n]),
    ['no trigger', noTrigger],
    ['rejected: invalid_event', r.rejectedInvalid],
    ['rejected: duplicate_event_id', r.rejectedReused],
  ];
  lines.push('', 'By outcome, per event or rejected message', table(['outcome', 'count'], outcomeRows));
  return lines.join('\n');
}

export function formatSummary(summary: ReplaySummary): string {
  const triggerRows = [...summary.byTrigger]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([trigger, outcomes]) => [trigger, outcomes.get('emitted') ?? 0, outcomes.get('suppressed') ?? 0]);
  const revisions = [...summary.byCatalog].sort((a, b) => a[0].localeCompare(b[0]));
  const catalogLine =
    revisions.length === 0
      ? 'Catalog revision: none (no decision was recorded)'
      : revisions.length === 1
        ? `Catalog revision: ${revisions[0]?.[0]} (every decision)`
        : `Catalog revisions (the catalog changed during the replay): ${revisions.map(([r, n]) => `${r} (${n} decisions)`).join(', ')}`;
  return [
    catalogLine,
    '',
    'Decisions by outcome (one per matching trigger)',
    table(['outcome', 'count'], sorted(summary.byOutcome)),
    '',
    'Suppressed and rejected, by reason',
    table(['reason', 'count'], sorted(summary.byReason)),
    '',
    'By trigger',
    table(['trigger', 'emitted', 'suppressed'], triggerRows),
  ].join('\n');
}

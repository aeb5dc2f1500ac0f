import type { Decision } from '../../shared/core/decision.js';

export interface ReplaySummary {
  readonly byOutcome: ReadonlyMap<string, number>;
  /** Suppressed and rejected decisions per reason code (a decision with two reasons counts for both). */
  readonly byReason: ReadonlyMap<string, number>;
  /** Per trigger: how often it matched and what became of it. */
  readonly byTrigger: ReadonlyMap<string, ReadonlyMap<string, number>>;
}

const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

export function summarize(decisions: readonly Decision[]): ReplaySummary {
  const byOutcome = new Map<string, number>();
  const byReason = new Map<string, number>();
  const byTrigger = new Map<string, Map<string, number>>();
  for (const decision of decisions) {
    bump(byOutcome, decision.outcome);
    for (const reason of decision.reasons) bump(byReason, reason);
    if (decision.triggerId !== undefined) {
      const outcomes = byTrigger.get(decision.triggerId) ?? new Map<string, number>();
      bump(outcomes, decision.outcome);
      byTrigger.set(decision.triggerId, outcomes);
    }
  }
  return { byOutcome, byReason, byTrigger };
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

export function formatSummary(summary: ReplaySummary): string {
  const triggerRows = [...summary.byTrigger]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([trigger, outcomes]) => [trigger, outcomes.get('emitted') ?? 0, outcomes.get('suppressed') ?? 0]);
  return [
    'Decisions by outcome',
    table(['outcome', 'count'], sorted(summary.byOutcome)),
    '',
    'Suppressed and rejected, by reason',
    table(['reason', 'count'], sorted(summary.byReason)),
    '',
    'By trigger',
    table(['trigger', 'emitted', 'suppressed'], triggerRows),
  ].join('\n');
}

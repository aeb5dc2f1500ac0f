import type { ItemVersion, TransitionRecord } from '#core/governance/model.js';

/** Human-readable output of `npm run triggers`: aligned tables and one line per finding. */

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

export function versionsTable(versions: readonly ItemVersion[]): string {
  if (versions.length === 0) return '(no versions)';
  return table(
    ['KIND', 'ID', 'VERSION', 'STATE', 'AUTHOR', 'APPROVED BY', 'LIVE FROM', 'RETIRED AT'],
    versions.map((v) => [
      v.kind,
      v.id,
      String(v.version),
      v.state,
      v.author,
      v.approval?.by ?? '',
      v.liveFrom ?? '',
      v.retiredAt ?? '',
    ]),
  );
}

export function transitionsTable(transitions: readonly TransitionRecord[]): string {
  if (transitions.length === 0) return '(no transitions)';
  return table(
    ['SEQ', 'VERSION', 'ACTION', 'FROM', 'TO', 'BY', 'ROLE', 'AT', 'COMMENT'],
    transitions.map((t) => [
      String(t.seq),
      String(t.version),
      t.action,
      t.from ?? '',
      t.to,
      t.by,
      t.role,
      t.at,
      [t.comment, ...(t.reasons ?? []), t.liveFrom ? `live from ${t.liveFrom}` : undefined]
        .filter((part) => part !== undefined && part !== '')
        .join('; '),
    ]),
  );
}

/** A problem+json answer (or anything else) as lines: the detail, then each finding and field. */
export function problemLines(status: number, body: unknown): string[] {
  if (typeof body !== 'object' || body === null) return [`HTTP ${status}: ${String(body ?? '(no body)')}`];
  const problem = body as {
    title?: unknown;
    detail?: unknown;
    problems?: unknown;
    errors?: unknown;
    message?: unknown;
  };
  const lines = [
    `HTTP ${status}: ${String(problem.detail ?? problem.message ?? problem.title ?? 'request failed')}`,
  ];
  if (Array.isArray(problem.problems)) for (const p of problem.problems) lines.push(`  - ${String(p)}`);
  if (Array.isArray(problem.errors))
    // A finding about the whole body is named "(body)" already: not "(body) (body)".
    for (const e of problem.errors as Array<{ field?: unknown; in?: unknown; expected?: unknown }>)
      lines.push(
        `  - ${String(e.field)}${e.field === `(${String(e.in)})` ? '' : ` (${String(e.in)})`}: expected ${String(e.expected)}`,
      );
  return lines;
}

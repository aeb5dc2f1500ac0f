import { writeFileSync } from 'node:fs';

/** A plain-text table: numbers right-aligned, text left-aligned. */
export function table(headers: readonly string[], rows: ReadonlyArray<readonly (string | number)[]>): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i] ?? '').length)));
  const line = (cells: readonly (string | number)[]) =>
    cells
      .map((c, i) => (typeof c === 'number' ? String(c).padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Writes to --out (then says so on stderr) or to stdout. */
export function output(text: string, out: string | undefined, what: string): void {
  if (out === undefined) {
    process.stdout.write(text);
    return;
  }
  writeFileSync(out, text);
  console.error(`Wrote ${what} to ${out}`);
}

/** One figure a benchmark prints; `target`/`pass` when the issue names a target for it. */
export interface BenchFigure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly target?: string;
  readonly pass?: boolean;
}

export function formatFigures(title: string, figures: readonly BenchFigure[]): string {
  const width = Math.max(...figures.map((f) => f.name.length));
  const lines = figures.map((f) => {
    const value = Number.isInteger(f.value) ? String(f.value) : f.value.toFixed(2);
    const verdict = f.pass === undefined ? '' : `  ${f.pass ? 'PASS' : 'FAIL'} (target ${f.target})`;
    return `  ${f.name.padEnd(width)}  ${value.padStart(12)} ${f.unit}${verdict}`;
  });
  return [title, ...lines].join('\n');
}

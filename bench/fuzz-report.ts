import type { BenchFigure } from './result.js';

/** What the fuzz suite counts per target; every count but `cases` has the target 0. */
export interface FuzzStats {
  readonly target: string;
  cases: number;
  /** The handler threw or answered something unusable, or the runtime dropped the connection. */
  crashes: number;
  /** HTTP: 5xx answers (the stores are up, so every 5xx is a fault). Payments: retried records. */
  serverErrors: number;
  /** HTTP: error answers that are not problem+json with nosniff. */
  nonProblem: number;
  /** Log lines quoting a planted unknown key. */
  leaks: number;
}

export function fuzzFigures(all: readonly FuzzStats[], minimumCases: number): BenchFigure[] {
  return all.flatMap((s) => [
    {
      name: `${s.target}: cases`,
      value: s.cases,
      unit: 'cases',
      target: `>= ${minimumCases}`,
      pass: s.cases >= minimumCases,
    },
    { name: `${s.target}: crashes`, value: s.crashes, unit: '', target: '0', pass: s.crashes === 0 },
    {
      name: `${s.target}: 5xx on bad input`,
      value: s.serverErrors,
      unit: '',
      target: '0',
      pass: s.serverErrors === 0,
    },
    {
      name: `${s.target}: non-problem+json errors`,
      value: s.nonProblem,
      unit: '',
      target: '0',
      pass: s.nonProblem === 0,
    },
    { name: `${s.target}: unknown keys logged`, value: s.leaks, unit: '', target: '0', pass: s.leaks === 0 },
  ]);
}

/**
 * The gates of an explanation as one list in the order the pipeline runs them (shared/core/decision.ts
 * GATES), each passed or failed with its reason; a gate the answer names that this list does not know
 * still shows, after the known ones.
 */
import { type Explanation, GATES } from './audit-types.js';

export interface GateRow {
  readonly gate: string;
  readonly passed: boolean;
  readonly reason?: string;
}

export function gateRows(gates: Explanation['gates']): GateRow[] {
  if (gates === undefined) return [];
  const rows: GateRow[] = [
    ...(gates.passed ?? []).map((gate) => ({ gate, passed: true })),
    ...(gates.failed ?? []).map((f) => ({
      gate: f.gate,
      passed: false,
      ...(f.reason === undefined ? {} : { reason: f.reason }),
    })),
  ];
  const rank = (gate: string) => {
    const index = (GATES as readonly string[]).indexOf(gate);
    return index < 0 ? GATES.length : index;
  };
  return rows.sort((a, b) => rank(a.gate) - rank(b.gate) || a.gate.localeCompare(b.gate));
}

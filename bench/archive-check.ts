import { DuckDbArchiveEngine } from '#adapters/archive/duckdb-engine.js';
import type { CustomerKeyStore } from '#archive/ports.js';
import { pseudonymiser } from '#archive/pseudonym.js';
import type { Decision } from '#core/decision.js';

/**
 * Compares what was written to the hot audit table with what reached the archive's decisions dataset: the
 * record ids the archive must hold (keyed pseudonyms of the decision ids under each customer's key, read
 * from the customer-keys table; the id itself for a decision without a customer), the raw and distinct rows
 * it holds, and per record the lag from the decision (decidedAt) to its first archived copy (archived_at).
 */

export type WrittenDecision = Pick<Decision, 'decisionId' | 'customerId' | 'decidedAt'>;

export interface ArchiveComparison {
  readonly written: number;
  /** Rows in the decisions dataset, redelivered copies included. */
  readonly rawRows: number;
  readonly distinctRows: number;
  /** Written decisions with no row in the archive. */
  readonly missing: number;
  /** Distinct archived records that are none of the written decisions. */
  readonly unexpected: number;
  /** archived_at of the first copy minus decidedAt, per written decision found (ms). */
  readonly lagsMs: readonly number[];
}

export async function expectedRecordIds(
  written: readonly WrittenDecision[],
  keys: CustomerKeyStore,
): Promise<Map<string, WrittenDecision>> {
  const customerIds = [
    ...new Set(written.flatMap((d) => (d.customerId === undefined ? [] : [d.customerId]))),
  ];
  const found = await keys.keysOf(customerIds, { create: false });
  const keyed = new Map([...found].map(([id, key]) => [id, pseudonymiser(key)]));
  const expected = new Map<string, WrittenDecision>();
  for (const decision of written) {
    const customer = decision.customerId === undefined ? undefined : keyed.get(decision.customerId);
    if (decision.customerId !== undefined && customer === undefined) {
      // No key: the archiver never saw this customer. The decision cannot be in the archive.
      expected.set(`(no key) ${decision.decisionId}`, decision);
      continue;
    }
    expected.set(customer === undefined ? decision.decisionId : customer.ref(decision.decisionId), decision);
  }
  return expected;
}

export async function compareWithArchive(
  archiveDir: string,
  written: readonly WrittenDecision[],
  keys: CustomerKeyStore,
): Promise<ArchiveComparison> {
  const expected = await expectedRecordIds(written, keys);
  const engine = await DuckDbArchiveEngine.open(archiveDir);
  let rows: readonly Record<string, unknown>[];
  try {
    rows = await engine.run({
      name: 'bench.archived-decisions',
      sql: 'SELECT record_id, min(archived_at) AS first_archived, count(*) AS copies FROM decisions GROUP BY record_id',
      params: [],
    });
  } finally {
    await engine.close();
  }
  const lagsMs: number[] = [];
  let rawRows = 0;
  let unexpected = 0;
  const seen = new Set<string>();
  for (const row of rows) {
    rawRows += Number(row.copies);
    const decision = expected.get(String(row.record_id));
    if (decision === undefined) {
      unexpected++;
      continue;
    }
    seen.add(String(row.record_id));
    lagsMs.push(Date.parse(String(row.first_archived)) - Date.parse(decision.decidedAt));
  }
  return {
    written: written.length,
    rawRows,
    distinctRows: rows.length,
    missing: expected.size - seen.size,
    unexpected,
    lagsMs,
  };
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

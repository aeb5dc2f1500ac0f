import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { objectKey } from '#archive/layout.js';
import { encodeRows } from '#archive/parquet.js';
import type { CustomerKeyStore } from '#archive/ports.js';
import { pseudonymiser } from '#archive/pseudonym.js';
import { type ArchiveRow, decisionRow, withdrawalRow } from '#archive/rows.js';
import { DATASETS, dayOfHour } from '#archive/schema.js';
import type { Decision } from '#core/decision.js';
import type { WithdrawalItem } from '#shared/audit-items.js';

/**
 * Archives records straight into a folder in the archive's layout (rows.ts + parquet.ts + layout.ts), with
 * an in-memory key store, so tests of the queries do not depend on the archiver or the stream poller.
 */

/** The customer-keys table in memory (the one of ./in-memory-archive.ts, under the name these tests use). */
export { InMemoryCustomerKeyStore as MemoryCustomerKeyStore } from './in-memory-archive.js';

export interface ArchiveOptions {
  /** The batch part of the object names (default `fixture`): the same batch again replaces the objects. */
  readonly batch?: string;
  readonly archivedAt?: Date;
  /** The hot key of each decision (default: its own id). */
  readonly hotKeyOf?: (decision: Decision) => string;
}

function writeGrouped(root: string, dataset: 'decisions' | 'withdrawals', rows: ArchiveRow[], batch: string) {
  const groups = new Map<string, ArchiveRow[]>();
  for (const row of rows) {
    const key = objectKey(dataset, dayOfHour(String(row.record_hour)), Number(row.retention_days), batch);
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  for (const [key, grouped] of groups) {
    const file = join(root, key);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, encodeRows(DATASETS[dataset], grouped));
  }
}

/** Archives decisions into `root`; their customers' keys are created in `keys` when missing. */
export async function archiveDecisions(
  root: string,
  keys: CustomerKeyStore,
  decisions: readonly Decision[],
  options: ArchiveOptions = {},
): Promise<void> {
  const archivedAt = options.archivedAt ?? new Date();
  const customers = [
    ...new Set(decisions.flatMap((d) => (d.customerId === undefined ? [] : [d.customerId]))),
  ];
  const found = await keys.keysOf(customers, { create: true });
  const rows = decisions.map((decision) => {
    const key = decision.customerId === undefined ? undefined : found.get(decision.customerId);
    return decisionRow(
      decision,
      options.hotKeyOf?.(decision) ?? decision.decisionId,
      key === undefined ? undefined : pseudonymiser(key),
      archivedAt,
    );
  });
  writeGrouped(root, 'decisions', rows, options.batch ?? 'fixture');
}

/** Archives offer withdrawals into `root`. */
export async function archiveWithdrawals(
  root: string,
  keys: CustomerKeyStore,
  withdrawals: readonly WithdrawalItem[],
  options: Pick<ArchiveOptions, 'batch' | 'archivedAt'> = {},
): Promise<void> {
  const archivedAt = options.archivedAt ?? new Date();
  const found = await keys.keysOf([...new Set(withdrawals.map((w) => w.customerId))], { create: true });
  const rows = withdrawals.map((w) => {
    const key = found.get(w.customerId);
    if (key === undefined) throw new Error('no key');
    return withdrawalRow(w, pseudonymiser(key), archivedAt);
  });
  writeGrouped(root, 'withdrawals', rows, options.batch ?? 'fixture');
}

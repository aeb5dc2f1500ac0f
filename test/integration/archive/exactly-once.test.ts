import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbArchiveEngine } from '#adapters/archive/duckdb-engine.js';
import type { ArchiveObject, ArchiveSink } from '#archive/ports.js';
import { pseudonymiser } from '#archive/pseudonym.js';
import { openContent } from '#archive/rows.js';
import { hourOf } from '#archive/schema.js';
// Swap for '#archive/sql/counts.sql.js' at merge (same signature, agreed in the common brief).
import { suppressedCountsStatement } from '#archive/sql/counts.sql.js';
import { customerRowsStatement } from '#archive/sql/customer.sql.js';
import { compareWithArchive } from '#bench/archive-check.js';
import {
  CUSTOMER_KEYS_TABLE,
  customerKeyStore,
  folderArchiveSink,
  loadArchiveStreamRecords,
  loadStartArchiving,
} from '#bench/archive-pending.js';
import type { Decision } from '#core/decision.js';
import { DynamoHarness, streamRecords } from '#test/integration/support/dynamo-harness.js';
import { eventually } from '#test/integration/support/wait.js';
import { countsOfRows, decideDemo, sourceRecordOf, suppressedCounts } from './end-to-end-support.js';

/**
 * Issue 15: decisions flow to the archive exactly once in effect. The demo stream is decided by the real
 * pipeline into DynamoDB Local; then the archiver is killed mid-batch (its sink dies after the first object
 * of the batch), restarted (the local poller reads the stream from its start and archives everything), and
 * the batch is redelivered split differently (as a bisected Lambda retry would), so the archive holds
 * copies of rows under other object keys. The query definitions still count every decision once.
 */

class KilledSink implements ArchiveSink {
  written = 0;

  constructor(
    private readonly inner: ArchiveSink,
    private readonly survives: number,
  ) {}

  async put(object: ArchiveObject): Promise<void> {
    if (this.written >= this.survives) throw new Error('the archiver was killed');
    this.written++;
    await this.inner.put(object);
  }
}

const NOW = new Date();

describe('the archive holds every decision exactly once in effect', () => {
  let harness: DynamoHarness;
  const archiveDir = mkdtempSync(join(tmpdir(), 'archive-once-'));

  beforeAll(async () => {
    harness = await DynamoHarness.start();
  });

  afterAll(async () => {
    await harness?.stop();
    rmSync(archiveDir, { recursive: true, force: true });
  });

  it('through a killed archiver, a restart and a redelivery split differently', async () => {
    const run = await decideDemo(harness, { events: 400, customers: 120, seed: 15, now: NOW });
    const stored = run.stored;
    expect(stored.length).toBeGreaterThan(300);
    const keys = await customerKeyStore(harness.documents, CUSTOMER_KEYS_TABLE);
    const folder = await folderArchiveSink(archiveDir);
    const archiveStreamRecords = await loadArchiveStreamRecords();

    // 1. Killed mid-batch: the archiver's sink dies after one object, every retry of the batch fails too.
    const startArchiving = await loadStartArchiving();
    const killed = new KilledSink(folder, 1);
    const failures: unknown[] = [];
    const dying = await startArchiving({
      endpoint: harness.endpoint,
      tables: { audit: harness.tables.audit },
      archiveDir,
      keysTable: CUSTOMER_KEYS_TABLE,
      pollIntervalMs: 50,
      sink: killed,
      onError: (error) => failures.push(error),
    });
    try {
      await eventually(async () => (failures.length > 1 ? true : undefined));
    } finally {
      await dying.stop();
    }
    expect(killed.written).toBe(1);

    // 2. Restarted: a new archiver reads the stream from its start and archives everything.
    const archiving = await startArchiving({
      endpoint: harness.endpoint,
      tables: { audit: harness.tables.audit },
      archiveDir,
      keysTable: CUSTOMER_KEYS_TABLE,
      pollIntervalMs: 50,
    });
    try {
      await archiving.drain();
    } finally {
      await archiving.stop();
    }

    // 3. Redelivered in other batches (a retried batch bisected): other object keys, the same rows again.
    const records = (await streamRecords(harness.endpoint, harness.tables.audit)).map((r) =>
      sourceRecordOf('audit', r),
    );
    const half = Math.floor(records.length / 2);
    for (const part of [records.slice(0, half), records.slice(half)]) {
      await archiveStreamRecords(part, { keys, sink: folder, now: () => new Date() });
    }

    // Every stored decision is in the archive under its keyed id, nothing else is, and copies exist.
    const comparison = await compareWithArchive(archiveDir, stored, keys);
    expect(comparison).toMatchObject({ missing: 0, unexpected: 0, distinctRows: stored.length });
    expect(comparison.rawRows).toBeGreaterThan(stored.length);

    const engine = await DuckDbArchiveEngine.open(archiveDir);
    try {
      const [totals] = await engine.run({
        name: 'test.totals',
        sql: 'SELECT count(*) AS raw, count(DISTINCT record_id) AS n FROM decisions',
        params: [],
      });
      expect(totals).toEqual({ raw: comparison.rawRows, n: stored.length });

      // The count definition counts each suppressed decision once per reason, copies or not.
      const counted = await engine.run(
        suppressedCountsStatement({
          basis: 'decided',
          fromHour: hourOf(new Date(NOW.getTime() - 3_600_000)),
          toHour: hourOf(new Date(NOW.getTime() + 3_600_000)),
        }),
      );
      expect(countsOfRows(counted)).toEqual(suppressedCounts(stored));

      // A customer's history lists each of their decisions once, and opens to exactly what was decided.
      const customerId = busiestCustomer(stored);
      const [key] = (await keys.keysOf([customerId], { create: false })).values();
      if (key === undefined) throw new Error('the archiver created no key for the customer');
      const keyed = pseudonymiser(key);
      const day = NOW.toISOString().slice(0, 10);
      const rows = await engine.run(
        customerRowsStatement('decisions', keyed.customerRef, { fromDay: day, toDay: day }),
      );
      const opened = rows.map((row) => {
        if (!(row.content instanceof Uint8Array)) throw new Error('a row without content');
        return openContent<Decision>({ content: row.content, customer_ref: keyed.customerRef }, keyed).record;
      });
      const theirs = stored.filter((d) => d.customerId === customerId);
      expect(sortById(opened)).toEqual(sortById(theirs));
    } finally {
      await engine.close();
    }
  });
});

function busiestCustomer(decisions: readonly Decision[]): string {
  const counts = new Map<string, number>();
  for (const d of decisions) if (d.customerId) counts.set(d.customerId, (counts.get(d.customerId) ?? 0) + 1);
  const [best] = [...counts].sort((a, b) => b[1] - a[1]);
  if (best === undefined) throw new Error('no decision names a customer');
  return best[0];
}

const sortById = (decisions: readonly Decision[]): Decision[] =>
  [...decisions].sort((a, b) => (a.decisionId < b.decisionId ? -1 : 1));

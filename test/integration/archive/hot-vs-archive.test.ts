import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbArchiveEngine } from '#adapters/archive/duckdb-engine.js';
import type { CustomerKeyStore } from '#archive/ports.js';
import { pseudonymiser } from '#archive/pseudonym.js';
import { openContent } from '#archive/rows.js';
import { hourOf } from '#archive/schema.js';
// Swap for '#archive/sql/counts.sql.js' at merge (same signature, agreed in the common brief).
import { suppressedCountsStatement } from '#archive/sql/counts.sql.js';
import { customerRowsStatement } from '#archive/sql/customer.sql.js';
import { CUSTOMER_KEYS_TABLE, customerKeyStore, loadStartArchiving } from '#bench/archive-pending.js';
import type { Decision } from '#core/decision.js';
import { DynamoHarness } from '#test/integration/support/dynamo-harness.js';
import {
  byOutcome,
  countsOfRows,
  type DemoRun,
  decideDemo,
  hotDecisions,
  suppressedCounts,
} from './end-to-end-support.js';

/**
 * Issue 15: the same question gets the same answer from the hot table (DynamoDB Local, the decisions read
 * back by key) and from the archive (DuckDB over the Parquet files the local archiver wrote from the audit
 * table's stream): counts per outcome, suppressed counts per reason and trigger, and one customer's
 * decisions, over the demo stream decided by the real pipeline.
 */

const NOW = new Date();
const period = {
  basis: 'decided' as const,
  fromHour: hourOf(new Date(NOW.getTime() - 3_600_000)),
  toHour: hourOf(new Date(NOW.getTime() + 3_600_000)),
};
const DAY = NOW.toISOString().slice(0, 10);

describe('the hot table and the archive give the same answers', () => {
  let harness: DynamoHarness;
  let engine: DuckDbArchiveEngine;
  let keys: CustomerKeyStore;
  let run: DemoRun;
  let hot: Decision[];
  const archiveDir = mkdtempSync(join(tmpdir(), 'archive-hot-'));

  beforeAll(async () => {
    harness = await DynamoHarness.start();
    run = await decideDemo(harness, { events: 500, customers: 150, seed: 21, now: NOW });
    hot = await hotDecisions(harness.documents, harness.tables.audit, run);
    const startArchiving = await loadStartArchiving();
    const archiving = await startArchiving({
      endpoint: harness.endpoint,
      tables: { audit: harness.tables.audit },
      archiveDir,
      keysTable: CUSTOMER_KEYS_TABLE,
      pollIntervalMs: 100,
    });
    try {
      await archiving.drain();
    } finally {
      await archiving.stop();
    }
    keys = await customerKeyStore(harness.documents, CUSTOMER_KEYS_TABLE);
    engine = await DuckDbArchiveEngine.open(archiveDir);
  });

  afterAll(async () => {
    await engine?.close();
    await harness?.stop();
    rmSync(archiveDir, { recursive: true, force: true });
  });

  it('reads back by key every decision the pipeline stored', () => {
    expect(hot.length).toBe(run.stored.length);
    expect(new Set(hot.map((d) => d.decisionId))).toEqual(new Set(run.stored.map((d) => d.decisionId)));
    // The demo mix has every outcome, so each count below is compared on something.
    expect(Object.keys(byOutcome(hot)).sort()).toEqual(['emitted', 'no_trigger', 'rejected', 'suppressed']);
  });

  it('counts per outcome', async () => {
    const rows = await engine.run({
      name: 'test.outcomes',
      sql: `SELECT outcome, count(DISTINCT record_id) AS n FROM decisions
WHERE record_day >= ? AND record_day <= ? AND record_hour >= ? AND record_hour < ?
GROUP BY outcome`,
      params: [DAY, DAY, period.fromHour, period.toHour],
    });
    expect(Object.fromEntries(rows.map((r) => [r.outcome, r.n]))).toEqual(byOutcome(hot));
  });

  it('counts suppressed decisions per reason and trigger, the sensitive screen as no trigger', async () => {
    const archived = countsOfRows(await engine.run(suppressedCountsStatement(period)));
    expect(archived).toEqual(suppressedCounts(hot));
    expect(Object.keys(archived)).toContain('sensitive_category|null');
    expect(Object.keys(archived).some((k) => !k.endsWith('|null'))).toBe(true);
  });

  it('filters the counts by trigger and by reason alike', async () => {
    const gated = hot.find((d) => d.outcome === 'suppressed' && d.triggerId !== undefined);
    const triggerId = gated?.triggerId;
    const reason = gated?.reasons[0];
    if (triggerId === undefined || reason === undefined) throw new Error('no gate-suppressed decision');
    const expected = suppressedCounts(hot.filter((d) => d.triggerId === triggerId));
    const byTrigger = countsOfRows(await engine.run(suppressedCountsStatement({ ...period, triggerId })));
    expect(byTrigger).toEqual(expected);
    // A reason filter keeps the records carrying it, each still counted under every reason it has.
    const carrying = hot.filter((d) => d.triggerId === triggerId && d.reasons.includes(reason));
    const byBoth = countsOfRows(
      await engine.run(suppressedCountsStatement({ ...period, triggerId, reason })),
    );
    expect(byBoth).toEqual(suppressedCounts(carrying));
    const sensitive = countsOfRows(
      await engine.run(suppressedCountsStatement({ ...period, triggerId: 'none' })),
    );
    expect(sensitive).toEqual(suppressedCounts(hot.filter((d) => d.triggerId === undefined)));
  });

  it("lists one customer's decisions alike", async () => {
    const counts = new Map<string, number>();
    for (const d of hot) if (d.customerId) counts.set(d.customerId, (counts.get(d.customerId) ?? 0) + 1);
    const [customerId] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? [];
    if (customerId === undefined) throw new Error('no decision names a customer');
    const [key] = (await keys.keysOf([customerId], { create: false })).values();
    if (key === undefined) throw new Error('the archiver created no key for the customer');
    const keyed = pseudonymiser(key);
    const rows = await engine.run(
      customerRowsStatement('decisions', keyed.customerRef, { fromDay: DAY, toDay: DAY }),
    );
    const archived = rows.map((row) => {
      if (!(row.content instanceof Uint8Array)) throw new Error('a row without content');
      return openContent<Decision>({ content: row.content, customer_ref: keyed.customerRef }, keyed).record;
    });
    const theirs = hot.filter((d) => d.customerId === customerId);
    expect(theirs.length).toBeGreaterThan(1);
    const sort = (ds: readonly Decision[]) => [...ds].sort((a, b) => (a.decisionId < b.decisionId ? -1 : 1));
    expect(sort(archived)).toEqual(sort(theirs));
  });
});

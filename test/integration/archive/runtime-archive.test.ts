import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbArchiveEngine } from '#adapters/archive/duckdb-engine.js';
import { DynamoCustomerKeyStore } from '#adapters/dynamodb/customer-key-store.js';
import { pseudonymiser } from '#archive/pseudonym.js';
import { PipelineHarness } from '#test/integration/support/pipeline.js';
import { atmAbroad, groceries, traveller } from '#test/support/builders.js';

/** The local runtime archives what the pipeline decides, through the archive-records handler itself. */
let pipeline: PipelineHarness;

beforeAll(async () => {
  pipeline = await PipelineHarness.start();
});

afterAll(async () => {
  await pipeline?.stop();
});

describe('local runtime archive', () => {
  it('archives every decision of the pipeline once, keyed by the customer, into ARCHIVE_DIR', async () => {
    const { runtime } = pipeline;
    expect(runtime.env.ARCHIVE_DIR).toBe(runtime.archiveDir);
    await pipeline.loadCustomers([traveller('c-arch-1')]);
    await pipeline.send(atmAbroad('evt-arch-1', 'c-arch-1'));
    await pipeline.send(groceries('evt-arch-2', 'c-arch-1'));
    await runtime.idle(30_000);
    await runtime.drainArchive(30_000);

    const engine = await DuckDbArchiveEngine.open(runtime.archiveDir);
    try {
      const rows = await engine.run({
        name: 'test.by-outcome',
        sql: 'SELECT outcome, trigger_id, customer_ref, count(*) AS copies, count(DISTINCT record_id) AS n FROM decisions GROUP BY 1, 2, 3 ORDER BY 1, 2',
        params: [],
      });
      const keys = await new DynamoCustomerKeyStore(pipeline.documents, 'customer-keys').keysOf(
        ['c-arch-1'],
        {
          create: false,
        },
      );
      const key = keys.get('c-arch-1');
      if (key === undefined) throw new Error('the archiver created no key');
      const ref = pseudonymiser(key).customerRef;
      expect(rows).toContainEqual({
        outcome: 'emitted',
        trigger_id: 'card-abroad-worldwide-cover',
        customer_ref: ref,
        copies: 1,
        n: 1,
      });
      expect(rows).toContainEqual({
        outcome: 'no_trigger',
        trigger_id: null,
        customer_ref: ref,
        copies: 1,
        n: 1,
      });
    } finally {
      await engine.close();
    }
    expect(pipeline.errors).toEqual([]);
  });

  it('removes its own temporary archive folder on stop', async () => {
    const dir = pipeline.runtime.archiveDir;
    expect(existsSync(dir)).toBe(true);
    await pipeline.stop();
    expect(existsSync(dir)).toBe(false);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DuckDbArchiveEngine } from '#adapters/archive/duckdb-engine.js';
import { FolderArchiveSink } from '#adapters/archive/fs-sink.js';
import { archiveStreamRecords, batchName, retainUntilOf } from '#archive/archiver.js';
import { ArchiveKeyError } from '#archive/errors.js';
import type { CustomerKeyStore } from '#archive/ports.js';
import type { ArchiveSourceRecord } from '#archive/records.js';
import type { Decision } from '#core/decision.js';
import { RETENTION_DAYS } from '#shared/retention.js';
import { InMemoryArchiveSink, InMemoryCustomerKeyStore } from '#test/support/in-memory-archive.js';

const root = mkdtempSync(join(tmpdir(), 'archiver-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const NOW = new Date('2026-12-01T00:00:30.000Z');
const now = () => NOW;

function decisionRecord(n: number, over: Partial<Decision> = {}): ArchiveSourceRecord {
  const decision: Decision = {
    decisionId: `d_${n.toString(16).padStart(32, '0')}`,
    eventId: `evt-${n}`,
    customerId: `c-${n % 3}`,
    outcome: n % 2 === 0 ? 'suppressed' : 'no_trigger',
    reasons: n % 2 === 0 ? ['no_consent'] : [],
    decidedAt: n < 5 ? '2026-11-30T23:59:00.000Z' : '2026-12-01T00:00:10.000Z',
    policyVersion: 'catalog-1',
    ...over,
  };
  return {
    table: 'audit',
    eventName: 'INSERT',
    sequenceNumber: String(1000 + n),
    approximateCreation: new Date(NOW.getTime() - 1000 * n),
    newImage: { ...decision, contentHash: 'h', ttl: 1 },
  };
}

const batch = Array.from({ length: 8 }, (_, n) => decisionRecord(n));

describe('archiveStreamRecords', () => {
  it('groups rows by dataset, day and retention, with deterministic keys and lock dates', async () => {
    const keys = new InMemoryCustomerKeyStore();
    const sink = new InMemoryArchiveSink();
    const result = await archiveStreamRecords(batch, { keys, sink, now });
    expect(result).toMatchObject({ rows: 8, objects: 4 });
    expect(result.lagsMs).toEqual(batch.map((_, n) => 1000 * n));
    // One read of the keys for the whole batch, creating the missing ones.
    expect(keys.calls).toEqual([{ ids: ['c-0', 'c-1', 'c-2'], create: true }]);
    const put = [...sink.objects.values()].map((o) => [
      o.key.replace(/-[0-9a-f]{24}\.parquet$/, ''),
      o.retainUntil.toISOString(),
    ]);
    expect(put.sort()).toEqual(
      [
        [`decisions/record_day=2026-11-30/${RETENTION_DAYS.decisionNoTrigger}d`, '2027-03-01T00:00:00.000Z'],
        [
          `decisions/record_day=2026-11-30/${RETENTION_DAYS.decisionSuppressed}d`,
          retainUntilOf('2026-11-30', 730).toISOString(),
        ],
        [`decisions/record_day=2026-12-01/${RETENTION_DAYS.decisionNoTrigger}d`, '2027-03-02T00:00:00.000Z'],
        [`decisions/record_day=2026-12-01/${RETENTION_DAYS.decisionSuppressed}d`, '2028-12-01T00:00:00.000Z'],
      ].sort(),
    );
    // The batch name is that of the records in the object.
    const suppressedLate = batch.filter((_, n) => n >= 5 && n % 2 === 0);
    expect(
      sink.objects.has(`decisions/record_day=2026-12-01/730d-${batchName(suppressedLate)}.parquet`),
    ).toBe(true);
  });

  it('writes the same keys when the batch is redelivered, in any order', async () => {
    const keys = new InMemoryCustomerKeyStore();
    const first = new InMemoryArchiveSink();
    const again = new InMemoryArchiveSink();
    await archiveStreamRecords(batch, { keys, sink: first, now });
    await archiveStreamRecords([...batch].reverse(), { keys, sink: again, now: () => new Date() });
    expect([...again.objects.keys()].sort()).toEqual([...first.objects.keys()].sort());
    // A different split writes other keys (deduplicated by record_id at query time).
    const half = new InMemoryArchiveSink();
    await archiveStreamRecords(batch.slice(0, 3), { keys, sink: half, now });
    expect([...half.objects.keys()].some((key) => first.objects.has(key))).toBe(false);
  });

  it('names no customer, event or instant in clear, and counts a redelivered record once', async () => {
    const dir = join(root, 'clear');
    const keys = new InMemoryCustomerKeyStore();
    await archiveStreamRecords(batch, { keys, sink: new FolderArchiveSink(dir), now });
    await archiveStreamRecords(batch.slice(2, 6), { keys, sink: new FolderArchiveSink(dir), now });
    const engine = await DuckDbArchiveEngine.open(dir);
    try {
      const [count] = await engine.run({
        name: 'count',
        sql: 'SELECT count(*) AS copies, count(DISTINCT record_id) AS n FROM decisions',
        params: [],
      });
      expect(count).toEqual({ copies: 12, n: 8 });
      const rows = await engine.run({
        name: 'clear',
        sql: 'SELECT record_id, customer_ref, record_hour, outcome, reasons, trigger_id, paid_hour, archived_at FROM decisions',
        params: [],
      });
      const clear = JSON.stringify(rows);
      expect(clear).not.toMatch(/c-[012]|evt-|d_0|23:59/);
    } finally {
      await engine.close();
    }
  });

  it('writes nothing when a key is missing, and stops at the first failed object', async () => {
    const keyless: CustomerKeyStore = {
      keysOf: async () => new Map(),
      keysOfRefs: async () => new Map(),
      destroy: async () => 'absent',
    };
    const sink = new InMemoryArchiveSink();
    await expect(archiveStreamRecords(batch, { keys: keyless, sink, now })).rejects.toThrow(ArchiveKeyError);
    expect(sink.puts).toEqual([]);
    sink.failOnPut = 1;
    await expect(
      archiveStreamRecords(batch, { keys: new InMemoryCustomerKeyStore(), sink, now }),
    ).rejects.toThrow(/sink failure/);
    expect(sink.puts).toHaveLength(1);
  });

  it('archives nothing for REMOVE and MODIFY, but reports their lag', async () => {
    const sink = new InMemoryArchiveSink();
    const result = await archiveStreamRecords(
      [
        {
          table: 'audit',
          eventName: 'REMOVE',
          sequenceNumber: '1',
          approximateCreation: new Date(NOW.getTime() - 5),
        },
      ],
      { keys: new InMemoryCustomerKeyStore(), sink, now },
    );
    expect(result).toEqual({ rows: 0, objects: 0, lagsMs: [5] });
  });
});

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DuckDbArchiveEngine } from '#adapters/archive/duckdb-engine.js';
import { objectKey } from '#archive/layout.js';
import { encodeRows } from '#archive/parquet.js';
import { newKeyMaterial, pseudonymiser, SealError } from '#archive/pseudonym.js';
import { decisionRow, openContent, reasonsColumn } from '#archive/rows.js';
import { DATASETS } from '#archive/schema.js';
import type { Decision } from '#core/decision.js';

const root = mkdtempSync(join(tmpdir(), 'archive-rt-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const decision: Decision = {
  decisionId: 'd_0123456789abcdef0123456789abcdef',
  eventId: 'evt-1',
  customerId: 'c-1',
  outcome: 'suppressed',
  triggerId: 'card-abroad-worldwide-cover',
  triggerVersion: 3,
  offerId: 'worldwide-travel-cover',
  reasons: ['frequency_capped', 'no_consent'],
  decidedAt: '2026-11-30T14:22:05.123Z',
  occurredAt: '2026-11-30T14:21:00.000Z',
  policyVersion: 'catalog-7',
};

describe('archive rows, Parquet and DuckDB', () => {
  it('keeps no customer id, event id or instant in clear, and opens the content with the key only', async () => {
    const key = { customerId: 'c-1', material: newKeyMaterial() };
    const keyed = pseudonymiser(key);
    const row = decisionRow(decision, 'd_event', keyed, new Date('2026-11-30T14:22:06.000Z'));
    const file = join(root, objectKey('decisions', '2026-11-30', 730, 'b1'));
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, encodeRows(DATASETS.decisions, [row, row]));

    const engine = await DuckDbArchiveEngine.open(root);
    const rows = await engine.run({
      name: 'test',
      sql: 'SELECT count(DISTINCT record_id) AS n, any_value(reasons) AS reasons, any_value(content) AS content, any_value(customer_ref) AS customer_ref, any_value(record_day) AS day, any_value(record_hour) AS hour FROM decisions WHERE record_day = ?',
      params: ['2026-11-30'],
    });
    await engine.close();
    const [only] = rows;
    expect(only).toMatchObject({
      n: 1,
      reasons: reasonsColumn(decision.reasons),
      day: '2026-11-30',
      hour: '2026-11-30T14',
    });
    expect(only?.customer_ref).toBe(keyed.customerRef);
    const content = only?.content;
    if (!(content instanceof Uint8Array)) throw new Error('no content');
    expect(Buffer.from(content).toString('latin1')).not.toMatch(/c-1|evt-1|14:22/);
    expect(openContent({ content, customer_ref: keyed.customerRef }, keyed)).toEqual({
      hotKey: 'd_event',
      record: decision,
    });
    const other = pseudonymiser({ customerId: 'c-1', material: newKeyMaterial() });
    expect(() => openContent({ content, customer_ref: keyed.customerRef }, other)).toThrow(SealError);
    expect(other.customerRef).not.toBe(keyed.customerRef);
  });
});

describe('customerRowsStatement', () => {
  it('returns a customer row once however often it was archived', async () => {
    const { customerRowsStatement } = await import('#archive/sql/customer.sql.js');
    const dir = mkdtempSync(join(tmpdir(), 'archive-cust-'));
    const keyed = pseudonymiser({ customerId: 'c-2', material: newKeyMaterial() });
    const other = pseudonymiser({ customerId: 'c-3', material: newKeyMaterial() });
    for (const [batch, keys] of [
      ['a', [keyed, other]],
      ['b', [keyed]],
    ] as const) {
      const file = join(dir, objectKey('decisions', '2026-11-30', 730, batch));
      mkdirSync(dirname(file), { recursive: true });
      const rows = keys.map((k) =>
        decisionRow({ ...decision, customerId: k === keyed ? 'c-2' : 'c-3' }, 'h', k, new Date()),
      );
      writeFileSync(file, encodeRows(DATASETS.decisions, rows));
    }
    const engine = await DuckDbArchiveEngine.open(dir);
    const rows = await engine.run(
      customerRowsStatement('decisions', keyed.customerRef, { fromDay: '2026-11-01', toDay: '2026-12-31' }),
    );
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
    expect(rows).toHaveLength(1);
    expect(rows[0]?.customer_ref).toBe(keyed.customerRef);
  });
});

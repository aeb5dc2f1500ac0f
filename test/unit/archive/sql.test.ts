import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbArchiveEngine } from '#adapters/archive/duckdb-engine.js';
import { pseudonymiser } from '#archive/pseudonym.js';
import { openContent } from '#archive/rows.js';
import { suppressedCountsStatement, suppressedTotalsStatement } from '#archive/sql/counts.sql.js';
import { customerRowsStatement } from '#archive/sql/customer.sql.js';
import { overviewStatement } from '#archive/sql/overview.sql.js';
import { recordsByIdStatement } from '#archive/sql/records.sql.js';
import {
  suppressedListStatement,
  suppressedOfTriggerStatement,
  withoutPaymentTimeStatement,
} from '#archive/sql/suppressed.sql.js';
import type { Decision } from '#core/decision.js';
import {
  archiveDecisions,
  archiveWithdrawals,
  MemoryCustomerKeyStore,
} from '#test/support/archive-fixture.js';

const id = (n: number) => `d_${n.toString(16).padStart(32, '0')}`;
const base = { policyVersion: 'catalog-7', reasons: [] as Decision['reasons'] };
const CARD = 'card-abroad-worldwide-cover';
const TICKET = 'ticket-travel-insurance';
const decisions: Decision[] = [
  {
    ...base,
    decisionId: id(1),
    eventId: 'evt-1',
    customerId: 'c-1',
    outcome: 'suppressed',
    triggerId: CARD,
    triggerVersion: 3,
    offerId: 'worldwide-travel-cover',
    reasons: ['frequency_capped', 'no_consent'],
    decidedAt: '2026-11-30T14:22:05.123Z',
    occurredAt: '2026-11-30T14:21:00.000Z',
  },
  {
    ...base,
    decisionId: id(2),
    eventId: 'evt-2',
    customerId: 'c-2',
    outcome: 'suppressed',
    reasons: ['sensitive_category'],
    decidedAt: '2026-11-30T10:00:00.000Z',
  },
  {
    ...base,
    decisionId: id(3),
    eventId: 'evt-3',
    customerId: 'c-3',
    outcome: 'emitted',
    triggerId: CARD,
    triggerVersion: 3,
    decidedAt: '2026-11-29T09:00:00.000Z',
    occurredAt: '2026-11-29T08:59:00.000Z',
  },
  {
    ...base,
    decisionId: id(4),
    eventId: 'evt-4',
    customerId: 'c-4',
    outcome: 'suppressed',
    triggerId: TICKET,
    triggerVersion: 1,
    reasons: ['no_consent'],
    decidedAt: '2026-12-01T01:00:00.000Z',
    occurredAt: '2026-11-30T23:30:00.000Z',
  },
  {
    ...base,
    decisionId: id(5),
    outcome: 'rejected',
    reasons: ['invalid_event'],
    decidedAt: '2026-11-30T12:00:00.000Z',
  },
  {
    ...base,
    decisionId: id(6),
    eventId: 'evt-6',
    customerId: 'c-5',
    outcome: 'no_trigger',
    decidedAt: '2026-11-30T15:00:00.000Z',
    occurredAt: '2026-11-30T15:00:00.000Z',
  },
];

const root = mkdtempSync(join(tmpdir(), 'archive-sql-'));
const keys = new MemoryCustomerKeyStore();
let engine: DuckDbArchiveEngine;
const DAY = { fromHour: '2026-11-30T00', toHour: '2026-12-01T00' } as const;

beforeAll(async () => {
  await archiveDecisions(root, keys, decisions, { batch: 'a', archivedAt: new Date('2026-12-01T02:00:00Z') });
  // A redelivered batch, split differently: c-1's row again.
  await archiveDecisions(root, keys, [decisions[0] as Decision], {
    batch: 'b',
    archivedAt: new Date('2026-12-01T02:00:01Z'),
  });
  await archiveWithdrawals(root, keys, [
    {
      decisionId: `w_${'a'.repeat(32)}`,
      kind: 'offer_withdrawal',
      customerId: 'c-3',
      offerInstanceId: 'oi-3',
      offerId: 'worldwide-travel-cover',
      triggerId: CARD,
      triggerVersion: 3,
      withdrawalReason: 'consent_withdrawn',
      decidedAt: '2026-11-30T08:00:00.000Z',
    },
  ]);
  engine = await DuckDbArchiveEngine.open(root, { threads: 1 });
});
afterAll(async () => {
  await engine.close();
  rmSync(root, { recursive: true, force: true });
});

const keyOf = async (customerId: string) => {
  const key = (await keys.keysOf([customerId], { create: false })).get(customerId);
  if (key === undefined) throw new Error('no key');
  return pseudonymiser(key);
};

describe('the archive query definitions on DuckDB', () => {
  it('counts suppressed decisions per reason and trigger, each record once', async () => {
    const rows = await engine.run(suppressedCountsStatement({ basis: 'decided', ...DAY }));
    expect(rows).toEqual([
      { reason: 'frequency_capped', trigger_id: CARD, n: 1 },
      { reason: 'no_consent', trigger_id: CARD, n: 1 },
      { reason: 'sensitive_category', trigger_id: null, n: 1 },
    ]);
    const totals = await engine.run(suppressedTotalsStatement({ basis: 'decided', ...DAY }));
    expect(totals).toEqual([
      { trigger_id: CARD, n: 1 },
      { trigger_id: null, n: 1 },
    ]);
  });

  it('counts on the payment time, with filters, and what has no payment time', async () => {
    const rows = await engine.run(
      suppressedCountsStatement({ basis: 'payment', ...DAY, reason: 'no_consent' }),
    );
    expect(rows).toEqual([
      { reason: 'frequency_capped', trigger_id: CARD, n: 1 },
      { reason: 'no_consent', trigger_id: CARD, n: 1 },
      { reason: 'no_consent', trigger_id: TICKET, n: 1 },
    ]);
    const none = await engine.run(suppressedCountsStatement({ basis: 'payment', ...DAY, triggerId: 'none' }));
    expect(none).toEqual([]);
    const screened = await engine.run(
      suppressedCountsStatement({ basis: 'decided', ...DAY, triggerId: 'none' }),
    );
    expect(screened).toEqual([{ reason: 'sensitive_category', trigger_id: null, n: 1 }]);
    const without = await engine.run(withoutPaymentTimeStatement(DAY));
    expect(without).toEqual([{ n: 1 }]);
  });

  it('lists suppressed decisions newest first, a page at a time, opening with the key', async () => {
    const first = await engine.run(suppressedListStatement({ basis: 'decided', ...DAY, limit: 1 }));
    expect(first.map((r) => r.record_hour)).toEqual(['2026-11-30T14']);
    const row = first[0];
    if (row === undefined || !(row.content instanceof Uint8Array)) throw new Error('no row');
    const keyed = await keyOf('c-1');
    expect(row.customer_ref).toBe(keyed.customerRef);
    expect(
      openContent<Decision>({ content: row.content, customer_ref: keyed.customerRef }, keyed).record,
    ).toEqual(decisions[0]);
    const next = await engine.run(
      suppressedListStatement({
        basis: 'decided',
        ...DAY,
        limit: 5,
        after: { hour: String(row.list_hour), recordId: String(row.record_id) },
      }),
    );
    expect(next.map((r) => [r.record_hour, r.trigger_id])).toEqual([['2026-11-30T10', null]]);
    const paid = await engine.run(
      suppressedListStatement({ basis: 'payment', ...DAY, limit: 5, triggerId: TICKET }),
    );
    expect(paid.map((r) => [r.paid_hour, r.record_hour])).toEqual([['2026-11-30T23', '2026-12-01T01']]);
  });

  it('gives the overview per UTC day', async () => {
    const rows = await engine.run(
      overviewStatement({ basis: 'decided', fromHour: '2026-11-29T00', toHour: '2026-12-02T00' }),
    );
    expect(rows).toEqual([
      { utc_day: '2026-11-29', series: 'outcome', name: 'emitted', n: 1 },
      { utc_day: '2026-11-30', series: 'outcome', name: 'no_trigger', n: 1 },
      { utc_day: '2026-11-30', series: 'outcome', name: 'rejected', n: 1 },
      { utc_day: '2026-11-30', series: 'outcome', name: 'suppressed', n: 2 },
      { utc_day: '2026-11-30', series: 'reason', name: 'frequency_capped', n: 1 },
      { utc_day: '2026-11-30', series: 'reason', name: 'no_consent', n: 1 },
      { utc_day: '2026-11-30', series: 'reason', name: 'sensitive_category', n: 1 },
      { utc_day: '2026-11-30', series: 'trigger', name: CARD, n: 1 },
      { utc_day: '2026-11-30', series: 'trigger', name: 'none', n: 1 },
      { utc_day: '2026-12-01', series: 'outcome', name: 'suppressed', n: 1 },
      { utc_day: '2026-12-01', series: 'reason', name: 'no_consent', n: 1 },
      { utc_day: '2026-12-01', series: 'trigger', name: TICKET, n: 1 },
    ]);
  });

  it('finds records by keyed id, rows of a customer, and whether a trigger has suppressed records', async () => {
    const keyed = await keyOf('c-1');
    const days = { fromDay: '2026-01-01', toDay: '2026-12-31' };
    const byId = await engine.run(
      recordsByIdStatement(
        'decisions',
        { recordIds: [keyed.ref(id(1))], customerRef: keyed.customerRef },
        days,
      ),
    );
    expect(byId).toHaveLength(1);
    const plain = await engine.run(
      recordsByIdStatement('decisions', { recordIds: [id(5)], customerRef: null }, days),
    );
    expect(plain.map((r) => r.outcome)).toEqual(['rejected']);
    const c3 = await keyOf('c-3');
    const withdrawals = await engine.run(customerRowsStatement('withdrawals', c3.customerRef, days));
    expect(withdrawals.map((r) => r.withdrawal_reason)).toEqual(['consent_withdrawn']);
    const has = await engine.run(suppressedOfTriggerStatement(TICKET, days));
    expect(has).toEqual([{ n: 1 }]);
    const hasNot = await engine.run(suppressedOfTriggerStatement('high-balance-savings', days));
    expect(hasNot).toEqual([{ n: 0 }]);
  });
});

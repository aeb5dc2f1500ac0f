import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessLogPage } from '#privacy/access-log.query.js';
import type { PrivacyOverview } from '#privacy/queries.js';
import { atmAbroad, groceries } from '#test/integration/support/events.js';
import { customer, nextEventId, PipelineHarness } from '#test/integration/support/pipeline.js';
import { eventually } from '#test/integration/support/wait.js';
import { payments } from '#test/support/payments.js';

/**
 * Issue 14: the privacy overview on the real pipeline (DynamoDB Local, the SQS emulator, the local HTTP
 * gateway): payments of every outcome are decided, and GET /privacy/overview counts them per outcome,
 * reason and trigger and day, on both time bases, small counts as "< 10". Every read of customer data
 * through the routes the console uses is found in the access log with the caller the gateway names.
 */

const EUROPE = ['current-account', 'travel-insurance-europe'] as const;
const TRIGGER = 'card-abroad-worldwide-cover';
/** Who the routes log a console request as (x-local-caller: olivia, x-local-role: privacy-officer). */
const SIGNED_IN = 'local:olivia';
const CONSOLE_HEADERS = { 'x-local-caller': 'olivia', 'x-local-role': 'privacy-officer' };

describe('GET /privacy/overview on the real pipeline', () => {
  let pipeline: PipelineHarness;
  let http = '';
  const emittedTo = Array.from({ length: 10 }, (_, i) => `ov-yes-${i}`);
  const refusedTo = Array.from({ length: 10 }, (_, i) => `ov-no-${i}`);

  const get = async <T>(path: string, init: RequestInit = {}) => {
    const response = await fetch(`${http}${path}`, { ...init, headers: CONSOLE_HEADERS });
    return { status: response.status, body: (await response.json()) as T };
  };
  const overview = async (query: string) => {
    const { status, body } = await get<PrivacyOverview>(`/privacy/overview?${query}`);
    expect(status).toBe(200);
    return body;
  };

  beforeAll(async () => {
    pipeline = await PipelineHarness.start();
    http = pipeline.runtime.endpoints.http;
    await pipeline.loadCustomers([
      ...emittedTo.map((id) => customer(id, { holdings: [...EUROPE] })),
      ...refusedTo.map((id) => customer(id, { holdings: [...EUROPE], consents: [] })),
    ]);
    const decided = [
      // emitted: 10 on 3 July (payment time)
      ...emittedTo.map((id) => atmAbroad(id, '2026-07-03T14:22:05-04:00')),
      // suppressed (no_consent): 10 on 2 July
      ...refusedTo.map((id) => atmAbroad(id, '2026-07-02T10:00:00+02:00')),
      // no_trigger: 12 on 4 July
      ...Array.from({ length: 12 }, (_, i) => groceries(`ov-shop-${i}`, '2026-07-04T10:00:00+02:00')),
      // suppressed (sensitive_category): 3, which keep no payment time
      ...Array.from({ length: 3 }, (_, i) => ({
        eventId: nextEventId('ov-pharmacy'),
        occurredAt: '2026-07-04T11:00:00+02:00',
        customerId: `ov-ill-${i}`,
        ...payments.pharmacy(),
      })),
    ];
    await Promise.all(decided.map((event) => pipeline.decide(event)));
    // The overview answers from the archive: let it hold every decision above.
    await pipeline.drainArchive();
    // rejected: 10 bodies that are not JSON (no payment time either)
    for (let i = 0; i < 10; i++) await pipeline.sendTo('payment-events', `not json ${i}`);
    await eventually(async () => {
      const all = await overview('by=decided');
      return all.totals.outcomes.rejected === 10 ? all : undefined;
    });
    await pipeline.runtime.idle(20_000);
  }, 240_000);

  afterAll(async () => {
    await pipeline?.stop();
  });

  it('on the payment time: every outcome per day of its payment, suppressions by reason and trigger; no payment time, not counted', async () => {
    const answer = await overview('from=2026-07-01&to=2026-07-05');
    expect(answer).toMatchObject({
      timeBasis: 'payment',
      from: '2026-07-01T00:00:00.000Z',
      to: '2026-07-05T23:59:59.999Z',
      bucket: 'day',
      days: ['2026-07-01', '2026-07-02', '2026-07-03', '2026-07-04', '2026-07-05'],
      smallCountThreshold: 10,
      outcomes: {
        emitted: [0, 0, 10, 0, 0],
        suppressed: [0, 10, 0, 0, 0],
        no_trigger: [0, 0, 0, 12, 0],
        rejected: [0, 0, 0, 0, 0],
      },
      reasons: { no_consent: [0, 10, 0, 0, 0], sensitive_category: [0, 0, 0, 0, 0] },
      triggers: { [TRIGGER]: [0, 10, 0, 0, 0], none: [0, 0, 0, 0, 0] },
      notInCatalog: [0, 0, 0, 0, 0],
      totals: {
        outcomes: { emitted: 10, suppressed: 10, no_trigger: 12, rejected: 0 },
        reasons: { no_consent: 10, sensitive_category: 0, objected: 0 },
        triggers: { [TRIGGER]: 10, none: 0 },
      },
    });
  });

  it('on the decision time (the replay decided them today): every record, small counts as "< 10"', async () => {
    const answer = await overview('by=decided');
    expect(answer.days).toHaveLength(30);
    expect(answer.totals).toMatchObject({
      outcomes: { emitted: 10, suppressed: 13, no_trigger: 12, rejected: 10 },
      reasons: { no_consent: 10, sensitive_category: '< 10', unsuitable: 0 },
      triggers: { [TRIGGER]: 10, none: '< 10' },
    });
    // Every cell is 0, "< 10" or at least 10; the exact cells add up to the exact totals.
    const cells = Object.values(answer.outcomes).flat();
    expect(cells.filter((c) => typeof c === 'number' && c > 0 && c < 10)).toEqual([]);
    const exact = (series: ReadonlyArray<number | string>) =>
      series.reduce<number>((sum, c) => sum + (typeof c === 'number' ? c : 0), 0);
    expect(exact(answer.outcomes.emitted)).toBe(10);
    expect(exact(answer.outcomes.rejected)).toBe(10);
  });

  it('a period of more than 92 days is a 400 naming to', async () => {
    const { status, body } = await get<{ errors: Array<{ field: string }> }>(
      '/privacy/overview?from=2026-01-01&to=2026-07-01',
    );
    expect(status).toBe(400);
    expect(body.errors).toEqual([expect.objectContaining({ field: 'to', in: 'query' })]);
  });

  it('every console read of customer data is in the access log under the signed-in caller', async () => {
    await pipeline.drainArchive();
    const [one] = await pipeline.decisionsForEvent(
      (
        (await get<{ items: Array<{ eventId: string }> }>('/privacy/suppressed?by=decided&limit=1')).body
          .items[0] ?? { eventId: '' }
      ).eventId,
    );
    const reads: Array<[string, RequestInit?]> = [
      ['/privacy/overview?by=decided'],
      ['/privacy/suppressed?format=csv'],
      [`/privacy/customers/${refusedTo[0]}/history?format=jsonl`],
      // A trigger decision is embedded in its event's hot item: the archive finds it by its customer.
      [`/privacy/decisions/${one?.decisionId}?customerId=${encodeURIComponent(String(one?.customerId))}`],
      [`/privacy/customers/${refusedTo[1]}/erasure?dryRun=true`, { method: 'POST' }],
    ];
    for (const [path, init] of reads) {
      const response = await fetch(`${http}${path}`, { ...init, headers: CONSOLE_HEADERS });
      expect(response.status, path).toBe(200);
      await response.arrayBuffer();
    }
    const page = await get<AccessLogPage>(`/privacy/access-log?actor=${encodeURIComponent(SIGNED_IN)}`);
    expect(page.status).toBe(200);
    const logged = page.body.items.map((e) => e.query);
    for (const query of ['overview', 'suppressed', 'history', 'explain', 'erasure']) {
      expect(logged, query).toContain(query);
    }
    expect(page.body.items.every((e) => e.who === SIGNED_IN && e.at !== undefined)).toBe(true);
    // Filtered by query: only the overview reads, with their period and basis, never a count.
    const overviews = await get<AccessLogPage>('/privacy/access-log?query=overview');
    expect(overviews.body.items.length).toBeGreaterThanOrEqual(4);
    expect(overviews.body.items.every((e) => e.query === 'overview')).toBe(true);
    expect(overviews.body.items[0]?.parameters).toEqual({
      from: expect.any(String),
      to: expect.any(String),
      by: 'decided',
    });
    // The access log's own read is logged too (seen by the next read).
    const again = await get<AccessLogPage>('/privacy/access-log?query=access-log');
    expect(again.body.items.map((e) => e.who)).toContain(SIGNED_IN);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCatalog } from '#core/catalog/seed.js';
import type { Decision } from '#core/decision.js';
import { writeEndpointsFile } from '#local/endpoints-file.js';
import { runReplay } from '#local/replay.js';
import { targetFromRuntime } from '#local/targets.js';
import { SUPPRESSION_REASONS } from '#shared/audit-index.js';
import { runAuditCli } from '#test/integration/support/cli.js';
import { customer, PipelineHarness } from '#test/integration/support/pipeline.js';

/**
 * Issue 16, items 3 and 4, on the real pipeline (DynamoDB Local, the SQS emulator) and through the CLI and
 * the HTTP routes: last month's payments replayed today are found by a period of payments (the default
 * basis), not by a period of decisions; the history shows both times and follows the payments, so a cap
 * of 2 per 7 days can be followed; a payment screened out as sensitive, which keeps no payment time, is
 * counted and pointed to, not silently left out; an unknown trigger and a customer without records are
 * errors that say so.
 */

const EUROPE = ['current-account', 'travel-insurance-europe'] as const;

const card = (eventId: string, occurredAt: string, mcc: string, minor: number, extra: object = {}) => ({
  eventId,
  occurredAt,
  customerId: 'capper',
  type: 'card_payment',
  amount: { minor, currency: 'EUR' },
  merchant: { name: `Merchant ${mcc}`, mcc, country: 'NL', city: 'Utrecht' },
  ...extra,
});

/** June's payments of one customer: two offers on 10 June, then a capped one two days later, and a pharmacy. */
const JUNE = [
  card('tb-tv', '2026-06-10T11:00:00+02:00', '5732', 150_000, {
    balanceAfter: { minor: 3_000_000, currency: 'EUR' },
  }),
  {
    eventId: 'tb-atm',
    occurredAt: '2026-06-12T09:00:00-04:00',
    customerId: 'capper',
    type: 'atm_withdrawal',
    amount: { minor: 20_000, currency: 'USD' },
    merchant: { name: 'Chase ATM', mcc: '6011', country: 'US', city: 'New York' },
  },
  card('tb-pharmacy', '2026-06-13T10:00:00+02:00', '5912', 4_250),
];

/** Where the test announces its running pipeline, as `npm start` does in .local/runtime.json. */
let runtimeFile = '';
const cli = (...args: string[]) => runAuditCli(args, { LOCAL_RUNTIME_FILE: runtimeFile });

describe('issue 16: dates mean one thing, unknown names are errors', () => {
  let pipeline: PipelineHarness;
  let dataDir: string;
  let decisions: Decision[] = [];
  const decisionOf = (eventId: string, outcome: Decision['outcome']) =>
    decisions.find((d) => d.eventId === eventId && d.outcome === outcome) as Decision;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'time-basis-'));
    // Queries over a full frequency window: one payment may emit two offers here (a deployment's choice,
    // MAX_OFFERS_PER_EVENT), and three may be active, so the capper's window fills as it did before arbitration.
    pipeline = await PipelineHarness.start({
      dataDir,
      environment: { MAX_OFFERS_PER_EVENT: '2', MAX_ACTIVE_OFFERS: '3' },
    });
    const replay = await runReplay(
      targetFromRuntime(pipeline.runtime),
      {
        customers: [customer('capper', { holdings: [...EUROPE] })],
        lines: JUNE.map((e) => JSON.stringify(e)),
        evidenceSource: 'fixture:time-basis',
      },
      { timeoutMs: 60_000 },
    );
    expect(replay.undecided).toBe(0);
    decisions = [...replay.decisions];
    await pipeline.runtime.idle(20_000);
  });

  afterAll(async () => {
    await pipeline?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('the replay decided June payments today, and the cap held on payment time', () => {
    expect(decisions.filter((d) => d.eventId === 'tb-tv' && d.outcome === 'emitted')).toHaveLength(2);
    expect(decisionOf('tb-atm', 'suppressed').reasons).toEqual(['frequency_capped']);
    expect(decisionOf('tb-pharmacy', 'suppressed').reasons).toEqual(['sensitive_category']);
    const today = new Date().toISOString().slice(0, 10);
    expect(decisions.every((d) => d.decidedAt.startsWith(today) || d.decidedAt > today)).toBe(true);
  });

  it('HTTP: a June period of payments finds the replayed records; a June period of decisions none', async () => {
    const http = pipeline.runtime.endpoints.http;
    const june = (await (await fetch(`${http}/privacy/suppressed?from=2026-06-01&to=2026-06-30`)).json()) as {
      timeBasis: string;
      items: Array<{ eventId: string }>;
      counts: { timeBasis: string; total: number; byReason: Record<string, number> };
      withoutPaymentTime: { count: number; findWith: string };
    };
    expect(june.timeBasis).toBe('payment');
    expect(june.items.map((r) => r.eventId)).toEqual(['tb-atm']);
    expect(june.counts).toMatchObject({ timeBasis: 'payment', total: 1, byReason: { frequency_capped: 1 } });
    // The pharmacy payment keeps no payment time, and was decided today: not in a June period either way.
    expect(june.withoutPaymentTime).toEqual({ count: 0, findWith: 'by=decided' });

    const decided = (await (
      await fetch(`${http}/privacy/suppressed?from=2026-06-01&to=2026-06-30&by=decided`)
    ).json()) as { timeBasis: string; items: unknown[]; counts: { total: number } };
    expect(decided).toMatchObject({ timeBasis: 'decided', items: [], counts: { total: 0 } });

    // Without a period, the sensitive one is counted and pointed to, and found by decision time.
    const all = (await (await fetch(`${http}/privacy/suppressed`)).json()) as {
      items: Array<{ eventId: string }>;
      withoutPaymentTime: { count: number };
    };
    expect(all.items.map((r) => r.eventId)).toEqual(['tb-atm']);
    expect(all.withoutPaymentTime.count).toBe(1);
    const byDecision = (await (await fetch(`${http}/privacy/suppressed?by=decided`)).json()) as {
      items: Array<{ eventId: string }>;
    };
    expect(byDecision.items.map((r) => r.eventId).sort()).toEqual(['tb-atm', 'tb-pharmacy']);
  });

  it('HTTP: an unknown trigger is a 400 naming the field; a customer without records a 404, and both reads are logged', async () => {
    const http = pipeline.runtime.endpoints.http;
    const logSize = async () =>
      (
        await pipeline.documents.send(
          new QueryCommand({
            TableName: 'audit-access-log',
            KeyConditionExpression: '#d = :d',
            ExpressionAttributeNames: { '#d': 'day' },
            ExpressionAttributeValues: { ':d': new Date().toISOString().slice(0, 10) },
            ConsistentRead: true,
            Select: 'COUNT',
          }),
        )
      ).Count ?? 0;
    const before = await logSize();
    const trigger = await fetch(`${http}/privacy/suppressed?trigger=nosuch`);
    expect(trigger.status).toBe(400);
    const problem = (await trigger.json()) as { errors: Array<{ field: string; expected: string }> };
    expect(problem.errors).toEqual([
      {
        field: 'trigger',
        in: 'query',
        expected: `one of ${[...seedCatalog().triggers.map((t) => t.id), 'none'].join(', ')}, or a trigger that suppressed records name`,
      },
    ]);
    const nobody = await fetch(`${http}/privacy/customers/c-nonexistent/history`);
    expect(nobody.status).toBe(404);
    expect(await nobody.json()).toMatchObject({
      type: 'urn:offer-pipeline:problem:no-records-for-customer',
      detail: 'Nothing is recorded about this customer.',
    });
    expect(await logSize()).toBe(before + 2);
  });

  describe('the CLI, on the persisted data (through the running pipeline that holds it)', () => {
    beforeAll(() => {
      runtimeFile = `${dataDir}-runtime.json`;
      writeEndpointsFile(pipeline.runtime, dataDir, runtimeFile);
    });
    afterAll(() => rmSync(runtimeFile, { force: true }));

    it('suppressed: by payment time by default, said in the header and the JSON', {
      timeout: 180_000,
    }, async () => {
      const june = await cli(
        '--data-dir',
        dataDir,
        'suppressed',
        '--from',
        '2026-06-01',
        '--to',
        '2026-06-30',
        '--format',
        'json',
      );
      expect(june.code).toBe(0);
      const body = JSON.parse(june.stdout) as {
        timeBasis: string;
        items: Array<{ eventId: string }>;
        counts: { timeBasis: string; total: number };
      };
      expect(body.timeBasis).toBe('payment');
      expect(body.items.map((r) => r.eventId)).toEqual(['tb-atm']);
      expect(body.counts).toMatchObject({ timeBasis: 'payment', total: 1 });

      const table = await cli('--data-dir', dataDir, 'suppressed');
      expect(table.code).toBe(0);
      expect(table.stdout).toContain('Suppressed offers by payment time (occurredAt), newest first');
      expect(table.stdout).toMatch(/^payment time \(UTC\)\s+decided at \(UTC\)\s+trigger/m);
      expect(table.stdout).toContain('2026-06-12T13:00:00.000Z');
      expect(table.stdout).toContain(
        '1 matching suppressed decision(s) decided in this period have no payment time (payments screened out as sensitive keep none) and are not in this list: add --by decided to see them.',
      );
      // The archive counts over whole hours: an open period is shown as the hours it covered.
      expect(table.stdout).toMatch(
        /^Counts for the period \d{4}-\d{2}-\d{2}T\d{2}:00:00\.000Z to \d{4}-\d{2}-\d{2}T\d{2}:59:59\.999Z by payment time \(occurredAt\): 1 suppressed$/m,
      );
    });

    it('unknown names: exit 1 and a message naming what is known', { timeout: 300_000 }, async () => {
      const trigger = await cli('--data-dir', dataDir, 'suppressed', '--trigger', 'nosuch');
      expect(trigger.code).toBe(1);
      const known = [...seedCatalog().triggers.map((t) => t.id), 'none'].join(', ');
      expect(trigger.stderr).toContain(
        `error: no trigger 'nosuch' (known: ${known}; no suppressed record names it either)`,
      );
      expect(trigger.stdout).toBe('');
      const reason = await cli('suppressed', '--reason', 'bored');
      expect(reason.code).toBe(1);
      expect(reason.stderr).toContain(`no reason 'bored' (known: ${SUPPRESSION_REASONS.join(', ')})`);
      const basis = await cli('history', 'capper', '--by', 'paid');
      expect(basis.code).toBe(1);
      expect(basis.stderr).toContain("no time basis 'paid' (known: payment, decided)");
      const nobody = await cli('--data-dir', dataDir, 'history', 'c-nonexistent');
      expect(nobody.code).toBe(1);
      expect(nobody.stderr).toContain('error: no records for customer c-nonexistent');
      expect(nobody.stdout).toBe('');
    });

    it('history: both times per entry, ordered by payment time, the cap visible in payment order', {
      timeout: 180_000,
    }, async () => {
      const run = await cli('--data-dir', dataDir, 'history', 'capper', '--format', 'json');
      expect(run.code).toBe(0);
      const history = JSON.parse(run.stdout) as {
        timeBasis: string;
        withoutPaymentTime: number;
        entries: Array<{
          kind: string;
          at: string;
          happenedAt?: string;
          recordedAt: string;
          eventId?: string;
        }>;
      };
      expect(history.timeBasis).toBe('payment');
      const at = history.entries.map((e) => e.at);
      expect(at).toEqual([...at].sort());
      const decisionsInOrder = history.entries.filter((e) => e.kind === 'decision').map((e) => e.eventId);
      expect(decisionsInOrder).toEqual(['tb-tv', 'tb-tv', 'tb-atm', 'tb-pharmacy']);
      const capped = history.entries.find((e) => e.eventId === 'tb-atm');
      expect(capped).toMatchObject({
        at: '2026-06-12T13:00:00.000Z',
        happenedAt: '2026-06-12T13:00:00.000Z',
      });
      expect(capped?.recordedAt).toBe(decisionOf('tb-atm', 'suppressed').decidedAt);
      // The pharmacy keeps no payment time: placed by its decision time, and counted.
      const pharmacy = history.entries.find((e) => e.eventId === 'tb-pharmacy');
      expect(pharmacy?.happenedAt).toBeUndefined();
      expect(pharmacy?.at).toBe(pharmacy?.recordedAt);
      expect(history.withoutPaymentTime).toBeGreaterThanOrEqual(1);

      const text = await cli('--data-dir', dataDir, 'history', 'capper', '--by', 'decided');
      expect(text.code).toBe(0);
      expect(text.stdout).toContain('oldest first by when it was recorded (decision time)');
      expect(text.stdout).toMatch(/^happened at \(UTC\)\s+recorded at \(UTC\)\s+kind\s+details/m);
    });
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReceiveMessageCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { paginateScan, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Decision } from '#core/decision.js';
import { decisionsInItem } from '#shared/audit-items.js';
import { customer, PipelineHarness } from '#test/integration/support/pipeline.js';
import { eventually, sleep } from '#test/integration/support/wait.js';

/**
 * DynamoDB Local's JVM is killed while payment events stream through `npm start --data-dir`: the runtime
 * restarts it over its data directory, and the pipeline's invariants hold afterwards — 0 events lost, 0
 * decided twice, 0 offers without their audit record, 0 customers holding the same offer twice.
 *
 * Each customer's events share one instant (an hour ago: inside any staleness horizon), so what is checked
 * is the restart and the retries it causes, not the order in which a customer's events are decided (the
 * core's property tests hold that).
 */

const CUSTOMERS = 40;
const EVENTS_PER_CUSTOMER = 6;

function eventsFor(customerId: string, index: number, at: string) {
  const kinds = [
    () => ({
      type: 'atm_withdrawal',
      amount: { minor: 20000, currency: 'USD' },
      merchant: { name: 'Chase ATM', mcc: '6011', country: 'US', city: 'New York' },
    }),
    () => ({
      type: 'card_payment',
      amount: { minor: 150000, currency: 'EUR' },
      merchant: { name: 'Coolblue', mcc: '5732', country: 'NL', city: 'Rotterdam' },
    }),
    () => ({
      type: 'card_payment',
      amount: { minor: 2350, currency: 'EUR' },
      merchant: { name: 'Albert Heijn', mcc: '5411', country: 'NL', city: 'Utrecht' },
    }),
  ];
  return Array.from({ length: EVENTS_PER_CUSTOMER }, (_, i) => ({
    eventId: `restart-${index}-${i}`,
    occurredAt: at,
    customerId,
    ...(kinds[i % kinds.length] ?? kinds[0])?.(),
  }));
}

describe('DynamoDB Local killed mid-stream under --data-dir', () => {
  let dataDir: string;
  let pipeline: PipelineHarness;
  const lines: string[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'offer-ddb-restart-'));
    // A visibility timeout long enough that the outage uses few of maxReceiveCount's receives, as in AWS.
    pipeline = await PipelineHarness.start({
      dataDir,
      visibilityTimeoutSeconds: 8,
      log: (line) => lines.push(line),
    });
  });

  afterAll(async () => {
    await pipeline?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('restarts it, and no event is lost, decided twice, or leaves an offer without audit or twice', async () => {
    const at = new Date(Date.now() - 3_600_000).toISOString();
    const ids = Array.from({ length: CUSTOMERS }, (_, i) => `restart-c-${i}`);
    await pipeline.loadCustomers(
      ids.map((id) =>
        customer(id, { holdings: ['current-account', 'travel-insurance-europe'], birthDate: '1980-01-01' }),
      ),
    );
    const events = ids.flatMap((id, i) => eventsFor(id, i, at));
    // Interleave customers, as live traffic would.
    events.sort((a, b) => (a.eventId.split('-')[2] ?? '').localeCompare(b.eventId.split('-')[2] ?? ''));
    const queueUrl = pipeline.queue('payment-events').url;
    const send = async (slice: typeof events) => {
      for (let i = 0; i < slice.length; i += 10) {
        await pipeline.runtime.sqs.send(
          new SendMessageBatchCommand({
            QueueUrl: queueUrl,
            Entries: slice
              .slice(i, i + 10)
              .map((event, j) => ({ Id: String(j), MessageBody: JSON.stringify(event) })),
          }),
        );
      }
    };
    const third = Math.floor(events.length / 3);
    await send(events.slice(0, third));
    // Mid-stream: some decided, more in flight.
    await eventually(async () => {
      const decided = await Promise.all(
        events.slice(0, 20).map((e) => pipeline.decisionsForEvent(e.eventId)),
      );
      return decided.filter((d) => d.length > 0).length >= 5 ? true : undefined;
    }, 60_000);
    const jvm = pipeline.runtime.dynamoDbLocal.pid;
    expect(jvm).toBeDefined();
    process.kill(jvm as number, 'SIGKILL');
    await send(events.slice(third));
    await eventually(async () => (pipeline.runtime.dynamoDbLocal.restarts >= 1 ? true : undefined), 90_000);
    expect(pipeline.runtime.dynamoDbLocal.pid).not.toBe(jvm);
    await sleep(1000);
    await pipeline.runtime.idle(180_000);

    // 0 events lost (each has its decisions, nothing dead-lettered), 0 decided twice (one record per trigger).
    // Read from the audit table itself (a Scan): it has no index, and a matched event's trigger decisions
    // are embedded in its one event item (shared/audit-items.ts), which is also its claim, so a torn write
    // cannot leave a claim without its records: the claim is the record.
    const recorded = new Map<string, Decision[]>();
    const stored = new Map<string, Decision>();
    for await (const page of paginateScan(
      { client: pipeline.documents },
      { TableName: pipeline.tables.audit, ConsistentRead: true },
    )) {
      for (const item of page.Items ?? []) {
        for (const d of decisionsInItem(item)) {
          const key = d.eventId ?? '(none)';
          recorded.set(key, [...(recorded.get(key) ?? []), d]);
          stored.set(d.decisionId, d);
        }
      }
    }
    const lost: string[] = [];
    const twice: string[] = [];
    for (const event of events) {
      const decisions = recorded.get(event.eventId) ?? [];
      if (decisions.length === 0) lost.push(event.eventId);
      const perTrigger = new Map<string, number>();
      for (const d of decisions)
        perTrigger.set(d.triggerId ?? '-', (perTrigger.get(d.triggerId ?? '-') ?? 0) + 1);
      if ([...perTrigger.values()].some((n) => n > 1)) twice.push(event.eventId);
    }
    // Every dead-lettered message, with its receive count: when an event is missing, the DLQ says whether
    // the outage outlasted maxReceiveCount (dead-lettered) or the event vanished some other way.
    const dead: string[] = [];
    for (let round = 0; round < 30; round++) {
      const page = await pipeline.runtime.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: pipeline.queue('payment-events').dlqUrl,
          MaxNumberOfMessages: 10,
          AttributeNames: ['All'],
          VisibilityTimeout: 60,
          WaitTimeSeconds: round === 0 ? 1 : 0,
        }),
      );
      const messages = page.Messages ?? [];
      if (messages.length === 0) break;
      for (const m of messages) {
        const eventId = (JSON.parse(m.Body ?? '{}') as { eventId?: string }).eventId;
        dead.push(`${eventId} (received ${m.Attributes?.ApproximateReceiveCount ?? '?'} times)`);
      }
    }
    expect({ lost, dead, log: lost.length > 0 ? lines : [] }).toEqual({ lost: [], dead: [], log: [] });
    expect(twice).toEqual([]);

    // 0 offers without their audit record, 0 customers holding the same offer twice.
    const offers = await pipeline.documents.send(new ScanCommand({ TableName: pipeline.tables.offers }));
    const rows = (offers.Items ?? []) as Array<{ customerId: string; offerId: string; decisionId: string }>;
    expect(rows.length).toBeGreaterThan(0);
    const withoutAudit: string[] = [];
    for (const row of rows) {
      if (stored.get(row.decisionId)?.outcome !== 'emitted') withoutAudit.push(row.decisionId);
    }
    expect(withoutAudit).toEqual([]);
    const held = new Map<string, number>();
    for (const row of rows)
      held.set(`${row.customerId}|${row.offerId}`, (held.get(`${row.customerId}|${row.offerId}`) ?? 0) + 1);
    expect([...held].filter(([, n]) => n > 1)).toEqual([]);

    // The operator heard about it in a few lines, not one per failure.
    expect(lines.some((l) => l.includes('DynamoDB Local exited unexpectedly'))).toBe(true);
    expect(lines.some((l) => l.includes('DynamoDB Local is back'))).toBe(true);
    expect(lines.length).toBeLessThan(60);
  }, 300_000);
});

import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCustomers } from '#adapters/dynamodb/customer-writer.js';
import type { IncomingMessage } from '#app/evaluate-batch.js';
import { applyUntilDone, DynamoHarness, deliverUntilDone } from '#test/integration/support/dynamo-harness.js';
import {
  atmAbroad,
  consent,
  groceries,
  largePurchase,
  message,
  NOW,
  pharmacyPayment,
  traveller,
} from '#test/support/builders.js';

/**
 * Fault injection (issue 9): the real DynamoDB client, wrapped with SDK middleware (no mock) so that the
 * Nth call of one command kind fails, for every position N of a scenario's call sequence and for two
 * kinds of fault: refused before DynamoDB saw it (throttling, 5xx) and lost after DynamoDB applied it (a
 * timeout on the response). The scenario is a mixed batch (matched, sensitive, no trigger, invalid, a
 * duplicate delivery, a reused event id) evaluated against DynamoDB Local with SQS-style redelivery of
 * failed messages, racing a consent withdrawal applied through the consent app service.
 * Invariants after every run: 0 events lost, 0 decided twice (no audit record put twice), 0 offers
 * without their audit record, 0 customers holding the same offer twice active, 0 offers active after the
 * withdrawal; and no BatchWriteItem anywhere.
 */

type Mode = 'before' | 'after';
interface Fault {
  readonly kind: string;
  readonly n: number;
  readonly mode: Mode;
}

class FaultInjector {
  readonly calls = new Map<string, number>();
  /** Successful audit puts per decision id (a second one would be a replaced record). */
  readonly auditPuts = new Map<string, number>();

  constructor(
    client: DynamoDBClient,
    private readonly fault: Fault | undefined,
    private readonly auditTable: string,
  ) {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const kind = context.commandName ?? 'unknown';
        const n = (this.calls.get(kind) ?? 0) + 1;
        this.calls.set(kind, n);
        const hit = this.fault?.kind === kind && this.fault.n === n;
        if (hit && this.fault?.mode === 'before') {
          throw Object.assign(new Error('injected: throughput exceeded'), {
            name: 'ProvisionedThroughputExceededException',
          });
        }
        const result = await next(args);
        this.countAuditPuts(kind, args.input);
        if (hit) throw Object.assign(new Error('injected: response lost'), { name: 'TimeoutError' });
        return result;
      },
      { step: 'build', name: 'faultInjector', priority: 'high' },
    );
  }

  private countAuditPuts(kind: string, input: unknown): void {
    const items =
      kind === 'TransactWriteItemsCommand'
        ? ((
            input as {
              TransactItems?: Array<{ Put?: { TableName?: string; Item?: Record<string, { S?: string }> } }>;
            }
          ).TransactItems ?? [])
        : kind === 'PutItemCommand'
          ? [{ Put: input as { TableName?: string; Item?: Record<string, { S?: string }> } }]
          : [];
    for (const item of items) {
      if (item.Put?.TableName !== this.auditTable) continue;
      const id = item.Put.Item?.decisionId?.S ?? '?';
      this.auditPuts.set(id, (this.auditPuts.get(id) ?? 0) + 1);
    }
  }
}

let harness: DynamoHarness;

beforeAll(async () => {
  harness = await DynamoHarness.start();
});

afterAll(async () => {
  await harness?.stop();
});

let runs = 0;

/**
 * The scenario's instants, moved by whole days from the builders' fixed NOW to today. Offers, claims and
 * audit records carry TTLs from their decision time, and DynamoDB Local's TTL sweep deletes expired items at
 * any moment: on a fixed past clock the invariant checks could find records gone (an offer "not seen", an
 * event "lost") for no fault of the code under test.
 */
const DAY_MS = 86_400_000;
const SHIFT = Math.round((Date.now() - NOW.getTime()) / DAY_MS) * DAY_MS;
const at = (iso: string) => new Date(Date.parse(iso) + SHIFT).toISOString();

/** One scenario in its own id space; returns the injector's counts and the invariants' findings. */
async function scenario(fault: Fault | undefined) {
  const p = `r${runs++}`;
  const [c1, c2] = [`${p}-c1`, `${p}-c2`];
  const granted = [consent('granted', 'transaction-offers', at('2026-01-10T10:00:00Z'))];
  await writeCustomers(harness.documents, harness.tables, [
    traveller(c1, { consents: granted }),
    traveller(c2, { consents: granted }),
  ]);
  const client = DynamoHarness.client(harness.endpoint);
  const injector = new FaultInjector(client, fault, harness.tables.audit);
  let tick = 0;
  // Each delivery is received a second later than the one before (SQS-style retries come later).
  const now = () => new Date(NOW.getTime() + SHIFT + 1000 * tick++);
  const deps = harness.evaluateDeps(client, now);

  const e = (i: number) => `${p}-e${i}`;
  const wave1: IncomingMessage[] = [
    message(`${p}-m1`, atmAbroad(e(1), c1, at('2026-07-03T14:22:05-04:00'))),
    message(`${p}-m2`, pharmacyPayment(e(2), c1, at('2026-07-03T16:05:00-04:00'))),
    message(`${p}-m3`, groceries(e(3), c2, at('2026-07-05T09:30:00+02:00'))),
    message(`${p}-m4`, largePurchase(e(4), c2, at('2026-07-04T11:00:00+02:00'))),
    message(`${p}-m5`, atmAbroad(e(1), c1, at('2026-07-03T14:22:05-04:00'))), // the same event delivered twice
    message(`${p}-m6`, groceries(e(1), c2, at('2026-07-05T09:30:00+02:00'))), // a reused event id, other content
    message(`${p}-m7`, JSON.stringify({ eventId: e(7), customerId: c1 })), // invalid
    message(`${p}-m9`, atmAbroad(e(9), c2, at('2026-07-04T10:00:00Z'))),
  ];
  const withdrawal = {
    customerId: c2,
    purpose: 'transaction-offers' as const,
    status: 'withdrawn' as const,
    at: at('2026-07-09T00:00:00Z'),
    source: 'app-privacy-settings',
    noticeVersion: '2026-01',
  };
  const [left1] = await Promise.all([
    deliverUntilDone(wave1, deps, { batchSize: 10 }),
    applyUntilDone(withdrawal, harness.consentDeps(client, now)),
  ]);
  // After the withdrawal was applied: a payment that would otherwise emit.
  const left2 = await deliverUntilDone(
    [message(`${p}-m8`, atmAbroad(e(8), c2, at('2026-07-05T10:00:00Z')))],
    deps,
  );
  client.destroy();

  const problems: string[] = [];
  if (left1.length + left2.length > 0) problems.push(`undelivered: ${left1.length + left2.length}`);
  for (const i of [1, 2, 3, 4, 7, 8, 9]) {
    if ((await harness.decisionsForEvent(e(i))).length === 0) problems.push(`lost: e${i}`);
  }
  const e1 = await harness.decisionsForEvent(e(1));
  if (!e1.some((d) => (d.reasons as string[]).includes('duplicate_event_id')))
    problems.push('reused id not recorded');
  if (e1.filter((d) => d.outcome === 'emitted').length !== 1) problems.push('e1 not emitted exactly once');
  for (const [id, puts] of injector.auditPuts)
    if (puts > 1) problems.push(`audit record put ${puts}x: ${id}`);
  if ((injector.calls.get('BatchWriteItemCommand') ?? 0) > 0) problems.push('BatchWriteItem used');
  let offersSeen = 0;
  for (const customer of [c1, c2]) {
    const offers = await harness.offersOf(customer);
    offersSeen += offers.length;
    for (const offer of offers) {
      if ((await harness.auditRecord(String(offer.decisionId))) === undefined)
        problems.push('offer without audit');
    }
    const active = offers.filter((o) => o.status === 'active').map((o) => String(o.offerId));
    if (new Set(active).size < active.length) problems.push(`${customer}: same offer twice active`);
    if (customer === c2 && active.length > 0) problems.push('offer active after the withdrawal');
  }
  if ((await harness.decisionsForEvent(e(8))).some((d) => d.outcome === 'emitted'))
    problems.push('emitted after the withdrawal');
  return { calls: new Map(injector.calls), problems, offersSeen };
}

describe('fault injection: the Nth call of each DynamoDB command kind fails, at every position', () => {
  it('keeps every invariant, for faults before and after DynamoDB applied the call', async () => {
    const clean = await scenario(undefined);
    expect(clean.problems).toEqual([]);
    // The offer checks are not vacuous: the clean run leaves offers to check (e1's, and c2's withdrawn one).
    expect(clean.offersSeen).toBeGreaterThan(0);
    expect(clean.calls.get('TransactWriteItemsCommand')).toBeGreaterThan(3);
    // Calls vary a little with the race, so each kind gets a margin of positions beyond the clean run.
    const faults: Fault[] = [];
    for (const [kind, count] of clean.calls) {
      for (let n = 1; n <= count + 1; n++)
        for (const mode of ['before', 'after'] as const) faults.push({ kind, n, mode });
    }
    const findings: string[] = [];
    for (const fault of faults) {
      const result = await scenario(fault);
      for (const problem of result.problems)
        findings.push(`${fault.kind}#${fault.n} ${fault.mode}: ${problem}`);
    }
    expect(findings).toEqual([]);
    expect(faults.length).toBeGreaterThan(20);
  });
});

describe('caps in any order on DynamoDB Local (the issue 9 probe)', () => {
  it('payments days apart, in reverse, retried, plus 2099 and now+1 s: cap, cooldown and 2099 refused', async () => {
    const customer = 'probe-c1';
    await writeCustomers(harness.documents, harness.tables, [traveller(customer)]);
    const client = DynamoHarness.client(harness.endpoint);
    // On the real clock: an offer emitted on a fixed past instant has expired by now, and DynamoDB Local's
    // TTL sweep may delete it at any moment, which would leave the offer check below nothing to count.
    const now = new Date(Math.floor(Date.now() / 1000) * 1000);
    const deps = harness.evaluateDeps(client, () => now);
    const day = 86_400_000;
    const dated = (i: number, ms: number) =>
      message(`probe-m${i}`, atmAbroad(`probe-e${i}`, customer, new Date(ms).toISOString()));
    const messages = [
      ...Array.from({ length: 10 }, (_, i) => dated(i, now.getTime() - i * 3 * day)),
      message('probe-m2099', atmAbroad('probe-e2099', customer, '2099-01-01T00:00:00Z')),
      dated(11, now.getTime() + 1000),
    ];
    // Newest first, one at a time, each delivered twice (a retry after a lost response).
    for (const m of [...messages].reverse()) {
      expect(await deliverUntilDone([m, m], deps, { batchSize: 1 })).toEqual([]);
    }
    client.destroy();
    const [refused] = await harness.decisionsForEvent('probe-e2099');
    expect(refused).toMatchObject({ outcome: 'rejected', problems: [{ field: 'occurredAt' }] });
    const offers = await harness.offersOf(customer);
    // One worldwide-cover offer at most: a 90-day cooldown, on event time and decision time alike.
    expect(offers.map((o) => o.offerId)).toEqual(['worldwide-travel-cover']);
  });
});

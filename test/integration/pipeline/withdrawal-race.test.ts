import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCustomers } from '#adapters/dynamodb/customer-writer.js';
import type { ConsentChange } from '#core/consent-change.js';
import { applyUntilDone, DynamoHarness, deliverUntilDone } from '#test/integration/support/dynamo-harness.js';
import { atmAbroad, largePurchase, message, traveller } from '#test/support/builders.js';

/**
 * Race (issue 9, "a withdrawal always wins"): 100 consent withdrawals racing 50 payments for the same 10
 * customers, with Promise-level concurrency through the real app services and DynamoDB adapters on
 * DynamoDB Local. Afterwards no customer whose last applied change is a withdrawal holds an active offer:
 * an offer commit is conditional on the consents revision its decision read, and a withdrawal saved
 * after that commit finds the offer and withdraws it. Every withdrawn offer also reaches push consumers
 * as an `offer.withdrawn` retraction (read from the offers table's stream through publish-offers' mapping).
 */

let harness: DynamoHarness;

beforeAll(async () => {
  harness = await DynamoHarness.start();
});

afterAll(async () => {
  await harness?.stop();
});

const change = (customerId: string, status: ConsentChange['status'], at: string): ConsentChange => ({
  customerId,
  purpose: 'transaction-offers',
  status,
  at,
  source: 'app-privacy-settings',
  noticeVersion: '2026-01',
});

describe('100 withdrawals racing payments', () => {
  it('leaves no active offer for a customer whose last applied change is a withdrawal', async () => {
    const customers = Array.from({ length: 10 }, (_, i) => `race-c${i}`);
    await writeCustomers(
      harness.documents,
      harness.tables,
      customers.map((id) => traveller(id)),
    );
    // Real time: DynamoDB Local deletes items whose TTL has passed, so offers emitted on a fixed past
    // clock would vanish and leave nothing to race over.
    const now = new Date(Math.floor(Date.now() / 1000) * 1000);
    const hoursAgo = (hours: number) => new Date(now.getTime() - hours * 3_600_000).toISOString();
    const client = DynamoHarness.client(harness.endpoint);
    const deps = harness.evaluateDeps(client, () => now);
    const consentDeps = harness.consentDeps(client, () => now);

    const changes: ConsentChange[] = [];
    const payments: Array<ReturnType<typeof message>> = [];
    customers.forEach((customerId, c) => {
      for (let k = 0; k < 10; k++) changes.push(change(customerId, 'withdrawn', hoursAgo(20 - k)));
      // Every other customer grants again after all withdrawals: the race must not take their offers away.
      if (c % 2 === 0) changes.push(change(customerId, 'granted', hoursAgo(2)));
      for (let k = 0; k < 5; k++) {
        const at = hoursAgo(24 * (7 - k));
        const event =
          k % 2 === 0
            ? atmAbroad(`race-e${c}-${k}`, customerId, at)
            : largePurchase(`race-e${c}-${k}`, customerId, at);
        payments.push(message(`race-m${c}-${k}`, event));
      }
    });
    expect(changes.filter((x) => x.status === 'withdrawn')).toHaveLength(100);

    // Every customer holds an active offer when the race starts, so the withdrawals have offers to take
    // down while further payments race them.
    const opening = customers.map((customerId, c) =>
      message(`race-open-m${c}`, atmAbroad(`race-open-e${c}`, customerId, hoursAgo(24 * 20))),
    );
    expect(await deliverUntilDone(opening, deps)).toEqual([]);
    for (const customerId of customers) {
      const held = await harness.offersOf(customerId);
      expect(
        held.filter((o) => o.status === 'active'),
        customerId,
      ).toHaveLength(1);
    }

    // Interleave: one promise per message, started in overlapping waves (payments a little ahead).
    const later = <T>(ms: number, run: () => Promise<T>) =>
      new Promise<T>((resolve, reject) => setTimeout(() => run().then(resolve, reject), ms));
    const work: Array<Promise<unknown>> = [];
    payments.forEach((payment, i) => {
      work.push(later((i % 5) * 25, () => deliverUntilDone([payment], deps)));
    });
    changes.forEach((next, i) => {
      work.push(later(20 + (i % 11) * 25, () => applyUntilDone(next, consentDeps, 60)));
    });
    const results = await Promise.all(work);
    expect(results.filter((r) => Array.isArray(r) && r.length > 0)).toEqual([]);

    // What the outbox relay publishes for the offers table's stream: every offer that is no longer
    // active was withdrawn, and every withdrawn offer has its retraction for push consumers.
    const published = await harness.outboxMessages();
    const retracted = new Set(published.filter((m) => m.type === 'offer.withdrawn').map((m) => m.subject));
    const suggested = new Set(published.filter((m) => m.type === 'offer.suggested').map((m) => m.subject));
    let withdrawn = 0;
    for (const [c, customerId] of customers.entries()) {
      const offers = await harness.offersOf(customerId);
      const active = offers.filter((o) => o.status === 'active');
      if (c % 2 === 1) expect(active, customerId).toEqual([]);
      for (const offer of offers) {
        const id = String(offer.offerInstanceId);
        expect(suggested.has(id), id).toBe(true);
        expect(offer.status === 'active' || retracted.has(id), `${id} ${String(offer.status)}`).toBe(true);
        if (offer.status === 'withdrawn') withdrawn++;
      }
      for (const offer of offers) expect(await harness.auditRecord(String(offer.decisionId))).toBeDefined();
      // The consent state the race left is the one its latest change says: a payment now sees it.
      const after = message(`race-after-m${c}`, atmAbroad(`race-after-e${c}`, customerId, hoursAgo(1)));
      expect(await deliverUntilDone([after], deps)).toEqual([]);
      const [decision] = await harness.decisionsForEvent(`race-after-e${c}`);
      const reasons = (decision?.reasons ?? []) as string[];
      expect(decision, customerId).toBeDefined();
      expect(reasons.includes('no_consent'), customerId).toBe(c % 2 === 1);
    }
    // At least every opening offer of a customer who ends withdrawn was withdrawn: not vacuous.
    expect(withdrawn).toBeGreaterThanOrEqual(customers.length / 2);
    client.destroy();
  });
});

import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type EvaluateDeps, evaluateBatch } from '#app/evaluate-batch.js';
import { DEFAULT_CLOCK_GUARD } from '#core/clock-guard.js';
import { decisionIdFor, duplicateEventIdDecisionId } from '#core/decision.js';
import { contentHashOf, parsePaymentEvent, screenedContentHashOf } from '#core/payment-event.js';
import { DEFAULT_POLICY } from '#core/policy.js';
import {
  atmAbroad,
  catalogSource,
  consent,
  groceries,
  largePurchase,
  message,
  NOW,
  pharmacyPayment,
  traveller,
} from '#test/support/builders.js';
import { inMemoryPorts } from '#test/support/in-memory-ports.js';

function setup() {
  const ports = inMemoryPorts();
  const deps: EvaluateDeps = {
    reader: ports.reader,
    writer: ports.writer,
    catalog: catalogSource(),
    policy: DEFAULT_POLICY,
    now: () => NOW,
    clockGuard: DEFAULT_CLOCK_GUARD,
  };
  ports.store.addCustomer(traveller('c-1')).addCustomer(traveller('c-2'));
  return { ...ports, deps };
}

const iso = (ms: number) => new Date(ms).toISOString();
const SKEW_MS = DEFAULT_CLOCK_GUARD.maxFutureSkewSeconds * 1000;
const HORIZON_MS = DEFAULT_CLOCK_GUARD.staleEventHorizonDays * 86_400_000;

describe('time cannot be gamed: occurredAt against the receive time', () => {
  it('refuses an occurredAt beyond the future skew as rejected, naming occurredAt and the limit', async () => {
    const { deps, store, reader } = setup();
    const outcome = await evaluateBatch(
      [
        message('m-2099', atmAbroad('evt-2099', 'c-1', '2099-01-01T00:00:00Z')),
        message('m-edge', atmAbroad('evt-edge', 'c-2', iso(NOW.getTime() + SKEW_MS))),
      ],
      deps,
    );
    expect(outcome.failed.size).toBe(0);
    const [refused] = store.decisionsFor('evt-2099');
    expect(refused).toMatchObject({
      outcome: 'rejected',
      reasons: ['invalid_event'],
      messageId: 'm-2099',
      problems: [{ field: 'occurredAt', expected: expect.stringContaining('300 s') }],
    });
    expect(store.offers.size).toBe(1); // only the event exactly at the skew limit
    expect(store.contactOf('c-1').emissions).toEqual([]);
    expect(reader.loads).toEqual([['c-2']]);
  });

  it('decides a payment older than the horizon without an offer and without a customer read', async () => {
    const { deps, store, reader } = setup();
    const old = iso(NOW.getTime() - HORIZON_MS - 1);
    const kept = iso(NOW.getTime() - HORIZON_MS);
    await evaluateBatch(
      [
        message('m-old', atmAbroad('evt-old', 'c-1', old)),
        message('m-kept', atmAbroad('evt-kept', 'c-2', kept)),
      ],
      deps,
    );
    expect(store.decisionsFor('evt-old')).toEqual([
      {
        decisionId: decisionIdFor('evt-old'),
        eventId: 'evt-old',
        customerId: 'c-1',
        outcome: 'suppressed',
        reasons: ['stale_event'],
        decidedAt: NOW.toISOString(),
        policyVersion: expect.any(String),
        occurredAt: old,
      },
    ]);
    expect(store.decisionsFor('evt-kept').map((d) => d.outcome)).toEqual(['emitted']);
    expect(reader.loads).toEqual([['c-2']]);
  });

  it('a sensitive stale payment says only sensitive_category', async () => {
    const { deps, store } = setup();
    const old = iso(NOW.getTime() - 2 * HORIZON_MS);
    await evaluateBatch([message('m-1', pharmacyPayment('evt-ph', 'c-1', old))], deps);
    const [decision] = store.decisionsFor('evt-ph');
    expect(decision?.reasons).toEqual(['sensitive_category']);
    expect(decision).not.toHaveProperty('occurredAt');
  });

  it('decides a past event on its own clock when the message asks (replays): not stale', async () => {
    const { deps, store } = setup();
    const old = '2026-01-03T10:00:00Z';
    await evaluateBatch([{ ...message('m-1', atmAbroad('evt-r', 'c-1', old)), eventClock: true }], deps);
    const [decision] = store.decisionsFor('evt-r');
    // Decided as at the time, recorded (and its offer valid) from the real receive time.
    expect(decision).toMatchObject({ outcome: 'emitted', decidedAt: NOW.toISOString() });
    // Decided on the event's clock, but its offer is servable from today: the emission counts as active
    // (the active-offer limit) until the offer really expires, 14 days after today.
    expect(store.contactOf('c-1').emissions).toEqual([
      {
        offerId: 'worldwide-travel-cover',
        at: old,
        decidedAt: new Date(old).toISOString(),
        offerInstanceId: decision?.offerInstanceId,
        expiresAt: '2026-07-24T08:00:00.000Z',
      },
    ]);
    expect([...store.offers.values()][0]?.createdAt).toBe(NOW.toISOString());
  });
});

describe('a withdrawal always wins', () => {
  it('re-reads and decides again when the consents changed between read and commit: no offer', async () => {
    const { deps, store, writer, reader } = setup();
    writer.withdrawBeforeNextCommit('c-1');
    const outcome = await evaluateBatch([message('m-1', atmAbroad('evt-1', 'c-1'))], deps);
    expect(outcome.failed.size).toBe(0);
    expect(store.offers.size).toBe(0);
    expect(store.decisionsFor('evt-1').map((d) => d.reasons)).toEqual([['no_consent']]);
    expect(reader.loads).toHaveLength(2);
    expect(writer.commits.map((c) => c.consents?.readRevision)).toEqual([0, undefined]);
  });
});

describe('the audit is append-only: reused event ids', () => {
  const otherContent = () => ({ ...groceries('evt-1', 'c-2'), amount: { minor: 1, currency: 'EUR' } });

  it('records a reused id with other content as its own rejected decision and changes nothing else', async () => {
    const { deps, store } = setup();
    await evaluateBatch([message('m-1', atmAbroad('evt-1', 'c-1'))], deps);
    const before = structuredClone([...store.audit.values()]);
    const offersBefore = store.offers.size;

    const reuse = JSON.stringify(otherContent());
    const outcome = await evaluateBatch([message('m-2', reuse)], deps);
    expect(outcome.failed.size).toBe(0);
    const hash = contentHashOf(reuse, parsePaymentEvent(reuse));
    const recorded = store.audit.get(duplicateEventIdDecisionId('evt-1', hash));
    expect(recorded).toEqual({
      decisionId: duplicateEventIdDecisionId('evt-1', hash),
      eventId: 'evt-1',
      customerId: 'c-2',
      messageId: 'm-2',
      outcome: 'rejected',
      reasons: ['duplicate_event_id'],
      decidedAt: NOW.toISOString(),
      policyVersion: expect.any(String),
      problems: [{ field: 'eventId', expected: expect.stringContaining('not used before') }],
    });
    // Nothing else: the earlier records are untouched, no offer, no new contact state for c-2.
    for (const earlier of before) expect(store.audit.get(earlier.decisionId)).toEqual(earlier);
    expect(store.offers.size).toBe(offersBefore);
    expect(store.contactOf('c-2').version).toBe(0);

    // The same reuse delivered again is a silent duplicate of its own record.
    const again = await evaluateBatch([message('m-3', reuse)], deps);
    expect(again).toMatchObject({ stored: [], duplicates: 1 });
  });

  it('keeps a byte-identical or semantically identical redelivery a silent duplicate', async () => {
    const { deps, store } = setup();
    const event = pharmacyPayment('evt-s', 'c-1');
    await evaluateBatch([message('m-1', event)], deps);
    const reordered = JSON.stringify(Object.fromEntries(Object.entries(event).reverse()));
    const outcome = await evaluateBatch(
      [
        message('m-2', event),
        message('m-3', { ...event, unknownExtra: 'ignored' }),
        message('m-4', reordered),
      ],
      deps,
    );
    expect(outcome).toMatchObject({ stored: [], duplicates: 3 });
    expect(store.audit.size).toBe(1);
  });

  it('never replaces a record, whatever path the first and the reused content took', async () => {
    const shapes = [
      () => atmAbroad('evt-x', 'c-1'),
      () => pharmacyPayment('evt-x', 'c-2'),
      () => groceries('evt-x', 'c-1'),
      () => ({ ...atmAbroad('evt-x', 'c-1'), occurredAt: 'not a time' }),
      () => atmAbroad('evt-x', 'c-1', '2020-01-01T00:00:00Z'),
      () => largePurchase('evt-x', 'c-2'),
    ];
    for (const first of shapes) {
      for (const second of shapes) {
        if (first === second) continue;
        const { deps, store } = setup();
        await evaluateBatch([message('m-1', first())], deps);
        const snapshot = structuredClone([...store.audit.entries()]);
        const outcome = await evaluateBatch([message('m-2', second())], deps);
        expect(outcome.failed.size).toBe(0);
        for (const [id, record] of snapshot) expect(store.audit.get(id)).toEqual(record);
        const added = [...store.audit.values()].filter((d) => !snapshot.some(([id]) => id === d.decisionId));
        expect(added.map((d) => d.reasons)).toEqual([['duplicate_event_id']]);
      }
    }
  });

  it('in one batch, the store decides which content came first (later rounds), not the batch order', async () => {
    const { deps, store } = setup();
    const original = atmAbroad('evt-1', 'c-1');
    await evaluateBatch([message('m-1', original)], deps);
    // The reused content comes first in the batch; the original's redelivery second.
    const outcome = await evaluateBatch([message('m-2', otherContent()), message('m-3', original)], deps);
    expect(outcome.failed.size).toBe(0);
    const reasons = [...store.audit.values()].map((d) => d.reasons.join()).sort();
    expect(reasons).toEqual(['', 'duplicate_event_id'].sort());
    expect(outcome.duplicates).toBe(1);
  });

  it('a later content under an id waits while the earlier one of the batch failed (order kept)', async () => {
    const { deps, store, writer } = setup();
    writer.failCommitForEvent('evt-1');
    const outcome = await evaluateBatch(
      [message('m-1', atmAbroad('evt-1', 'c-1')), message('m-2', otherContent())],
      deps,
    );
    expect([...outcome.failed].sort()).toEqual(['m-1', 'm-2']);
    expect(outcome.failures.get('m-2')).toBe('EarlierMessageUndecided');
    expect(store.audit.size).toBe(0);
  });

  it('two contents of one new id in one batch: the first round stores one, the other is the reuse', async () => {
    const { deps, store } = setup();
    const outcome = await evaluateBatch(
      [message('m-1', atmAbroad('evt-1', 'c-1')), message('m-2', consentless())],
      deps,
    );
    expect(outcome.failed.size).toBe(0);
    expect(
      store
        .decisionsFor('evt-1')
        .map((d) => d.reasons.join() || d.outcome)
        .sort(),
    ).toEqual(['duplicate_event_id', 'emitted']);
  });
});

function consentless() {
  return { ...atmAbroad('evt-1', 'c-2'), amount: { minor: 30_000, currency: 'USD' } };
}

describe('a screened payment leaves no testable trace in its digest', () => {
  it('stores a digest of the ids only: any sensitive payment under those ids digests the same', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.constantFrom('5912', '8062', '8661', '7995', '9222'),
        fc.string({ minLength: 1, maxLength: 40 }),
        async (minor, mcc, name) => {
          const { deps, store } = setup();
          const payment = {
            ...pharmacyPayment('evt-s', 'c-1'),
            amount: { minor, currency: 'EUR' },
            merchant: { name, mcc, country: 'NL' },
          };
          const body = JSON.stringify(payment);
          await evaluateBatch([message('m-1', body)], deps);
          const stored = store.digests.get(decisionIdFor('evt-s'));
          expect(stored).toBe(screenedContentHashOf({ eventId: 'evt-s', customerId: 'c-1' }));
          expect(stored).not.toBe(contentHashOf(body, parsePaymentEvent(body)));
          // Another sensitive payment under the same ids is a duplicate: nothing of either is used.
          const other = await evaluateBatch([message('m-2', pharmacyPayment('evt-s', 'c-1'))], deps);
          expect(other).toMatchObject({ stored: [], duplicates: 1 });
        },
      ),
      { numRuns: 50, seed: 9 },
    );
  });

  it('any other content under a screened id is still recorded as duplicate_event_id', async () => {
    const { deps, store } = setup();
    await evaluateBatch([message('m-1', pharmacyPayment('evt-s', 'c-1'))], deps);
    await evaluateBatch([message('m-2', atmAbroad('evt-s', 'c-1'))], deps);
    const reasons = [...store.audit.values()].map((d) => d.reasons);
    expect(reasons).toEqual([['sensitive_category'], ['duplicate_event_id']]);
  });
});

describe('consents with the revision the reader saw', () => {
  it('an offer commit carries the revision read; a withdrawn customer gets none', async () => {
    const { deps, store, writer } = setup();
    store.setConsents('c-1', [consent('granted', 'transaction-offers', '2026-02-01T10:00:00Z')]);
    await evaluateBatch([message('m-1', atmAbroad('evt-1', 'c-1'))], deps);
    expect(writer.commits[0]?.consents).toEqual({ customerId: 'c-1', readRevision: 1 });
    store.setConsents('c-2', [consent('withdrawn', 'transaction-offers', '2026-02-01T10:00:00Z')]);
    await evaluateBatch([message('m-2', atmAbroad('evt-2', 'c-2'))], deps);
    expect(writer.commits[1]?.consents).toBeUndefined();
  });
});

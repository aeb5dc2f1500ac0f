import { describe, expect, it } from 'vitest';
import { type EvaluateDeps, evaluateBatch } from '#app/evaluate-batch.js';
import type { Catalog } from '#core/catalog/catalog.js';
import { seedCatalog } from '#core/catalog/seed.js';
import { type Decision, decisionIdFor } from '#core/decision.js';
import { DEFAULT_POLICY, policyVersion } from '#core/policy.js';
import {
  atmAbroad,
  catalogSource,
  energyDebit,
  groceries,
  largePurchase,
  message,
  NOW,
  pharmacyPayment,
  seedCatalogWithout,
  traveller,
} from '#test/support/builders.js';
import { inMemoryPorts, type ReaderOptions, type WriterOptions } from '#test/support/in-memory-ports.js';

const CARD_ABROAD = 'card-abroad-worldwide-cover';
const LARGE_PURCHASE = 'large-purchase-credit-card';

function setup(options: ReaderOptions & WriterOptions = {}, catalog: Catalog = seedCatalog()) {
  const ports = inMemoryPorts(options);
  const deps: EvaluateDeps = {
    reader: ports.reader,
    writer: ports.writer,
    catalog: catalogSource(catalog),
    policy: DEFAULT_POLICY,
    now: () => NOW,
  };
  return { ...ports, deps, version: policyVersion(DEFAULT_POLICY, catalog) };
}

const only = (decisions: readonly Decision[]): Decision => {
  expect(decisions).toHaveLength(1);
  const [decision] = decisions;
  if (decision === undefined) throw new Error('no decision');
  return decision;
};

const sorted = (values: Iterable<string>) => [...values].sort();

describe('evaluateBatch: invalid messages', () => {
  it('become rejected decisions naming the field, are stored, and never fail the batch', async () => {
    const { deps, store, reader } = setup();
    store.addCustomer(traveller('c-1'));
    const badEvent = {
      eventId: 'evt-bad',
      customerId: 'c-2',
      occurredAt: 'yesterday',
      type: 'card_payment',
      amount: { minor: 1_999, currency: 'EUR' },
      merchant: { name: 'Kiosk', mcc: '59', country: 'NL' },
    };
    const outcome = await evaluateBatch(
      [
        message('m-not-json', '{"eventId": "evt-x", '),
        message('m-schema', JSON.stringify(badEvent)),
        message('m-good', atmAbroad('evt-good', 'c-1')),
      ],
      deps,
    );

    expect(outcome.failed.size).toBe(0);
    expect(outcome.failures.size).toBe(0);
    const notJson = only([...store.audit.values()].filter((d) => d.messageId === 'm-not-json'));
    expect(notJson).toMatchObject({
      outcome: 'rejected',
      reasons: ['invalid_event'],
      decidedAt: NOW.toISOString(),
    });
    expect(notJson.eventId).toBeUndefined();
    expect(notJson.problems?.map((p) => p.field)).toEqual(['(body)']);

    const schema = only(store.decisionsFor('evt-bad'));
    expect(schema).toMatchObject({
      decisionId: decisionIdFor('evt-bad'),
      customerId: 'c-2',
      messageId: 'm-schema',
      outcome: 'rejected',
      reasons: ['invalid_event'],
    });
    expect(schema.problems?.map((p) => p.field).sort()).toEqual(['merchant.mcc', 'occurredAt']);
    for (const problem of schema.problems ?? []) expect(problem.expected.length).toBeGreaterThan(0);
    // A rejection names the field and what was expected, never the rejected value.
    expect(JSON.stringify(schema)).not.toMatch(/yesterday|"59"|Kiosk|1999/);

    expect(only(store.decisionsFor('evt-good')).outcome).toBe('emitted');
    // Only the valid event needed customer state.
    expect(reader.loads).toEqual([['c-1']]);
    expect(outcome.stored.map((d) => d.outcome).sort()).toEqual(['emitted', 'rejected', 'rejected']);
  });

  it('are decided even when customer state cannot be read at all', async () => {
    const { deps, store, reader } = setup({ failNextLoads: Number.POSITIVE_INFINITY });
    const outcome = await evaluateBatch([message('m-1', 'not json'), message('m-2', '[]')], deps);
    expect(outcome.failed.size).toBe(0);
    expect(reader.calls).toBe(0);
    expect([...store.audit.values()].map((d) => d.outcome)).toEqual(['rejected', 'rejected']);
  });
});

describe('evaluateBatch: decisions made from the event alone', () => {
  it('decides sensitive and trigger-less events without any customer read, even with a broken reader', async () => {
    const catalog = seedCatalogWithout('high-balance-savings');
    const { deps, store, reader, writer, version } = setup(
      { failNextLoads: Number.POSITIVE_INFINITY },
      catalog,
    );
    // The event really has no candidate trigger in this catalog (and does have one in the seed catalog).
    const debit = energyDebit('evt-debit', 'c-2');
    const outcome = await evaluateBatch(
      [message('m-pharmacy', pharmacyPayment('evt-pharmacy', 'c-1')), message('m-debit', debit)],
      deps,
    );

    expect(reader.calls).toBe(0);
    expect(outcome.failed.size).toBe(0);
    expect(only(store.decisionsFor('evt-pharmacy'))).toEqual({
      decisionId: decisionIdFor('evt-pharmacy'),
      eventId: 'evt-pharmacy',
      customerId: 'c-1',
      outcome: 'suppressed',
      reasons: ['sensitive_category'],
      decidedAt: NOW.toISOString(),
      policyVersion: version,
    });
    expect(only(store.decisionsFor('evt-debit'))).toMatchObject({
      outcome: 'no_trigger',
      reasons: [],
      occurredAt: debit.occurredAt,
    });
    // Both went out in one bulk write; nothing needed a transaction.
    expect(writer.commits).toHaveLength(0);
    expect(writer.bulks.map((b) => b.length)).toEqual([2]);
    expect(outcome.stored).toHaveLength(2);
  });

  it('with the seed catalog, reads once for a payment whose candidates do not match, and stores no_trigger in bulk', async () => {
    const { deps, store, reader, writer } = setup();
    store.addCustomer(traveller('c-1'));
    const outcome = await evaluateBatch([message('m-1', groceries('evt-groceries', 'c-1'))], deps);
    expect(reader.loads).toEqual([['c-1']]);
    expect(outcome.failed.size).toBe(0);
    expect(only(store.decisionsFor('evt-groceries')).outcome).toBe('no_trigger');
    expect(writer.commits).toHaveLength(0);
    expect(writer.bulks).toHaveLength(1);
  });
});

describe('evaluateBatch: reading customer state', () => {
  it('reads the state of every customer that needs it in one loadMany call for the whole batch', async () => {
    const { deps, store, reader } = setup();
    for (const id of ['c-1', 'c-2', 'c-3']) store.addCustomer(traveller(id));
    const outcome = await evaluateBatch(
      [
        message('m-1', atmAbroad('evt-1', 'c-1')),
        message('m-2', largePurchase('evt-2', 'c-1')),
        message('m-3', atmAbroad('evt-3', 'c-2')),
        message('m-4', groceries('evt-4', 'c-3')),
        message('m-5', largePurchase('evt-5', 'c-unknown')),
        message('m-6', pharmacyPayment('evt-6', 'c-sensitive-only')),
      ],
      deps,
    );
    expect(outcome.failed.size).toBe(0);
    expect(reader.calls).toBe(1);
    expect(sorted(new Set(reader.loads[0]))).toEqual(['c-1', 'c-2', 'c-3', 'c-unknown']);
  });

  it('fails exactly the messages that needed customer state when the read fails; the others are stored', async () => {
    const { deps, store, writer } = setup({ failNextLoads: 1 });
    store.addCustomer(traveller('c-1')).addCustomer(traveller('c-2'));
    const outcome = await evaluateBatch(
      [
        message('m-pharmacy', pharmacyPayment('evt-pharmacy', 'c-1')),
        message('m-invalid', 'not json'),
        message('m-atm', atmAbroad('evt-atm', 'c-1')),
        message('m-large', largePurchase('evt-large', 'c-2')),
      ],
      deps,
    );
    expect(sorted(outcome.failed)).toEqual(['m-atm', 'm-large']);
    expect(Object.fromEntries(outcome.failures)).toEqual({
      'm-atm': 'CustomerStateUnavailableError',
      'm-large': 'CustomerStateUnavailableError',
    });
    // Fail closed: nothing decided for them.
    expect(writer.commits).toHaveLength(0);
    expect(store.decisionsFor('evt-atm')).toEqual([]);
    expect(store.decisionsFor('evt-large')).toEqual([]);
    expect(store.offers.size).toBe(0);
    // The messages that needed no customer state are decided and stored all the same.
    expect(only(store.decisionsFor('evt-pharmacy')).reasons).toEqual(['sensitive_category']);
    expect([...store.audit.values()].filter((d) => d.messageId === 'm-invalid')).toHaveLength(1);
    expect(outcome.stored.map((d) => d.outcome).sort()).toEqual(['rejected', 'suppressed']);
  });

  it('decides a customer without a profile as unknown: suppressed, committed without contact state', async () => {
    const { deps, store, writer } = setup();
    const outcome = await evaluateBatch([message('m-1', atmAbroad('evt-1', 'c-nobody'))], deps);
    expect(outcome.failed.size).toBe(0);
    // The unknown customer holds no travel-insurance-europe, so the abroad trigger does not even match.
    expect(only(store.decisionsFor('evt-1')).outcome).toBe('no_trigger');

    const large = await evaluateBatch([message('m-2', largePurchase('evt-2', 'c-nobody'))], deps);
    expect(large.failed.size).toBe(0);
    const decision = only(store.decisionsFor('evt-2'));
    expect(decision).toMatchObject({ outcome: 'suppressed', triggerId: LARGE_PURCHASE });
    expect(decision.reasons).toEqual(['customer_excluded', 'no_consent', 'unsuitable']);
    expect(writer.commits.at(-1)?.contact).toBeUndefined();
    expect(store.contacts.has('c-nobody')).toBe(false);
  });
});

describe('evaluateBatch: committing trigger decisions', () => {
  it('commits an emitted offer with its audit record and the next contact-policy state', async () => {
    const { deps, store, writer } = setup();
    store.addCustomer(traveller('c-1'));
    const event = atmAbroad('evt-1', 'c-1');
    const outcome = await evaluateBatch([message('m-1', event)], deps);

    expect(outcome.failed.size).toBe(0);
    const decision = only(store.decisionsFor('evt-1'));
    expect(decision).toMatchObject({
      decisionId: decisionIdFor('evt-1', CARD_ABROAD, 1),
      outcome: 'emitted',
      triggerId: CARD_ABROAD,
      offerId: 'worldwide-travel-cover',
      consentRegime: 'opt-in',
    });
    expect([...store.offers.values()].map((o) => [o.decisionId, o.offerId])).toEqual([
      [decision.decisionId, 'worldwide-travel-cover'],
    ]);
    expect(store.contactOf('c-1')).toEqual({
      customerId: 'c-1',
      version: 1,
      emissions: [
        {
          offerId: 'worldwide-travel-cover',
          at: event.occurredAt,
          decidedAt: NOW.toISOString(),
          offerInstanceId: decision.offerInstanceId,
          expiresAt: '2026-07-24T08:00:00.000Z',
        },
      ],
      cooldownUntil: {},
    });
    expect(writer.commits).toHaveLength(1);
    expect(writer.commits[0]?.contact?.readVersion).toBe(0);
    expect(outcome.stored).toEqual([decision]);
  });

  it('a commit fault fails that message and the same customer’s later events, not earlier ones or other customers’', async () => {
    const { deps, store, writer } = setup();
    store.addCustomer(traveller('c-a')).addCustomer(traveller('c-b'));
    writer.failCommitForEvent('evt-a2');
    const outcome = await evaluateBatch(
      [
        message('m-a3', groceries('evt-a3', 'c-a', '2026-07-06T10:00:00+02:00')),
        message('m-b1', atmAbroad('evt-b1', 'c-b', '2026-07-03T09:00:00-04:00')),
        message('m-a2', largePurchase('evt-a2', 'c-a', '2026-07-05T10:00:00+02:00')),
        message('m-a1', atmAbroad('evt-a1', 'c-a', '2026-07-03T10:00:00-04:00')),
        message('m-a0', groceries('evt-a0', 'c-a', '2026-07-01T10:00:00+02:00')),
      ],
      deps,
    );

    expect(sorted(outcome.failed)).toEqual(['m-a2', 'm-a3']);
    expect(outcome.failures.get('m-a2')).toBe('DecisionStoreError');
    expect(outcome.failures.get('m-a3')).toBe('DecisionStoreError');
    expect(store.decisionsFor('evt-a2')).toEqual([]);
    expect(store.decisionsFor('evt-a3')).toEqual([]);
    expect(only(store.decisionsFor('evt-a0')).outcome).toBe('no_trigger');
    expect(only(store.decisionsFor('evt-a1')).outcome).toBe('emitted');
    expect(only(store.decisionsFor('evt-b1')).outcome).toBe('emitted');
    expect(sorted([...store.offers.values()].map((o) => o.customerId))).toEqual(['c-a', 'c-b']);
    expect(store.contactOf('c-a').version).toBe(1);
  });

  it('resolves a contact-state conflict by reading the customer again and deciding on the fresh state', async () => {
    const { deps, store, reader, writer } = setup();
    store.addCustomer(traveller('c-1'));
    writer.conflictOnce('c-1');
    const outcome = await evaluateBatch([message('m-1', atmAbroad('evt-1', 'c-1'))], deps);

    expect(outcome.failed.size).toBe(0);
    expect(reader.loads).toEqual([['c-1'], ['c-1']]);
    expect(writer.commits.map((c) => c.contact?.readVersion)).toEqual([0, 1]);
    expect(only(store.decisionsFor('evt-1')).outcome).toBe('emitted');
    expect(store.contactOf('c-1').version).toBe(2);
  });

  it('after a conflict, what the other invocation emitted counts: the same offer is now capped', async () => {
    const { deps, store, writer } = setup();
    store.addCustomer(traveller('c-1'));
    writer.conflictOnce('c-1', { offerId: 'worldwide-travel-cover', at: '2026-07-02T12:00:00Z' });
    const outcome = await evaluateBatch([message('m-1', atmAbroad('evt-1', 'c-1'))], deps);

    expect(outcome.failed.size).toBe(0);
    const decision = only(store.decisionsFor('evt-1'));
    expect(decision).toMatchObject({ outcome: 'suppressed', reasons: ['frequency_capped'] });
    expect(store.offers.size).toBe(0);
    expect(writer.commits.at(-1)?.contact).toBeUndefined();
  });

  it('retries a conflict at most 3 times (4 commits, 3 re-reads) and then fails the message and its successors', async () => {
    const { deps, store, reader, writer } = setup();
    store.addCustomer(traveller('c-1')).addCustomer(traveller('c-2'));
    for (let i = 0; i < 4; i++) writer.conflictOnce('c-1');
    const outcome = await evaluateBatch(
      [
        message('m-1', atmAbroad('evt-1', 'c-1', '2026-07-03T10:00:00-04:00')),
        message('m-later', largePurchase('evt-later', 'c-1', '2026-07-04T10:00:00+02:00')),
        message('m-other', atmAbroad('evt-other', 'c-2')),
      ],
      deps,
    );

    expect(sorted(outcome.failed)).toEqual(['m-1', 'm-later']);
    expect(outcome.failures.get('m-1')).toBe('ContactStateConflictError');
    expect(outcome.failures.get('m-later')).toBe('ContactStateConflictError');
    expect(writer.commits.filter((c) => c.decisions[0]?.eventId === 'evt-1')).toHaveLength(4);
    expect(reader.loads.filter((ids) => ids.length === 1 && ids[0] === 'c-1')).toHaveLength(3);
    expect(reader.calls).toBe(4);
    expect(store.decisionsFor('evt-1')).toEqual([]);
    expect(store.decisionsFor('evt-later')).toEqual([]);
    expect(only(store.decisionsFor('evt-other')).outcome).toBe('emitted');
  });

  it('succeeds when the third re-read is the one that sticks (3 conflicts)', async () => {
    const { deps, store, reader, writer } = setup();
    store.addCustomer(traveller('c-1'));
    for (let i = 0; i < 3; i++) writer.conflictOnce('c-1');
    const outcome = await evaluateBatch([message('m-1', atmAbroad('evt-1', 'c-1'))], deps);
    expect(outcome.failed.size).toBe(0);
    expect(reader.calls).toBe(4);
    expect(only(store.decisionsFor('evt-1')).outcome).toBe('emitted');
  });

  it('fails the message when the re-read after a conflict fails', async () => {
    const { deps, store, writer } = setup({ failLoad: (call) => call === 1 });
    store.addCustomer(traveller('c-1'));
    writer.conflictOnce('c-1');
    const outcome = await evaluateBatch([message('m-1', atmAbroad('evt-1', 'c-1'))], deps);
    expect(Object.fromEntries(outcome.failures)).toEqual({ 'm-1': 'CustomerStateUnavailableError' });
    expect(store.audit.size).toBe(0);
  });
});

describe('evaluateBatch: one customer, several events in a batch', () => {
  it('applies the frequency cap in occurredAt order, even when the events arrive in reverse', async () => {
    const { deps, store } = setup();
    store.addCustomer(traveller('c-1'));
    // One offer already shown (and clicked) two days earlier: one slot left in the 7-day window (cap 2).
    const shown = { offerId: 'savings-account', at: '2026-07-01T10:00:00Z', endedAt: '2026-07-01T11:00:00Z' };
    store.setContact({ customerId: 'c-1', version: 3, emissions: [shown], cooldownUntil: {} });
    const earlier = atmAbroad('evt-earlier', 'c-1', '2026-07-03T10:00:00-04:00');
    const later = largePurchase('evt-later', 'c-1', '2026-07-04T10:00:00+02:00');
    const outcome = await evaluateBatch([message('m-later', later), message('m-earlier', earlier)], deps);

    expect(outcome.failed.size).toBe(0);
    expect(only(store.decisionsFor('evt-earlier'))).toMatchObject({
      outcome: 'emitted',
      triggerId: CARD_ABROAD,
    });
    expect(only(store.decisionsFor('evt-later'))).toMatchObject({
      outcome: 'suppressed',
      triggerId: LARGE_PURCHASE,
      reasons: ['frequency_capped'],
    });
    expect(store.contactOf('c-1')).toEqual({
      customerId: 'c-1',
      version: 4,
      emissions: [
        shown,
        {
          offerId: 'worldwide-travel-cover',
          at: earlier.occurredAt,
          decidedAt: NOW.toISOString(),
          offerInstanceId: only(store.decisionsFor('evt-earlier')).offerInstanceId,
          expiresAt: '2026-07-24T08:00:00.000Z',
        },
      ],
      cooldownUntil: {},
    });
  });

  it('orders by instant, not by the text of timestamps with different offsets', async () => {
    const { deps, store } = setup();
    store.addCustomer(traveller('c-1'));
    // 23:00 at -05:00 is 04:00Z the next day: later than 02:00Z, though its text sorts first.
    const first = atmAbroad('evt-first', 'c-1', '2026-07-04T02:00:00Z');
    const second = atmAbroad('evt-second', 'c-1', '2026-07-03T23:00:00-05:00');
    await evaluateBatch([message('m-second', second), message('m-first', first)], deps);
    expect(only(store.decisionsFor('evt-first')).outcome).toBe('emitted');
    expect(only(store.decisionsFor('evt-second')).reasons).toEqual(['frequency_capped']);
  });

  it('keeps a cooldown within the batch: the same offer twice is emitted once, for the earlier payment', async () => {
    const { deps, store } = setup();
    store.addCustomer(traveller('c-1'));
    const outcome = await evaluateBatch(
      [
        message('m-2', atmAbroad('evt-2', 'c-1', '2026-07-05T10:00:00-04:00')),
        message('m-1', atmAbroad('evt-1', 'c-1', '2026-07-03T10:00:00-04:00')),
      ],
      deps,
    );
    expect(outcome.failed.size).toBe(0);
    expect(only(store.decisionsFor('evt-1')).outcome).toBe('emitted');
    expect(only(store.decisionsFor('evt-2')).reasons).toEqual(['frequency_capped']);
    expect(store.offers.size).toBe(1);
  });
});

describe('evaluateBatch: duplicates', () => {
  it('the same event twice in one batch gives one stored decision, one offer and a duplicate count', async () => {
    const { deps, store } = setup();
    store.addCustomer(traveller('c-1'));
    const event = atmAbroad('evt-1', 'c-1');
    const outcome = await evaluateBatch([message('m-1', event), message('m-1-again', event)], deps);

    expect(outcome.failed.size).toBe(0);
    expect(outcome.duplicates).toBe(1);
    expect(outcome.stored).toHaveLength(1);
    expect(only(store.decisionsFor('evt-1')).outcome).toBe('emitted');
    expect(store.offers.size).toBe(1);
    expect(store.contactOf('c-1').version).toBe(1);
  });

  it('a redelivery in a later batch stores nothing new and counts as a duplicate', async () => {
    const { deps, store } = setup();
    store.addCustomer(traveller('c-1'));
    const event = atmAbroad('evt-1', 'c-1');
    const first = await evaluateBatch([message('m-1', event)], deps);
    const again = await evaluateBatch([message('m-1', event)], {
      ...deps,
      now: () => new Date('2026-07-11T00:00:00Z'),
    });

    expect(first.duplicates).toBe(0);
    expect(again.failed.size).toBe(0);
    expect(again.duplicates).toBe(1);
    expect(again.stored).toEqual([]);
    const decision = only(store.decisionsFor('evt-1'));
    expect(decision.outcome).toBe('emitted');
    expect(decision.decidedAt).toBe(NOW.toISOString());
    expect(store.offers.size).toBe(1);
    expect(store.contactOf('c-1').version).toBe(1);
  });
});

describe('evaluateBatch: bulk writes', () => {
  it('writes everything that needs no customer state in one conditional bulk write', async () => {
    const { deps, store, writer } = setup();
    store.addCustomer(traveller('c-2')).addCustomer(traveller('c-3'));
    const outcome = await evaluateBatch(
      [
        message('m-pharmacy', pharmacyPayment('evt-pharmacy', 'c-1')),
        message('m-invalid', 'not json'),
        message('m-groceries', groceries('evt-groceries', 'c-2')),
        message('m-atm', atmAbroad('evt-atm', 'c-3')),
      ],
      deps,
    );
    expect([...outcome.failed]).toEqual([]);
    expect(only(store.decisionsFor('evt-pharmacy')).reasons).toEqual(['sensitive_category']);
    expect(only(store.decisionsFor('evt-groceries')).outcome).toBe('no_trigger');
    expect(only(store.decisionsFor('evt-atm')).outcome).toBe('emitted');
    expect([...store.audit.values()].filter((d) => d.messageId === 'm-invalid')).toHaveLength(1);
    expect(writer.bulks.map((b) => b.length)).toEqual([3]);
  });

  it('fails every bulk message when the bulk write throws, but not the committed ones', async () => {
    const { deps, store, writer } = setup();
    store.addCustomer(traveller('c-2')).addCustomer(traveller('c-3'));
    writer.failNextBulk();
    const outcome = await evaluateBatch(
      [
        message('m-pharmacy', pharmacyPayment('evt-pharmacy', 'c-1')),
        message('m-groceries', groceries('evt-groceries', 'c-2')),
        message('m-atm', atmAbroad('evt-atm', 'c-3')),
      ],
      deps,
    );
    expect(Object.fromEntries(outcome.failures)).toEqual({
      'm-pharmacy': 'DecisionStoreError',
      'm-groceries': 'DecisionStoreError',
    });
    expect(outcome.stored.map((d) => d.eventId)).toEqual(['evt-atm']);
    expect(only(store.decisionsFor('evt-atm')).outcome).toBe('emitted');
  });

  it('an empty batch does nothing', async () => {
    const { deps, reader, writer } = setup();
    const outcome = await evaluateBatch([], deps);
    expect(outcome).toEqual({ failed: new Set(), failures: new Map(), stored: [], duplicates: 0 });
    expect(reader.calls).toBe(0);
    expect(writer.bulks).toHaveLength(0);
    expect(writer.commits).toHaveLength(0);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateBatch } from '#app/evaluate-batch.js';
import { seedCatalog } from '#core/catalog/seed.js';
import { type Decision, DecisionSchema, decisionIdFor, mainReason } from '#core/decision.js';
import { DEFAULT_POLICY } from '#core/policy.js';
import { addsUp, reconcile, type SentMessage } from '#local/reconcile.js';
import { catalogOf, decisionLines, formatReconciliation, formatSummary, summarize } from '#local/summary.js';
import {
  atmAbroad,
  catalogSource,
  type EventJson,
  groceries,
  largePurchase,
  NOW,
  pharmacyPayment,
  traveller,
} from '#test/support/builders.js';
import { type InMemoryStore, inMemoryPorts } from '#test/support/in-memory-ports.js';

/**
 * The replay summary's reconciliation (infra/local/reconcile.ts) against the real evaluator on in-memory
 * ports with the adapters' semantics: every message sent is accounted for exactly once, from what the
 * pipeline recorded; and whatever the input, the printed reconciliation either adds up or says loudly that
 * it does not.
 */

const catalog = seedCatalog();

/**
 * The audit table as a scan returns it (shared/audit-items.ts): decisions decided without a trigger with
 * their digest, one event item per matched event (its claim's digest and its trigger decisions).
 */
function auditItems(store: InMemoryStore): Array<Record<string, unknown>> {
  const items: Array<Record<string, unknown>> = [];
  const embedded = new Set<string>();
  for (const [id, digest] of store.digests) {
    const decision = store.audit.get(id);
    if (decision !== undefined) {
      items.push({ ...decision, contentHash: digest });
      continue;
    }
    const decisions = [...store.audit.values()].filter(
      (d) => d.eventId !== undefined && decisionIdFor(d.eventId) === id && !store.digests.has(d.decisionId),
    );
    const [first] = decisions;
    if (first === undefined) continue;
    for (const d of decisions) embedded.add(d.decisionId);
    items.push({
      decisionId: id,
      kind: 'event',
      contentHash: digest,
      eventId: first.eventId,
      customerId: first.customerId,
      decidedAt: first.decidedAt,
      decisions: decisions.map(({ eventId: _e, customerId: _c, ...rest }) => rest),
      ttl: 1,
    });
  }
  for (const [id, decision] of store.audit) {
    if (!store.digests.has(id) && !embedded.has(id)) items.push({ ...decision });
  }
  return items;
}

/** A card payment of EUR 1,500 in New York: fires card-abroad-worldwide-cover and large-purchase-credit-card. */
const bigPurchaseAbroad = (eventId: string, customerId: string): EventJson => ({
  ...largePurchase(eventId, customerId, '2026-07-04T11:00:00-04:00'),
  merchant: { name: 'Apple Store', mcc: '5732', country: 'US', city: 'New York' },
});

interface Run {
  readonly stored: Decision[];
  readonly duplicates: number;
  readonly deadLettered: number;
}

/** Sends messages in batches as the queue would, retrying failed ones up to 3 receives, then to the DLQ. */
async function pipeline(
  ports: ReturnType<typeof inMemoryPorts>,
  sent: readonly SentMessage[],
  batchSizes: readonly number[],
  now: Date,
  faults: ReadonlySet<number> = new Set(),
): Promise<Run> {
  const stored: Decision[] = [];
  let duplicates = 0;
  let deadLettered = 0;
  let queue = sent.map((m) => ({ ...m, receives: 0 }));
  let call = 0;
  while (queue.length > 0) {
    const size = batchSizes[call % Math.max(1, batchSizes.length)] ?? 10;
    const batch = queue.slice(0, size);
    queue = queue.slice(size);
    if (faults.has(call)) ports.writer.failNextBulk();
    call++;
    const outcome = await evaluateBatch(
      batch.map((m) => ({ messageId: m.messageId, body: m.body, eventClock: true })),
      {
        reader: ports.reader,
        writer: ports.writer,
        catalog: catalogSource(catalog),
        policy: DEFAULT_POLICY,
        now: () => now,
      },
    );
    stored.push(...outcome.stored);
    duplicates += outcome.duplicates;
    for (const m of batch) {
      if (!outcome.failed.has(m.messageId)) continue;
      if (m.receives + 1 >= 3) deadLettered++;
      else queue.push({ ...m, receives: m.receives + 1 });
    }
  }
  return { stored, duplicates, deadLettered };
}

function setup() {
  const ports = inMemoryPorts();
  ports.store.addCustomer(traveller('c-1'));
  ports.store.addCustomer(traveller('c-2', { consents: [] }));
  return ports;
}

const sentOf = (bodies: readonly string[], prefix = 'm') =>
  bodies.map((body, i) => ({ messageId: `${prefix}-${i}`, body }));

describe('reconcile: every message sent, from what the pipeline recorded', () => {
  it('a duplicate delivery, an invalid line, a reused id and a payment firing two triggers', async () => {
    const ports = setup();
    const atm = JSON.stringify(atmAbroad('evt-1', 'c-1'));
    const bodies = [
      atm,
      JSON.stringify(bigPurchaseAbroad('evt-2', 'c-2')),
      atm, // redelivered: collapsed
      '{"eventId":"evt-3","type":"card_payment",', // not JSON: rejected
      JSON.stringify({ ...groceries('evt-4', 'c-1'), merchant: { name: 'X', mcc: '12', country: 'NL' } }),
      JSON.stringify(groceries('evt-1', 'c-1')), // evt-1 again with other content: duplicate_event_id
      JSON.stringify(pharmacyPayment('evt-5', 'c-1')),
      JSON.stringify(groceries('evt-6', 'c-1')),
    ];
    const sent = sentOf(bodies);
    const run = await pipeline(ports, sent, [3, 5], NOW);
    const r = reconcile({ sent, audit: auditItems(ports.store), since: NOW, deadLettered: run.deadLettered });

    expect(r).toMatchObject({
      sent: 8,
      decidedEvents: 4,
      rejectedInvalid: 2,
      rejectedReused: 1,
      collapsed: 1,
      collapsedOfEarlier: 0,
      deadLettered: 0,
      problems: [],
    });
    expect(r.collapsed).toBe(run.duplicates);
    expect(new Map(r.decisionsPerEvent)).toEqual(
      new Map([
        [1, 3],
        [2, 1],
      ]),
    );
    expect(r.eventOutcomes.emitted).toBe(1);
    expect(new Map(r.eventOutcomes.suppressed)).toEqual(
      new Map([
        ['no_consent', 1],
        ['sensitive_category', 1],
      ]),
    );
    expect(r.eventOutcomes.noTrigger).toBe(1);
    expect(r.decisions.map((d) => d.decisionId).sort()).toEqual(run.stored.map((d) => d.decisionId).sort());

    const text = formatReconciliation(r);
    expect(text).toContain('What happened to the 8 messages sent');
    expect(text).toMatch(/ 4 {2}payment events decided/);
    expect(text).toMatch(/ 2 {2}messages rejected as invalid \(invalid_event\)/);
    expect(text).toMatch(/ 1 {2}event ids reused with other content/);
    expect(text).toMatch(/ 1 {2}duplicate deliveries collapsed/);
    expect(text).toMatch(/ 0 {2}dead-lettered/);
    expect(text).toMatch(/ 8 {2}= 8 messages sent: it adds up\./);
    expect(text).toContain(
      'Decisions recorded: 8 = 5 for the 4 decided events (3 with one decision, 1 with two decisions',
    );
    expect(text).not.toContain('DOES NOT ADD UP');
  });

  it('a replay of messages decided before counts them as collapsed duplicates of earlier records', async () => {
    const ports = setup();
    const first = sentOf([
      JSON.stringify(atmAbroad('evt-1', 'c-1')),
      JSON.stringify(groceries('evt-2', 'c-1')),
    ]);
    await pipeline(ports, first, [10], new Date(NOW.getTime() - 3_600_000));
    const again = sentOf([...first.map((m) => m.body), JSON.stringify(groceries('evt-3', 'c-2'))], 'n');
    const run = await pipeline(ports, again, [10], NOW);
    const r = reconcile({ sent: again, audit: auditItems(ports.store), since: NOW, deadLettered: 0 });
    expect(r).toMatchObject({ decidedEvents: 1, collapsed: 2, collapsedOfEarlier: 2, problems: [] });
    expect(r.decisions.map((d) => d.eventId)).toEqual(['evt-3']);
    expect(run.duplicates).toBe(2);
    expect(formatReconciliation(r)).toContain('2 of them before this replay');
  });

  it('a message with no record and not in the DLQ does not add up, and says so', async () => {
    const ports = setup();
    const sent = sentOf([
      JSON.stringify(atmAbroad('evt-1', 'c-1')),
      JSON.stringify(groceries('evt-2', 'c-1')),
    ]);
    await pipeline(ports, sent.slice(0, 1), [10], NOW); // the second never reached the pipeline
    const r = reconcile({ sent, audit: auditItems(ports.store), since: NOW, deadLettered: 0 });
    expect(addsUp(r)).toBe(false);
    expect(r.problems).toEqual(['1 message(s) have no record in the audit table and are not in the DLQ']);
    const text = formatReconciliation(r);
    expect(text).toContain('!! DOES NOT ADD UP: 2 messages sent, 1 accounted for above.');
    expect(text).not.toContain('it adds up');
  });

  it('the main reason of a suppressed event is the most fundamental one', () => {
    expect(mainReason(['frequency_capped', 'no_consent'])).toBe('no_consent');
    expect(mainReason(['unsuitable', 'objected', 'frequency_capped'])).toBe('objected');
    expect(mainReason([])).toBeUndefined();
  });
});

// --- properties ---------------------------------------------------------------------------------------

const LINE_KINDS = ['atm', 'both', 'groceries', 'pharmacy', 'stale', 'future', 'schema', 'notJson'] as const;

function body(kind: (typeof LINE_KINDS)[number], eventId: string, customerId: string): string {
  switch (kind) {
    case 'atm':
      return JSON.stringify(atmAbroad(eventId, customerId));
    case 'both':
      return JSON.stringify(bigPurchaseAbroad(eventId, customerId));
    case 'groceries':
      return JSON.stringify(groceries(eventId, customerId));
    case 'pharmacy':
      return JSON.stringify(pharmacyPayment(eventId, customerId));
    case 'stale':
      return JSON.stringify(groceries(eventId, customerId, '2025-01-05T09:30:00+02:00'));
    case 'future':
      return JSON.stringify(atmAbroad(eventId, customerId, '2099-01-01T00:00:00Z'));
    case 'schema':
      return JSON.stringify({ ...groceries(eventId, customerId), amount: { minor: -1, currency: 'EURO' } });
    case 'notJson':
      return `{"eventId":"${eventId}",`;
  }
}

const scenario = fc.record({
  lines: fc.array(
    fc.record({
      kind: fc.constantFrom(...LINE_KINDS),
      event: fc.integer({ min: 1, max: 6 }),
      customer: fc.constantFrom('c-1', 'c-2', 'c-3'),
      /** Repeat an earlier line instead (a redelivery), when there is one. */
      repeat: fc.option(fc.nat(), { nil: undefined }),
    }),
    { minLength: 1, maxLength: 25 },
  ),
  earlier: fc.nat({ max: 6 }),
  batchSizes: fc.array(fc.integer({ min: 1, max: 10 }), { minLength: 1, maxLength: 4 }),
  faults: fc.uniqueArray(fc.nat({ max: 12 }), { maxLength: 4 }),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

function bodiesOf(lines: Scenario['lines'] | readonly never[]): string[] {
  const bodies: string[] = [];
  for (const line of lines) {
    const earlier =
      line.repeat === undefined || bodies.length === 0 ? undefined : bodies[line.repeat % bodies.length];
    bodies.push(earlier ?? body(line.kind, `evt-${line.event}`, line.customer));
  }
  return bodies;
}

/** The numbers printed in the reconciliation's rows and its total line. */
function printed(text: string): { rows: number[]; total: number } {
  const lines = text.split('\n');
  const end = lines.findIndex((l) => /^ {2}-+$/.test(l));
  const rows = lines.slice(1, end).map((l) => Number(l.trim().split(/\s+/)[0]));
  return { rows, total: Number(lines[end + 1]?.trim().split(/\s+/)[0]) };
}

describe('replay --out: contract-shaped decisions in input order, and the catalog revision', () => {
  const bodies = () => [
    JSON.stringify(groceries('evt-9', 'c-1', '2026-07-05T09:30:00+02:00')),
    JSON.stringify(bigPurchaseAbroad('evt-2', 'c-1')),
    JSON.stringify(atmAbroad('evt-5', 'c-2', '2026-07-01T10:00:00Z')),
    '{"eventId":"evt-0","type":"card_payment",',
    JSON.stringify(pharmacyPayment('evt-1', 'c-1')),
  ];

  it('lists the decisions in the order of the lines, whatever the scan order; one event`s by trigger id', async () => {
    const ports = setup();
    const sent = sentOf(bodies());
    // Decided in another order than sent (batches in reverse), the audit scanned in any order.
    const run = await pipeline(ports, [...sent].reverse(), [2], NOW);
    await fc.assert(
      fc.asyncProperty(
        fc.shuffledSubarray(auditItems(ports.store), { minLength: auditItems(ports.store).length }),
        async (audit) => {
          const r = reconcile({ sent, audit, since: NOW, deadLettered: run.deadLettered });
          const events = r.decisions.map((d) => d.eventId ?? `(message ${d.messageId})`);
          expect([...new Set(events)]).toEqual(['evt-9', 'evt-2', 'evt-5', '(message m-3)', 'evt-1']);
          expect(r.decisions.filter((d) => d.eventId === 'evt-2').map((d) => d.triggerId)).toEqual([
            'card-abroad-worldwide-cover',
            'large-purchase-credit-card',
          ]);
        },
      ),
      { numRuns: 20 },
    );
  });

  it('writes each decision as DecisionSchema has it: no index attribute, digest, claim field or TTL', async () => {
    const ports = setup();
    const sent = sentOf(bodies());
    await pipeline(ports, sent, [10], NOW);
    const internal = {
      suppTrigger: 'x#1',
      supp_abc: 1,
      paidAt: '2026-07-01T00:00:00Z',
      ttl: 1_900_000_000,
      kind: undefined,
      claimedBy: 'm-1',
    };
    const audit = auditItems(ports.store).map((item) => ({ ...item, ...internal }));
    const r = reconcile({ sent, audit, since: NOW, deadLettered: 0 });
    expect(r.decisions.length).toBeGreaterThan(0);
    // Whatever the decisions carry beside their fields (a stored item as read), only the fields are written.
    const lines = decisionLines(r.decisions.map((d) => ({ ...d, ...internal }))).split('\n');
    expect(lines.at(-1)).toBe('');
    const allowed = new Set(Object.keys(DecisionSchema.shape));
    for (const line of lines.slice(0, -1)) {
      const value = JSON.parse(line) as Record<string, unknown>;
      expect(Object.keys(value).filter((k) => !allowed.has(k))).toEqual([]);
      expect(DecisionSchema.strict().safeParse(value).success).toBe(true);
    }
    expect(decisionLines([])).toBe('');
  });

  it('the summary names the catalog revision the decisions were made with (several when it changed)', async () => {
    const ports = setup();
    const sent = sentOf(bodies());
    await pipeline(ports, sent, [10], NOW);
    const r = reconcile({ sent, audit: auditItems(ports.store), since: NOW, deadLettered: 0 });
    const revision = catalogOf(r.decisions[0]?.policyVersion ?? '');
    expect(revision).toBe(catalog.version);
    expect(formatSummary(summarize(r.decisions))).toContain(`Catalog revision: ${revision} (every decision)`);
    const changed = r.decisions.map((d, i) =>
      i === 0
        ? { ...d, policyVersion: d.policyVersion.replace(/catalog=[^;]*/, 'catalog=r-0000000000000001') }
        : d,
    );
    const text = formatSummary(summarize(changed));
    expect(text).toContain('Catalog revisions (the catalog changed during the replay): ');
    expect(text).toContain('r-0000000000000001 (1 decisions)');
    expect(text).toContain(`${revision} (${r.decisions.length - 1} decisions)`);
    expect(catalogOf('policy=1;regime=opt-in')).toBe('(unknown)');
  });
});

describe('reconcile: properties', () => {
  it('on the real evaluator, with redeliveries, reused ids, earlier replays and faults: it always adds up', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const ports = setup();
        const bodies = bodiesOf(s.lines);
        // Part of the stream was replayed an hour before.
        await pipeline(
          ports,
          sentOf(bodies.slice(0, s.earlier), 'old'),
          [10],
          new Date(NOW.getTime() - 3_600_000),
        );
        const sent = sentOf(bodies);
        const run = await pipeline(ports, sent, s.batchSizes, NOW, new Set(s.faults));
        const r = reconcile({
          sent,
          audit: auditItems(ports.store),
          since: NOW,
          deadLettered: run.deadLettered,
        });

        expect(r.problems).toEqual([]);
        expect(addsUp(r)).toBe(true);
        expect(r.decidedEvents + r.rejectedInvalid + r.rejectedReused + r.collapsed + r.deadLettered).toBe(
          sent.length,
        );
        // What the evaluator stored during this replay is exactly what the summary reports.
        expect(r.decisions.map((d) => d.decisionId).sort()).toEqual(
          run.stored.map((d) => d.decisionId).sort(),
        );
        const outcomes = r.eventOutcomes;
        const suppressed = [...outcomes.suppressed.values()].reduce((a, b) => a + b, 0);
        expect(outcomes.emitted + suppressed + outcomes.noTrigger).toBe(r.decidedEvents);
        const perEvent = [...r.decisionsPerEvent].reduce((sum, [, n]) => sum + n, 0);
        expect(perEvent).toBe(r.decidedEvents);
        const { rows, total } = printed(formatReconciliation(r));
        expect(rows.reduce((a, b) => a + b, 0)).toBe(sent.length);
        expect(total).toBe(sent.length);
      }),
      { numRuns: 60 },
    );
  });

  it('whatever is missing, added or miscounted, the printed reconciliation adds up or says loudly it does not', async () => {
    const tamper = fc.record({
      drop: fc.uniqueArray(fc.nat(), { maxLength: 3 }),
      foreign: fc.boolean(),
      dlq: fc.integer({ min: -2, max: 2 }),
      unsent: fc.nat({ max: 2 }),
    });
    await fc.assert(
      fc.asyncProperty(scenario, tamper, async (s, t) => {
        const ports = setup();
        const sent = sentOf(bodiesOf(s.lines));
        const run = await pipeline(ports, sent, s.batchSizes, NOW, new Set(s.faults));
        const items = auditItems(ports.store).filter((_, i) => !t.drop.includes(i));
        if (t.foreign) {
          items.push({
            decisionId: 'd_ffffffffffffffffffffffffffffffff',
            eventId: 'evt-1',
            customerId: 'c-9',
            outcome: 'no_trigger',
            reasons: [],
            decidedAt: NOW.toISOString(),
            policyVersion: 'x',
          });
        }
        const r = reconcile({
          sent: sent.slice(0, Math.max(0, sent.length - t.unsent)),
          audit: items,
          since: NOW,
          deadLettered: Math.max(0, run.deadLettered + t.dlq),
        });
        const text = formatReconciliation(r);
        const { rows, total } = printed(text);
        const sum = rows.reduce((a, b) => a + b, 0);
        const loud = text.includes('!! DOES NOT ADD UP');
        expect(total).toBe(sum);
        expect(loud).toBe(!addsUp(r));
        if (!loud) {
          expect(sum).toBe(r.sent);
          expect(r.problems).toEqual([]);
          expect(text).toContain(`= ${r.sent} messages sent: it adds up.`);
        }
      }),
      { numRuns: 80 },
    );
  });
});

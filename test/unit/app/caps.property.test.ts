import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type EvaluateDeps, evaluateBatch } from '#app/evaluate-batch.js';
import type { Catalog } from '#core/catalog/catalog.js';
import { parseCatalog } from '#core/catalog/parse.js';
import { SEED_CATALOG_INPUT } from '#core/catalog/seed.js';
import { DEFAULT_CLOCK_GUARD } from '#core/clock-guard.js';
import { DEFAULT_POLICY, type Policy } from '#core/policy.js';
import { DecisionStoreError } from '#shared/errors.js';
import {
  atmAbroad,
  catalogSource,
  type EventJson,
  largePurchase,
  message,
  traveller,
} from '#test/support/builders.js';
import { inMemoryPorts } from '#test/support/in-memory-ports.js';

/**
 * Property (issue 9, "caps hold in any processing order"): whatever the order, retries, interleavings and
 * redeliveries of one customer's payments, and the dismissal cooldowns the banner writes meanwhile:
 *  - no event is lost (every event has its decisions) and no decision is recorded twice;
 *  - never the same offer twice active (validity windows of one offer never overlap);
 *  - never more emissions than the cap in ANY closed window of windowDays, on event time and on
 *    decision time;
 *  - a cooldown holds in both directions of time (no two emissions of one offer within cooldownDays);
 *  - no emission of an offer on or after a dismissal that is earlier than the dismissal's cooldownUntil.
 * In-memory ports with the adapters' semantics (conditional writes, optimistic concurrency).
 */

const DAY = 86_400_000;
const T0 = Date.parse('2026-07-01T00:00:00Z');

function catalogWith(cooldownDays: number, validityDays: number): Catalog {
  const offers = SEED_CATALOG_INPUT.offers as { offers: Array<Record<string, unknown>> };
  const result = parseCatalog({
    ...SEED_CATALOG_INPUT,
    offers: { ...offers, offers: offers.offers.map((o) => ({ ...o, cooldownDays, validityDays })) },
  });
  if (!result.ok) throw new Error('catalog');
  return result.catalog;
}

const scenario = fc.record({
  occurredHours: fc.array(fc.integer({ min: 0, max: 24 * 20 }), { minLength: 2, maxLength: 9 }),
  kinds: fc.array(fc.constantFrom('abroad', 'purchase', 'both'), { minLength: 9, maxLength: 9 }),
  cooldownDays: fc.integer({ min: 0, max: 6 }),
  validityDays: fc.integer({ min: 1, max: 5 }),
  maxOffers: fc.integer({ min: 1, max: 3 }),
  windowDays: fc.integer({ min: 1, max: 7 }),
  order: fc.array(fc.nat(), { minLength: 30, maxLength: 30 }),
  steps: fc.array(
    fc.record({
      size: fc.integer({ min: 1, max: 4 }),
      concurrent: fc.boolean(),
      advanceHours: fc.integer({ min: 0, max: 60 }),
      failCommit: fc.option(fc.nat(), { nil: undefined }),
      conflict: fc.boolean(),
      dismiss: fc.option(fc.constantFrom('worldwide-travel-cover' as const, 'credit-card' as const), {
        nil: undefined,
      }),
    }),
    { minLength: 30, maxLength: 30 },
  ),
});

function eventFor(index: number, kind: string, occurredMs: number): EventJson {
  const at = new Date(occurredMs).toISOString();
  const id = `evt-${index}`;
  if (kind === 'abroad') return atmAbroad(id, 'c-1', at);
  if (kind === 'purchase') return largePurchase(id, 'c-1', at);
  // A card payment of EUR 1,500 in the USA: card-abroad and large-purchase both fire.
  return {
    ...largePurchase(id, 'c-1', at),
    merchant: { name: 'Apple Fifth Avenue', mcc: '5732', country: 'US', city: 'New York' },
  };
}

/** Whether some closed window of `window` ms holds more than `max` of `times`. */
function exceeds(times: number[], window: number, max: number): boolean {
  const sorted = [...times].sort((a, b) => a - b);
  for (let i = 0; i < sorted.length; i++) {
    let inside = 0;
    for (let j = i; j < sorted.length && (sorted[j] ?? 0) - (sorted[i] ?? 0) <= window; j++) inside++;
    if (inside > max) return true;
  }
  return false;
}

describe('property: caps, cooldowns and single activity hold in any processing order', () => {
  it('over random permutations, retries, interleavings and dismissals', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const catalog = catalogWith(s.cooldownDays, s.validityDays);
        const policy: Policy = {
          ...DEFAULT_POLICY,
          frequencyCap: { maxOffers: s.maxOffers, windowDays: s.windowDays },
        };
        const { store, reader, writer } = inMemoryPorts();
        store.addCustomer(traveller('c-1'));
        let nowMs = T0 + 20 * DAY;
        const deps: EvaluateDeps = {
          reader,
          writer,
          catalog: catalogSource(catalog),
          policy,
          now: () => new Date(nowMs),
          clockGuard: DEFAULT_CLOCK_GUARD,
        };
        const events = s.occurredHours.map((h, i) => eventFor(i, s.kinds[i] ?? 'abroad', T0 + h * 3_600_000));
        // Deliveries: every event at least once, some twice (redeliveries), in a random order.
        const queue: number[] = [...events.keys(), ...s.order.slice(0, 4).map((n) => n % events.length)];
        for (let i = queue.length - 1; i > 0; i--) {
          const j = (s.order[i] ?? 0) % (i + 1);
          [queue[i], queue[j]] = [queue[j] ?? 0, queue[i] ?? 0];
        }
        const dismissals: Array<{ offerId: string; untilMs: number; before: ReadonlySet<string> }> = [];
        let delivery = 0;
        for (let step = 0; queue.length > 0 && step < 200; step++) {
          const plan = s.steps[step % s.steps.length];
          if (plan === undefined) break;
          nowMs += plan.advanceHours * 3_600_000;
          if (plan.dismiss !== undefined) {
            // The banner records a dismissal: cooldownUntil, version bumped (as offer-events-store does).
            const contact = store.contactOf('c-1');
            const untilMs = nowMs + s.cooldownDays * DAY;
            store.setContact({
              ...contact,
              version: contact.version + 1,
              cooldownUntil: { ...contact.cooldownUntil, [plan.dismiss]: new Date(untilMs).toISOString() },
            });
            dismissals.push({ offerId: plan.dismiss, untilMs, before: new Set(store.audit.keys()) });
          }
          if (plan.conflict) writer.conflictOnce('c-1');
          const taken = queue.splice(0, plan.size);
          if (plan.failCommit !== undefined) {
            const victim = taken[plan.failCommit % taken.length] ?? 0;
            writer.failCommitForEvent(`evt-${victim}`, new DecisionStoreError('injected'));
          }
          const batches = plan.concurrent && taken.length > 1 ? [taken.slice(0, 1), taken.slice(1)] : [taken];
          const outcomes = await Promise.all(
            batches.map((batch) =>
              evaluateBatch(
                batch.map((i) => message(`m-${delivery++}`, events[i] ?? '')),
                deps,
              ),
            ),
          );
          // Failed messages come back later, as SQS redelivers them.
          batches.forEach((batch, b) => {
            const failed = outcomes[b]?.failed ?? new Set<string>();
            const base = delivery - batches.slice(b).reduce((n, x) => n + x.length, 0);
            batch.forEach((i, k) => {
              if (failed.has(`m-${base + k}`)) queue.push(i);
            });
          });
        }
        expect(queue).toEqual([]);

        // 0 events lost; no record replaced (the in-memory writer refuses, never overwrites).
        for (const index of events.keys())
          expect(store.decisionsFor(`evt-${index}`).length).toBeGreaterThan(0);
        const emitted = [...store.audit.values()].filter((d) => d.outcome === 'emitted');
        expect(emitted).toHaveLength(store.offers.size);

        const offers = [...store.offers.values()];
        const byOffer = new Map<string, typeof offers>();
        for (const offer of offers)
          byOffer.set(offer.offerId, [...(byOffer.get(offer.offerId) ?? []), offer]);
        const decisionOf = (decisionId: string) => store.audit.get(decisionId);
        for (const [, same] of byOffer) {
          for (const a of same) {
            for (const b of same) {
              if (a === b) continue;
              // Never twice active.
              const overlap =
                Date.parse(a.createdAt) < Date.parse(b.expiresAt) &&
                Date.parse(b.createdAt) < Date.parse(a.expiresAt);
              expect(overlap).toBe(false);
              // Cooldown both ways, on both time lines.
              const occA = Date.parse(decisionOf(a.decisionId)?.occurredAt ?? '');
              const occB = Date.parse(decisionOf(b.decisionId)?.occurredAt ?? '');
              expect(Math.abs(occA - occB)).toBeGreaterThan(s.cooldownDays * DAY);
              expect(Math.abs(Date.parse(a.createdAt) - Date.parse(b.createdAt))).toBeGreaterThan(
                s.cooldownDays * DAY,
              );
            }
          }
        }
        const window = s.windowDays * DAY;
        const occurred = emitted.map((d) => Date.parse(d.occurredAt ?? ''));
        const decided = emitted.map((d) => Date.parse(d.decidedAt));
        expect(exceeds(occurred, window, s.maxOffers)).toBe(false);
        expect(exceeds(decided, window, s.maxOffers)).toBe(false);
        for (const dismissal of dismissals) {
          for (const d of emitted) {
            // Only what was decided after the dismissal was recorded.
            if (d.offerId !== dismissal.offerId || dismissal.before.has(d.decisionId)) continue;
            expect(Date.parse(d.occurredAt ?? '')).toBeGreaterThanOrEqual(dismissal.untilMs);
          }
        }
      }),
      { numRuns: 150, seed: 20261130 },
    );
  }, 60_000);
});

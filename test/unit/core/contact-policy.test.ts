import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Offer } from '#core/catalog/catalog.js';
import { seedCatalog } from '#core/catalog/seed.js';
import { DEFAULT_CLOCK_GUARD } from '#core/clock-guard.js';
import {
  type ContactState,
  ContactStateSchema,
  contactGate,
  contactHorizonDays,
  cooldownDaysFrom,
  dismissalCooldownUntil,
  dismissalPauseGate,
  emptyContactState,
  prune,
  withDismissal,
  wouldExceedCap,
} from '#core/contact-policy.js';
import { DEFAULT_POLICY } from '#core/policy.js';

const DAY = 86_400_000;
const NOW_MS = Date.parse('2026-07-10T08:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

const catalog = seedCatalog();
const offers = [...catalog.offers.values()];
const offerOf = (offerId: string): Offer => {
  const offer = catalog.offers.get(offerId);
  if (offer === undefined) throw new Error(`seed catalog has no ${offerId}`);
  return offer;
};

describe('the contact state', () => {
  it('starts empty at version 0 and validates', () => {
    const state = emptyContactState('c-1');
    expect(state).toEqual({ customerId: 'c-1', version: 0, emissions: [], cooldownUntil: {} });
    expect(ContactStateSchema.parse(state)).toEqual(state);
  });

  it('accepts real instants only, naming the field that is not one', () => {
    const base = { customerId: 'c-1', version: 1, emissions: [], cooldownUntil: {} };
    const paths = (value: unknown) =>
      ContactStateSchema.safeParse(value).error?.issues.map((issue) => issue.path.join('.'));
    expect(paths({ ...base, emissions: [{ offerId: 'credit-card', at: 'yesterday' }] })).toEqual([
      'emissions.0.at',
    ]);
    expect(
      paths({ ...base, emissions: [{ offerId: 'credit-card', at: iso(NOW_MS), decidedAt: 'now' }] }),
    ).toEqual(['emissions.0.decidedAt']);
    expect(paths({ ...base, emissions: [{ offerId: '', at: iso(NOW_MS) }] })).toEqual([
      'emissions.0.offerId',
    ]);
    expect(paths({ ...base, cooldownUntil: { 'credit-card': 'until further notice' } })).toEqual([
      'cooldownUntil.credit-card',
    ]);
    expect(paths({ ...base, version: -1 })).toEqual(['version']);
    expect(paths({ ...base, cooldownUntil: { 'credit-card': '2026-07-10T10:00:00+02:00' } })).toBeUndefined();
  });
});

describe('wouldExceedCap', () => {
  /** Every closed window of `window` holding t, by brute force over all integer starts. */
  function bruteForce(times: readonly number[], t: number, window: number, max: number): boolean {
    for (let start = t - window; start <= t; start++) {
      const inside = times.filter((x) => x >= start && x <= start + window).length + 1;
      if (inside > max) return true;
    }
    return false;
  }

  it('agrees with counting every window that holds the new emission', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 60 }),
        fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 8 }),
        (window, max, t, all) => {
          // The gate hands in only the emissions within `window` of t.
          const times = all.filter((x) => Math.abs(x - t) <= window);
          expect(wouldExceedCap(times, t, window, max)).toBe(bruteForce(times, t, window, max));
        },
      ),
    );
  });
});

describe('contactGate', () => {
  const cap = DEFAULT_POLICY.frequencyCap; // 2 per 7 days
  const savings = offerOf('savings-account');
  const gate = (state: Partial<ContactState>, occurredMs: number, nowMs = NOW_MS, offer = savings) =>
    contactGate({ ...emptyContactState('c-1'), ...state }, occurredMs, nowMs, offer, cap);

  it('caps on decision time too: emissions far apart on event time but decided close together', () => {
    const emissions = [
      { offerId: 'credit-card', at: iso(NOW_MS - 25 * DAY), decidedAt: iso(NOW_MS - DAY) },
      { offerId: 'child-savings-account', at: iso(NOW_MS - 20 * DAY), decidedAt: iso(NOW_MS - 2 * DAY) },
    ];
    expect(gate({ emissions }, NOW_MS)).toMatchObject({ passed: false, reason: 'frequency_capped' });
    // Without decidedAt the event time stands in for it: both are then outside the window.
    const undated = emissions.map(({ offerId, at }) => ({ offerId, at }));
    expect(gate({ emissions: undated }, NOW_MS).passed).toBe(true);
  });

  it('blocks the same offer while an earlier emission of it may still be active', () => {
    const offer = { ...savings, cooldownDays: 0, validityDays: 14 };
    const decided = NOW_MS - 13 * DAY;
    const emissions = [{ offerId: offer.offerId, at: iso(NOW_MS - 40 * DAY), decidedAt: iso(decided) }];
    expect(gate({ emissions }, NOW_MS, NOW_MS, offer).passed).toBe(false);
    expect(gate({ emissions }, NOW_MS, decided + 14 * DAY, offer).passed).toBe(true);
  });

  it('honours a dismissal while it runs past the event or the receive time, whichever is earlier', () => {
    const cooldownUntil = { [savings.offerId]: iso(NOW_MS) };
    expect(gate({ cooldownUntil }, NOW_MS - 1, NOW_MS + DAY).passed).toBe(false);
    expect(gate({ cooldownUntil }, NOW_MS + DAY, NOW_MS - 1).passed).toBe(false);
    expect(gate({ cooldownUntil }, NOW_MS, NOW_MS).passed).toBe(true);
    // Another offer's cooldown, or an inherited property name, blocks nothing.
    expect(gate({ cooldownUntil }, NOW_MS - 1, NOW_MS - 1, offerOf('credit-card')).passed).toBe(true);
    expect(gate({}, NOW_MS, NOW_MS, { ...savings, offerId: 'constructor' }).passed).toBe(true);
  });
});

describe('contactHorizonDays', () => {
  it('is the longest of the frequency window and every offer cooldown and validity', () => {
    const longest = Math.max(
      DEFAULT_POLICY.frequencyCap.windowDays,
      ...offers.flatMap((o) => [o.cooldownDays, o.validityDays]),
    );
    expect(contactHorizonDays(DEFAULT_POLICY, catalog)).toBe(longest);
    const wide = { ...DEFAULT_POLICY, frequencyCap: { maxOffers: 2, windowDays: longest + 1 } };
    expect(contactHorizonDays(wide, catalog)).toBe(longest + 1);
  });
});

describe('prune', () => {
  const guard = DEFAULT_CLOCK_GUARD;
  const stale = guard.staleEventHorizonDays * DAY;
  const horizonDays = contactHorizonDays(DEFAULT_POLICY, catalog) + guard.staleEventHorizonDays;
  const span = (horizonDays + 5) * DAY;

  const contactDays = contactHorizonDays(DEFAULT_POLICY, catalog);
  /** An instant anywhere in the span, or close to one of the edges pruning cuts at. */
  const instantNear = (...edges: number[]) =>
    fc.oneof(
      fc.integer({ min: NOW_MS - span, max: NOW_MS + DAY }),
      ...edges.map((edge) => fc.integer({ min: edge - 2 * DAY, max: edge + 2 * DAY })),
    );
  const offerIds = offers.map((o) => o.offerId);
  const stateArb = fc.record({
    emissions: fc.array(
      fc.record({
        offerId: fc.constantFrom(...offerIds),
        at: instantNear(NOW_MS - horizonDays * DAY).map(iso),
        decidedAt: instantNear(NOW_MS - contactDays * DAY).map(iso),
      }),
      { maxLength: 6 },
    ),
    cooldownUntil: fc.dictionary(fc.constantFrom(...offerIds), instantNear(NOW_MS - stale, NOW_MS).map(iso)),
  });

  it('never changes the verdict for an event received later: it drops only what no such event can need', () => {
    fc.assert(
      fc.property(
        stateArb,
        fc.oneof(fc.integer({ min: 0, max: 2 * DAY }), fc.integer({ min: 0, max: 400 * DAY })),
        fc.oneof(
          fc.integer({ min: -stale, max: guard.maxFutureSkewSeconds * 1000 }),
          fc.integer({ min: -stale, max: -stale + 2 * DAY }),
        ),
        fc.constantFrom(...offers),
        (partial, later, offset, offer) => {
          const state: ContactState = { customerId: 'c-1', version: 3, ...partial };
          const pruned = prune(state, new Date(NOW_MS), horizonDays, guard);
          const receivedMs = NOW_MS + later;
          const occurredMs = receivedMs + offset;
          const cap = DEFAULT_POLICY.frequencyCap;
          expect(contactGate(pruned, occurredMs, receivedMs, offer, cap)).toEqual(
            contactGate(state, occurredMs, receivedMs, offer, cap),
          );
          expect(pruned.version).toBe(state.version);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('is tight: what sits exactly on an edge is kept, and an event received now still needs it', () => {
    const longest = offers.reduce((a, b) => (b.cooldownDays > a.cooldownDays ? b : a));
    expect(longest.cooldownDays).toBe(contactDays); // the seed's horizon is a cooldown
    const edgeOfEvents = NOW_MS - horizonDays * DAY;
    const edgeOfDecisions = NOW_MS - contactDays * DAY;
    const ancient = iso(NOW_MS - span);
    const cases: Array<Partial<ContactState>> = [
      { emissions: [{ offerId: longest.offerId, at: iso(edgeOfEvents), decidedAt: ancient }] },
      { emissions: [{ offerId: longest.offerId, at: ancient, decidedAt: iso(edgeOfDecisions) }] },
      { cooldownUntil: { [longest.offerId]: iso(NOW_MS - stale + 1) } },
    ];
    for (const partial of cases) {
      const state: ContactState = { ...emptyContactState('c-1'), ...partial };
      const pruned = prune(state, new Date(NOW_MS), horizonDays, guard);
      expect(pruned).toEqual(state);
      // The oldest event still decided: received now, occurred at the stale horizon.
      const verdict = contactGate(pruned, NOW_MS - stale, NOW_MS, longest, DEFAULT_POLICY.frequencyCap);
      expect(verdict.passed).toBe(false);
    }
  });

  it('drops emissions old on both time lines and cooldowns over before the stale horizon', () => {
    const old = NOW_MS - horizonDays * DAY - 1;
    const state: ContactState = {
      customerId: 'c-1',
      version: 1,
      emissions: [
        { offerId: 'credit-card', at: iso(old), decidedAt: iso(old) },
        { offerId: 'credit-card', at: iso(old), decidedAt: iso(NOW_MS - DAY) },
        { offerId: 'savings-account', at: iso(old) },
      ],
      cooldownUntil: { 'credit-card': iso(NOW_MS - stale - 1), 'savings-account': iso(NOW_MS - stale) },
    };
    const pruned = prune(state, new Date(NOW_MS), horizonDays, guard);
    expect(pruned.emissions).toEqual([state.emissions[1]]);
    expect(pruned.cooldownUntil).toEqual({ 'savings-account': iso(NOW_MS - stale) });
  });
});

describe('prune and the limits of issue 13', () => {
  const guard = DEFAULT_CLOCK_GUARD;
  const horizonDays = contactHorizonDays(DEFAULT_POLICY, catalog) + guard.staleEventHorizonDays;

  it('the horizon covers a dismissal pause: a run of dismissals forms within withinDays, then pauses pauseDays', () => {
    const long = { ...DEFAULT_POLICY, dismissalPause: { dismissals: 3, withinDays: 100, pauseDays: 200 } };
    expect(contactHorizonDays(long, catalog)).toBe(300);
  });

  it('keeps dismissals while a pause they take part in can still reach an event decided later', () => {
    const pause = DEFAULT_POLICY.dismissalPause;
    const edge = NOW_MS - horizonDays * DAY;
    const state: ContactState = {
      ...emptyContactState('c-1'),
      dismissals: [iso(edge - 1), iso(edge), iso(NOW_MS - DAY)],
    };
    const pruned = prune(state, new Date(NOW_MS), horizonDays, guard);
    expect(pruned.dismissals).toEqual([iso(edge), iso(NOW_MS - DAY)]);
    // The oldest event still decided (received now, at the stale horizon) sees the same pause verdict.
    const oldest = NOW_MS - guard.staleEventHorizonDays * DAY;
    for (const s of [state, pruned])
      expect(dismissalPauseGate(s, oldest, NOW_MS, pause)).toEqual(
        dismissalPauseGate(state, oldest, NOW_MS, pause),
      );
    expect(prune(emptyContactState('c-1'), new Date(NOW_MS), horizonDays, guard)).not.toHaveProperty(
      'dismissals',
    );
  });

  it('keeps an emission while it can still count as active, however old its decision', () => {
    const ancient = iso(NOW_MS - 2 * horizonDays * DAY);
    const stillActive = {
      offerId: 'credit-card',
      at: ancient,
      decidedAt: ancient,
      expiresAt: iso(NOW_MS + DAY),
    };
    const ended = { ...stillActive, endedAt: iso(NOW_MS - DAY) };
    const expired = { ...stillActive, expiresAt: iso(NOW_MS) };
    const state: ContactState = { ...emptyContactState('c-1'), emissions: [stillActive, ended, expired] };
    expect(prune(state, new Date(NOW_MS), horizonDays, guard).emissions).toEqual([stillActive]);
  });
});

describe('dismissals', () => {
  it('start a cooldown of the offer cooldownDays from the reported instant, in UTC', () => {
    expect(dismissalCooldownUntil('2026-07-10T09:00:00+02:00', 90)).toBe('2026-10-08T07:00:00.000Z');
    expect(dismissalCooldownUntil('2026-07-10T07:00:00Z', 0)).toBe('2026-07-10T07:00:00.000Z');
  });

  it('never shorten a cooldown already running longer, comparing instants rather than text', () => {
    const running = { 'credit-card': '2027-01-01T00:00:00+01:00', 'savings-account': '2026-08-01T00:00:00Z' };
    // The running one ends at 2026-12-31T23:00Z: as text it sorts after both of these.
    expect(withDismissal(running, 'credit-card', '2026-12-31T22:59:59.999Z')).toEqual(running);
    expect(withDismissal(running, 'credit-card', '2026-12-31T23:00:00Z')).toEqual(running);
    expect(withDismissal(running, 'credit-card', '2026-12-31T23:30:00Z')).toEqual({
      ...running,
      'credit-card': '2026-12-31T23:30:00Z',
    });
    expect(withDismissal({}, 'credit-card', '2026-09-01T00:00:00Z')).toEqual({
      'credit-card': '2026-09-01T00:00:00Z',
    });
    // The input is not changed.
    expect(running['credit-card']).toBe('2027-01-01T00:00:00+01:00');
  });

  it("take the catalog offer's cooldown, and the longest one for an offer the catalog no longer has", () => {
    const days = cooldownDaysFrom(catalog);
    for (const offer of offers) expect(days(offer.offerId)).toBe(offer.cooldownDays);
    const longest = Math.max(...offers.map((o) => o.cooldownDays));
    expect(days('retired-offer')).toBe(longest);
  });
});

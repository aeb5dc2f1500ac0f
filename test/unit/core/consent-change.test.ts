import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { futureInstantProblem } from '#core/clock-guard.js';
import {
  applyConsentChange,
  type ConsentChange,
  type ConsentState,
  compareConsentRecords,
  createdAfterLastWithdrawal,
} from '#core/consent-change.js';
import { CONSENT_PURPOSES, CONSENT_STATUSES, type ConsentStatus } from '#core/customer.js';

const SKEW_MS = 300_000;
const T0 = Date.parse('2026-07-01T12:00:00Z');
const APPLIED = new Date('2026-07-02T00:00:00Z');
const EMPTY: ConsentState = { records: [], lastWithdrawnAt: {} };

const change = (
  status: ConsentStatus,
  atMs: number,
  overrides: Partial<ConsentChange> = {},
): ConsentChange => ({
  customerId: 'c-1',
  purpose: 'transaction-offers',
  status,
  at: new Date(atMs).toISOString(),
  source: 'app-privacy-settings',
  noticeVersion: '2026-01',
  ...overrides,
});

function applyAll(changes: readonly ConsentChange[], appliedAt = APPLIED): ConsentState {
  let state = EMPTY;
  for (const c of changes) state = applyConsentChange(state, c, { skewMs: SKEW_MS, appliedAt }).state;
  return state;
}

const sorted = (state: ConsentState) =>
  [...state.records].sort((a, b) => (a.purpose < b.purpose ? -1 : a.purpose > b.purpose ? 1 : 0));

/** Changes of one customer with instants crowded into a few skews (ties, within-skew and clear orders). */
const changeArb = fc.record({
  purpose: fc.constantFrom(...CONSENT_PURPOSES),
  status: fc.constantFrom(...CONSENT_STATUSES),
  // Multiples of 100 s within 20 min: many pairs within the 300 s skew, some exactly on it, some ties.
  offset: fc.integer({ min: 0, max: 12 }).map((n) => n * 100_000),
  source: fc.constantFrom('app-privacy-settings', 'branch'),
  noticeVersion: fc.constantFrom('2026-01', '2026-02'),
});
type GeneratedChange = typeof changeArb extends fc.Arbitrary<infer T> ? T : never;
const toChange = (c: GeneratedChange) =>
  change(c.status, T0 + c.offset, { purpose: c.purpose, source: c.source, noticeVersion: c.noticeVersion });

describe('consent changes: the more protective state wins within the skew, whatever the arrival order', () => {
  it('ends in the same current consents for every arrival order of the same changes', () => {
    fc.assert(
      fc.property(
        fc
          .array(changeArb, { minLength: 1, maxLength: 7 })
          .chain((raw) =>
            fc.tuple(
              fc.constant(raw.map(toChange)),
              fc.shuffledSubarray(raw.map(toChange), { minLength: raw.length }),
            ),
          ),
        ([inOrder, shuffled]) => {
          expect(sorted(applyAll(shuffled))).toEqual(sorted(applyAll(inOrder)));
        },
      ),
      { numRuns: 1000, seed: 9_2026 },
    );
  });

  it('a withdrawal or objection beats a grant dated up to the skew later, in either arrival order', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<ConsentStatus>('withdrawn', 'objected'),
        fc.constantFrom(...CONSENT_PURPOSES),
        fc.integer({ min: 0, max: 10 * 86_400_000 }),
        fc.integer({ min: -SKEW_MS, max: SKEW_MS }),
        fc.boolean(),
        (status, purpose, base, lead, grantFirst) => {
          const restrictive = change(status, T0 + base, { purpose });
          const grant = change('granted', T0 + base + lead, { purpose, source: 'other-channel' });
          const state = applyAll(grantFirst ? [grant, restrictive] : [restrictive, grant]);
          expect(state.records).toHaveLength(1);
          expect(state.records[0]?.status).toBe(status);
          expect(state.lastWithdrawnAt[purpose]).toBeDefined();
        },
      ),
      { numRuns: 500, seed: 9_2027 },
    );
  });

  it('a grant more than the skew newer than a withdrawal wins, in either arrival order', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: SKEW_MS + 1, max: 30 * 86_400_000 }),
        fc.boolean(),
        (lead, grantFirst) => {
          const withdrawal = change('withdrawn', T0);
          const grant = change('granted', T0 + lead);
          const state = applyAll(grantFirst ? [grant, withdrawal] : [withdrawal, grant]);
          expect(state.records.map((r) => r.status)).toEqual(['granted']);
        },
      ),
      { numRuns: 300, seed: 9_2028 },
    );
  });

  it('the issue probe: a grant dated 2099 cannot hold off a withdrawal once refused at the edge', () => {
    // The grant is refused before it reaches the core (future instant); a real grant then a withdrawal now wins.
    const received = new Date('2026-07-01T12:00:00Z');
    expect(
      futureInstantProblem('at', '2099-01-01T00:00:00Z', received, { maxFutureSkewSeconds: 300 }),
    ).toEqual({
      field: 'at',
      expected: 'expected an instant no later than 300 s after the time it was received',
    });
    const state = applyAll([change('granted', T0 - 60_000), change('withdrawn', T0)]);
    expect(state.records[0]?.status).toBe('withdrawn');
  });

  it('a redelivery is unchanged, a losing change is stale and changes nothing', () => {
    const withdrawal = change('withdrawn', T0);
    const once = applyAll([withdrawal]);
    const again = applyConsentChange(once, withdrawal, { skewMs: SKEW_MS, appliedAt: APPLIED });
    expect(again.outcome).toBe('unchanged');
    expect(again.state).toBe(once);
    const late = applyConsentChange(once, change('granted', T0 + SKEW_MS), {
      skewMs: SKEW_MS,
      appliedAt: APPLIED,
    });
    expect(late.outcome).toBe('stale');
    expect(late.state).toBe(once);
  });

  it('compareConsentRecords is a total order: antisymmetric and transitive', () => {
    const recordArb = changeArb.map(toChange);
    fc.assert(
      fc.property(recordArb, recordArb, recordArb, (a, b, c) => {
        const ab = compareConsentRecords(a, b, SKEW_MS);
        expect(Math.sign(compareConsentRecords(b, a, SKEW_MS)) + Math.sign(ab)).toBe(0);
        if (ab <= 0 && compareConsentRecords(b, c, SKEW_MS) <= 0) {
          expect(compareConsentRecords(a, c, SKEW_MS)).toBeLessThanOrEqual(0);
        }
      }),
      { numRuns: 1000, seed: 9_2029 },
    );
  });
});

describe('lastWithdrawnAt: when offers were last ended', () => {
  it('is the later of the change instant and the time it was applied, and never moves back', () => {
    const first = applyConsentChange(EMPTY, change('withdrawn', T0), {
      skewMs: SKEW_MS,
      appliedAt: new Date(T0 + 5_000),
    }).state;
    expect(first.lastWithdrawnAt['transaction-offers']).toBe(new Date(T0 + 5_000).toISOString());
    const regranted = applyConsentChange(first, change('granted', T0 + SKEW_MS + 1), {
      skewMs: SKEW_MS,
      appliedAt: new Date(T0 + 600_000),
    }).state;
    // A grant keeps the instant: the offers ended before it stay ended.
    expect(regranted.lastWithdrawnAt).toEqual(first.lastWithdrawnAt);
    // An objection dated a little ahead of the clock that applied it counts from its own instant.
    const objected = applyConsentChange(
      regranted,
      change('objected', T0 + 700_000, { purpose: 'direct-marketing' }),
      {
        skewMs: SKEW_MS,
        appliedAt: new Date(T0 + 650_000),
      },
    ).state;
    expect(objected.lastWithdrawnAt).toEqual({
      'transaction-offers': new Date(T0 + 5_000).toISOString(),
      'direct-marketing': new Date(T0 + 700_000).toISOString(),
    });
  });

  it("an offer is servable only when created after every purpose's last withdrawal", () => {
    const withdrawn = {
      'transaction-offers': '2026-07-01T12:00:00.000Z',
      'direct-marketing': '2026-06-01T00:00:00Z',
    };
    expect(createdAfterLastWithdrawal('2026-07-01T12:00:00.001Z', withdrawn)).toBe(true);
    expect(createdAfterLastWithdrawal('2026-07-01T12:00:00.000Z', withdrawn)).toBe(false);
    expect(createdAfterLastWithdrawal('2026-07-01T14:00:00+02:00', withdrawn)).toBe(false);
    expect(createdAfterLastWithdrawal('2026-06-15T00:00:00Z', withdrawn)).toBe(false);
    expect(createdAfterLastWithdrawal('2020-01-01T00:00:00Z', {})).toBe(true);
    expect(createdAfterLastWithdrawal('not a date', {})).toBe(false);
  });
});

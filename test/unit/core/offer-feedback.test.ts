import { describe, expect, it } from 'vitest';
import { type ContactState, dismissalPauseUntil, emptyContactState } from '#core/contact-policy.js';
import {
  dismissalHorizonDays,
  type Feedback,
  feedbackEffect,
  judgeFeedback,
  OFFER_FEEDBACK_TYPES,
  withDismissalAt,
} from '#core/offer-feedback.js';
import { DEFAULT_DISMISSAL_PAUSE } from '#core/policy.js';

const DAY_MS = 86_400_000;
const NOW = new Date('2026-07-10T08:00:00.000Z');
const EXPIRES = '2026-07-20T08:00:00.000Z';
const iso = (ms: number) => new Date(ms).toISOString();
const feedback = (type: Feedback['type'], at = NOW.toISOString()): Feedback => ({ type, at });
const SETTINGS = { cooldownDays: 90, pause: DEFAULT_DISMISSAL_PAUSE };
const TARGET = { offerId: 'credit-card', offerInstanceId: 'o_1' };

const state = (overrides: Partial<ContactState> = {}): ContactState => ({
  ...emptyContactState('c-1'),
  version: 3,
  emissions: [
    {
      offerId: 'credit-card',
      at: '2026-07-09T10:00:00.000Z',
      decidedAt: '2026-07-09T10:00:01.000Z',
      offerInstanceId: 'o_1',
      expiresAt: EXPIRES,
    },
    {
      offerId: 'savings-account',
      at: '2026-07-08T10:00:00.000Z',
      offerInstanceId: 'o_2',
      expiresAt: EXPIRES,
    },
  ],
  cooldownUntil: { 'savings-account': '2026-08-01T00:00:00.000Z' },
  ...overrides,
});

describe('judgeFeedback: which feedback is possible', () => {
  it('every type is allowed on an active offer before its expiry', () => {
    for (const type of OFFER_FEEDBACK_TYPES) {
      expect(judgeFeedback({ status: 'active', expiresAt: EXPIRES }, feedback(type))).toEqual({
        allowed: true,
      });
    }
  });

  it.each([
    ['clicked', 'clicked'],
    ['dismissed', 'dismissed'],
    ['withdrawn', 'withdrawn'],
    ['superseded', 'ended'],
    ['', 'ended'],
    ['constructor', 'ended'],
  ])('nothing after the status %s (refusal %s), whatever the type', (status, refusal) => {
    for (const type of OFFER_FEEDBACK_TYPES) {
      expect(judgeFeedback({ status, expiresAt: EXPIRES }, feedback(type))).toEqual({
        allowed: false,
        refusal,
      });
    }
  });

  it('nothing at or after the expiry, judged by `at` (not by when it arrives), in any offset', () => {
    const offer = { status: 'active', expiresAt: '2026-07-20T10:00:00+02:00' };
    expect(judgeFeedback(offer, feedback('shown', '2026-07-20T07:59:59.999Z')).allowed).toBe(true);
    expect(judgeFeedback(offer, feedback('clicked', '2026-07-20T08:00:00.000Z'))).toEqual({
      allowed: false,
      refusal: 'expired',
    });
    expect(judgeFeedback(offer, feedback('dismissed', '2026-07-21T00:00:00Z')).allowed).toBe(false);
  });

  it('an ended status wins over an expiry: a withdrawn, expired offer is refused as withdrawn', () => {
    expect(
      judgeFeedback({ status: 'withdrawn', expiresAt: EXPIRES }, feedback('shown', '2026-08-01T00:00:00Z')),
    ).toEqual({ allowed: false, refusal: 'withdrawn' });
  });

  it('an expiry or `at` that is no instant is refused as expired (fail closed)', () => {
    expect(judgeFeedback({ status: 'active', expiresAt: 'soon' }, feedback('shown')).allowed).toBe(false);
    expect(judgeFeedback({ status: 'active', expiresAt: EXPIRES }, feedback('shown', 'now')).allowed).toBe(
      false,
    );
  });
});

describe('feedbackEffect: what an allowed feedback changes in the contact-policy state', () => {
  it('shown changes nothing', () => {
    const before = state();
    expect(feedbackEffect(before, TARGET, feedback('shown'), SETTINGS, NOW)).toBe(before);
  });

  it('clicked ends the emission of that offer instance only; no cooldown, no dismissal', () => {
    const at = '2026-07-10T07:00:00.000Z';
    const after = feedbackEffect(state(), TARGET, feedback('clicked', at), SETTINGS, NOW);
    expect(after.emissions[0]).toEqual({ ...state().emissions[0], endedAt: at });
    expect(after.emissions[1]).toEqual(state().emissions[1]);
    expect(after.cooldownUntil).toEqual(state().cooldownUntil);
    expect(after.dismissals).toBeUndefined();
    expect(after.version).toBe(3);
  });

  it('dismissed ends the emission, records the dismissal and starts the cooldown from `at`', () => {
    const at = '2026-07-10T07:00:00.000Z';
    const after = feedbackEffect(
      state({ dismissals: ['2026-07-01T00:00:00.000Z'] }),
      TARGET,
      feedback('dismissed', at),
      SETTINGS,
      NOW,
    );
    expect(after.emissions[0]?.endedAt).toBe(at);
    expect(after.dismissals).toEqual(['2026-07-01T00:00:00.000Z', at]);
    expect(after.cooldownUntil).toEqual({
      ...state().cooldownUntil,
      'credit-card': iso(Date.parse(at) + 90 * DAY_MS),
    });
  });

  it('an emission without its offer instance (written before issue 13) is left as it was', () => {
    const legacy = { offerId: 'credit-card', at: '2026-07-09T10:00:00.000Z' };
    const after = feedbackEffect(state({ emissions: [legacy] }), TARGET, feedback('clicked'), SETTINGS, NOW);
    expect(after.emissions).toEqual([legacy]);
    // Nothing changed: the very state, so that the store writes nothing.
    const same = state({ emissions: [legacy] });
    expect(feedbackEffect(same, TARGET, feedback('clicked'), SETTINGS, NOW)).toBe(same);
  });

  it('an earlier end is kept', () => {
    const ended = state({
      emissions: [
        {
          offerId: 'credit-card',
          at: '2026-07-09T10:00:00.000Z',
          offerInstanceId: 'o_1',
          endedAt: '2026-07-09T12:00:00.000Z',
        },
      ],
    });
    const after = feedbackEffect(ended, TARGET, feedback('dismissed'), SETTINGS, NOW);
    expect(after.emissions[0]?.endedAt).toBe('2026-07-09T12:00:00.000Z');
  });

  it('three dismissals within 30 days pause offers for 90 days after the last (DEFAULT_POLICY)', () => {
    let current = state();
    const ats = ['2026-06-20T00:00:00.000Z', '2026-07-01T00:00:00.000Z', '2026-07-10T07:00:00.000Z'];
    for (const [i, at] of ats.entries()) {
      current = feedbackEffect(
        current,
        { offerId: `offer-${i}`, offerInstanceId: `o_${i}` },
        feedback('dismissed', at),
        SETTINGS,
        NOW,
      );
    }
    expect(current.dismissals).toEqual(ats);
    expect(dismissalPauseUntil(current.dismissals, SETTINGS.pause)).toBe(
      Date.parse(ats[2] ?? '') + 90 * DAY_MS,
    );
  });
});

describe('withDismissalAt: the dismissals kept', () => {
  it('oldest first, whatever order they are reported in; the same instant twice counts twice', () => {
    expect(
      withDismissalAt(
        ['2026-07-05T00:00:00.000Z', '2026-07-05T00:00:00.000Z'],
        '2026-07-01T00:00:00.000Z',
        NOW,
        DEFAULT_DISMISSAL_PAUSE,
      ),
    ).toEqual(['2026-07-01T00:00:00.000Z', '2026-07-05T00:00:00.000Z', '2026-07-05T00:00:00.000Z']);
  });

  it('drops those older than withinDays + pauseDays before now: they can start or extend no pause', () => {
    const horizon = dismissalHorizonDays(DEFAULT_DISMISSAL_PAUSE);
    expect(horizon).toBe(120);
    const edge = NOW.getTime() - horizon * DAY_MS;
    expect(
      withDismissalAt([iso(edge), iso(edge + 1)], NOW.toISOString(), NOW, DEFAULT_DISMISSAL_PAUSE),
    ).toEqual([iso(edge + 1), NOW.toISOString()]);
    // What was dropped could not have paused anything from now on.
    expect(
      dismissalPauseUntil([iso(edge), iso(edge), iso(edge)], DEFAULT_DISMISSAL_PAUSE),
    ).toBeLessThanOrEqual(NOW.getTime());
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ContactState, emptyContactState, isActiveAt } from '#core/contact-policy.js';
import {
  type Feedback,
  feedbackEffect,
  judgeFeedback,
  OFFER_FEEDBACK_TYPES,
  statusAfter,
} from '#core/offer-feedback.js';
import { DEFAULT_DISMISSAL_PAUSE } from '#core/policy.js';

const DAY_MS = 86_400_000;
const CREATED_MS = Date.parse('2026-07-01T00:00:00.000Z');
const EXPIRES_MS = CREATED_MS + 10 * DAY_MS;
const EXPIRES = new Date(EXPIRES_MS).toISOString();
const SETTINGS = { cooldownDays: 30, pause: DEFAULT_DISMISSAL_PAUSE };
const TARGET = { offerId: 'credit-card', offerInstanceId: 'o_1' };

/** A step: a reported feedback, or a withdrawal of the offer (consent withdrawn, CRM update, erasure). */
type Step = { readonly kind: 'feedback'; readonly feedback: Feedback } | { readonly kind: 'withdrawal' };

const atArb = fc
  .oneof(
    fc.integer({ min: CREATED_MS, max: EXPIRES_MS + 2 * DAY_MS }),
    fc.integer({ min: EXPIRES_MS - 2, max: EXPIRES_MS + 2 }),
  )
  .map((ms) => new Date(ms).toISOString());

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 9,
    arbitrary: fc
      .record({ type: fc.constantFrom(...OFFER_FEEDBACK_TYPES), at: atArb })
      .map((feedback) => ({ kind: 'feedback' as const, feedback })),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'withdrawal' as const }) },
);

function startState(): ContactState {
  return {
    ...emptyContactState('c-1'),
    emissions: [
      {
        offerId: 'credit-card',
        at: new Date(CREATED_MS).toISOString(),
        offerInstanceId: 'o_1',
        expiresAt: EXPIRES,
      },
      {
        offerId: 'savings-account',
        at: new Date(CREATED_MS).toISOString(),
        offerInstanceId: 'o_2',
        expiresAt: EXPIRES,
      },
    ],
  };
}

describe('the feedback state machine over random sequences of feedback and withdrawals', () => {
  it('never accepts an impossible feedback, and the state changes only on accepted ones', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 12 }), (steps) => {
        let status = 'active';
        let state = startState();
        let ended: Feedback | undefined;
        const now = new Date(EXPIRES_MS + 3 * DAY_MS);
        for (const step of steps) {
          if (step.kind === 'withdrawal') {
            if (status === 'active') status = 'withdrawn';
            continue;
          }
          const { feedback } = step;
          // The model, written independently of the code: possible only while active and before expiry.
          const possible = status === 'active' && Date.parse(feedback.at) < EXPIRES_MS;
          const verdict = judgeFeedback({ status, expiresAt: EXPIRES }, feedback);
          expect(verdict.allowed).toBe(possible);
          if (!verdict.allowed) {
            const expected =
              status === 'active' ? 'expired' : (status as 'clicked' | 'dismissed' | 'withdrawn');
            expect(verdict.refusal).toBe(expected);
            continue;
          }
          const before = state;
          state = feedbackEffect(state, TARGET, feedback, SETTINGS, now);
          status = statusAfter(feedback);
          if (feedback.type === 'shown') expect(state).toBe(before);
          else ended = feedback;
          // The other offer's emission is never touched.
          expect(state.emissions[1]).toEqual(startState().emissions[1]);
        }
        // At most one click or dismissal was ever accepted, and it alone shaped the state.
        const emission = state.emissions[0];
        expect(emission?.endedAt).toBe(ended?.at);
        expect(state.dismissals ?? []).toEqual(ended?.type === 'dismissed' ? [ended.at] : []);
        expect(Object.keys(state.cooldownUntil)).toEqual(ended?.type === 'dismissed' ? ['credit-card'] : []);
        // An ended emission no longer counts as active after its end.
        if (emission !== undefined && ended !== undefined) {
          expect(isActiveAt(emission, Date.parse(ended.at), 30)).toBe(false);
        }
      }),
      { numRuns: 500 },
    );
  });
});

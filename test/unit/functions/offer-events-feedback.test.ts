import { describe, expect, it } from 'vitest';
import { ProblemSchema } from '#api/problem.js';
import { REPLAYED_HEADER } from '#functions/banner-api/create-offer-events-handler.js';
import { NOW } from '#test/support/builders.js';
import type { InMemoryBanner } from '#test/support/in-memory-banner.js';
import { captureOutput } from '#test/support/lambda.js';
import { offerEventsApi as build, OFFER } from '#test/support/offer-events-api.js';

/** Issue 13: the feedback state machine behind POST …/events (409 and nothing changed; 404; the effects). */

describe('POST …/events: feedback the offer no longer allows (issue 13)', () => {
  const snapshot = (banner: InMemoryBanner) => ({
    events: [...banner.events.values()],
    offers: [...banner.offers.values()],
    contacts: [...banner.contacts.values()],
  });

  function expectRefused(
    answer: Awaited<ReturnType<ReturnType<typeof build>['post']>>,
    detail: RegExp,
    field: string,
  ) {
    expect(answer.status).toBe(409);
    expect(answer.headers['content-type']).toBe('application/problem+json');
    const problem = ProblemSchema.parse(answer.body);
    expect(problem).toMatchObject({
      type: 'urn:offer-pipeline:problem:offer-not-active',
      title: 'The offer can no longer take this feedback',
      status: 409,
    });
    expect(problem.detail).toMatch(detail);
    expect(problem.errors?.map((e) => e.field)).toEqual([field]);
  }

  it.each([
    ['dismissed', 'clicked', /was dismissed/],
    ['dismissed', 'shown', /was dismissed/],
    ['dismissed', 'dismissed', /was dismissed/],
    ['clicked', 'dismissed', /was clicked/],
    ['clicked', 'shown', /was clicked/],
  ] as const)(
    '%s, then %s with a new eventId: 409 saying why, nothing changed',
    async (first, then, detail) => {
      const { banner, post } = build();
      expect((await post({ eventId: 'e-1', type: first })).status).toBe(200);
      const before = snapshot(banner);
      expectRefused(await post({ eventId: 'e-2', type: then }), detail, 'offerInstanceId');
      expect(snapshot(banner)).toEqual(before);
    },
  );

  it('anything after a withdrawal: 409 "withdrawn", nothing recorded', async () => {
    const { banner, post } = build();
    banner.addOffer({ ...OFFER, status: 'withdrawn' });
    for (const type of ['shown', 'clicked', 'dismissed'] as const) {
      expectRefused(await post({ eventId: `e-${type}`, type }), /was withdrawn/, 'offerInstanceId');
    }
    expect(banner.events.size).toBe(0);
    expect(banner.contacts.size).toBe(0);
  });

  it('anything at or after the expiry, judged by `at`: 409 "expired" naming `at`; just before it: 200', async () => {
    const { banner, post, later } = build();
    const expiry = Date.parse(OFFER.expiresAt);
    // Reported a minute after the expiry (well within the clock guard's limits).
    later(expiry + 60_000 - NOW.getTime());
    for (const type of ['shown', 'clicked', 'dismissed'] as const) {
      for (const at of [expiry, expiry + 30_000]) {
        expectRefused(
          await post({ eventId: `e-${type}-${at}`, type, at: new Date(at).toISOString() }),
          /expired/,
          'at',
        );
      }
    }
    expect(banner.events.size).toBe(0);
    expect(banner.offers.get('c-1/o_1')?.status).toBe('active');
    expect(banner.contacts.size).toBe(0);
    // About a moment before the expiry, reported after it: possible.
    const late = await post({ eventId: 'e-late', type: 'clicked', at: new Date(expiry - 1).toISOString() });
    expect(late.status).toBe(200);
  });

  it('without `at`, a request after the expiry is refused as expired', async () => {
    const { banner, post, later } = build();
    later(Date.parse(OFFER.expiresAt) - NOW.getTime());
    expectRefused(await post({ eventId: 'e-1', type: 'shown' }), /expired/, 'at');
    expect(banner.events.size).toBe(0);
  });

  it('a repeat of the dismissal itself is still answered with its first record (200), not refused', async () => {
    const { post } = build();
    const first = await post({ eventId: 'e-1', type: 'dismissed' });
    const repeat = await post({ eventId: 'e-1', type: 'dismissed' });
    expect(repeat.status).toBe(200);
    expect(repeat.headers[REPLAYED_HEADER]).toBe('true');
    expect(repeat.body).toEqual(first.body);
  });

  it('an unknown offer stays 404, whatever the type', async () => {
    const { banner, post } = build();
    for (const type of ['shown', 'clicked', 'dismissed'] as const) {
      const answer = await post(
        { eventId: 'e-1', type },
        { customerId: 'c-1', offerInstanceId: 'o_unknown' },
      );
      expect(answer.status).toBe(404);
      expect(answer.headers['content-type']).toBe('application/problem+json');
    }
    expect(banner.events.size).toBe(0);
  });

  it('clicked and dismissed end the emission of the offer instance; dismissals are kept for the pause', async () => {
    const { banner, post } = build();
    const emission = (id: string) => ({
      offerId: 'worldwide-travel-cover',
      at: '2026-07-05T08:00:00.000Z',
      offerInstanceId: id,
      expiresAt: OFFER.expiresAt,
    });
    banner.addOffer({ ...OFFER, offerInstanceId: 'o_2' }).setContact({
      customerId: 'c-1',
      version: 1,
      emissions: [emission('o_1'), emission('o_2')],
      cooldownUntil: {},
    });
    const clickAt = '2026-07-10T07:00:00.000Z';
    const dismissAt = '2026-07-10T07:30:00.000Z';
    await post({ eventId: 'e-1', type: 'clicked', at: clickAt });
    await post(
      { eventId: 'e-2', type: 'dismissed', at: dismissAt },
      { customerId: 'c-1', offerInstanceId: 'o_2' },
    );
    expect(banner.contacts.get('c-1')).toMatchObject({
      version: 3,
      emissions: [
        { ...emission('o_1'), endedAt: clickAt },
        { ...emission('o_2'), endedAt: dismissAt },
      ],
      dismissals: [dismissAt],
    });
  });

  it('counts refusals by reason, without ids', async () => {
    const { post } = build({ loud: true });
    const { output } = await captureOutput(async () => {
      await post({ eventId: 'evt-secret-1', type: 'dismissed' });
      await post({ eventId: 'evt-secret-2', type: 'clicked' });
    });
    expect(output).toContain('offer_events_refused_dismissed');
    for (const secret of ['evt-secret-2', '"c-1"', 'o_1']) expect(output).not.toContain(secret);
  });
});

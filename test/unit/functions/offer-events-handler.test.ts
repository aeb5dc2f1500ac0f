import { describe, expect, it } from 'vitest';
import { OfferEventStoreError } from '#adapters/dynamodb/offer-events-store.js';
import { ProblemSchema } from '#api/problem.js';
import { OfferEventResponseSchema } from '#api/schemas.js';
import type { CatalogSource } from '#app/catalog-snapshot.js';
import type { Catalog } from '#core/catalog/catalog.js';
import { seedCatalog } from '#core/catalog/seed.js';
import { DEFAULT_DISMISSAL_PAUSE } from '#core/policy.js';
import {
  createOfferEventsHandler,
  REPLAYED_HEADER,
} from '#functions/banner-api/create-offer-events-handler.js';
import { CatalogUnavailableError } from '#shared/errors.js';
import { catalogSource, NOW } from '#test/support/builders.js';
import { answer, apiEvent, context, JSON_HEADERS, observability } from '#test/support/http-api.js';
import { InMemoryBanner, storedOffer } from '#test/support/in-memory-banner.js';
import { captureOutput } from '#test/support/lambda.js';

const OFFER = storedOffer({ customerId: 'c-1', offerInstanceId: 'o_1', offerId: 'worldwide-travel-cover' });

function build(options: { loud?: boolean; maxFutureSkewSeconds?: number; catalog?: CatalogSource } = {}) {
  const banner = new InMemoryBanner().addOffer(OFFER);
  let now = NOW;
  const handler = createOfferEventsHandler({
    ...observability({ loud: options.loud ?? false }),
    offers: banner,
    store: banner,
    catalog: options.catalog ?? catalogSource(),
    clockGuard: { maxFutureSkewSeconds: options.maxFutureSkewSeconds ?? 300 },
    dismissalPause: DEFAULT_DISMISSAL_PAUSE,
    now: () => now,
  });
  const post = async (
    body: unknown,
    path: Record<string, string> = { customerId: 'c-1', offerInstanceId: 'o_1' },
    headers: Record<string, string> = JSON_HEADERS,
  ) =>
    answer(
      await handler(
        apiEvent({
          method: 'POST',
          routeKey: 'POST /customers/{customerId}/offers/{offerInstanceId}/events',
          pathParameters: path,
          headers,
          body: typeof body === 'string' ? body : JSON.stringify(body),
        }),
        context(),
      ),
    );
  return {
    banner,
    handler,
    post,
    later: (ms: number) => {
      now = new Date(now.getTime() + ms);
    },
  };
}

const DAY_MS = 86_400_000;

/** The seed catalog with one offer's cooldownDays changed. */
function seedCatalogWith(offerId: string, cooldownDays: number): Catalog {
  const seed = seedCatalog();
  const offer = seed.offers.get(offerId);
  if (offer === undefined) throw new Error(`no offer ${offerId}`);
  return { ...seed, offers: new Map([...seed.offers, [offerId, { ...offer, cooldownDays }]]) };
}

describe('POST /customers/{customerId}/offers/{offerInstanceId}/events', () => {
  it('records a shown event and answers the record; the offer stays active', async () => {
    const { banner, post } = build();
    const { status, headers, body } = await post({ eventId: 'e-1', type: 'shown' });
    expect(status).toBe(200);
    expect(headers[REPLAYED_HEADER]).toBeUndefined();
    expect(OfferEventResponseSchema.parse(body)).toEqual({
      offerInstanceId: 'o_1',
      eventId: 'e-1',
      type: 'shown',
      at: NOW.toISOString(),
      recordedAt: NOW.toISOString(),
    });
    expect(banner.offers.get('c-1/o_1')?.status).toBe('active');
    expect(banner.contacts.size).toBe(0);
  });

  it('takes the client `at`, stored as UTC', async () => {
    const { post } = build();
    const { body } = await post({ eventId: 'e-1', type: 'shown', at: '2026-07-10T09:30:00+02:00' });
    expect(body?.at).toBe('2026-07-10T07:30:00.000Z');
  });

  it('clicked ends the offer without a cooldown', async () => {
    const { banner, post } = build();
    expect((await post({ eventId: 'e-1', type: 'clicked' })).status).toBe(200);
    expect(banner.offers.get('c-1/o_1')?.status).toBe('clicked');
    expect(banner.contacts.size).toBe(0);
  });

  it("dismissed ends the offer and starts its cooldown: at + the catalog offer's cooldownDays", async () => {
    const { banner, post } = build();
    const at = '2026-07-10T07:00:00Z';
    expect((await post({ eventId: 'e-1', type: 'dismissed', at })).status).toBe(200);
    expect(banner.offers.get('c-1/o_1')?.status).toBe('dismissed');
    const cooldownDays = seedCatalog().offers.get('worldwide-travel-cover')?.cooldownDays ?? 0;
    expect(cooldownDays).toBeGreaterThan(0);
    expect(banner.cooldownsOf('c-1')).toEqual({
      'worldwide-travel-cover': new Date(Date.parse(at) + cooldownDays * DAY_MS).toISOString(),
    });
  });

  it('a repeated eventId gets the same answer and has no second effect', async () => {
    const { banner, post, later } = build();
    const first = await post({ eventId: 'e-1', type: 'dismissed' });
    later(60_000);
    const second = await post({ eventId: 'e-1', type: 'dismissed' });
    expect(second.status).toBe(first.status);
    expect(second.body).toEqual(first.body);
    expect(second.headers[REPLAYED_HEADER]).toBe('true');
    expect(banner.events.size).toBe(1);
    // The cooldown is the one the first request started (not moved by the minute that passed).
    expect(banner.cooldownsOf('c-1')?.['worldwide-travel-cover']).toBe(
      new Date(NOW.getTime() + 90 * DAY_MS).toISOString(),
    );
  });

  it('422 when an eventId is reused for a different type or time', async () => {
    const { banner, post } = build();
    await post({ eventId: 'e-1', type: 'shown', at: '2026-07-10T07:00:00Z' });
    for (const body of [
      { eventId: 'e-1', type: 'dismissed' },
      { eventId: 'e-1', type: 'shown', at: '2026-07-10T07:00:01Z' },
    ]) {
      const { status, body: problem } = await post(body);
      expect(status).toBe(422);
      expect(ProblemSchema.parse(problem)).toMatchObject({
        type: 'urn:offer-pipeline:problem:event-id-reused',
        errors: [{ field: 'eventId', in: 'body' }],
      });
    }
    // The same instant in another offset is the same event.
    expect((await post({ eventId: 'e-1', type: 'shown', at: '2026-07-10T09:00:00+02:00' })).status).toBe(200);
    expect(banner.offers.get('c-1/o_1')?.status).toBe('active');
  });

  it('404 problem naming offerInstanceId for an offer of another customer or none at all', async () => {
    const { banner, post } = build();
    banner.addOffer(storedOffer({ customerId: 'c-2', offerInstanceId: 'o_2' }));
    for (const path of [
      { customerId: 'c-1', offerInstanceId: 'o_2' },
      { customerId: 'c-1', offerInstanceId: 'o_none' },
      { customerId: 'nobody', offerInstanceId: 'o_1' },
    ]) {
      const { status, body } = await post({ eventId: 'e-1', type: 'dismissed' }, path);
      expect(status).toBe(404);
      expect(body).toMatchObject({
        type: 'urn:offer-pipeline:problem:not-found',
        errors: [{ field: 'offerInstanceId', in: 'path' }],
      });
    }
    expect(banner.events.size).toBe(0);
    expect(banner.offers.get('c-2/o_2')?.status).toBe('active');
  });

  it('400 naming `at` when it is far in the future or too old', async () => {
    const { banner, post } = build();
    for (const at of [
      new Date(NOW.getTime() + 6 * 60_000).toISOString(),
      new Date(NOW.getTime() - 31 * DAY_MS).toISOString(),
    ]) {
      const { status, body } = await post({ eventId: 'e-1', type: 'dismissed', at });
      expect(status).toBe(400);
      expect(body).toMatchObject({ errors: [{ field: 'at', in: 'body' }] });
    }
    expect(banner.calls.findOffer).toBe(0);
    expect(
      (await post({ eventId: 'e-1', type: 'shown', at: new Date(NOW.getTime() + 4 * 60_000).toISOString() }))
        .status,
    ).toBe(200);
  });

  it('the future limit is the configured clock guard (MAX_FUTURE_SKEW_SECONDS), and the error says so', async () => {
    const { banner, post } = build({ maxFutureSkewSeconds: 60 });
    const ahead = (seconds: number) => new Date(NOW.getTime() + seconds * 1000).toISOString();
    const refused = await post({ eventId: 'e-1', type: 'dismissed', at: ahead(61) });
    expect(refused.status).toBe(400);
    expect(refused.headers['content-type']).toBe('application/problem+json');
    expect(refused.body).toMatchObject({
      errors: [
        {
          field: 'at',
          in: 'body',
          expected: 'expected an instant no later than 60 s after the time it was received',
        },
      ],
    });
    expect(banner.events.size).toBe(0);
    expect(banner.contacts.size).toBe(0);
    expect((await post({ eventId: 'e-2', type: 'dismissed', at: ahead(59) })).status).toBe(200);
  });

  it('400 naming each bad field: unknown fields, wrong type, missing eventId', async () => {
    const { banner, post } = build();
    const { status, body } = await post({ type: 'liked', customerId: 'c-1' });
    expect(status).toBe(400);
    expect(
      ProblemSchema.parse(body)
        .errors?.map((e) => e.field)
        .sort(),
    ).toEqual(['(body)', 'eventId', 'type']);
    expect(banner.calls.findOffer).toBe(0);
  });

  it('400 for bad path ids before looking at the body', async () => {
    const { post } = build();
    const { status, body } = await post('not json', { customerId: 'c 1', offerInstanceId: 'o/1' });
    expect(status).toBe(400);
    expect(body).toMatchObject({ errors: [{ field: 'offerInstanceId', in: 'path' }] });
  });

  it('413 for a body over 4 KiB and 415 for a non-JSON content type', async () => {
    const { banner, post } = build();
    expect((await post({ eventId: 'e'.repeat(5000), type: 'shown' })).status).toBe(413);
    expect(
      (await post({ eventId: 'e-1', type: 'shown' }, undefined, { 'content-type': 'text/plain' })).status,
    ).toBe(415);
    expect(banner.events.size).toBe(0);
  });

  it('503 problem when the store fails', async () => {
    const { banner, post } = build();
    banner.failWith = new OfferEventStoreError('throttled');
    const { status, headers } = await post({ eventId: 'e-1', type: 'shown' });
    expect(status).toBe(503);
    expect(headers['retry-after']).toBe('1');
  });

  it('503 problem, nothing recorded, when there is no valid live catalog (the dismissal is retried)', async () => {
    const unavailable: CatalogSource = {
      current: () => Promise.reject(new CatalogUnavailableError('no valid catalog snapshot')),
    };
    const { banner, post } = build({ catalog: unavailable });
    const { status, headers } = await post({ eventId: 'e-1', type: 'dismissed' });
    expect(status).toBe(503);
    expect(headers['retry-after']).toBe('1');
    expect(banner.events.size).toBe(0);
    expect(banner.offers.get('c-1/o_1')?.status).toBe('active');
    expect(banner.contacts.size).toBe(0);
  });

  it('a dismissal starts the cooldown of the offer in the live catalog at that moment', async () => {
    const shorter = seedCatalogWith('worldwide-travel-cover', 3);
    let catalog = seedCatalog();
    const { banner, post } = build({ catalog: { current: async () => catalog } });
    catalog = shorter;
    const at = '2026-07-10T07:00:00Z';
    expect((await post({ eventId: 'e-1', type: 'dismissed', at })).status).toBe(200);
    expect(banner.cooldownsOf('c-1')).toEqual({
      'worldwide-travel-cover': new Date(Date.parse(at) + 3 * DAY_MS).toISOString(),
    });
  });

  it('logs and counts without ids', async () => {
    const { handler } = build({ loud: true });
    const { output } = await captureOutput(async () => {
      for (const eventId of ['evt-secret-1', 'evt-secret-1']) {
        await handler(
          apiEvent({
            method: 'POST',
            pathParameters: { customerId: 'c-1', offerInstanceId: 'o_1' },
            headers: JSON_HEADERS,
            body: JSON.stringify({ eventId, type: 'dismissed' }),
          }),
          context(),
        );
      }
    });
    expect(output).toContain('offer_events_dismissed');
    expect(output).toContain('offer_events_repeated');
    for (const secret of ['evt-secret-1', '"c-1"', 'o_1', 'worldwide-travel-cover']) {
      expect(output).not.toContain(secret);
    }
  });
});

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

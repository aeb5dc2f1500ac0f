import { describe, expect, it } from 'vitest';
import { OfferEventStoreError } from '#adapters/dynamodb/offer-events-store.js';
import { ProblemSchema } from '#api/problem.js';
import { OfferEventResponseSchema } from '#api/schemas.js';
import type { CatalogSource } from '#app/catalog-snapshot.js';
import type { Catalog } from '#core/catalog/catalog.js';
import { seedCatalog } from '#core/catalog/seed.js';
import { REPLAYED_HEADER } from '#functions/banner-api/create-offer-events-handler.js';
import { CatalogUnavailableError } from '#shared/errors.js';
import { NOW } from '#test/support/builders.js';
import { apiEvent, context, JSON_HEADERS } from '#test/support/http-api.js';
import { storedOffer } from '#test/support/in-memory-banner.js';
import { captureOutput } from '#test/support/lambda.js';
import { offerEventsApi as build } from '#test/support/offer-events-api.js';

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

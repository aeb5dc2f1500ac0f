import { describe, expect, it } from 'vitest';
import { OffersResponseSchema } from '#api/schemas.js';
import type { ConsentRegime } from '#core/policy.js';
import { createOffersHandler } from '#functions/banner-api/create-offers-handler.js';
import { CustomerStateUnavailableError } from '#shared/errors.js';
import { consentRecord, grant, NOW } from '#test/support/builders.js';
import { answer, apiEvent, context, observability } from '#test/support/http-api.js';
import { InMemoryBanner, storedOffer } from '#test/support/in-memory-banner.js';
import { captureOutput } from '#test/support/lambda.js';

function build(options: { regime?: ConsentRegime; loud?: boolean } = {}) {
  const banner = new InMemoryBanner();
  const handler = createOffersHandler({
    ...observability({ loud: options.loud ?? false }),
    consents: banner,
    offers: banner,
    regime: options.regime ?? 'opt-in',
    now: () => NOW,
  });
  const get = async (customerId: string | undefined) =>
    answer(
      await handler(apiEvent(customerId === undefined ? {} : { pathParameters: { customerId } }), context()),
    );
  return { banner, handler, get };
}

const offer = (id: string, overrides: Parameters<typeof storedOffer>[0] = {}) =>
  storedOffer({ offerInstanceId: id, ...overrides });

describe('GET /customers/{customerId}/offers', () => {
  it("answers the customer's active, unexpired offers, soonest expiry first, as the banner shows them", async () => {
    const { banner, get } = build();
    banner
      .setConsents('c-1', [grant()])
      .addOffer(offer('o_late', { expiresAt: '2026-07-30T00:00:00.000Z', offerId: 'savings-account' }))
      .addOffer(offer('o_soon', { expiresAt: '2026-07-11T00:00:00+02:00' }))
      .addOffer(offer('o_expired', { expiresAt: '2026-07-10T08:00:00.000Z' }))
      .addOffer(offer('o_clicked', { status: 'clicked' }))
      .addOffer(offer('o_withdrawn', { status: 'withdrawn' }))
      .addOffer(offer('o_other', { customerId: 'c-2' }));

    const { status, headers, body } = await get('c-1');

    expect(status).toBe(200);
    expect(headers['content-type']).toBe('application/json');
    expect(headers['cache-control']).toBe('no-store');
    const parsed = OffersResponseSchema.parse(body);
    expect(parsed.offers.map((o) => o.offerInstanceId)).toEqual(['o_soon', 'o_late']);
    expect(body).toEqual({
      offers: [
        {
          offerInstanceId: 'o_soon',
          offerId: 'worldwide-travel-cover',
          text: 'Op reis buiten Europa?',
          disclosures: ['Lees de productinformatie (IPID).'],
          expiresAt: '2026-07-11T00:00:00+02:00',
        },
        {
          offerInstanceId: 'o_late',
          offerId: 'savings-account',
          text: 'Op reis buiten Europa?',
          disclosures: ['Lees de productinformatie (IPID).'],
          expiresAt: '2026-07-30T00:00:00.000Z',
        },
      ],
    });
  });

  it('answers an unknown customer with 200 and an empty list, like a known one without offers', async () => {
    const { banner, get } = build();
    banner.setConsents('known', [grant()]);
    const unknown = await get('nobody-here');
    const known = await get('known');
    expect(unknown).toEqual({ ...known });
    expect(unknown.status).toBe(200);
    expect(unknown.body).toEqual({ offers: [] });
  });

  it('shows nothing when the consent read now withdraws it, without even reading the offers', async () => {
    const { banner, get } = build();
    banner
      .setConsents('c-1', [
        grant('2026-01-10T10:00:00Z'),
        consentRecord('transaction-offers', 'withdrawn', '2026-07-09T12:00:00Z'),
      ])
      .addOffer(offer('o_1'));
    const { status, body } = await get('c-1');
    expect(status).toBe(200);
    expect(body).toEqual({ offers: [] });
    expect(banner.calls.activeOffers).toBe(0);
  });

  it('shows nothing after an objection, in the opt-out regime too', async () => {
    const { banner, get } = build({ regime: 'opt-out' });
    banner
      .setConsents('c-1', [consentRecord('direct-marketing', 'objected', '2026-07-01T00:00:00Z')])
      .addOffer(offer('o_1'));
    expect((await get('c-1')).body).toEqual({ offers: [] });
  });

  it('a re-grant never revives: an offer emitted before the latest withdrawal or objection is not served', async () => {
    const { banner, get } = build({ loud: true });
    banner
      // Granted again after a withdrawal applied at 10:00 (and an older objection of direct marketing).
      .setConsents('c-1', [grant('2026-07-09T11:00:00Z')])
      .setLastWithdrawnAt('c-1', {
        'transaction-offers': '2026-07-09T10:00:00.000Z',
        'direct-marketing': '2026-06-01T00:00:00.000Z',
      })
      // A race left this one active: emitted a millisecond before the withdrawal was applied.
      .addOffer(offer('o_raced', { createdAt: '2026-07-09T09:59:59.999Z' }))
      .addOffer(offer('o_same_instant', { createdAt: '2026-07-09T12:00:00+02:00' }))
      .addOffer(offer('o_after_regrant', { createdAt: '2026-07-09T11:30:00.000Z' }));
    const { output, result } = await captureOutput(() => get('c-1'));
    expect(OffersResponseSchema.parse(result.body).offers.map((o) => o.offerInstanceId)).toEqual([
      'o_after_regrant',
    ]);
    expect(output).not.toContain('o_raced');
  });

  it('opt-in: no consent record means no offers; opt-out: offers unless withdrawn', async () => {
    const optIn = build();
    optIn.banner.addOffer(offer('o_1'));
    expect((await optIn.get('c-1')).body).toEqual({ offers: [] });

    const optOut = build({ regime: 'opt-out' });
    optOut.banner.addOffer(offer('o_1'));
    expect(OffersResponseSchema.parse((await optOut.get('c-1')).body).offers).toHaveLength(1);
  });

  it('400 problem naming customerId for an invalid id, without reading anything', async () => {
    const { banner, get } = build();
    for (const bad of ['', 'x'.repeat(65), 'a\udc00', undefined]) {
      const { status, headers, body } = await get(bad);
      expect(status).toBe(400);
      expect(headers['content-type']).toBe('application/problem+json');
      expect(body).toMatchObject({
        type: 'urn:offer-pipeline:problem:invalid-request',
        status: 400,
        errors: [{ field: 'customerId', in: 'path' }],
      });
    }
    expect(banner.calls.consentState).toBe(0);
  });

  it('503 problem with Retry-After when the consent store fails (fail closed: nothing shown)', async () => {
    const { banner, get } = build();
    banner.setConsents('c-1', [grant()]).addOffer(offer('o_1'));
    banner.failWith = new CustomerStateUnavailableError('down');
    const { status, headers, body } = await get('c-1');
    expect(status).toBe(503);
    expect(headers['retry-after']).toBe('1');
    expect(body).toMatchObject({ type: 'urn:offer-pipeline:problem:unavailable', status: 503 });
    expect(JSON.stringify(body)).not.toContain('down');
  });

  it('500 problem for an unexpected error', async () => {
    const { banner, get } = build();
    banner.failWith = new TypeError('bug');
    const { status, body } = await get('c-1');
    expect(status).toBe(500);
    expect(body).toMatchObject({ type: 'urn:offer-pipeline:problem:internal' });
  });

  it('logs and counts without a customer id, an offer id or a text', async () => {
    const { banner, handler } = build({ loud: true });
    const customerId = 'cust-secret-4711';
    banner.setConsents(customerId, [grant()]).addOffer(offer('o_secret_1', { customerId }));
    banner.unreadable.set(customerId, 2);
    banner.setConsents('cust-withdrawn-0815', [
      consentRecord('transaction-offers', 'withdrawn', '2026-07-01T00:00:00Z'),
    ]);

    const { output } = await captureOutput(async () => {
      await handler(apiEvent({ pathParameters: { customerId } }), context());
      await handler(apiEvent({ pathParameters: { customerId: 'cust-withdrawn-0815' } }), context());
      await handler(apiEvent({ pathParameters: { customerId: 'bad-id\ud800' } }), context());
    });

    expect(output).toContain('offers_served');
    expect(output).toContain('offers_hidden_by_consent');
    expect(output).toContain('offers_unreadable');
    expect(output).toContain('Request answered with a problem');
    for (const secret of [customerId, 'cust-withdrawn-0815', 'bad-id', 'o_secret_1', 'Op reis']) {
      expect(output).not.toContain(secret);
    }
  });
});

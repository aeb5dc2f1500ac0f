import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OffersResponseSchema } from '#api/schemas.js';
import { type ConsentRegime, DEFAULT_DISMISSAL_PAUSE } from '#core/policy.js';
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
    dismissals: banner,
    regime: options.regime ?? 'opt-in',
    dismissalPause: DEFAULT_DISMISSAL_PAUSE,
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
  it("answers the customer's active, unexpired offers (without priorities: soonest expiry first), as the banner shows them", async () => {
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

const DAY_MS = 86_400_000;
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY_MS).toISOString();
const EXPLANATION = {
  nl: 'U ziet dit omdat u met uw kaart buiten Europa betaalde.',
  en: 'You see this because you paid with your card outside Europe.',
};

describe('GET …/offers: ranking, explanations and the dismissal pause (issue 13)', () => {
  it('ranks by priority (highest first), then soonest expiry, then id; offers without a priority last', async () => {
    const { banner, get } = build();
    banner
      .setConsents('c-1', [grant()])
      .addOffer(offer('o_old_soon', { expiresAt: '2026-07-11T00:00:00.000Z' }))
      .addOffer(offer('o_low', { priority: 1, expiresAt: '2026-07-12T00:00:00.000Z' }))
      .addOffer(offer('o_high_late', { priority: 9, expiresAt: '2026-07-30T00:00:00.000Z' }))
      .addOffer(offer('o_high_soon_b', { priority: 9, expiresAt: '2026-07-15T00:00:00.000Z' }))
      .addOffer(offer('o_high_soon_a', { priority: 9, expiresAt: '2026-07-15T02:00:00+02:00' }))
      .addOffer(offer('o_negative', { priority: -3, expiresAt: '2026-07-11T00:00:00.000Z' }));
    const { offers } = OffersResponseSchema.parse((await get('c-1')).body);
    expect(offers.map((o) => o.offerInstanceId)).toEqual([
      'o_high_soon_a',
      'o_high_soon_b',
      'o_high_late',
      'o_low',
      'o_negative',
      'o_old_soon',
    ]);
    expect(offers.map((o) => o.priority)).toEqual([9, 9, 9, 1, -3, undefined]);
  });

  it('carries the explanation verbatim; an offer emitted before explanations existed has none (none made up)', async () => {
    const { banner, get } = build();
    banner
      .setConsents('c-1', [grant()])
      .addOffer(offer('o_new', { priority: 2, explanation: EXPLANATION }))
      .addOffer(offer('o_old'));
    const { body } = await get('c-1');
    const { offers } = OffersResponseSchema.parse(body);
    expect(offers[0]).toEqual({
      offerInstanceId: 'o_new',
      offerId: 'worldwide-travel-cover',
      text: 'Op reis buiten Europa?',
      disclosures: ['Lees de productinformatie (IPID).'],
      expiresAt: '2026-07-20T08:00:00.000Z',
      priority: 2,
      explanation: EXPLANATION,
    });
    expect(offers[1]).not.toHaveProperty('explanation');
    expect(offers[1]).not.toHaveProperty('priority');
  });

  it('3 dismissals within 30 days: no offers at all for 90 days after the last, offers not even read', async () => {
    const { banner, get } = build({ loud: true });
    banner
      .setConsents('c-1', [grant()])
      .addOffer(offer('o_1'))
      .setContact({
        customerId: 'c-1',
        version: 3,
        emissions: [],
        cooldownUntil: {},
        dismissals: [daysAgo(89), daysAgo(100), daysAgo(115)],
      });
    const { output, result } = await captureOutput(() => get('c-1'));
    expect(result.status).toBe(200);
    expect(result.body).toEqual({ offers: [] });
    expect(banner.calls.activeOffers).toBe(0);
    expect(output).toContain('offers_paused_by_dismissals');
    expect(output).not.toContain('c-1');
  });

  it('offers again once the pause is over, and never for 2 dismissals or 3 spread over more than 30 days', async () => {
    for (const dismissals of [
      [daysAgo(91), daysAgo(100), daysAgo(110)],
      [daysAgo(1), daysAgo(2)],
      [daysAgo(1), daysAgo(20), daysAgo(32)],
    ]) {
      const { banner, get } = build();
      banner
        .setConsents('c-1', [grant()])
        .addOffer(offer('o_1'))
        .setContact({ customerId: 'c-1', version: 1, emissions: [], cooldownUntil: {}, dismissals });
      expect(OffersResponseSchema.parse((await get('c-1')).body).offers, dismissals.join()).toHaveLength(1);
    }
  });

  it('503, nothing shown, when the dismissals cannot be read (fail closed)', async () => {
    const { banner, get } = build();
    banner.setConsents('c-1', [grant()]).addOffer(offer('o_1'));
    banner.dismissals = async () => {
      throw new CustomerStateUnavailableError('Stored dismissals do not validate');
    };
    const { status, body } = await get('c-1');
    expect(status).toBe(503);
    expect(body).toMatchObject({ type: 'urn:offer-pipeline:problem:unavailable' });
  });

  it('for any offers: the live ones, each once, in rank order', async () => {
    const offerArb = fc.record({
      priority: fc.option(fc.integer({ min: -2, max: 3 }), { nil: undefined }),
      expiresInHours: fc.integer({ min: -2, max: 6 }),
      status: fc.constantFrom('active', 'active', 'clicked', 'withdrawn'),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(offerArb, { maxLength: 8 }), async (specs) => {
        const { banner, get } = build();
        banner.setConsents('c-1', [grant()]);
        specs.forEach((spec, i) => {
          banner.addOffer(
            offer(`o_${String.fromCharCode(107 - i)}`, {
              status: spec.status,
              expiresAt: new Date(NOW.getTime() + spec.expiresInHours * 3_600_000).toISOString(),
              ...(spec.priority === undefined ? {} : { priority: spec.priority }),
            }),
          );
        });
        const { offers } = OffersResponseSchema.parse((await get('c-1')).body);
        const live = specs.filter((spec) => spec.status === 'active' && spec.expiresInHours > 0);
        expect(offers).toHaveLength(live.length);
        expect(new Set(offers.map((o) => o.offerInstanceId)).size).toBe(offers.length);
        for (const [a, b] of offers.slice(1).map((o, i) => [offers[i], o] as const)) {
          if (a === undefined) continue;
          const pa = a.priority ?? Number.NEGATIVE_INFINITY;
          const pb = b.priority ?? Number.NEGATIVE_INFINITY;
          expect(pa).toBeGreaterThanOrEqual(pb);
          if (pa === pb) {
            const ea = Date.parse(a.expiresAt);
            const eb = Date.parse(b.expiresAt);
            expect(ea).toBeLessThanOrEqual(eb);
            if (ea === eb) expect(a.offerInstanceId < b.offerInstanceId).toBe(true);
          }
        }
      }),
      { numRuns: 100 },
    );
  });
});

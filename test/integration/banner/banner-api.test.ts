import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '#api/openapi.js';
import { ProblemSchema } from '#api/problem.js';
import { OfferEventResponseSchema, OffersResponseSchema } from '#api/schemas.js';
import type { Decision } from '#core/decision.js';
import { type BannerAnswer, bannerClient } from '#test/integration/support/banner.js';
import { atmAbroad } from '#test/integration/support/events.js';
import { consentGranted, customer, PipelineHarness } from '#test/integration/support/pipeline.js';

const DAY_MS = 86_400_000;
const EUROPE_COVER = { holdings: ['current-account' as const, 'travel-insurance-europe' as const] };
/** The seed catalog's worldwide-travel-cover offer: what an ATM withdrawal in the USA emits. */
const OFFER_ID = 'worldwide-travel-cover';
const COOLDOWN_DAYS = 90;

type Answer = BannerAnswer;

describe('the banner service API through the local HTTP gateway', () => {
  let pipeline: PipelineHarness;
  /** Wall-clock start of the run: offers expire relative to the real clock. */
  const now = Date.now();

  beforeAll(async () => {
    pipeline = await PipelineHarness.start();
    await pipeline.loadCustomers([
      customer('banner-viewer', EUROPE_COVER),
      customer('banner-quiet-leaver', EUROPE_COVER),
      customer('banner-clicker', EUROPE_COVER),
      customer('banner-dismisser', EUROPE_COVER),
      customer('banner-keeper', EUROPE_COVER),
      customer('banner-no-offers', EUROPE_COVER),
      customer('banner-malformed', EUROPE_COVER),
    ]);
  });

  afterAll(async () => {
    await pipeline?.stop();
  });

  const banner = () => bannerClient(pipeline);
  const call = (path: string, init?: RequestInit) => banner().call(path, init);
  const offersOf = (customerId: string) => banner().offersOf(customerId);
  const postEvent = (...args: Parameters<ReturnType<typeof bannerClient>['postEvent']>) =>
    banner().postEvent(...args);

  /** Decides a qualifying payment for the customer and returns the emitted offer's instance id. */
  async function emitOffer(customerId: string, occurredAt?: string): Promise<string> {
    const decisions: Decision[] = await pipeline.decide(atmAbroad(customerId, occurredAt));
    const emitted = decisions.find((d) => d.outcome === 'emitted');
    expect(emitted?.offerInstanceId, `an offer for ${customerId}`).toBeDefined();
    return String(emitted?.offerInstanceId);
  }

  const offerRow = (customerId: string, offerInstanceId: string) =>
    banner().offerRow(customerId, offerInstanceId);
  const offerEvents = (offerInstanceId: string) => banner().offerEvents(offerInstanceId);
  const contactPolicy = (customerId: string) => banner().contactPolicy(customerId);

  function expectProblem(answer: Answer, status: number, field: string, where: string) {
    expect(answer.status).toBe(status);
    expect(answer.contentType).toBe('application/problem+json');
    const problem = ProblemSchema.parse(answer.body);
    expect(problem.status).toBe(status);
    expect(problem.errors).toContainEqual(expect.objectContaining({ field, in: where }));
    return problem;
  }

  it('GET returns an emitted offer as the banner shows it, and nothing about the payment', async () => {
    const offerInstanceId = await emitOffer('banner-viewer');
    const answer = await offersOf('banner-viewer');

    expect(answer.status).toBe(200);
    expect(answer.contentType).toBe('application/json');
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const { offers } = OffersResponseSchema.parse(answer.body);
    expect(offers).toHaveLength(1);
    const [offer] = offers;
    const row = await offerRow('banner-viewer', offerInstanceId);
    expect(offer).toEqual({
      offerInstanceId,
      offerId: OFFER_ID,
      text: row?.text,
      disclosures: row?.disclosures,
      expiresAt: row?.expiresAt,
      // Issue 13: the trigger version's priority and approved explanation, when the offer carries them.
      ...(row?.priority === undefined ? {} : { priority: row.priority }),
      ...(row?.explanation === undefined ? {} : { explanation: row.explanation }),
    });
    expect(Date.parse(String(offer?.expiresAt))).toBeGreaterThan(now);
    expect(JSON.stringify(answer.body)).not.toMatch(/Chase|6011|USD|New York|banner-viewer|triggerId/);
  });

  it('GET returns none once the stored consent says withdrawn, before any consent handler ran', async () => {
    const offerInstanceId = await emitOffer('banner-quiet-leaver');
    expect(OffersResponseSchema.parse((await offersOf('banner-quiet-leaver')).body).offers).toHaveLength(1);

    // A withdrawal written straight into the CONSENTS item: no consent-changes message, so nothing has
    // withdrawn the offer itself yet.
    await pipeline.documents.send(
      new PutCommand({
        TableName: 'customers',
        Item: {
          customerId: 'banner-quiet-leaver',
          sk: 'CONSENTS',
          records: [consentGranted(), { ...consentGranted('2026-07-10T08:00:00Z'), status: 'withdrawn' }],
        },
      }),
    );

    const answer = await offersOf('banner-quiet-leaver');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ offers: [] });
    expect((await offerRow('banner-quiet-leaver', offerInstanceId))?.status).toBe('active');
  });

  it('an unknown customer gets 200 with an empty list, like a known customer without offers', async () => {
    const unknown = await offersOf('banner-nobody-by-this-id');
    const known = await offersOf('banner-no-offers');
    expect(unknown.status).toBe(200);
    expect(unknown.body).toEqual({ offers: [] });
    expect({ ...unknown, headers: undefined }).toEqual({ ...known, headers: undefined });
  });

  it('feedback is idempotent per eventId: one record, one effect, the same answer', async () => {
    const offerInstanceId = await emitOffer('banner-clicker');

    const shown = await postEvent('banner-clicker', offerInstanceId, {
      eventId: 'ev-shown-1',
      type: 'shown',
    });
    const shownAgain = await postEvent('banner-clicker', offerInstanceId, {
      eventId: 'ev-shown-1',
      type: 'shown',
    });
    expect(shown.status).toBe(200);
    expect(shownAgain.status).toBe(200);
    expect(shownAgain.body).toEqual(shown.body);
    expect(shownAgain.headers.get('idempotent-replayed')).toBe('true');
    expect(OfferEventResponseSchema.parse(shown.body)).toMatchObject({
      offerInstanceId,
      eventId: 'ev-shown-1',
      type: 'shown',
    });
    expect(await offerEvents(offerInstanceId)).toHaveLength(1);
    expect((await offerRow('banner-clicker', offerInstanceId))?.status).toBe('active');

    const clickAt = new Date().toISOString();
    const clicked = await postEvent('banner-clicker', offerInstanceId, {
      eventId: 'ev-click-1',
      type: 'clicked',
      at: clickAt,
    });
    const clickedAgain = await postEvent('banner-clicker', offerInstanceId, {
      eventId: 'ev-click-1',
      type: 'clicked',
      at: clickAt,
    });
    expect(clicked.status).toBe(200);
    expect(clickedAgain.body).toEqual(clicked.body);
    const events = await offerEvents(offerInstanceId);
    expect(events.map((e) => [e.clientEventId, e.type]).sort()).toEqual([
      ['ev-click-1', 'clicked'],
      ['ev-shown-1', 'shown'],
    ]);
    const row = await offerRow('banner-clicker', offerInstanceId);
    expect(row).toMatchObject({ status: 'clicked', clickedAt: clickAt });
    // A click ends the offer's active life, and starts no cooldown.
    expect((await offersOf('banner-clicker')).body).toEqual({ offers: [] });
    expect((await contactPolicy('banner-clicker'))?.cooldownUntil).toEqual({});

    // The same eventId for another event is refused, and changes nothing.
    const reused = await postEvent('banner-clicker', offerInstanceId, {
      eventId: 'ev-shown-1',
      type: 'dismissed',
    });
    expectProblem(reused, 422, 'eventId', 'body');
    expect(await offerEvents(offerInstanceId)).toHaveLength(2);
    expect((await contactPolicy('banner-clicker'))?.cooldownUntil).toEqual({});
  });

  it('dismissed: the offer is no longer returned and its cooldown holds off the next qualifying payment', async () => {
    // The first payments long enough ago that the emission's own 90-day cooldown is over by now.
    const longAgo = new Date(now - 100 * DAY_MS).toISOString();
    const dismissed = await emitOffer('banner-dismisser', longAgo);
    await emitOffer('banner-keeper', longAgo);
    const before = await contactPolicy('banner-dismisser');

    const at = new Date().toISOString();
    const body = { eventId: 'ev-dismiss-1', type: 'dismissed', at };
    const first = await postEvent('banner-dismisser', dismissed, body);
    const repeat = await postEvent('banner-dismisser', dismissed, body);
    expect(first.status).toBe(200);
    expect(repeat.body).toEqual(first.body);

    expect((await offersOf('banner-dismisser')).body).toEqual({ offers: [] });
    expect(await offerRow('banner-dismisser', dismissed)).toMatchObject({
      status: 'dismissed',
      dismissedAt: at,
    });
    expect(await offerEvents(dismissed)).toHaveLength(1);
    const after = await contactPolicy('banner-dismisser');
    expect(after?.cooldownUntil).toEqual({
      [OFFER_ID]: new Date(Date.parse(at) + COOLDOWN_DAYS * DAY_MS).toISOString(),
    });
    // One effect: the version moved once for the two requests.
    expect(after?.version).toBe(Number(before?.version) + 1);
    // The emissions evaluate-payments wrote are kept; the dismissed offer's own emission (when it knows its
    // offer instance) ends at the dismissal, and the dismissal is recorded for the dismissal pause.
    expect(before?.emissions).toHaveLength(1);
    const emissions = (after?.emissions ?? []) as Array<Record<string, unknown>>;
    expect(emissions.map(({ endedAt: _, ...kept }) => kept)).toEqual(before?.emissions);
    for (const emission of emissions) {
      expect(emission.endedAt).toBe(emission.offerInstanceId === dismissed ? at : undefined);
    }
    expect(after?.dismissals).toEqual([at]);
    expect(Number(after?.ttl)).toBeGreaterThanOrEqual(
      Math.floor(Date.parse(at) / 1000) + COOLDOWN_DAYS * 86_400,
    );

    // evaluate-payments reads the state the dismissal wrote: the same payment now is held off for the
    // customer who dismissed, and emitted for the one who did not.
    const paymentNow = new Date().toISOString();
    const [held] = await pipeline.decide(atmAbroad('banner-dismisser', paymentNow));
    const [emitted] = await pipeline.decide(atmAbroad('banner-keeper', paymentNow));
    expect(held).toMatchObject({ outcome: 'suppressed', reasons: ['frequency_capped'] });
    expect(emitted).toMatchObject({ outcome: 'emitted', offerId: OFFER_ID });
  });

  it('malformed requests get problem+json naming the field', async () => {
    const offerInstanceId = await emitOffer('banner-malformed');
    // Not an offer any more for the GET below: clicked.
    expect(
      (await postEvent('banner-malformed', offerInstanceId, { eventId: 'x', type: 'clicked' })).status,
    ).toBe(200);

    expectProblem(await offersOf('c'.repeat(65)), 400, 'customerId', 'path');
    // Any id the pipeline accepts is an id here too; a path that is not valid percent-encoding is not.
    expectProblem(await call('/customers/%E0%A4/offers'), 400, 'customerId', 'path');
    expect((await offersOf('a b/ü')).status).toBe(200);

    const unknownField = await postEvent('banner-malformed', offerInstanceId, {
      eventId: 'e-1',
      type: 'shown',
      channel: 'app',
    });
    // Counted at the parent, never named: a key is caller input like any value.
    const problem = expectProblem(unknownField, 400, '(body)', 'body');
    expect(JSON.stringify(unknownField.body)).not.toContain('channel');
    expect(problem.type).toBe('urn:offer-pipeline:problem:invalid-request');

    expectProblem(
      await postEvent('banner-malformed', offerInstanceId, { eventId: 'e-1', type: 'liked' }),
      400,
      'type',
      'body',
    );
    expectProblem(await postEvent('banner-malformed', offerInstanceId, '{"eventId":'), 400, '(body)', 'body');
    expectProblem(
      await postEvent(
        'banner-malformed',
        offerInstanceId,
        { eventId: 'e-1', type: 'shown' },
        { 'content-type': 'text/plain' },
      ),
      415,
      'content-type',
      'header',
    );
    expectProblem(
      await postEvent('banner-malformed', offerInstanceId, { eventId: 'e'.repeat(5000), type: 'shown' }),
      413,
      '(body)',
      'body',
    );
    expectProblem(
      await postEvent('banner-malformed', 'o_00000000000000000000000000000000', {
        eventId: 'e-1',
        type: 'shown',
      }),
      404,
      'offerInstanceId',
      'path',
    );
    // Another customer's offer is not found either.
    expectProblem(
      await postEvent('banner-viewer', offerInstanceId, { eventId: 'e-1', type: 'dismissed' }),
      404,
      'offerInstanceId',
      'path',
    );
    expect(await offerEvents(offerInstanceId)).toHaveLength(1);
  });

  it('serves the generated OpenAPI 3.1 document at /openapi.json', async () => {
    const answer = await call('/openapi.json');
    expect(answer.status).toBe(200);
    expect(answer.contentType).toBe('application/json');
    expect(answer.body).toEqual(JSON.parse(JSON.stringify(buildOpenApiDocument())));
    expect(answer.body).toMatchObject({ openapi: expect.stringMatching(/^3\.1\./) });
  });

  it('the handlers reported no errors to the runtime', () => {
    expect(pipeline.errors).toEqual([]);
  });
});

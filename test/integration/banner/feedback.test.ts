import { randomBytes } from 'node:crypto';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoContactPolicyStore } from '#adapters/dynamodb/contact-policy-store.js';
import { offerItem } from '#adapters/dynamodb/decision-writer.js';
import { ProblemSchema } from '#api/problem.js';
import { OffersResponseSchema } from '#api/schemas.js';
import { type ContactState, isActiveAt } from '#core/contact-policy.js';
import type { Decision, OfferInstance } from '#core/decision.js';
import { type BannerAnswer, bannerClient } from '#test/integration/support/banner.js';
import { atmAbroad } from '#test/integration/support/events.js';
import { customer, nextEventId, PipelineHarness } from '#test/integration/support/pipeline.js';
import { eventually } from '#test/integration/support/wait.js';

/**
 * Issue 13, part 3 and 4, end to end on the local runtime (DynamoDB Local, the HTTP gateway, the real
 * handlers): the feedback state machine (409 for impossible feedback, nothing changed anywhere; 404 for an
 * unknown offer), the dismissal pause on GET, a click ending the emission (the active-offer slot), and a
 * banner answer that says nothing of the payment.
 */

const DAY_MS = 86_400_000;
const EUROPE_COVER = { holdings: ['current-account' as const, 'travel-insurance-europe' as const] };
const EXPLANATION = {
  nl: 'U ziet dit omdat u met uw kaart buiten Europa betaalde.',
  en: 'You see this because you paid with your card outside Europe.',
};

type Answer = BannerAnswer;

describe('feedback that protects the customer, through the local HTTP gateway', () => {
  let pipeline: PipelineHarness;

  beforeAll(async () => {
    pipeline = await PipelineHarness.start();
    await pipeline.loadCustomers(
      [
        'fb-dismisser',
        'fb-withdrawer',
        'fb-late',
        'fb-unknown',
        'fb-pauser',
        'fb-clicker',
        'fb-private',
        'fb-explained',
        'fb-racer-0',
        'fb-racer-1',
        'fb-racer-2',
      ].map((id) => customer(id, EUROPE_COVER)),
    );
  });

  afterAll(async () => {
    await pipeline?.stop();
  });

  const banner = () => bannerClient(pipeline);
  const offersOf = (customerId: string) => banner().offersOf(customerId);
  const postEvent = (customerId: string, offerInstanceId: string, body: Record<string, unknown>) =>
    banner().postEvent(customerId, offerInstanceId, body);

  async function emitOffer(customerId: string, payment?: Record<string, unknown>): Promise<string> {
    const event = payment === undefined ? atmAbroad(customerId) : payment;
    const decisions: Decision[] = await pipeline.decide(event as { eventId: string });
    const emitted = decisions.find((d) => d.outcome === 'emitted');
    expect(emitted?.offerInstanceId, `an offer for ${customerId}`).toBeDefined();
    return String(emitted?.offerInstanceId);
  }

  /** An offer row as evaluate-payments writes it (offerItem), for lives the pipeline cannot produce fast. */
  async function putOffer(
    customerId: string,
    overrides: Partial<OfferInstance> = {},
  ): Promise<OfferInstance> {
    const now = Date.now();
    const instance: OfferInstance = {
      offerInstanceId: `o_${randomBytes(16).toString('hex')}`,
      customerId,
      offerId: 'worldwide-travel-cover',
      productCode: 'travel-insurance-worldwide',
      category: 'insurance',
      text: 'Op reis buiten Europa? Regel uw wereldwijde reisverzekering.',
      disclosures: ['Lees de productinformatie (IPID).'],
      triggerId: 'card-abroad-worldwide-cover',
      triggerVersion: 1,
      decisionId: `d_${randomBytes(16).toString('hex')}`,
      createdAt: new Date(now - DAY_MS).toISOString(),
      expiresAt: new Date(now + 10 * DAY_MS).toISOString(),
      ...overrides,
    };
    await pipeline.documents.send(
      new TransactWriteCommand({
        TransactItems: [{ Put: { TableName: pipeline.tables.offers, Item: offerItem(instance) } }],
      }),
    );
    return instance;
  }

  /** The contact-policy item as evaluate-payments commits it (commitPut), at version 1. */
  async function putContact(state: ContactState): Promise<void> {
    const contacts = new DynamoContactPolicyStore(pipeline.documents, pipeline.tables.contactPolicy);
    await pipeline.documents.send(
      new TransactWriteCommand({ TransactItems: [contacts.commitPut(state, 0)] }),
    );
  }

  const offerRow = (customerId: string, offerInstanceId: string) =>
    banner().offerRow(customerId, offerInstanceId);
  const offerEvents = (offerInstanceId: string) => banner().offerEvents(offerInstanceId);
  const contactItem = (customerId: string) => banner().contactPolicy(customerId);

  /** Everything a feedback could change: the offer row, its events, the customer's contact state. */
  const everything = async (customerId: string, offerInstanceId: string) => ({
    offer: await offerRow(customerId, offerInstanceId),
    events: await offerEvents(offerInstanceId),
    contact: await contactItem(customerId),
  });

  function expectRefused(answer: Answer, why: RegExp) {
    expect(answer.status).toBe(409);
    expect(answer.contentType).toBe('application/problem+json');
    const problem = ProblemSchema.parse(answer.body);
    expect(problem.type).toBe('urn:offer-pipeline:problem:offer-not-active');
    expect(problem.detail).toMatch(why);
  }

  it('clicked or shown after dismissed: 409 "dismissed", and nothing changed (offer row, events, contact state)', async () => {
    const offerInstanceId = await emitOffer('fb-dismisser');
    expect(
      (await postEvent('fb-dismisser', offerInstanceId, { eventId: 'd-1', type: 'dismissed' })).status,
    ).toBe(200);
    const before = await everything('fb-dismisser', offerInstanceId);
    expect(before.offer?.status).toBe('dismissed');
    expect(before.contact?.dismissals).toHaveLength(1);

    expectRefused(
      await postEvent('fb-dismisser', offerInstanceId, { eventId: 'c-1', type: 'clicked' }),
      /dismissed/,
    );
    expectRefused(
      await postEvent('fb-dismisser', offerInstanceId, { eventId: 's-1', type: 'shown' }),
      /dismissed/,
    );
    expect(await everything('fb-dismisser', offerInstanceId)).toEqual(before);

    // The dismissal itself, repeated, is still answered with its first record.
    expect(
      (await postEvent('fb-dismisser', offerInstanceId, { eventId: 'd-1', type: 'dismissed' })).status,
    ).toBe(200);
    expect(await everything('fb-dismisser', offerInstanceId)).toEqual(before);
  });

  it('anything after a withdrawal (consent withdrawn): 409 "withdrawn", nothing recorded', async () => {
    const offerInstanceId = await emitOffer('fb-withdrawer');
    await pipeline.sendTo('consent-changes', {
      customerId: 'fb-withdrawer',
      purpose: 'transaction-offers',
      status: 'withdrawn',
      at: new Date().toISOString(),
      source: 'app-privacy-settings',
      noticeVersion: '2026-01',
    });
    await eventually(async () => {
      const row = await offerRow('fb-withdrawer', offerInstanceId);
      return row?.status === 'withdrawn' ? row : undefined;
    });
    const before = await everything('fb-withdrawer', offerInstanceId);
    for (const type of ['shown', 'clicked', 'dismissed']) {
      expectRefused(
        await postEvent('fb-withdrawer', offerInstanceId, { eventId: `w-${type}`, type }),
        /withdrawn/,
      );
    }
    expect(await everything('fb-withdrawer', offerInstanceId)).toEqual(before);
    expect(before.events).toEqual([]);
  });

  it('anything at or after the expiry, judged by `at`: 409 "expired"; a report from before it is taken', async () => {
    const expiresAt = new Date(Date.now() - 60_000).toISOString();
    const offer = await putOffer('fb-late', { expiresAt });
    const before = await everything('fb-late', offer.offerInstanceId);
    for (const type of ['shown', 'clicked', 'dismissed']) {
      expectRefused(
        await postEvent('fb-late', offer.offerInstanceId, { eventId: `x-${type}`, type }),
        /expired/,
      );
      expectRefused(
        await postEvent('fb-late', offer.offerInstanceId, { eventId: `y-${type}`, type, at: expiresAt }),
        /expired/,
      );
    }
    expect(await everything('fb-late', offer.offerInstanceId)).toEqual(before);

    const at = new Date(Date.parse(expiresAt) - 1).toISOString();
    expect(
      (await postEvent('fb-late', offer.offerInstanceId, { eventId: 'z-1', type: 'shown', at })).status,
    ).toBe(200);
    expect(await offerEvents(offer.offerInstanceId)).toHaveLength(1);
  });

  it('an unknown offer: 404 problem, whatever the type; nothing recorded', async () => {
    const unknown = `o_${randomBytes(16).toString('hex')}`;
    for (const type of ['shown', 'clicked', 'dismissed']) {
      const answer = await postEvent('fb-unknown', unknown, { eventId: `u-${type}`, type });
      expect(answer.status).toBe(404);
      expect(answer.contentType).toBe('application/problem+json');
      expect(ProblemSchema.parse(answer.body).type).toBe('urn:offer-pipeline:problem:not-found');
    }
    expect(await offerEvents(unknown)).toEqual([]);
    expect(await contactItem('fb-unknown')).toBeUndefined();
  });

  it('3 dismissals within 30 days pause all offers: GET returns none, and the contact item holds the dismissals', async () => {
    const offers = [];
    for (let i = 0; i < 4; i++) offers.push(await putOffer('fb-pauser'));
    const before = OffersResponseSchema.parse((await offersOf('fb-pauser')).body).offers;
    expect(before).toHaveLength(4);

    const now = Date.now();
    const ats = [now - 20 * DAY_MS, now - 5 * DAY_MS, now - 60_000].map((ms) => new Date(ms).toISOString());
    for (const [i, at] of ats.entries()) {
      const offer = offers[i];
      if (offer === undefined) throw new Error('no offer');
      const answer = await postEvent('fb-pauser', offer.offerInstanceId, {
        eventId: `p-${i}`,
        type: 'dismissed',
        at,
      });
      expect(answer.status).toBe(200);
      // Two dismissals: the untouched offers are still shown.
      if (i === 1)
        expect(OffersResponseSchema.parse((await offersOf('fb-pauser')).body).offers).toHaveLength(2);
    }
    const answer = await offersOf('fb-pauser');
    expect(answer.status).toBe(200);
    // The fourth offer is active and unexpired, and still not shown: the pause holds for all offers.
    expect(answer.body).toEqual({ offers: [] });
    expect((await offerRow('fb-pauser', String(offers[3]?.offerInstanceId)))?.status).toBe('active');
    expect((await contactItem('fb-pauser'))?.dismissals).toEqual(ats);
  });

  it('a click ends the emission of its offer instance: the active-offer slot is free from the click on', async () => {
    const offer = await putOffer('fb-clicker');
    const decidedAt = offer.createdAt;
    await putContact({
      customerId: 'fb-clicker',
      version: 0,
      emissions: [
        {
          offerId: offer.offerId,
          at: decidedAt,
          decidedAt,
          offerInstanceId: offer.offerInstanceId,
          expiresAt: offer.expiresAt,
        },
      ],
      cooldownUntil: {},
    });
    const at = new Date(Date.now() - 1000).toISOString();
    expect(
      (await postEvent('fb-clicker', offer.offerInstanceId, { eventId: 'k-1', type: 'clicked', at })).status,
    ).toBe(200);
    const contact = await contactItem('fb-clicker');
    expect(contact?.version).toBe(2);
    const [emission] = contact?.emissions ?? [];
    expect(emission).toEqual({
      offerId: offer.offerId,
      at: decidedAt,
      decidedAt,
      offerInstanceId: offer.offerInstanceId,
      expiresAt: offer.expiresAt,
      endedAt: at,
    });
    expect(isActiveAt(emission, Date.parse(at) - 1, 30)).toBe(true);
    expect(isActiveAt(emission, Date.now(), 30)).toBe(false);
    // A click starts no cooldown and is no dismissal.
    expect(contact?.cooldownUntil).toEqual({});
    expect(contact?.dismissals).toBeUndefined();
    expect((await offerRow('fb-clicker', offer.offerInstanceId))?.status).toBe('clicked');
  });

  it('the banner answer for an offer born of a payment at a named merchant, city and amount contains none of them', async () => {
    const payment = {
      eventId: nextEventId('card'),
      occurredAt: '2026-07-03T19:45:10-04:00',
      customerId: 'fb-private',
      type: 'card_payment',
      amount: { minor: 123_457, currency: 'USD' },
      merchant: { name: 'Xyloquent Diner', mcc: '5812', country: 'US', city: 'Tallahassee' },
    };
    const offerInstanceId = await emitOffer('fb-private', payment);
    const answer = await offersOf('fb-private');
    const { offers } = OffersResponseSchema.parse(answer.body);
    expect(offers.map((o) => o.offerInstanceId)).toEqual([offerInstanceId]);
    const text = JSON.stringify(answer.body);
    for (const secret of [
      'Xyloquent',
      'Diner',
      'Tallahassee',
      '123457',
      '1234.57',
      '1.234,57',
      'USD',
      '5812',
      'US"',
    ]) {
      expect(text).not.toContain(secret);
    }
  });

  it('serves priority and explanation as stored, verbatim, ranked by priority', async () => {
    const low = await putOffer('fb-explained', { priority: 1, explanation: EXPLANATION });
    const high = await putOffer('fb-explained', {
      priority: 5,
      explanation: { nl: 'Omdat u op reis gaat.', en: 'Because you are travelling.' },
      expiresAt: new Date(Date.now() + 20 * DAY_MS).toISOString(),
    });
    const old = await putOffer('fb-explained');
    const { offers } = OffersResponseSchema.parse((await offersOf('fb-explained')).body);
    expect(offers.map((o) => o.offerInstanceId)).toEqual([
      high.offerInstanceId,
      low.offerInstanceId,
      old.offerInstanceId,
    ]);
    expect(offers[1]).toMatchObject({ priority: 1, explanation: EXPLANATION });
    expect(offers[2]).not.toHaveProperty('explanation');
  });

  it('racing feedback on one offer: exactly one click or dismissal wins, every other is refused, one effect', async () => {
    for (let round = 0; round < 3; round++) {
      const customerId = `fb-racer-${round}`;
      const offer = await putOffer(customerId);
      await putContact({
        customerId,
        version: 0,
        emissions: [
          {
            offerId: offer.offerId,
            at: offer.createdAt,
            decidedAt: offer.createdAt,
            offerInstanceId: offer.offerInstanceId,
            expiresAt: offer.expiresAt,
          },
        ],
        cooldownUntil: {},
      });
      const before = await contactItem(customerId);
      const types = ['clicked', 'dismissed', 'clicked', 'dismissed', 'shown', 'dismissed'];
      const answers = await Promise.all(
        types.map((type, i) =>
          postEvent(customerId, offer.offerInstanceId, { eventId: `r${round}-${i}`, type }),
        ),
      );
      const statuses = answers.map((a) => a.status);
      // Only 200 (taken) and 409 (refused): a conflict is retried, never answered as an error.
      expect(
        statuses.every((s) => s === 200 || s === 409),
        statuses.join(),
      ).toBe(true);
      const winners = types.filter((type, i) => type !== 'shown' && statuses[i] === 200);
      expect(winners, statuses.join()).toHaveLength(1);
      const row = await offerRow(customerId, offer.offerInstanceId);
      expect(row?.status).toBe(winners[0]);
      // Recorded: the winner, and a shown only if it came before the winner.
      const recorded = (await offerEvents(offer.offerInstanceId)).map((e) => e.clientEventId).sort();
      expect(recorded).toEqual(
        types.flatMap((_, i) => (statuses[i] === 200 ? [`r${round}-${i}`] : [])).sort(),
      );
      const after = await contactItem(customerId);
      expect(after?.version).toBe(Number(before?.version) + 1);
      const dismissalsBefore = (before?.dismissals ?? []) as string[];
      expect(after?.dismissals ?? []).toHaveLength(
        dismissalsBefore.length + (winners[0] === 'dismissed' ? 1 : 0),
      );
    }
  });

  it('the handlers reported no errors to the runtime', () => {
    expect(pipeline.errors).toEqual([]);
  });
});

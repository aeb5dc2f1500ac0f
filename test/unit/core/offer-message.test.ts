import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  OFFER_EVENT_SOURCE,
  OfferMessageSchema,
  OfferSuggestionDataSchema,
  offerMessageId,
  retractionMessage,
  suggestionMessage,
} from '#core/offer-message.js';
import { SAMPLE_OFFER as OFFER } from '#test/support/offers.js';

const DATA_FIELDS = Object.keys(OfferSuggestionDataSchema.shape);
/** What an offer must never carry to a push consumer: the payment, and the pipeline's internals. */
const PAYMENT_WORDS = ['merchant', 'amount', 'mcc', 'counterparty', 'city', 'country', 'eventId', 'iban'];

describe('offer messages (CloudEvents 1.0)', () => {
  it('makes an offer.suggested CloudEvent of an offer: its banner fields with explanation and priority', () => {
    const message = suggestionMessage(OFFER);
    expect(message).toEqual({
      specversion: '1.0',
      type: 'offer.suggested',
      source: OFFER_EVENT_SOURCE,
      id: `offer.suggested:${OFFER.offerInstanceId}`,
      time: OFFER.createdAt,
      subject: OFFER.offerInstanceId,
      datacontenttype: 'application/json',
      data: {
        offerInstanceId: OFFER.offerInstanceId,
        customerId: 'c-1',
        offerId: 'worldwide-travel-cover',
        productCode: 'travel-insurance-worldwide',
        category: 'insurance',
        text: OFFER.text,
        disclosures: [],
        priority: 40,
        explanation: OFFER.explanation,
        createdAt: OFFER.createdAt,
        expiresAt: OFFER.expiresAt,
      },
    });
    expect(OfferMessageSchema.parse(JSON.parse(JSON.stringify(message)))).toEqual(message);
  });

  it('leaves explanation and priority out when an older offer has none', () => {
    const { priority: _p, explanation: _e, ...older } = OFFER;
    const { data } = suggestionMessage(older);
    expect(data).not.toHaveProperty('priority');
    expect(data).not.toHaveProperty('explanation');
  });

  it('makes an offer.withdrawn CloudEvent: key, customer and when, nothing else', () => {
    const at = '2026-07-10T09:00:00.000Z';
    expect(
      retractionMessage({ offerInstanceId: OFFER.offerInstanceId, customerId: 'c-1', withdrawnAt: at }),
    ).toEqual({
      specversion: '1.0',
      type: 'offer.withdrawn',
      source: OFFER_EVENT_SOURCE,
      id: `offer.withdrawn:${OFFER.offerInstanceId}`,
      time: at,
      subject: OFFER.offerInstanceId,
      datacontenttype: 'application/json',
      data: { offerInstanceId: OFFER.offerInstanceId, customerId: 'c-1', withdrawnAt: at },
    });
  });

  it('refuses an incomplete offer or retraction instead of publishing part of it', () => {
    const { expiresAt: _, ...noExpiry } = OFFER;
    expect(() => suggestionMessage(noExpiry)).toThrow();
    expect(() => suggestionMessage({ ...OFFER, createdAt: 'yesterday' })).toThrow();
    expect(() =>
      retractionMessage({ offerInstanceId: undefined, customerId: 'c-1', withdrawnAt: OFFER.createdAt }),
    ).toThrow();
  });

  it('for any extra stored attributes, a suggestion carries only the offer fields (property)', () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.oneof(
            fc.constantFrom(...PAYMENT_WORDS, 'triggerId', 'decisionId', 'status', 'ttl'),
            fc.string(),
          ),
          fc.oneof(fc.string(), fc.integer(), fc.constant({ name: 'Chase ATM', mcc: '6011' })),
        ),
        (extra) => {
          // Stored attributes never replace the offer's own fields here: extras only.
          const stored = { ...extra, ...OFFER };
          const message = suggestionMessage(stored);
          expect(Object.keys(message.data).every((key) => DATA_FIELDS.includes(key))).toBe(true);
          const text = JSON.stringify(message);
          for (const word of PAYMENT_WORDS) expect(text).not.toContain(`"${word}"`);
          expect(text).not.toContain(OFFER.decisionId);
          expect(text).not.toContain(OFFER.triggerId);
          expect(message.id).toBe(offerMessageId('offer.suggested', OFFER.offerInstanceId));
        },
      ),
    );
  });

  it('ids differ between offers (property)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ minLength: 1, maxLength: 40 }), { minLength: 2 }), (ids) => {
        const messages = ids.map((id) => suggestionMessage({ ...OFFER, offerInstanceId: id }));
        expect(new Set(messages.map((m) => m.id)).size).toBe(ids.length);
      }),
    );
  });
});

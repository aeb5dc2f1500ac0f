import { describe, expect, it } from 'vitest';
import {
  BannerOfferSchema,
  CustomerIdSchema,
  OfferEventPathSchema,
  OfferEventRequestSchema,
  OfferExplanationSchema,
  OffersResponseSchema,
} from '#api/schemas.js';

describe('path ids', () => {
  it.each([
    'c-1',
    'c-00042',
    'A',
    'x'.repeat(64),
    'cust.0:1~a_b',
    'o_0123456789abcdef0123456789abcdef',
    'a b',
    'a@b.nl',
    'klänt',
    'a/b',
    'a+b',
    '100%',
    '..',
    '😀',
  ])('accepts the customer id %s (the one identifier rule: what the pipeline accepts)', (id) => {
    expect(CustomerIdSchema.safeParse(id).success).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['65 characters', 'x'.repeat(65)],
    ['a lone surrogate', 'a\ud800'],
  ])('refuses the customer id %s', (_, id) => {
    expect(CustomerIdSchema.safeParse(id).success).toBe(false);
  });

  it.each([
    ['a slash', 'a/b'],
    ['a dot segment', '..'],
    ['a space', 'a b'],
    ['a non-ASCII letter', 'klänt'],
  ])('refuses an offer instance id with %s (the pipeline makes those)', (_, id) => {
    expect(OfferEventPathSchema.safeParse({ customerId: 'c-1', offerInstanceId: id }).success).toBe(false);
  });

  it('the event path needs both ids and nothing else', () => {
    expect(OfferEventPathSchema.safeParse({ customerId: 'c-1', offerInstanceId: 'o_1' }).success).toBe(true);
    expect(OfferEventPathSchema.safeParse({ customerId: 'c-1' }).success).toBe(false);
    expect(
      OfferEventPathSchema.safeParse({ customerId: 'c-1', offerInstanceId: 'o_1', extra: 'x' }).success,
    ).toBe(false);
  });
});

describe('OfferEventRequestSchema', () => {
  it('accepts each event type, with or without `at`', () => {
    for (const type of ['shown', 'clicked', 'dismissed']) {
      expect(OfferEventRequestSchema.safeParse({ eventId: 'e-1', type }).success).toBe(true);
    }
    expect(
      OfferEventRequestSchema.safeParse({ eventId: 'e-1', type: 'shown', at: '2026-07-10T10:00:00+02:00' })
        .success,
    ).toBe(true);
  });

  it.each([
    ['an unknown type', { eventId: 'e-1', type: 'liked' }],
    ['an empty eventId', { eventId: '', type: 'shown' }],
    ['a 129-character eventId', { eventId: 'e'.repeat(129), type: 'shown' }],
    ['a numeric eventId', { eventId: 7, type: 'shown' }],
    ['a timestamp without offset', { eventId: 'e-1', type: 'shown', at: '2026-07-10T10:00:00' }],
    ['a date only', { eventId: 'e-1', type: 'shown', at: '2026-07-10' }],
    ['an unknown field', { eventId: 'e-1', type: 'shown', customerId: 'c-1' }],
    ['no type', { eventId: 'e-1' }],
  ])('refuses %s', (_, body) => {
    expect(OfferEventRequestSchema.safeParse(body).success).toBe(false);
  });

  it('describes every field (the text problems quote as `expected`)', () => {
    for (const field of Object.values(OfferEventRequestSchema.shape)) {
      expect(field.description?.length ?? 0).toBeGreaterThan(10);
    }
  });
});

describe('answers', () => {
  it('a banner offer carries the text, disclosures, expiry, priority and explanation, nothing about the payment', () => {
    expect(Object.keys(BannerOfferSchema.shape).sort()).toEqual(
      ['disclosures', 'expiresAt', 'offerId', 'offerInstanceId', 'text', 'priority', 'explanation'].sort(),
    );
    // The explanation is the approved text in two languages, and nothing else.
    expect(Object.keys(OfferExplanationSchema.shape).sort()).toEqual(['en', 'nl']);
  });

  it('the offers answer is bounded', () => {
    const offer = {
      offerInstanceId: 'o_1',
      offerId: 'x',
      text: 't',
      disclosures: [],
      expiresAt: '2026-07-20T08:00:00.000Z',
    };
    expect(OffersResponseSchema.safeParse({ offers: Array(100).fill(offer) }).success).toBe(true);
    expect(OffersResponseSchema.safeParse({ offers: Array(101).fill(offer) }).success).toBe(false);
  });
});

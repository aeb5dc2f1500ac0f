import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OfferEventPathSchema, OffersPathSchema } from '#api/schemas.js';
import { ConsentChangeSchema } from '#core/consent-change.js';
import { CustomerUpdateSchema } from '#core/customer-update.js';
import { CustomerIdSchema, isCustomerId, isWellFormedText } from '#core/identifiers.js';
import { parsePaymentEvent } from '#core/payment-event.js';
import { ErasurePathSchema } from '#privacy/erasure-params.js';
import { HistoryPathSchema } from '#privacy/query-params.js';

/** One identifier rule: what the pipeline accepts as a customer id, every route, message and CLI accepts. */

const event = (customerId: string) =>
  JSON.stringify({
    eventId: 'e-1',
    occurredAt: '2026-07-03T14:22:05Z',
    customerId,
    type: 'card_payment',
    amount: { minor: 100, currency: 'EUR' },
    merchant: { name: 'Shop', mcc: '5411', country: 'NL' },
  });

const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 70 }),
  fc.string({ unit: 'binary-ascii', maxLength: 70 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n)), maxLength: 70 }),
  fc.constantFrom('a b', 'x@y.nl', 'klänt', 'a/b', 'a+b', '100%', '..', '😀', '\t', 'a\ud800', '\udc00'),
);

describe('the customer-id rule', () => {
  it('every id the rule accepts, the pipeline accepts; the pipeline accepts nothing else that has a UTF-8 form', () => {
    fc.assert(
      fc.property(anyText, (id) => {
        const pipeline = parsePaymentEvent(event(id)).ok;
        if (isCustomerId(id)) expect(pipeline).toBe(true);
        if (pipeline && isWellFormedText(id)) expect(isCustomerId(id)).toBe(true);
      }),
      { seed: 6, numRuns: 2000 },
    );
  });

  it('every route, message and CLI argument applies that same rule', () => {
    fc.assert(
      fc.property(anyText, (id) => {
        const accepted = isCustomerId(id);
        expect(CustomerIdSchema.safeParse(id).success).toBe(accepted);
        expect(OffersPathSchema.safeParse({ customerId: id }).success).toBe(accepted);
        expect(OfferEventPathSchema.safeParse({ customerId: id, offerInstanceId: 'o_1' }).success).toBe(
          accepted,
        );
        // The history route and the audit CLI (history, erase) share HistoryPathSchema.
        expect(HistoryPathSchema.safeParse({ customerId: id }).success).toBe(accepted);
        expect(ErasurePathSchema.safeParse({ customerId: id }).success).toBe(accepted);
        if (accepted) {
          const change = {
            customerId: id,
            purpose: 'transaction-offers',
            status: 'granted',
            at: '2026-07-03T14:22:05Z',
            source: 'app',
            noticeVersion: '1',
          };
          expect(ConsentChangeSchema.safeParse(change).success).toBe(true);
          expect(CustomerUpdateSchema.safeParse({ customerId: id, at: '2026-07-03T14:22:05Z' }).success).toBe(
            true,
          );
        }
      }),
      { seed: 7, numRuns: 2000 },
    );
  });
});

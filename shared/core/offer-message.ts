import * as z from 'zod';

/**
 * The public messages on the `offer-suggestions` queue (push consumers such as the in-app banner service).
 * Every message names its kind in `type` (the CloudEvents `type` it will carry once the messages become
 * CloudEvents) and the offer it is about in `offerInstanceId`: the key consumers deduplicate and look offers
 * up by. Neither kind carries anything about the payment that led to the offer.
 *
 *  - `offer.suggested`: an offer was emitted (after its transaction committed): show it.
 *  - `offer.withdrawn`: the offer was withdrawn (consent withdrawal or objection, a CRM update that rules it
 *    out) or erased: take it down. `withdrawn` is terminal: a consumer that saw it for an offerInstanceId
 *    ignores any `offer.suggested` for that id that arrives later (standard SQS does not keep order).
 *
 * Extend, never rename (contracts.md).
 */

export const OFFER_MESSAGE_TYPES = ['offer.suggested', 'offer.withdrawn'] as const;
export type OfferMessageType = (typeof OFFER_MESSAGE_TYPES)[number];

export const OfferSuggestionSchema = z.object({
  type: z.literal('offer.suggested'),
  offerInstanceId: z.string(),
  customerId: z.string(),
  offerId: z.string(),
  productCode: z.string(),
  category: z.string(),
  text: z.string(),
  disclosures: z.array(z.string()),
  createdAt: z.string(),
  expiresAt: z.string(),
});
export type OfferSuggestion = z.infer<typeof OfferSuggestionSchema>;

export const OfferRetractionSchema = z.object({
  type: z.literal('offer.withdrawn'),
  offerInstanceId: z.string(),
  customerId: z.string(),
  /** When the offer was withdrawn or erased (UTC ISO). */
  withdrawnAt: z.iso.datetime({ offset: true }),
});
export type OfferRetraction = z.infer<typeof OfferRetractionSchema>;

export const OfferMessageSchema = z.discriminatedUnion('type', [
  OfferSuggestionSchema,
  OfferRetractionSchema,
]);
export type OfferMessage = z.infer<typeof OfferMessageSchema>;

import * as z from 'zod';
import { OfferInstanceSchema } from './decision.js';

/**
 * The public messages on the `offer-suggestions` queue (push consumers such as the in-app banner service):
 * CloudEvents 1.0 in structured mode, one JSON event per SQS message body (no SQS binding of CloudEvents
 * exists, so no message attributes are needed: the body is the whole event).
 *
 *  - `offer.suggested`: an offer was emitted (after its transaction committed): show it. `data` is the offer
 *    as the banner shows it (text, disclosures, expiry, and its explanation and priority when it has them).
 *  - `offer.withdrawn`: the offer was withdrawn (consent withdrawal or objection, a CRM update that rules it
 *    out) or erased: take it down. `withdrawn` is terminal: a consumer that saw it for an offer (`subject`)
 *    ignores any `offer.suggested` for that offer that arrives later (standard SQS does not keep order).
 *
 * `id` is the deduplication key: deterministic per offer instance and type (offerMessageId), so a
 * redelivered stream record or a repeated send carries the same id, and `source` + `id` is unique per
 * occurrence as CloudEvents requires. `subject` is the offerInstanceId. Neither kind carries anything about
 * the payment that led to the offer (no merchant, amount, place, event id, trigger or decision).
 *
 * Extend, never rename (contracts.md): the zod schemas below are the one source of the messages' shape (the
 * publisher builds with them, the AsyncAPI document is generated from them, consumers' tests parse with them).
 */

export const OFFER_MESSAGE_TYPES = ['offer.suggested', 'offer.withdrawn'] as const;
export type OfferMessageType = (typeof OFFER_MESSAGE_TYPES)[number];

export const CLOUDEVENTS_SPEC_VERSION = '1.0';
/** The media type of a structured-mode CloudEvent in JSON (CloudEvents JSON event format). */
export const CLOUDEVENTS_JSON_CONTENT_TYPE = 'application/cloudevents+json';
/** The media type of `data`. */
export const OFFER_DATA_CONTENT_TYPE = 'application/json';
/**
 * The CloudEvents `source` of every offer message: a URI-reference naming the pipeline's offer outbox (the
 * offers table's stream, published by publish-offers). The same for every deployment: each deployment has
 * its own queue, and ids are unique within it.
 */
export const OFFER_EVENT_SOURCE = 'urn:offer-pipeline:offer-suggestions';

/** The deduplication key: the same offer instance and type always give the same id. */
export const offerMessageId = (type: OfferMessageType, offerInstanceId: string): string =>
  `${type}:${offerInstanceId}`;

const Instant = z.iso.datetime({ offset: true });

/** The `data` of `offer.suggested`: the offer as the banner shows it, nothing internal. */
export const OfferSuggestionDataSchema = OfferInstanceSchema.pick({
  offerInstanceId: true,
  customerId: true,
  offerId: true,
  productCode: true,
  category: true,
  text: true,
  disclosures: true,
  priority: true,
  explanation: true,
  createdAt: true,
  expiresAt: true,
}).meta({ description: 'An emitted offer as the banner shows it; nothing about the payment that led to it' });
export type OfferSuggestionData = z.infer<typeof OfferSuggestionDataSchema>;

/** The `data` of `offer.withdrawn`: which offer, whose, and when. */
export const OfferRetractionDataSchema = z
  .object({
    offerInstanceId: z.string().min(1),
    customerId: z.string().min(1),
    /** When the offer was withdrawn or erased (UTC ISO). */
    withdrawnAt: Instant.meta({ description: 'when the offer was withdrawn or erased' }),
  })
  .meta({ description: 'A withdrawn or erased offer: take it down' });
export type OfferRetractionData = z.infer<typeof OfferRetractionDataSchema>;

/** The CloudEvents 1.0 context attributes around a message's data. */
function cloudEvent<T extends OfferMessageType, D extends z.ZodObject>(
  type: T,
  data: D,
  description: string,
) {
  return z
    .object({
      specversion: z.literal(CLOUDEVENTS_SPEC_VERSION).meta({ description: 'CloudEvents version' }),
      type: z.literal(type).meta({ description: 'what happened' }),
      source: z
        .string()
        .min(1)
        .meta({
          description: `URI-reference of the producer (this pipeline's offer outbox: ${OFFER_EVENT_SOURCE})`,
        }),
      id: z.string().min(1).meta({
        description:
          'the deduplication key: "<type>:<offerInstanceId>", the same on every redelivery of this message',
      }),
      time: Instant.meta({
        description: 'when it happened: the offer was created (suggested) or withdrawn (withdrawn)',
      }),
      subject: z.string().min(1).meta({ description: 'the offerInstanceId the message is about' }),
      datacontenttype: z.literal(OFFER_DATA_CONTENT_TYPE).meta({ description: 'the media type of data' }),
      data,
    })
    .meta({ description });
}

export const OfferSuggestionSchema = cloudEvent(
  'offer.suggested',
  OfferSuggestionDataSchema,
  'offer.suggested (CloudEvents 1.0): an offer was emitted; show it',
);
export type OfferSuggestion = z.infer<typeof OfferSuggestionSchema>;

export const OfferRetractionSchema = cloudEvent(
  'offer.withdrawn',
  OfferRetractionDataSchema,
  'offer.withdrawn (CloudEvents 1.0): the offer was withdrawn or erased; take it down and ignore later suggestions of it',
);
export type OfferRetraction = z.infer<typeof OfferRetractionSchema>;

export const OfferMessageSchema = z.discriminatedUnion('type', [
  OfferSuggestionSchema,
  OfferRetractionSchema,
]);
export type OfferMessage = z.infer<typeof OfferMessageSchema>;

/** The context attributes every offer message shares, from its type, offer and time. */
function envelope<T extends OfferMessageType>(type: T, offerInstanceId: string, time: string) {
  return {
    specversion: CLOUDEVENTS_SPEC_VERSION,
    type,
    source: OFFER_EVENT_SOURCE,
    id: offerMessageId(type, offerInstanceId),
    time,
    subject: offerInstanceId,
    datacontenttype: OFFER_DATA_CONTENT_TYPE,
  } as const;
}

/**
 * The `offer.suggested` event of an offer (any object with at least the offer's fields: anything else, such
 * as the trigger, the decision or storage attributes, is left out). A ZodError when the offer is incomplete.
 */
export function suggestionMessage(offer: unknown): OfferSuggestion {
  const data = OfferSuggestionDataSchema.parse(offer);
  return OfferSuggestionSchema.parse({
    ...envelope('offer.suggested', data.offerInstanceId, data.createdAt),
    data,
  });
}

/** The `offer.withdrawn` event of an offer. A ZodError when a field is missing or invalid. */
export function retractionMessage(retraction: {
  readonly offerInstanceId: unknown;
  readonly customerId: unknown;
  readonly withdrawnAt: unknown;
}): OfferRetraction {
  const data = OfferRetractionDataSchema.parse({
    offerInstanceId: retraction.offerInstanceId,
    customerId: retraction.customerId,
    withdrawnAt: retraction.withdrawnAt,
  });
  return OfferRetractionSchema.parse({
    ...envelope('offer.withdrawn', data.offerInstanceId, data.withdrawnAt),
    data,
  });
}

import * as z from 'zod';
import { DEFAULT_MAX_FUTURE_SKEW_SECONDS } from '#core/clock-guard.js';
import { CustomerIdSchema } from '#core/identifiers.js';
import { OFFER_FEEDBACK_TYPES, type OfferFeedbackType } from '#core/offer-feedback.js';

/**
 * The banner service's HTTP API as zod schemas: what the handlers validate, and what the OpenAPI document
 * (./openapi.ts) is generated from. The descriptions double as the `expected` text of a problem+json
 * `errors` entry, so the document and the error messages cannot drift apart.
 *
 * Only `zod`, the zod-only identifier rule, the dependency-free clock-guard constants and the feedback
 * types of the core here: the handler bundles import this file.
 */

/** A POST body larger than this (UTF-8 bytes) gets 413 before it is parsed. */
export const MAX_BODY_BYTES = 4 * 1024;
/** How old a reported `at` may be (an offer is valid for at most 30 days in the seed catalog). */
export const MAX_AT_AGE_DAYS = 30;
/** The most offers one GET answers with (frequency caps keep a customer far below this). */
export const MAX_OFFERS_PER_RESPONSE = 100;

/**
 * Offer instance ids are the pipeline's own (`o_` + hex): letters, digits and `. _ : ~ -`, starting with a
 * letter or a digit, 1–64 characters. Customer ids are the bank's: the one rule of shared/core/identifiers.ts,
 * the same the pipeline, the consent and CRM messages, the privacy routes and the CLIs apply.
 */
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:~-]{0,63}$/;
const ID_CHARSET = 'letters, digits and . _ : ~ -, starting with a letter or a digit';

export { CustomerIdSchema };

export const OfferInstanceIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(ID_PATTERN)
  .meta({
    description: `an offer instance id as GET /customers/{customerId}/offers returns it: 1–64 characters, ${ID_CHARSET}`,
  });

const InstantSchema = z.iso.datetime({ offset: true });

export const OffersPathSchema = z.strictObject({ customerId: CustomerIdSchema });
export const OfferEventPathSchema = z.strictObject({
  customerId: CustomerIdSchema,
  offerInstanceId: OfferInstanceIdSchema,
});

/** The feedback types of the core's state machine (shared/core/offer-feedback.ts), their one home. */
export const OFFER_EVENT_TYPES = OFFER_FEEDBACK_TYPES;
export type OfferEventType = OfferFeedbackType;

export const OfferEventTypeSchema = z.enum(OFFER_EVENT_TYPES).meta({
  description:
    'one of shown, clicked, dismissed, reported only while the offer is active and unexpired: "clicked" and "dismissed" end the offer\'s active life (nothing can be reported after them), "dismissed" also starts its cooldown and counts towards the dismissal pause',
});

export const OfferEventRequestSchema = z
  .strictObject({
    eventId: z.string().min(1).max(128).meta({
      description:
        'a string of 1–128 characters chosen by the client, unique per reported event of this offer: the idempotency key (a repeat is answered with the first result and has no second effect)',
    }),
    type: OfferEventTypeSchema,
    at: InstantSchema.optional().meta({
      description: `when it happened on the device: an ISO 8601 timestamp with an offset (e.g. 2026-07-03T14:22:05+02:00), at most MAX_FUTURE_SKEW_SECONDS (default ${DEFAULT_MAX_FUTURE_SKEW_SECONDS} s) ahead of the time the request arrives and at most ${MAX_AT_AGE_DAYS} days old; default: when the request arrives`,
    }),
  })
  .meta({ description: 'What the banner service reports about an offer it showed' });
export type OfferEventRequest = z.infer<typeof OfferEventRequestSchema>;

export const OfferEventResponseSchema = z
  .object({
    offerInstanceId: OfferInstanceIdSchema,
    eventId: z.string().min(1).max(128).meta({ description: 'the client-chosen event id' }),
    type: OfferEventTypeSchema,
    at: InstantSchema.meta({ description: 'when it happened, as recorded (UTC)' }),
    recordedAt: InstantSchema.meta({ description: 'when the API first recorded the event (UTC)' }),
  })
  .meta({
    description: 'The event as recorded. A repeated eventId is answered with the very same record.',
  });
export type OfferEventResponse = z.infer<typeof OfferEventResponseSchema>;

/**
 * "Why am I seeing this?" (issue 13): the approved explanation of the trigger version that emitted the
 * offer, in Dutch and English, copied verbatim.
 */
export const OfferExplanationSchema = z
  .object({
    nl: z.string().meta({ description: 'in Dutch' }),
    en: z.string().meta({ description: 'in English' }),
  })
  .meta({
    description:
      'why the customer sees this offer, to show on request ("Why am I seeing this?"): the short text approved with the trigger that emitted it, word for word. It never says more of the payment than that approved text: no merchant, amount or place',
  });

export const BannerOfferSchema = z
  .object({
    offerInstanceId: OfferInstanceIdSchema,
    offerId: z.string().min(1).meta({ description: 'the catalog offer, e.g. worldwide-travel-cover' }),
    text: z.string().meta({ description: 'the banner text' }),
    disclosures: z.array(z.string()).meta({
      description:
        'mandatory disclosures to show with the text (credit offers always carry "Let op! Geld lenen kost geld")',
    }),
    expiresAt: InstantSchema.meta({ description: 'after this instant the offer must not be shown' }),
    priority: z.number().int().optional().meta({
      description:
        'the priority of the trigger that emitted the offer (higher wins); the list is ranked by it. Absent on offers emitted before priorities existed, which rank after every offer that has one',
    }),
    explanation: OfferExplanationSchema.optional().meta({
      description:
        'why the customer sees this offer ({ nl, en }), the text approved with its trigger; absent only on offers emitted before explanations existed (no text is made up for them)',
    }),
  })
  .meta({ description: 'An offer as the banner shows it; nothing about the payment that led to it' });
export type BannerOffer = z.infer<typeof BannerOfferSchema>;

export const OffersResponseSchema = z
  .object({
    offers: z.array(BannerOfferSchema).max(MAX_OFFERS_PER_RESPONSE).meta({
      description:
        'the active, unexpired offers, highest priority first, then soonest expiry, then offerInstanceId; empty when the customer is unknown, their current consent does not allow offers, or repeated dismissals pause all offers (by default 3 dismissals within 30 days: 90 days without offers)',
    }),
  })
  .meta({ description: "The customer's offers to show now" });
export type OffersResponse = z.infer<typeof OffersResponseSchema>;

export const HealthResponseSchema = z
  .object({ status: z.literal('ok') })
  .meta({ description: 'Liveness of the HTTP API' });

export const OpenApiDocumentSchema = z
  .looseObject({
    openapi: z.string().regex(/^3\.1\.\d+$/),
    info: z.looseObject({ title: z.string(), version: z.string() }),
    paths: z.record(z.string(), z.looseObject({})),
  })
  .meta({ description: 'This OpenAPI 3.1 document' });

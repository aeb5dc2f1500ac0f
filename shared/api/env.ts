import * as z from 'zod';
import { TableNamesEnv } from '#adapters/dynamodb/tables.js';
import { ClockGuardEnv, nonEmpty } from '#config/env.js';
import { CONSENT_REGIME_VALUES } from './consent-check.js';

/**
 * The environment of each banner API function: only the variables of the tables it uses (infra/definitions.ts
 * gives a function exactly those), validated once at cold start with readEnv.
 */

export const OffersApiEnv = TableNamesEnv.pick({ OFFERS_TABLE: true, CUSTOMERS_TABLE: true }).extend({
  CONSENT_REGIME: z
    .enum(CONSENT_REGIME_VALUES, { error: 'expected "opt-in" (the default) or "opt-out"' })
    .default('opt-in'),
});

export const OfferEventsApiEnv = TableNamesEnv.pick({
  OFFERS_TABLE: true,
  CONTACT_POLICY_TABLE: true,
})
  .extend({ OFFER_EVENTS_TABLE: nonEmpty('the offer-events table name') })
  .extend(ClockGuardEnv.shape);

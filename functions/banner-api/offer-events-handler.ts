import { DynamoOfferEventsStore } from '#adapters/dynamodb/offer-events-store.js';
import { DynamoOfferReader } from '#adapters/dynamodb/offer-reader.js';
import { OfferEventsApiEnv } from '#api/env.js';
import { clockGuardFrom, readEnv } from '#config/env.js';
import { catalogFrom, PolicyEnv } from '#config/pipeline-config.js';
import { cooldownDaysFrom } from '#core/contact-policy.js';
import { documentClient } from '#functions/handler-kit/aws-clients.js';
import { observability } from '#functions/handler-kit/powertools.js';
import { createOfferEventsHandler } from './create-offer-events-handler.js';

// Cold start: environment and catalog (for the offers' cooldownDays) are read and validated once.
const env = readEnv(OfferEventsApiEnv.extend(PolicyEnv.shape));
const client = documentClient();

export const handler = createOfferEventsHandler({
  ...observability('banner-offer-events'),
  offers: new DynamoOfferReader(client, { offers: env.OFFERS_TABLE }),
  store: new DynamoOfferEventsStore(client, {
    offerEvents: env.OFFER_EVENTS_TABLE,
    offers: env.OFFERS_TABLE,
    contactPolicy: env.CONTACT_POLICY_TABLE,
  }),
  cooldownDays: cooldownDaysFrom(catalogFrom(env)),
  clockGuard: clockGuardFrom(env),
  now: () => new Date(),
});

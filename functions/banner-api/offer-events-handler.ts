import { DynamoOfferEventsStore } from '../../shared/adapters/dynamodb/offer-events-store.js';
import { DynamoOfferReader } from '../../shared/adapters/dynamodb/offer-reader.js';
import { cooldownDaysFrom } from '../../shared/api/banner-service.js';
import { OfferEventsApiEnv } from '../../shared/api/env.js';
import { clockGuardFrom, readEnv } from '../../shared/config/env.js';
import { catalogFrom, PolicyEnv } from '../../shared/config/pipeline-config.js';
import { documentClient } from '../shared/aws-clients.js';
import { observability } from '../shared/powertools.js';
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

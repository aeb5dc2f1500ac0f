import { DynamoOfferEventsStore } from '#adapters/dynamodb/offer-events-store.js';
import { DynamoOfferReader } from '#adapters/dynamodb/offer-reader.js';
import { futureSkewFrom } from '#config/clock-guard.js';
import { readFunctionEnv } from '#config/function-env.js';
import { catalogFrom } from '#config/pipeline-config.js';
import { cooldownDaysFrom } from '#core/contact-policy.js';
import { documentClient } from '#functions/handler-kit/aws-clients.js';
import { observability } from '#functions/handler-kit/powertools.js';
import { bannerOfferEvents } from '#infra/definitions/functions.js';
import { createOfferEventsHandler } from './create-offer-events-handler.js';

// Cold start: environment and catalog (for the offers' cooldownDays) are read and validated once.
const { tables, settings } = readFunctionEnv(bannerOfferEvents);
const client = documentClient();

export const handler = createOfferEventsHandler({
  ...observability(bannerOfferEvents.name),
  offers: new DynamoOfferReader(client, { offers: tables.offers }),
  store: new DynamoOfferEventsStore(client, {
    offerEvents: tables['offer-events'],
    offers: tables.offers,
    contactPolicy: tables['contact-policy'],
  }),
  cooldownDays: cooldownDaysFrom(catalogFrom(settings)),
  clockGuard: futureSkewFrom(settings),
  now: () => new Date(),
});

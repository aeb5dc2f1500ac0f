import { DynamoOfferEventsStore } from '#adapters/dynamodb/offer-events-store.js';
import { DynamoOfferReader } from '#adapters/dynamodb/offer-reader.js';
import { futureSkewFrom } from '#config/clock-guard.js';
import { readFunctionEnv } from '#config/function-env.js';
import { policyFrom } from '#config/pipeline-config.js';
import { documentClient } from '#functions/handler-kit/aws-clients.js';
import { catalogTableReader, liveCatalogSource } from '#functions/handler-kit/catalog-source.js';
import { observability } from '#functions/handler-kit/powertools.js';
import { bannerOfferEvents } from '#infra/definitions/functions.js';
import { createOfferEventsHandler } from './create-offer-events-handler.js';

// Cold start: the environment is read and validated once; the live catalog (the offers' cooldownDays) is
// read at the first request and refreshed (functions/handler-kit/catalog-source.ts).
const { tables, settings } = readFunctionEnv(bannerOfferEvents);
const client = documentClient();
const obs = observability(bannerOfferEvents.name);

export const handler = createOfferEventsHandler({
  ...obs,
  offers: new DynamoOfferReader(client, { offers: tables.offers }),
  store: new DynamoOfferEventsStore(client, {
    offerEvents: tables['offer-events'],
    offers: tables.offers,
    contactPolicy: tables['contact-policy'],
  }),
  catalog: liveCatalogSource({
    ...obs,
    refreshSeconds: settings.CATALOG_REFRESH_SECONDS,
    load: catalogTableReader(client, tables.catalog),
  }),
  clockGuard: futureSkewFrom(settings),
  // The pause settings the function declares, the same evaluate-payments' dismissal_pause gate reads.
  dismissalPause: policyFrom(settings).dismissalPause,
  now: () => new Date(),
});

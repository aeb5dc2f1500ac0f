import { DynamoConsentReader, DynamoOfferReader } from '#adapters/dynamodb/offer-reader.js';
import { OffersApiEnv } from '#api/env.js';
import { readEnv } from '#config/env.js';
import { documentClient } from '#functions/handler-kit/aws-clients.js';
import { observability } from '#functions/handler-kit/powertools.js';
import { createOffersHandler } from './create-offers-handler.js';

// Cold start: the environment is read and validated once; a bad variable stops the function here.
const env = readEnv(OffersApiEnv);
const client = documentClient();

export const handler = createOffersHandler({
  ...observability('banner-offers'),
  consents: new DynamoConsentReader(client, { customers: env.CUSTOMERS_TABLE }),
  offers: new DynamoOfferReader(client, { offers: env.OFFERS_TABLE }),
  regime: env.CONSENT_REGIME,
  now: () => new Date(),
});

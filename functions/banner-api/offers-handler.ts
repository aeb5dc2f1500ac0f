import { DynamoConsentReader, DynamoOfferReader } from '../../shared/adapters/dynamodb/offer-reader.js';
import { OffersApiEnv } from '../../shared/api/env.js';
import { readEnv } from '../../shared/config/env.js';
import { documentClient } from '../shared/aws-clients.js';
import { observability } from '../shared/powertools.js';
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

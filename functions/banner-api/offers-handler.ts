import { DynamoContactPolicyStore } from '#adapters/dynamodb/contact-policy-store.js';
import { DynamoConsentReader, DynamoOfferReader } from '#adapters/dynamodb/offer-reader.js';
import { readFunctionEnv } from '#config/function-env.js';
import { policyFrom } from '#config/pipeline-config.js';
import { documentClient } from '#functions/handler-kit/aws-clients.js';
import { observability } from '#functions/handler-kit/powertools.js';
import { bannerOffers } from '#infra/definitions/functions.js';
import { createOffersHandler } from './create-offers-handler.js';

// Cold start: the environment is read and validated once; a bad variable stops the function here.
const { tables, settings } = readFunctionEnv(bannerOffers);
const client = documentClient();

export const handler = createOffersHandler({
  ...observability(bannerOffers.name),
  consents: new DynamoConsentReader(client, { customers: tables.customers }),
  offers: new DynamoOfferReader(client, { offers: tables.offers }),
  dismissals: new DynamoContactPolicyStore(client, tables['contact-policy']),
  regime: settings.CONSENT_REGIME,
  // The pause settings the function declares, the same evaluate-payments' dismissal_pause gate reads.
  dismissalPause: policyFrom(settings).dismissalPause,
  now: () => new Date(),
});

import { DynamoConsentStore } from '#adapters/dynamodb/consent-store.js';
import { DynamoOfferWithdrawer } from '#adapters/dynamodb/offer-withdrawer.js';
import { futureSkewFrom } from '#config/clock-guard.js';
import { readFunctionEnv } from '#config/function-env.js';
import { hotAuditDaysFrom } from '#config/settings.js';
import { documentClient } from '#functions/handler-kit/aws-clients.js';
import { observability } from '#functions/handler-kit/powertools.js';
import { applyConsentChanges } from '#infra/definitions/functions.js';
import { createHandler } from './create-handler.js';

// Cold start: the environment its definition gives the function is read and validated once.
const { tables, settings } = readFunctionEnv(applyConsentChanges);
const client = documentClient();

export const handler = createHandler({
  ...observability(applyConsentChanges.name),
  consents: new DynamoConsentStore(client, {
    customers: tables.customers,
    consentHistory: tables['consent-history'],
  }),
  offers: new DynamoOfferWithdrawer(
    client,
    { offers: tables.offers, audit: tables.audit },
    hotAuditDaysFrom(settings),
  ),
  regime: settings.CONSENT_REGIME,
  clockGuard: futureSkewFrom(settings),
  now: () => new Date(),
});

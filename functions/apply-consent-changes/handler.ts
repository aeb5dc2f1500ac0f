import * as z from 'zod';
import { DynamoConsentStore } from '#adapters/dynamodb/consent-store.js';
import { DynamoOfferWithdrawer } from '#adapters/dynamodb/offer-withdrawer.js';
import { ClockGuardEnv, clockGuardFrom, nonEmpty, readEnv } from '#config/env.js';
import { PolicyEnv } from '#config/pipeline-config.js';
import { documentClient } from '#functions/handler-kit/aws-clients.js';
import { observability } from '#functions/handler-kit/powertools.js';
import { createHandler } from './create-handler.js';

const env = readEnv(
  z
    .object({
      CUSTOMERS_TABLE: nonEmpty('the customers table name'),
      CONSENT_HISTORY_TABLE: nonEmpty('the consent-history table name'),
      OFFERS_TABLE: nonEmpty('the offers table name'),
      AUDIT_TABLE: nonEmpty('the audit table name'),
      CONSENT_REGIME: PolicyEnv.shape.CONSENT_REGIME,
    })
    .extend(ClockGuardEnv.shape),
);
const client = documentClient();

export const handler = createHandler({
  ...observability('apply-consent-changes'),
  consents: new DynamoConsentStore(client, {
    customers: env.CUSTOMERS_TABLE,
    consentHistory: env.CONSENT_HISTORY_TABLE,
  }),
  offers: new DynamoOfferWithdrawer(client, { offers: env.OFFERS_TABLE, audit: env.AUDIT_TABLE }),
  regime: env.CONSENT_REGIME,
  clockGuard: clockGuardFrom(env),
  now: () => new Date(),
});

import * as z from 'zod';
import { DynamoOfferWithdrawer } from '#adapters/dynamodb/offer-withdrawer.js';
import { DynamoProfileStore } from '#adapters/dynamodb/profile-store.js';
import { ClockGuardEnv, clockGuardFrom, nonEmpty, readEnv } from '#config/env.js';
import { documentClient } from '#functions/handler-kit/aws-clients.js';
import { observability } from '#functions/handler-kit/powertools.js';
import { createHandler } from './create-handler.js';

const env = readEnv(
  z
    .object({
      CUSTOMERS_TABLE: nonEmpty('the customers table name'),
      OFFERS_TABLE: nonEmpty('the offers table name'),
      AUDIT_TABLE: nonEmpty('the audit table name'),
    })
    .extend(ClockGuardEnv.shape),
);
const client = documentClient();

export const handler = createHandler({
  ...observability('apply-customer-updates'),
  profiles: new DynamoProfileStore(client, { customers: env.CUSTOMERS_TABLE }),
  offers: new DynamoOfferWithdrawer(client, { offers: env.OFFERS_TABLE, audit: env.AUDIT_TABLE }),
  clockGuard: clockGuardFrom(env),
  now: () => new Date(),
});

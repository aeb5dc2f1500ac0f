import { DynamoOfferWithdrawer } from '#adapters/dynamodb/offer-withdrawer.js';
import { DynamoProfileStore } from '#adapters/dynamodb/profile-store.js';
import { futureSkewFrom } from '#config/clock-guard.js';
import { readFunctionEnv } from '#config/function-env.js';
import { hotAuditDaysFrom } from '#config/settings.js';
import { documentClient } from '#functions/handler-kit/aws-clients.js';
import { observability } from '#functions/handler-kit/powertools.js';
import { applyCustomerUpdates } from '#infra/definitions/functions.js';
import { createHandler } from './create-handler.js';

// Cold start: the environment its definition gives the function is read and validated once.
const { tables, settings } = readFunctionEnv(applyCustomerUpdates);
const client = documentClient();

export const handler = createHandler({
  ...observability(applyCustomerUpdates.name),
  profiles: new DynamoProfileStore(client, { customers: tables.customers }),
  offers: new DynamoOfferWithdrawer(
    client,
    { offers: tables.offers, audit: tables.audit },
    hotAuditDaysFrom(settings),
  ),
  clockGuard: futureSkewFrom(settings),
  now: () => new Date(),
});

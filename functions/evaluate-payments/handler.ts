import { DynamoCustomerStateReader } from '#adapters/dynamodb/customer-state-reader.js';
import { DynamoDecisionWriter } from '#adapters/dynamodb/decision-writer.js';
import type { TableNames } from '#adapters/dynamodb/tables.js';
import { clockGuardFrom } from '#config/clock-guard.js';
import { readFunctionEnv } from '#config/function-env.js';
import { catalogFrom, policyFrom } from '#config/pipeline-config.js';
import { documentClient } from '#functions/handler-kit/aws-clients.js';
import { observability } from '#functions/handler-kit/powertools.js';
import { evaluatePayments } from '#infra/definitions/functions.js';
import { createHandler } from './create-handler.js';

// Cold start: configuration is read and validated once; a bad catalog or env stops the function here.
const { tables, settings } = readFunctionEnv(evaluatePayments);
const tableNames: TableNames = {
  customers: tables.customers,
  contactPolicy: tables['contact-policy'],
  audit: tables.audit,
  offers: tables.offers,
};
const client = documentClient();

export const handler = createHandler({
  ...observability(evaluatePayments.name),
  reader: new DynamoCustomerStateReader(client, tableNames),
  writer: new DynamoDecisionWriter(client, tableNames),
  catalog: catalogFrom(settings),
  policy: policyFrom(settings),
  now: () => new Date(),
  clockGuard: clockGuardFrom(settings),
  // Replays on the local runtime only: decide a past event on its own clock when the message asks.
  allowEventClock: settings.EVENT_CLOCK === 'allowed',
});

import { DynamoCustomerStateReader } from '#adapters/dynamodb/customer-state-reader.js';
import { DynamoDecisionWriter } from '#adapters/dynamodb/decision-writer.js';
import type { TableNames } from '#adapters/dynamodb/tables.js';
import { clockGuardFrom } from '#config/clock-guard.js';
import { readFunctionEnv } from '#config/function-env.js';
import { policyFrom } from '#config/pipeline-config.js';
import { hotAuditDaysFrom } from '#config/settings.js';
import { documentClient } from '#functions/handler-kit/aws-clients.js';
import { catalogTableReader, liveCatalogSource } from '#functions/handler-kit/catalog-source.js';
import { observability } from '#functions/handler-kit/powertools.js';
import { evaluatePayments } from '#infra/definitions/functions.js';
import { createHandler } from './create-handler.js';

// Cold start: configuration is read and validated once; a bad env stops the function here. The catalog is
// read live from the catalog table at the first batch and refreshed (functions/handler-kit/catalog-source.ts).
const { tables, settings } = readFunctionEnv(evaluatePayments);
const tableNames: TableNames = {
  customers: tables.customers,
  contactPolicy: tables['contact-policy'],
  audit: tables.audit,
  offers: tables.offers,
};
const client = documentClient();
const obs = observability(evaluatePayments.name);

export const handler = createHandler({
  ...obs,
  reader: new DynamoCustomerStateReader(client, tableNames),
  writer: new DynamoDecisionWriter(client, tableNames, { hotDays: hotAuditDaysFrom(settings) }),
  catalog: liveCatalogSource({
    ...obs,
    refreshSeconds: settings.CATALOG_REFRESH_SECONDS,
    load: catalogTableReader(client, tables.catalog),
  }),
  policy: policyFrom(settings),
  now: () => new Date(),
  clockGuard: clockGuardFrom(settings),
  // Replays on the local runtime only: decide a past event on its own clock when the message asks.
  allowEventClock: settings.EVENT_CLOCK === 'allowed',
});

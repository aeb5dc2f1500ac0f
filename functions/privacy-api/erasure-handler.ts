import { lazyArchiveEngine } from '#adapters/archive/engine-from-env.js';
import { DynamoCustomerKeyStore } from '#adapters/dynamodb/customer-key-store.js';
import { readFunctionEnv } from '#config/function-env.js';
import { documentClient } from '#functions/handler-kit/aws-clients.js';
import { observability } from '#functions/handler-kit/powertools.js';
import { privacyErasure } from '#infra/definitions/functions.js';
import { createErasureHandler } from './create-erasure-handler.js';
import { privacyErasureDeps } from './privacy-services.js';

// Cold start: the environment is read and validated once; a bad variable stops the function here.
const { tables, settings } = readFunctionEnv(privacyErasure);
const client = documentClient();

export const handler = createErasureHandler({
  ...observability(privacyErasure.name),
  erasure: privacyErasureDeps(
    client,
    {
      customers: tables.customers,
      contactPolicy: tables['contact-policy'],
      offers: tables.offers,
      offerEvents: tables['offer-events'],
      audit: tables.audit,
      consentHistory: tables['consent-history'],
      erasureLog: tables['erasure-log'],
      accessLog: tables['audit-access-log'],
    },
    {
      // The customer's archive key (destroyed last) and the archive's engine (Athena in AWS), opened on the
      // first erasure of a cold start.
      keys: new DynamoCustomerKeyStore(client, tables['customer-keys']),
      engine: lazyArchiveEngine(settings),
      hotAuditDays: settings.HOT_AUDIT_DAYS,
    },
  ),
  now: () => new Date(),
});

import { readFunctionEnv } from '#config/function-env.js';
import { documentClient } from '#functions/handler-kit/aws-clients.js';
import { observability } from '#functions/handler-kit/powertools.js';
import { privacyErasure } from '#infra/definitions/functions.js';
import { createErasureHandler } from './create-erasure-handler.js';
import {
  archiveEngineNotWired,
  customerKeysNotWired,
  HOT_AUDIT_DAYS_UNTIL_WIRED,
} from './erasure-archive-wiring.js';
import { privacyErasureDeps } from './privacy-services.js';

// Cold start: the environment is read and validated once; a bad variable stops the function here.
const { tables } = readFunctionEnv(privacyErasure);

export const handler = createErasureHandler({
  ...observability(privacyErasure.name),
  erasure: privacyErasureDeps(
    documentClient(),
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
    // Issue 15 merge: keys = new DynamoCustomerKeyStore(documentClient(), tables['customer-keys']),
    // engine = await archiveEngineFromEnv(env), hotAuditDays = the HOT_AUDIT_DAYS setting.
    {
      keys: customerKeysNotWired(),
      engine: archiveEngineNotWired(),
      hotAuditDays: HOT_AUDIT_DAYS_UNTIL_WIRED,
    },
  ),
  now: () => new Date(),
});

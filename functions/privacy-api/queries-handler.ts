import * as z from 'zod';
import { nonEmpty, readEnv } from '#config/env.js';
import { documentClient } from '#functions/handler-kit/aws-clients.js';
import { observability } from '#functions/handler-kit/powertools.js';
import { createQueriesHandler } from './create-queries-handler.js';
import { catalogTriggerIds, privacyQueryServices } from './privacy-services.js';

/** The tables infra/definitions.ts gives privacy-queries, and the catalog (for the per-trigger counts). */
export const PrivacyQueriesEnv = z.object({
  AUDIT_TABLE: nonEmpty('the audit table name'),
  CONSENT_HISTORY_TABLE: nonEmpty('the consent-history table name'),
  OFFERS_TABLE: nonEmpty('the offers table name'),
  OFFER_EVENTS_TABLE: nonEmpty('the offer-events table name'),
  AUDIT_ACCESS_LOG_TABLE: nonEmpty('the audit-access-log table name'),
  CATALOG_DIR: z.string().min(1).optional(),
});

// Cold start: the environment and the catalog are read and validated once; a bad one stops the function here.
const env = readEnv(PrivacyQueriesEnv);
const triggerIds = catalogTriggerIds(env.CATALOG_DIR);

export const handler = createQueriesHandler({
  ...observability('privacy-queries'),
  ...privacyQueryServices(
    documentClient(),
    {
      audit: env.AUDIT_TABLE,
      consentHistory: env.CONSENT_HISTORY_TABLE,
      offers: env.OFFERS_TABLE,
      offerEvents: env.OFFER_EVENTS_TABLE,
      accessLog: env.AUDIT_ACCESS_LOG_TABLE,
    },
    { triggerIds },
  ),
});

import * as z from 'zod';
import { DynamoAccessLog, DynamoAccessLogReader } from '#adapters/dynamodb/access-log-store.js';
import { DynamoPrivacyReader } from '#adapters/dynamodb/audit-reader.js';
import { defaultCatalogDir, loadCatalogFromDir } from '#adapters/fs/catalog-folder.js';
import { nonEmpty, readEnv } from '#config/env.js';
import { documentClient } from '#functions/handler-kit/aws-clients.js';
import { observability } from '#functions/handler-kit/powertools.js';
import { AccessLogQueries } from '#privacy/access-log.query.js';
import { PrivacyQueries } from '#privacy/queries.js';
import { createQueriesHandler } from './create-queries-handler.js';

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
const client = documentClient();
const catalog = loadCatalogFromDir(env.CATALOG_DIR ?? defaultCatalogDir());

export const handler = createQueriesHandler({
  ...observability('privacy-queries'),
  queries: new PrivacyQueries({
    reader: new DynamoPrivacyReader(client, {
      audit: env.AUDIT_TABLE,
      consentHistory: env.CONSENT_HISTORY_TABLE,
      offers: env.OFFERS_TABLE,
      offerEvents: env.OFFER_EVENTS_TABLE,
    }),
    accessLog: new DynamoAccessLog(client, env.AUDIT_ACCESS_LOG_TABLE),
    triggerIds: catalog.triggers.map((trigger) => trigger.id),
    now: () => new Date(),
  }),
  accessLog: new AccessLogQueries({
    reader: new DynamoAccessLogReader(client, env.AUDIT_ACCESS_LOG_TABLE),
    accessLog: new DynamoAccessLog(client, env.AUDIT_ACCESS_LOG_TABLE),
    now: () => new Date(),
  }),
});

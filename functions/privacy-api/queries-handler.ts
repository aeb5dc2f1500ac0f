import { DynamoAccessLog, DynamoAccessLogReader } from '#adapters/dynamodb/access-log-store.js';
import { DynamoPrivacyReader } from '#adapters/dynamodb/audit-reader.js';
import { readFunctionEnv } from '#config/function-env.js';
import { catalogFrom } from '#config/pipeline-config.js';
import { documentClient } from '#functions/handler-kit/aws-clients.js';
import { observability } from '#functions/handler-kit/powertools.js';
import { privacyQueries } from '#infra/definitions/functions.js';
import { AccessLogQueries } from '#privacy/access-log.query.js';
import { PrivacyQueries } from '#privacy/queries.js';
import { createQueriesHandler } from './create-queries-handler.js';

// Cold start: the environment and the catalog (for the per-trigger counts) are read and validated once.
const { tables, settings } = readFunctionEnv(privacyQueries);
const client = documentClient();
const catalog = catalogFrom(settings);
const accessLogTable = tables['audit-access-log'];

export const handler = createQueriesHandler({
  ...observability(privacyQueries.name),
  queries: new PrivacyQueries({
    reader: new DynamoPrivacyReader(client, {
      audit: tables.audit,
      consentHistory: tables['consent-history'],
      offers: tables.offers,
      offerEvents: tables['offer-events'],
    }),
    accessLog: new DynamoAccessLog(client, accessLogTable),
    triggerIds: catalog.triggers.map((trigger) => trigger.id),
    now: () => new Date(),
  }),
  accessLog: new AccessLogQueries({
    reader: new DynamoAccessLogReader(client, accessLogTable),
    accessLog: new DynamoAccessLog(client, accessLogTable),
    now: () => new Date(),
  }),
});

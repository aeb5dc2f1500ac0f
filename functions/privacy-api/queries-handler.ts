import { readFunctionEnv } from '#config/function-env.js';
import { catalogFrom } from '#config/pipeline-config.js';
import { documentClient } from '#functions/handler-kit/aws-clients.js';
import { observability } from '#functions/handler-kit/powertools.js';
import { privacyQueries } from '#infra/definitions/functions.js';
import { createQueriesHandler } from './create-queries-handler.js';
import { privacyQueryServices } from './privacy-services.js';

// Cold start: the environment and the catalog (for the per-trigger counts) are read and validated once.
const { tables, settings } = readFunctionEnv(privacyQueries);
const triggerIds = catalogFrom(settings).triggers.map((trigger) => trigger.id);

export const handler = createQueriesHandler({
  ...observability(privacyQueries.name),
  ...privacyQueryServices(
    documentClient(),
    {
      audit: tables.audit,
      consentHistory: tables['consent-history'],
      offers: tables.offers,
      offerEvents: tables['offer-events'],
      accessLog: tables['audit-access-log'],
    },
    { triggerIds },
  ),
});

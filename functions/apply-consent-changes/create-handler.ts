import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { applyConsentChangeMessage, type ConsentChangeDeps } from '../../shared/app/apply-consent-change.js';
import { ConsentChangeSchema } from '../../shared/core/consent-change.js';
import { createSqsRecordHandler } from '../shared/sqs-record-handler.js';

export interface HandlerDeps extends ConsentChangeDeps {
  readonly logger: Logger;
  readonly metrics: Metrics;
}

/** The apply-consent-changes Lambda: one consent change per message, applied in order. */
export function createHandler(deps: HandlerDeps) {
  return createSqsRecordHandler({
    schema: ConsentChangeSchema,
    logger: deps.logger,
    metrics: deps.metrics,
    apply: async (change) => {
      const report = await applyConsentChangeMessage(change, deps);
      if (report.offersWithdrawn > 0)
        deps.logger.info('Offers withdrawn after a consent change', { count: report.offersWithdrawn });
      return `consent_${report.outcome}`;
    },
  });
}

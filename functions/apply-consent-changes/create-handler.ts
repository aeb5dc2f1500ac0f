import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { applyConsentChangeMessage, type ConsentChangeDeps } from '#app/apply-consent-change.js';
import { ConsentChangeSchema } from '#core/consent-change.js';
import { createSqsRecordHandler, InvalidMessageError } from '#functions/handler-kit/sqs-record-handler.js';

export interface HandlerDeps extends ConsentChangeDeps {
  readonly logger: Logger;
  readonly metrics: Metrics;
}

/**
 * The apply-consent-changes Lambda: one consent change per message, applied in order. A change dated
 * beyond the future skew of its receive time is an invalid message (it fails and ends in the DLQ).
 */
export function createHandler(deps: HandlerDeps) {
  return createSqsRecordHandler({
    schema: ConsentChangeSchema,
    logger: deps.logger,
    metrics: deps.metrics,
    now: deps.now,
    apply: async (change, { receivedAt }) => {
      const report = await applyConsentChangeMessage(change, deps, receivedAt);
      if (report.outcome === 'refused') throw new InvalidMessageError(report.problems);
      if (report.offersWithdrawn > 0)
        deps.logger.info('Offers withdrawn after a consent change', { count: report.offersWithdrawn });
      return `consent_${report.outcome}`;
    },
  });
}

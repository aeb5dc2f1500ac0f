import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { applyCustomerUpdateMessage, type CustomerUpdateDeps } from '#app/apply-customer-update.js';
import { CustomerUpdateSchema } from '#core/customer-update.js';
import { createSqsRecordHandler, InvalidMessageError } from '#functions/handler-kit/sqs-record-handler.js';

export interface HandlerDeps extends CustomerUpdateDeps {
  readonly logger: Logger;
  readonly metrics: Metrics;
}

/**
 * The apply-customer-updates Lambda: one CRM profile update per message, applied in order. An update
 * dated beyond the future skew of its receive time is an invalid message (it fails and ends in the DLQ).
 */
export function createHandler(deps: HandlerDeps) {
  return createSqsRecordHandler({
    schema: CustomerUpdateSchema,
    logger: deps.logger,
    metrics: deps.metrics,
    now: deps.now,
    apply: async (update, { receivedAt }) => {
      const report = await applyCustomerUpdateMessage(update, deps, receivedAt);
      if (report.outcome === 'refused') throw new InvalidMessageError(report.problems);
      if (report.offersWithdrawn > 0)
        deps.logger.info('Offers withdrawn after a profile update', { count: report.offersWithdrawn });
      return `profile_${report.outcome}`;
    },
  });
}

import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { applyCustomerUpdateMessage, type CustomerUpdateDeps } from '#app/apply-customer-update.js';
import { CustomerUpdateSchema } from '#core/customer-update.js';
import { createChangeHandler } from '#functions/handler-kit/change-handler.js';

export interface HandlerDeps extends CustomerUpdateDeps {
  readonly logger: Logger;
  readonly metrics: Metrics;
}

/** The apply-customer-updates Lambda: one CRM profile update per message, applied in order. */
export function createHandler(deps: HandlerDeps) {
  return createChangeHandler({
    kind: 'profile',
    schema: CustomerUpdateSchema,
    logger: deps.logger,
    metrics: deps.metrics,
    now: deps.now,
    withdrawnMessage: 'Offers withdrawn after a profile update',
    apply: (update, receivedAt) => applyCustomerUpdateMessage(update, deps, receivedAt),
  });
}

import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { applyConsentChangeMessage, type ConsentChangeDeps } from '#app/apply-consent-change.js';
import { ConsentChangeSchema } from '#core/consent-change.js';
import { createChangeHandler } from '#functions/handler-kit/change-handler.js';

export interface HandlerDeps extends ConsentChangeDeps {
  readonly logger: Logger;
  readonly metrics: Metrics;
}

/** The apply-consent-changes Lambda: one consent change per message, applied in order. */
export function createHandler(deps: HandlerDeps) {
  return createChangeHandler({
    kind: 'consent',
    schema: ConsentChangeSchema,
    logger: deps.logger,
    metrics: deps.metrics,
    now: deps.now,
    withdrawnMessage: 'Offers withdrawn after a consent change',
    apply: (change, receivedAt) => applyConsentChangeMessage(change, deps, receivedAt),
  });
}

import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { METRICS_NAMESPACE } from './metric-names.js';

export { METRICS_NAMESPACE } from './metric-names.js';

/** What every handler logs and counts through (tests inject captured ones). */
export interface Observability {
  readonly logger: Logger;
  readonly metrics: Metrics;
}

/**
 * Logger and metrics for a function. Logs are JSON and carry no customer data: callers log counts,
 * reason codes and error class names only.
 */
export function observability(serviceName: string): Observability {
  return {
    logger: new Logger({ serviceName }),
    metrics: new Metrics({ namespace: METRICS_NAMESPACE, serviceName }),
  };
}

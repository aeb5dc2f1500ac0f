/**
 * The queues of the pipeline (data). Each has a dead-letter queue `<name>-dlq` kept 14 days, and is named to
 * its functions through the variable `queueEnvVar(name)` (shared/config/function-env.ts).
 */

import { queueEnvVar } from '#config/function-env.js';
import type { QueueDefinition } from './types.js';

/** The timeout of the payment-events consumer (evaluate-payments), which its queue's visibility follows. */
export const PAYMENT_EVENTS_TIMEOUT_SECONDS = 30;

interface QueueSpec extends Omit<QueueDefinition, 'envVar' | 'retentionDays' | 'deadLetter'> {
  /** Receives before a message moves to the dead-letter queue. */
  readonly maxReceiveCount: number;
}

function queue({ maxReceiveCount, ...spec }: QueueSpec): QueueDefinition {
  return {
    ...spec,
    envVar: queueEnvVar(spec.name),
    retentionDays: 4,
    deadLetter: { maxReceiveCount, retentionDays: 14 },
  };
}

export const QUEUES: readonly QueueDefinition[] = [
  queue({
    name: 'payment-events',
    purpose: 'PaymentEvent v1 messages from the payment system',
    // AWS advises at least six times the consumer's timeout so retries do not overlap.
    visibilityTimeoutSeconds: PAYMENT_EVENTS_TIMEOUT_SECONDS * 6,
    maxReceiveCount: 5,
  }),
  queue({
    name: 'consent-changes',
    purpose: "Consent changes from the bank's preferences dashboard",
    visibilityTimeoutSeconds: 6 * 30,
    // An invalid change cannot become valid by retrying: dead-letter it soon.
    maxReceiveCount: 3,
  }),
  queue({
    name: 'customer-updates',
    purpose: "Customer profile updates (holdings, flags, birth date) from the bank's CRM sync",
    visibilityTimeoutSeconds: 6 * 30,
    maxReceiveCount: 3,
  }),
  queue({
    name: 'offer-suggestions',
    purpose: 'Emitted offers, published after commit for push consumers',
    visibilityTimeoutSeconds: 60,
    maxReceiveCount: 5,
  }),
];

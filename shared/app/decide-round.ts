import { emptyContactState } from '#core/contact-policy.js';
import { decide, isStale, occurredAtProblem, rejectedDecision, screen } from '#core/decide.js';
import { screenedContentHashOf } from '#core/payment-event.js';
import type { Bulk, Pending, Prepared, RoundDeps, Tally } from './batch-messages.js';
import { writeBulk } from './bulk-records.js';
import { decideWithCustomers } from './decide-per-customer.js';

/**
 * Decides one round of a batch (at most one content per claim key). Invalid, future-dated, sensitive,
 * stale and trigger-less events are decided from the event alone, without reading customer data, and
 * written in one bulk; the rest are decided with their customers' state (decide-per-customer.ts).
 */
export async function decideRound(round: readonly Prepared[], deps: RoundDeps, tally: Tally): Promise<void> {
  const bulk: Bulk[] = [];
  const pending: Pending[] = [];
  for (const message of round) {
    const decided = decideFromEventAlone(message, deps);
    if ('decisions' in decided) bulk.push(decided);
    else pending.push(decided);
  }
  if (pending.length > 0) await decideWithCustomers(pending, deps, bulk, tally);
  if (bulk.length > 0) await writeBulk(bulk, deps.writer, tally);
}

/** The message's decisions when the event alone decides them, else the event waiting for customer state. */
function decideFromEventAlone(message: Prepared, deps: RoundDeps): Bulk | Pending {
  const { parsed, now, recordedAt } = message;
  const { guard, version } = deps;
  if (!parsed.ok) {
    const decision = rejectedDecision({
      ...(parsed.eventId === undefined ? {} : { eventId: parsed.eventId }),
      ...(parsed.customerId === undefined ? {} : { customerId: parsed.customerId }),
      messageId: message.messageId,
      problems: parsed.problems,
      policyVersion: version,
      now: recordedAt,
    });
    return { message, decisions: [decision] };
  }
  const { event } = parsed;
  const future = occurredAtProblem(event, now, guard);
  if (future !== undefined) {
    const { eventId, customerId } = event;
    const rejected = { eventId, customerId, messageId: message.messageId, problems: [future] };
    return {
      message,
      decisions: [rejectedDecision({ ...rejected, policyVersion: version, now: recordedAt })],
    };
  }
  const screened = screen(event, deps.policy, deps.catalog);
  if (screened.sensitive || screened.candidates.length === 0 || isStale(event, now, guard)) {
    // Decided from the event alone: no customer data is read for a sensitive, stale or trigger-less payment.
    const result = decide({
      event,
      customer: undefined,
      contact: emptyContactState(event.customerId),
      catalog: deps.catalog,
      policy: deps.policy,
      now,
      recordedAt,
      clockGuard: guard,
    });
    // A screened payment's record carries a digest of its ids only: nothing to test guesses against.
    const stored = screened.sensitive ? { ...message, contentHash: screenedContentHashOf(event) } : message;
    return { message: stored, decisions: result.decisions };
  }
  return { ...message, event };
}

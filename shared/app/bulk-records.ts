import { duplicateEventIdDecision } from '#core/decision.js';
import type { AuditRecord, DecisionWriter } from '#shared/ports.js';
import type { Bulk, Tally } from './batch-messages.js';

/**
 * The audit records that carry no offer or contact state (rejected, sensitive, stale, no trigger), written
 * in bulk, and the `duplicate_event_id` records of event ids found reused. Every write is conditional
 * (DecisionWriter.writeBulk): a record already there is a redelivery or a reuse, never replaced.
 */

/** Writes one round's bulk records; each message is stored, a duplicate, a reuse, or failed. */
export async function writeBulk(bulk: readonly Bulk[], writer: DecisionWriter, tally: Tally): Promise<void> {
  const records: AuditRecord[] = bulk.flatMap((b) =>
    b.decisions.map((decision) => ({ decision, contentHash: b.message.contentHash })),
  );
  let outcomes: ReadonlyMap<string, string>;
  try {
    outcomes = await writer.writeBulk(records);
  } catch (error) {
    for (const b of bulk) tally.fail(b.message.messageId, error);
    return;
  }
  for (const b of bulk) {
    const results = b.decisions.map((d) => outcomes.get(d.decisionId));
    if (results.some((r) => r === undefined)) tally.fail(b.message.messageId, new Error('Unstored'));
    else if (results.every((r) => r === 'stored')) tally.stored.push(...b.decisions);
    else if (results.some((r) => r === 'reused')) tally.reused.push(b.message);
    else tally.duplicates++;
  }
}

/** A reused event id with other content: its own rejected decision (duplicate_event_id), nothing else. */
export async function recordReusedIds(
  tally: Tally,
  writer: DecisionWriter,
  version: string,
  now: Date,
): Promise<void> {
  if (tally.reused.length === 0) return;
  const records = tally.reused.flatMap((message): AuditRecord[] => {
    const { parsed } = message;
    const eventId = parsed.ok ? parsed.event.eventId : parsed.eventId;
    const customerId = parsed.ok ? parsed.event.customerId : parsed.customerId;
    // Without an event id the key is the message's own: a reuse cannot happen, only a redelivery.
    if (eventId === undefined) return [];
    const decision = duplicateEventIdDecision({
      eventId,
      ...(customerId === undefined ? {} : { customerId }),
      messageId: message.messageId,
      contentHash: message.contentHash,
      policyVersion: version,
      now,
    });
    return [{ decision, contentHash: message.contentHash }];
  });
  let outcomes: ReadonlyMap<string, string>;
  try {
    outcomes = await writer.writeBulk(records);
  } catch (error) {
    for (const message of tally.reused) tally.fail(message.messageId, error);
    return;
  }
  for (const { decision } of records) {
    if (outcomes.get(decision.decisionId) === 'stored') tally.stored.push(decision);
    else tally.duplicates++;
  }
}

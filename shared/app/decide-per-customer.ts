import { type ContactState, contactHorizonDays, emptyContactState, prune } from '#core/contact-policy.js';
import { decide } from '#core/decide.js';
import type { PaymentEvent } from '#core/payment-event.js';
import { instantMs } from '#core/time.js';
import { ContactStateConflictError } from '#shared/errors.js';
import type { CustomerSnapshot, DecisionWriter } from '#shared/ports.js';
import type { Bulk, Pending, RoundDeps, Tally } from './batch-messages.js';

/** Re-reads after an optimistic-concurrency conflict before the message is handed back to the queue. */
const MAX_CONFLICT_RETRIES = 3;

type CommitStatus = Awaited<ReturnType<DecisionWriter['commit']>>;

/**
 * Decides the events of one round that need customer state: one read for all their customers, then each
 * customer's events in occurrence order, threading the contact state so caps hold within the batch. An
 * event that matched a trigger is committed on its own (claim, decisions, offers, contact state at the
 * version read, consents at the revision read); events without a trigger match join the round's bulk.
 */
export async function decideWithCustomers(
  pending: readonly Pending[],
  deps: RoundDeps,
  bulk: Bulk[],
  tally: Tally,
): Promise<void> {
  let snapshots: ReadonlyMap<string, CustomerSnapshot>;
  try {
    snapshots = await deps.reader.loadMany(pending.map((p) => p.event.customerId));
  } catch (error) {
    for (const p of pending) tally.fail(p.messageId, error);
    return;
  }
  const byCustomer = new Map<string, Pending[]>();
  for (const p of pending) {
    const list = byCustomer.get(p.event.customerId) ?? [];
    list.push(p);
    byCustomer.set(p.event.customerId, list);
  }
  const horizonDays = contactHorizonDays(deps.policy, deps.catalog) + deps.guard.staleEventHorizonDays;
  const customer = { deps, horizonDays, bulk, tally };
  await Promise.all(
    [...byCustomer].map(([customerId, events]) =>
      decideCustomer(customer, customerId, events, snapshots.get(customerId)),
    ),
  );
}

interface CustomerRun {
  readonly deps: RoundDeps;
  /** Contact horizon + stale horizon: what pruning keeps. */
  readonly horizonDays: number;
  readonly bulk: Bulk[];
  readonly tally: Tally;
}

/**
 * One customer's events, in occurrence order. A conflict (contact state or consents moved: another
 * invocation, a withdrawal) re-reads the customer and decides the same event again, at most
 * MAX_CONFLICT_RETRIES times; a failure fails this event and the customer's later ones (they were to be
 * decided on top of it), so SQS retries them all.
 */
async function decideCustomer(
  run: CustomerRun,
  customerId: string,
  events: Pending[],
  read: CustomerSnapshot | undefined,
): Promise<void> {
  const { deps, tally } = run;
  let snapshot = read;
  let contact: ContactState = snapshot?.contact ?? emptyContactState(customerId);
  let conflicts = 0;
  events.sort((a, b) => compareOccurrence(a.event, b.event));
  for (let index = 0; index < events.length; ) {
    const p = events[index];
    if (p === undefined) break;
    const result = decide({
      event: p.event,
      customer: snapshot?.customer,
      contact,
      catalog: deps.catalog,
      policy: deps.policy,
      now: p.now,
      recordedAt: p.recordedAt,
      clockGuard: deps.guard,
    });
    if (result.decisions.every((d) => d.outcome === 'no_trigger')) {
      run.bulk.push({ message: p, decisions: result.decisions });
      index++;
      continue;
    }
    const emitted = result.offers.length > 0;
    const nextContact = emitted ? prune(result.contact, p.now, run.horizonDays, deps.guard) : contact;
    let status: CommitStatus;
    try {
      status = await deps.writer.commit({
        claim: { key: p.claimKey, contentHash: p.contentHash },
        decisions: result.decisions,
        offers: result.offers,
        ...(emitted
          ? {
              contact: { state: nextContact, readVersion: contact.version },
              consents: { customerId, readRevision: snapshot?.consentsRevision ?? 0 },
            }
          : {}),
      });
    } catch (error) {
      for (const later of events.slice(index)) tally.fail(later.messageId, error);
      return;
    }
    if (status === 'conflict') {
      let failure: unknown = new ContactStateConflictError('Contact state or consents kept changing');
      if (conflicts < MAX_CONFLICT_RETRIES) {
        conflicts++;
        try {
          snapshot = (await deps.reader.loadMany([customerId])).get(customerId);
          contact = snapshot?.contact ?? emptyContactState(customerId);
          continue;
        } catch (readError) {
          failure = readError;
        }
      }
      for (const later of events.slice(index)) tally.fail(later.messageId, failure);
      return;
    }
    if (status === 'committed') {
      tally.stored.push(...result.decisions);
      if (emitted) contact = { ...nextContact, version: contact.version + 1 };
    } else if (status === 'duplicate') {
      tally.duplicates++;
    } else {
      tally.reused.push(p);
    }
    index++;
  }
}

function compareOccurrence(a: PaymentEvent, b: PaymentEvent): number {
  const byTime = instantMs(a.occurredAt) - instantMs(b.occurredAt);
  return byTime !== 0 ? byTime : a.eventId.localeCompare(b.eventId);
}

import type { Catalog } from '#core/catalog/catalog.js';
import { type ClockGuard, DEFAULT_CLOCK_GUARD } from '#core/clock-guard.js';
import { type ContactState, contactHorizonDays, emptyContactState, prune } from '#core/contact-policy.js';
import { decide, isStale, occurredAtProblem, rejectedDecision, screen } from '#core/decide.js';
import { type Decision, decisionIdFor, duplicateEventIdDecision } from '#core/decision.js';
import {
  contentHashOf,
  type ParseResult,
  type PaymentEvent,
  parsePaymentEvent,
  screenedContentHashOf,
} from '#core/payment-event.js';
import { type Policy, policyVersion } from '#core/policy.js';
import { instantMs } from '#core/time.js';
import { ContactStateConflictError } from '#shared/errors.js';
import type { AuditRecord, CustomerSnapshot, CustomerStateReader, DecisionWriter } from '#shared/ports.js';

export interface IncomingMessage {
  readonly messageId: string;
  readonly body: string;
  /**
   * Decide on the event's own clock (its occurredAt is taken as the receive time): for replays and
   * simulations of past events only. The handler honours it only where the deployment allows it.
   */
  readonly eventClock?: boolean;
}

export interface EvaluateDeps {
  readonly reader: CustomerStateReader;
  readonly writer: DecisionWriter;
  readonly catalog: Catalog;
  readonly policy: Policy;
  /** The receive time of a batch. */
  readonly now: () => Date;
  /** Future skew and stale horizon for occurredAt (default DEFAULT_CLOCK_GUARD). */
  readonly clockGuard?: ClockGuard;
}

export interface BatchOutcome {
  /** Messages to hand back to the queue (fail closed: nothing was decided for them). */
  readonly failed: ReadonlySet<string>;
  /** Why each failed message failed: an error class name, never customer data. */
  readonly failures: ReadonlyMap<string, string>;
  /** Decisions stored by this invocation (redelivered duplicates excluded). */
  readonly stored: readonly Decision[];
  readonly duplicates: number;
}

/** One message, parsed and digested, with the receive time it is decided at. */
interface Prepared {
  readonly messageId: string;
  readonly parsed: ParseResult;
  readonly contentHash: string;
  /** The audit key the message claims: its event-level decision id (message-based when it has no event id). */
  readonly claimKey: string;
  /** The clock the event is decided on: the receive time, or its own occurredAt for a replay. */
  readonly now: Date;
  /** When the decision is recorded: always the receive time of the batch. */
  readonly recordedAt: Date;
}

interface Pending extends Prepared {
  readonly event: PaymentEvent;
}

interface Bulk {
  readonly message: Prepared;
  readonly decisions: readonly Decision[];
}

/** Re-reads after an optimistic-concurrency conflict before the message is handed back to the queue. */
const MAX_CONFLICT_RETRIES = 3;

/** What one invocation accumulates over its rounds. */
class Tally {
  readonly failures = new Map<string, string>();
  readonly stored: Decision[] = [];
  duplicates = 0;
  /** Messages whose event id turned out to be used before with other content. */
  readonly reused: Prepared[] = [];

  fail(messageId: string, error: unknown): void {
    this.failures.set(messageId, error instanceof Error ? error.name : 'UnknownError');
  }
}

/**
 * Decides a batch of payment-event messages. Invalid, future-dated, sensitive, stale and trigger-less
 * events are decided from the event alone; only the rest cause a read of customer state, once per round.
 * Each customer's events are decided in occurrence order, threading contact-policy state so caps hold
 * within the batch. Every audit write is conditional (append-only): a redelivery is a duplicate, a reused
 * event id with other content becomes its own `rejected` decision (duplicate_event_id) and nothing else.
 * Infrastructure faults fail the affected messages only (partial batch response).
 */
export async function evaluateBatch(
  messages: readonly IncomingMessage[],
  deps: EvaluateDeps,
): Promise<BatchOutcome> {
  const now = deps.now();
  const version = policyVersion(deps.policy, deps.catalog);
  const tally = new Tally();

  // Copies with the same content are one delivery; different contents under one key go in later rounds,
  // so that the store (not the order within a batch) decides which one came first.
  const rounds: Prepared[][] = [];
  const copies = new Map<string, string[]>();
  const byKey = new Map<string, Prepared[]>();
  for (const message of messages) {
    const prepared = prepare(message, now);
    const seen = byKey.get(prepared.claimKey) ?? [];
    const original = seen.find((p) => p.contentHash === prepared.contentHash);
    if (original !== undefined) {
      tally.duplicates++;
      copies.set(original.messageId, [...(copies.get(original.messageId) ?? []), prepared.messageId]);
      continue;
    }
    const round = seen.length;
    seen.push(prepared);
    byKey.set(prepared.claimKey, seen);
    const list = rounds[round] ?? [];
    list.push(prepared);
    rounds[round] = list;
  }

  const failedKeys = new Set<string>();
  for (const round of rounds) {
    // A later content under a key waits until the earlier one is decided: batch order is kept.
    const ready = round.filter((p) => {
      if (!failedKeys.has(p.claimKey)) return true;
      tally.failures.set(p.messageId, 'EarlierMessageUndecided');
      return false;
    });
    await decideRound(ready, deps, version, tally);
    for (const p of round) if (tally.failures.has(p.messageId)) failedKeys.add(p.claimKey);
  }
  await recordReusedIds(tally, deps, version, now);

  for (const [original, others] of copies) {
    const failure = tally.failures.get(original);
    if (failure !== undefined) for (const copy of others) tally.failures.set(copy, failure);
  }
  const failures = tally.failures;
  return { failed: new Set(failures.keys()), failures, stored: tally.stored, duplicates: tally.duplicates };
}

function prepare(message: IncomingMessage, batchNow: Date): Prepared {
  const parsed = parsePaymentEvent(message.body);
  const contentHash = contentHashOf(message.body, parsed);
  const eventId = parsed.ok ? parsed.event.eventId : parsed.eventId;
  const claimKey =
    eventId === undefined
      ? rejectedDecision({ messageId: message.messageId, problems: [], policyVersion: '', now: batchNow })
          .decisionId
      : decisionIdFor(eventId);
  const eventNow = parsed.ok && message.eventClock === true ? instantMs(parsed.event.occurredAt) : Number.NaN;
  const now = Number.isFinite(eventNow) ? new Date(eventNow) : batchNow;
  return { messageId: message.messageId, parsed, contentHash, claimKey, now, recordedAt: batchNow };
}

async function decideRound(
  round: readonly Prepared[],
  deps: EvaluateDeps,
  version: string,
  tally: Tally,
): Promise<void> {
  const guard = deps.clockGuard ?? DEFAULT_CLOCK_GUARD;
  const bulk: Bulk[] = [];
  const pending: Pending[] = [];
  for (const message of round) {
    const { parsed, now, recordedAt } = message;
    if (!parsed.ok) {
      const ids = {
        ...(parsed.eventId === undefined ? {} : { eventId: parsed.eventId }),
        ...(parsed.customerId === undefined ? {} : { customerId: parsed.customerId }),
      };
      const problems = parsed.problems;
      const decision = rejectedDecision({
        ...ids,
        messageId: message.messageId,
        problems,
        policyVersion: version,
        now: recordedAt,
      });
      bulk.push({ message, decisions: [decision] });
      continue;
    }
    const { event } = parsed;
    const future = occurredAtProblem(event, now, guard);
    if (future !== undefined) {
      const { eventId, customerId } = event;
      const rejected = { eventId, customerId, messageId: message.messageId, problems: [future] };
      bulk.push({
        message,
        decisions: [rejectedDecision({ ...rejected, policyVersion: version, now: recordedAt })],
      });
      continue;
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
      bulk.push({ message: stored, decisions: result.decisions });
      continue;
    }
    pending.push({ ...message, event });
  }

  if (pending.length > 0) await decideWithCustomers(pending, deps, guard, bulk, tally);
  if (bulk.length > 0) await writeBulk(bulk, deps, tally);
}

async function decideWithCustomers(
  pending: readonly Pending[],
  deps: EvaluateDeps,
  guard: ClockGuard,
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
  const horizonDays = contactHorizonDays(deps.policy, deps.catalog) + guard.staleEventHorizonDays;
  await Promise.all(
    [...byCustomer].map(async ([customerId, events]) => {
      let snapshot = snapshots.get(customerId);
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
          clockGuard: guard,
        });
        if (result.decisions.every((d) => d.outcome === 'no_trigger')) {
          bulk.push({ message: p, decisions: result.decisions });
          index++;
          continue;
        }
        const emitted = result.offers.length > 0;
        const nextContact = emitted ? prune(result.contact, p.now, horizonDays, guard) : contact;
        let status: Awaited<ReturnType<DecisionWriter['commit']>>;
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
          // This customer's later events were to be decided on top of this one: retry them all.
          for (const later of events.slice(index)) tally.fail(later.messageId, error);
          return;
        }
        if (status === 'conflict') {
          // Contact state or consents moved (another invocation, a withdrawal): re-read, decide again.
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
    }),
  );
}

async function writeBulk(bulk: readonly Bulk[], deps: EvaluateDeps, tally: Tally): Promise<void> {
  const records: AuditRecord[] = bulk.flatMap((b) =>
    b.decisions.map((decision) => ({ decision, contentHash: b.message.contentHash })),
  );
  let outcomes: ReadonlyMap<string, string>;
  try {
    outcomes = await deps.writer.writeBulk(records);
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
async function recordReusedIds(tally: Tally, deps: EvaluateDeps, version: string, now: Date): Promise<void> {
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
    outcomes = await deps.writer.writeBulk(records);
  } catch (error) {
    for (const message of tally.reused) tally.fail(message.messageId, error);
    return;
  }
  for (const { decision } of records) {
    if (outcomes.get(decision.decisionId) === 'stored') tally.stored.push(decision);
    else tally.duplicates++;
  }
}

function compareOccurrence(a: PaymentEvent, b: PaymentEvent): number {
  const byTime = instantMs(a.occurredAt) - instantMs(b.occurredAt);
  return byTime !== 0 ? byTime : a.eventId.localeCompare(b.eventId);
}

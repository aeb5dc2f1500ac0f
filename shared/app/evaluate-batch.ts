import type { Catalog } from '#core/catalog/catalog.js';
import { type ClockGuard, DEFAULT_CLOCK_GUARD } from '#core/clock-guard.js';
import { rejectedDecision } from '#core/decide.js';
import { type Decision, decisionIdFor } from '#core/decision.js';
import { contentHashOf, parsePaymentEvent } from '#core/payment-event.js';
import { type Policy, policyVersion } from '#core/policy.js';
import { instantMs } from '#core/time.js';
import { InfrastructureError } from '#shared/errors.js';
import type { CustomerStateReader, DecisionWriter } from '#shared/ports.js';
import { type Prepared, type RoundDeps, Tally } from './batch-messages.js';
import { recordReusedIds } from './bulk-records.js';
import type { CatalogSource } from './catalog-snapshot.js';
import { decideRound } from './decide-round.js';

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
  /** The live catalog (./catalog-snapshot.ts), read once per batch: every message is decided with it. */
  readonly catalog: CatalogSource;
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

/**
 * Decides a batch of payment-event messages. Invalid, future-dated, sensitive, stale and trigger-less
 * events are decided from the event alone; only the rest cause a read of customer state, once per round.
 * Each customer's events are decided in occurrence order, threading contact-policy state so caps hold
 * within the batch. Every audit write is conditional (append-only): a redelivery is a duplicate, a reused
 * event id with other content becomes its own `rejected` decision (duplicate_event_id) and nothing else.
 * Infrastructure faults fail the affected messages only (partial batch response); with no valid catalog
 * (CatalogUnavailableError) every message fails and nothing is decided, not even a rejection.
 *
 * Split by concern: batch-messages.ts (what a message carries, the tally), decide-round.ts (one round,
 * and what the event alone decides), decide-per-customer.ts (the customer read, per-customer order, the
 * commit and its conflict re-decide loop), bulk-records.ts (records without offers, reused event ids).
 */
export async function evaluateBatch(
  messages: readonly IncomingMessage[],
  deps: EvaluateDeps,
): Promise<BatchOutcome> {
  const now = deps.now();
  let catalog: Catalog;
  try {
    catalog = await deps.catalog.current();
  } catch (error) {
    if (!(error instanceof InfrastructureError)) throw error;
    // Fail closed: nothing is decided on a missing catalog; every message goes back to the queue.
    const failures = new Map(messages.map((m) => [m.messageId, error.name]));
    return { failed: new Set(failures.keys()), failures, stored: [], duplicates: 0 };
  }
  const version = policyVersion(deps.policy, catalog);
  const roundDeps: RoundDeps = {
    reader: deps.reader,
    writer: deps.writer,
    catalog,
    policy: deps.policy,
    guard: deps.clockGuard ?? DEFAULT_CLOCK_GUARD,
    version,
  };
  const tally = new Tally();
  const { rounds, copies } = planRounds(messages, now, tally);

  const failedKeys = new Set<string>();
  for (const round of rounds) {
    // A later content under a key waits until the earlier one is decided: batch order is kept.
    const ready = round.filter((p) => {
      if (!failedKeys.has(p.claimKey)) return true;
      tally.failures.set(p.messageId, 'EarlierMessageUndecided');
      return false;
    });
    await decideRound(ready, roundDeps, tally);
    for (const p of round) if (tally.failures.has(p.messageId)) failedKeys.add(p.claimKey);
  }
  await recordReusedIds(tally, deps.writer, version, now);

  // A copy of a message shares its fate.
  for (const [original, others] of copies) {
    const failure = tally.failures.get(original);
    if (failure !== undefined) for (const copy of others) tally.failures.set(copy, failure);
  }
  const failures = tally.failures;
  return { failed: new Set(failures.keys()), failures, stored: tally.stored, duplicates: tally.duplicates };
}

/**
 * Copies with the same content under one claim key are one delivery (counted as duplicates, mapped to
 * the message they copy); different contents under one key go in later rounds, so that the store (not
 * the order within a batch) decides which one came first.
 */
function planRounds(
  messages: readonly IncomingMessage[],
  now: Date,
  tally: Tally,
): { rounds: Prepared[][]; copies: Map<string, string[]> } {
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
  return { rounds, copies };
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

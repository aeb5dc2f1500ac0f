import type { Catalog } from '../core/catalog/catalog.js';
import { type ContactState, emptyContactState } from '../core/customer.js';
import { decide, rejectedDecision, screen } from '../core/decide.js';
import type { Decision } from '../core/decision.js';
import type { PaymentEvent } from '../core/payment-event.js';
import { parsePaymentEvent } from '../core/payment-event.js';
import { type Policy, policyVersion } from '../core/policy.js';
import { ContactStateConflictError } from '../errors.js';
import type { CustomerSnapshot, CustomerStateReader, DecisionWriter } from '../ports.js';

export interface IncomingMessage {
  readonly messageId: string;
  readonly body: string;
}

export interface EvaluateDeps {
  readonly reader: CustomerStateReader;
  readonly writer: DecisionWriter;
  readonly catalog: Catalog;
  readonly policy: Policy;
  readonly now: () => Date;
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

interface Pending {
  readonly messageId: string;
  readonly event: PaymentEvent;
}

const DAY_MS = 86_400_000;
/** Re-reads after an optimistic-concurrency conflict before the message is handed back to the queue. */
const MAX_CONFLICT_RETRIES = 3;

/**
 * Decides a batch of payment-event messages. Invalid, sensitive and trigger-less events are decided from
 * the event alone; only the rest cause a read of customer state, done once for the whole batch. Each
 * customer's events are decided in occurrence order, threading contact-policy state so caps hold within
 * the batch. Infrastructure faults fail the affected messages only (partial batch response).
 */
export async function evaluateBatch(
  messages: readonly IncomingMessage[],
  deps: EvaluateDeps,
): Promise<BatchOutcome> {
  const now = deps.now();
  const version = policyVersion(deps.policy, deps.catalog);
  const failures = new Map<string, string>();
  const bulk: Array<{ messageId: string; decisions: readonly Decision[] }> = [];
  const stored: Decision[] = [];
  let duplicates = 0;
  const pending: Pending[] = [];

  for (const message of messages) {
    const parsed = parsePaymentEvent(message.body);
    if (!parsed.ok) {
      bulk.push({
        messageId: message.messageId,
        decisions: [
          rejectedDecision({
            ...(parsed.eventId === undefined ? {} : { eventId: parsed.eventId }),
            ...(parsed.customerId === undefined ? {} : { customerId: parsed.customerId }),
            messageId: message.messageId,
            problems: parsed.problems,
            policyVersion: version,
            now,
          }),
        ],
      });
      continue;
    }
    const screened = screen(parsed.event, deps.policy, deps.catalog);
    if (screened.sensitive || screened.candidates.length === 0) {
      // Decided from the event alone: no customer data is read for a sensitive or trigger-less payment.
      const result = decide({
        event: parsed.event,
        customer: undefined,
        contact: emptyContactState(parsed.event.customerId),
        catalog: deps.catalog,
        policy: deps.policy,
        now,
      });
      bulk.push({ messageId: message.messageId, decisions: result.decisions });
      continue;
    }
    pending.push({ messageId: message.messageId, event: parsed.event });
  }

  let snapshots: ReadonlyMap<string, CustomerSnapshot> | undefined;
  if (pending.length > 0) {
    try {
      snapshots = await deps.reader.loadMany(pending.map((p) => p.event.customerId));
    } catch (error) {
      for (const p of pending) failures.set(p.messageId, errorName(error));
    }
  }

  if (snapshots) {
    const byCustomer = new Map<string, Pending[]>();
    for (const p of pending) {
      const list = byCustomer.get(p.event.customerId) ?? [];
      list.push(p);
      byCustomer.set(p.event.customerId, list);
    }
    const horizonDays = contactHorizonDays(deps.policy, deps.catalog);
    const customerSnapshots = snapshots;
    await Promise.all(
      [...byCustomer].map(async ([customerId, events]) => {
        let snapshot = customerSnapshots.get(customerId);
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
            now,
          });
          if (result.decisions.every((d) => d.outcome === 'no_trigger')) {
            bulk.push({ messageId: p.messageId, decisions: result.decisions });
            index++;
            continue;
          }
          const emitted = result.offers.length > 0;
          const nextContact = emitted ? prune(result.contact, p.event.occurredAt, horizonDays) : contact;
          try {
            const status = await deps.writer.commit({
              decisions: result.decisions,
              offers: result.offers,
              ...(emitted ? { contact: { state: nextContact, readVersion: contact.version } } : {}),
            });
            if (status === 'duplicate') {
              duplicates++;
            } else {
              stored.push(...result.decisions);
              if (emitted) contact = { ...nextContact, version: contact.version + 1 };
            }
            index++;
          } catch (error) {
            let failure: unknown = error;
            if (error instanceof ContactStateConflictError && conflicts < MAX_CONFLICT_RETRIES) {
              // Another invocation decided for this customer meanwhile: re-read and decide again.
              conflicts++;
              try {
                snapshot = (await deps.reader.loadMany([customerId])).get(customerId);
                contact = snapshot?.contact ?? emptyContactState(customerId);
                continue;
              } catch (readError) {
                failure = readError;
              }
            }
            // This customer's later events were to be decided on top of this one: retry them all.
            for (const later of events.slice(index)) failures.set(later.messageId, errorName(failure));
            return;
          }
        }
      }),
    );
  }

  if (bulk.length > 0) {
    // The same event twice in one batch: decide it once, count the copy as a duplicate delivery.
    const seen = new Set<string>();
    const unique = bulk.filter((b) => {
      const key = b.decisions.map((d) => d.decisionId).join(',');
      if (seen.has(key)) {
        duplicates++;
        return false;
      }
      seen.add(key);
      return true;
    });
    const decisions = unique.flatMap((b) => b.decisions);
    try {
      const unstored = await deps.writer.writeBulk(decisions);
      for (const b of bulk) {
        if (b.decisions.some((d) => unstored.has(d.decisionId)))
          failures.set(b.messageId, 'UnprocessedItems');
      }
      for (const b of unique) if (!failures.has(b.messageId)) stored.push(...b.decisions);
    } catch (error) {
      for (const b of bulk) failures.set(b.messageId, errorName(error));
    }
  }

  return { failed: new Set(failures.keys()), failures, stored, duplicates };
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : 'UnknownError';
}

function compareOccurrence(a: PaymentEvent, b: PaymentEvent): number {
  const byTime = Date.parse(a.occurredAt) - Date.parse(b.occurredAt);
  return byTime !== 0 ? byTime : a.eventId.localeCompare(b.eventId);
}

/** How far back contact-policy state matters: the frequency window or the longest cooldown. */
export function contactHorizonDays(policy: Policy, catalog: Catalog): number {
  let days = policy.frequencyCap.windowDays;
  for (const offer of catalog.offers.values()) days = Math.max(days, offer.cooldownDays);
  return days;
}

/** Drops emissions too old to affect any future decision, and expired cooldowns (data minimisation). */
export function prune(state: ContactState, reference: string, horizonDays: number): ContactState {
  const from = Date.parse(reference) - horizonDays * DAY_MS;
  return {
    ...state,
    emissions: state.emissions.filter((e) => Date.parse(e.at) >= from),
    cooldownUntil: Object.fromEntries(
      Object.entries(state.cooldownUntil).filter(([, until]) => Date.parse(until) >= from),
    ),
  };
}

import type { Catalog } from '#core/catalog/catalog.js';
import type { ClockGuard } from '#core/clock-guard.js';
import type { Decision } from '#core/decision.js';
import type { ParseResult, PaymentEvent } from '#core/payment-event.js';
import type { Policy } from '#core/policy.js';
import type { CustomerStateReader, DecisionWriter } from '#shared/ports.js';

/**
 * A batch's messages as evaluateBatch carries them through its rounds, and what one invocation tallies.
 * Internal to the evaluate path (evaluate-batch.ts and the modules it is split into).
 */

/** What deciding a round needs: the ports, the rules and the clock guard in force. */
export interface RoundDeps {
  readonly reader: CustomerStateReader;
  readonly writer: DecisionWriter;
  readonly catalog: Catalog;
  readonly policy: Policy;
  readonly guard: ClockGuard;
  /** The policy version stamped on every decision of the batch. */
  readonly version: string;
}

/** One message, parsed and digested, with the receive time it is decided at. */
export interface Prepared {
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

/** A valid event that needs customer state to be decided. */
export interface Pending extends Prepared {
  readonly event: PaymentEvent;
}

/** Decisions stored without an offer or contact state, in one bulk write per round. */
export interface Bulk {
  readonly message: Prepared;
  readonly decisions: readonly Decision[];
}

/** What one invocation accumulates over its rounds. */
export class Tally {
  readonly failures = new Map<string, string>();
  readonly stored: Decision[] = [];
  duplicates = 0;
  /** Messages whose event id turned out to be used before with other content. */
  readonly reused: Prepared[] = [];

  fail(messageId: string, error: unknown): void {
    this.failures.set(messageId, error instanceof Error ? error.name : 'UnknownError');
  }
}

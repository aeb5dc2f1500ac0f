import { generateCustomers, generateEvents } from '#app/demo/generate.js';
import { seedCatalog } from '#core/catalog/seed.js';
import { emptyContactState } from '#core/contact-state.js';
import type { CustomerState } from '#core/customer.js';
import { decide, rejectedDecision } from '#core/decide.js';
import type { Decision } from '#core/decision.js';
import { contentHashOf, parsePaymentEvent } from '#core/payment-event.js';
import { DEFAULT_POLICY, policyVersion } from '#core/policy.js';
import type { AuditRecord } from '#shared/ports.js';

/**
 * The demo payment stream (shared/app/demo/) decided by the real core, one message at a time, as audit
 * records for the DynamoDB writer: what the archive benches and end-to-end tests store in the hot table.
 * Each message is decided on its own clock (as a replay: `now` = the payment's occurredAt), recorded at
 * `recordedAt` (the wall clock when the caller writes it, so that archive lag = archived_at - decidedAt).
 * Offers and contact state are not kept: only the audit records matter to the archive. Malformed messages
 * become rejected decisions, as the pipeline records them.
 */
export class DemoAuditSource {
  private readonly lines: string[];
  private readonly customers: ReadonlyMap<string, CustomerState>;
  private next = 0;

  constructor(options: { readonly events: number; readonly customers: number; readonly seed: number }) {
    this.lines = generateEvents(options);
    this.customers = new Map(generateCustomers(options).map((c) => [c.customerId, c]));
  }

  get remaining(): number {
    return this.lines.length - this.next;
  }

  /** The audit records of the next `count` messages, recorded at `recordedAt`. */
  take(count: number, recordedAt: Date): AuditRecord[] {
    const lines = this.lines.slice(this.next, this.next + count);
    const records = lines.flatMap((line, i) =>
      auditRecordsOf(line, `msg-${this.next + i}`, this.customers, recordedAt),
    );
    this.next += lines.length;
    return records;
  }
}

const catalog = seedCatalog();

export function auditRecordsOf(
  line: string,
  messageId: string,
  customers: ReadonlyMap<string, CustomerState>,
  recordedAt: Date,
): AuditRecord[] {
  const parsed = parsePaymentEvent(line);
  const contentHash = contentHashOf(line, parsed);
  if (!parsed.ok) {
    const decision: Decision = rejectedDecision({
      ...(parsed.eventId === undefined ? {} : { eventId: parsed.eventId }),
      ...(parsed.customerId === undefined ? {} : { customerId: parsed.customerId }),
      messageId,
      problems: parsed.problems,
      policyVersion: policyVersion(DEFAULT_POLICY, catalog),
      now: recordedAt,
    });
    return [{ decision, contentHash }];
  }
  const { event } = parsed;
  const { decisions } = decide({
    event,
    customer: customers.get(event.customerId),
    contact: emptyContactState(event.customerId),
    catalog,
    policy: DEFAULT_POLICY,
    now: new Date(event.occurredAt),
    recordedAt,
  });
  return decisions.map((decision) => ({ decision, contentHash }));
}

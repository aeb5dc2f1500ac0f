import {
  type Decision,
  decisionIdFor,
  duplicateEventIdDecisionId,
  mainReason,
  type Reason,
} from '#core/decision.js';
import { contentHashOf, parsePaymentEvent, screenedContentHashOf } from '#core/payment-event.js';
import { decisionsInItem } from '#shared/audit-items.js';

/**
 * What happened to every message a replay sent, derived from what the pipeline recorded (the audit table
 * and the DLQ), never from what the CLI meant to send. Pure: the caller scans the audit and counts the DLQ.
 *
 * Each message is matched to the audit key the evaluator claims for it (its event-level id, or its own
 * message id when it has no event id) and to the content digest stored there (contentHashOf, or the
 * screened digest of a sensitive payment), exactly as the evaluator tells a redelivery from a reused id:
 *  - the first message of a content whose records were written during this replay is *decided* (an
 *    event), *rejected as invalid* (invalid_event) or *rejected as a reused id* (duplicate_event_id);
 *  - every further message of that content, and every message of a content recorded before the replay
 *    began, was *collapsed as a duplicate delivery* (the pipeline records nothing for it);
 *  - a message with no record of its content is expected in the DLQ.
 * The two views are then checked against each other: every record written during the replay must belong
 * to a message sent, and the messages without a record must be those the DLQ gained. Any mismatch is a
 * problem, and a reconciliation with problems is printed as not adding up.
 */

export interface SentMessage {
  readonly messageId: string;
  readonly body: string;
}

export interface ReconcileInput {
  /** Every message the queue accepted, with the id it gave it. */
  readonly sent: readonly SentMessage[];
  /** Every item of the audit table: decisions, event items (claim + trigger decisions), offer withdrawals. */
  readonly audit: readonly Readonly<Record<string, unknown>>[];
  /** Records decided at or after this instant were written during this replay. */
  readonly since: Date;
  /** How many messages the payment-events DLQ gained during the replay. */
  readonly deadLettered: number;
}

export interface EventOutcomes {
  readonly emitted: number;
  /** Suppressed events by main reason (the most fundamental reason over all its decisions). */
  readonly suppressed: ReadonlyMap<Reason, number>;
  readonly noTrigger: number;
}

export interface Reconciliation {
  readonly sent: number;
  /** Payment events decided during this replay (emitted, suppressed or no trigger). */
  readonly decidedEvents: number;
  /** Messages rejected as invalid (invalid_event): not JSON, schema, a future occurredAt... */
  readonly rejectedInvalid: number;
  /** Messages that reused an event id with other content (duplicate_event_id). */
  readonly rejectedReused: number;
  /** Deliveries of a content already recorded: nothing was recorded again. */
  readonly collapsed: number;
  /** Of `collapsed`: repeats of something recorded before this replay began. */
  readonly collapsedOfEarlier: number;
  readonly deadLettered: number;
  /** Of `deadLettered`: messages whose content was recorded through another delivery of it. */
  readonly deadLetteredCopies: number;
  /** Messages without any record of their content (the DLQ should hold exactly these). */
  readonly unrecorded: number;
  /** Every way the two views disagree; empty when the reconciliation adds up. */
  readonly problems: readonly string[];
  /** This replay's decisions for the messages, in the order of `sent` (input order), one event's by withinEvent. */
  readonly decisions: readonly Decision[];
  /** Decided events by their number of decisions (one per matched trigger; 1 without a trigger). */
  readonly decisionsPerEvent: ReadonlyMap<number, number>;
  readonly eventOutcomes: EventOutcomes;
}

const isReuse = (d: Decision) => d.reasons.includes('duplicate_event_id');

type GroupClass = 'decided' | 'invalid' | 'reused';

interface Group {
  readonly key: string;
  readonly records: readonly Decision[];
  readonly cls: GroupClass;
}

interface AuditIndex {
  readonly byId: ReadonlyMap<string, Readonly<Record<string, unknown>>>;
  /** Non-reuse decisions per event id (the event-level records and one per matched trigger). */
  readonly byEvent: ReadonlyMap<string, Decision[]>;
  /** Rejections of messages without an event id, by message id. */
  readonly byMessage: ReadonlyMap<string, Decision>;
  readonly decisions: ReadonlyMap<string, Decision>;
}

function indexAudit(items: ReconcileInput['audit']): AuditIndex {
  const byId = new Map<string, Readonly<Record<string, unknown>>>();
  const byEvent = new Map<string, Decision[]>();
  const byMessage = new Map<string, Decision>();
  const decisions = new Map<string, Decision>();
  for (const item of items) {
    if (typeof item.decisionId !== 'string') continue;
    byId.set(item.decisionId, item);
    for (const decision of decisionsInItem(item)) {
      decisions.set(decision.decisionId, decision);
      if (decision.eventId === undefined) {
        if (decision.messageId !== undefined) byMessage.set(decision.messageId, decision);
      } else if (!isReuse(decision)) {
        const list = byEvent.get(decision.eventId) ?? [];
        list.push(decision);
        byEvent.set(decision.eventId, list);
      }
    }
  }
  return { byId, byEvent, byMessage, decisions };
}

const classOf = (records: readonly Decision[]): GroupClass =>
  records.some(isReuse) ? 'reused' : records.every((d) => d.outcome === 'rejected') ? 'invalid' : 'decided';

/** The records that hold a message's content, or undefined when the pipeline recorded nothing of it. */
function groupOf(message: SentMessage, index: AuditIndex): Group | undefined {
  const parsed = parsePaymentEvent(message.body);
  const eventId = parsed.ok ? parsed.event.eventId : parsed.eventId;
  if (eventId === undefined) {
    // The evaluator keys such a message by its own id: it can be rejected, never collapsed.
    const rejected = index.byMessage.get(message.messageId);
    return rejected === undefined
      ? undefined
      : { key: `m:${message.messageId}`, records: [rejected], cls: 'invalid' };
  }
  const claim = index.byId.get(decisionIdFor(eventId));
  const group = index.byEvent.get(eventId) ?? [];
  const original: Group = { key: `e:${eventId}`, records: group, cls: classOf(group) };
  // A record without a digest predates digests: the evaluator takes it as the same content.
  if (claim === undefined ? group.length > 0 : claim.contentHash === undefined) return original;
  // The exact content first; then the digest of the ids only, which every payment with these ids shares
  // and which only a payment the screen caught was compared on.
  const digests = [contentHashOf(message.body, parsed)];
  if (parsed.ok) digests.push(screenedContentHashOf(parsed.event));
  for (const digest of digests) {
    if (claim?.contentHash === digest) return original;
    const reuse = index.decisions.get(duplicateEventIdDecisionId(eventId, digest));
    if (reuse !== undefined) return { key: `r:${reuse.decisionId}`, records: [reuse], cls: 'reused' };
  }
  return undefined;
}

function keyOfRecord(d: Decision): string | undefined {
  if (isReuse(d)) return `r:${d.decisionId}`;
  if (d.eventId !== undefined) return `e:${d.eventId}`;
  return d.messageId === undefined ? undefined : `m:${d.messageId}`;
}

type EventOutcome =
  | { readonly outcome: 'emitted' }
  | { readonly outcome: 'no_trigger' }
  | { readonly outcome: 'suppressed'; readonly reason: Reason };

function outcomeOf(records: readonly Decision[]): EventOutcome {
  if (records.some((d) => d.outcome === 'emitted')) return { outcome: 'emitted' };
  const reasons = records.filter((d) => d.outcome === 'suppressed').flatMap((d) => d.reasons);
  const reason = mainReason(reasons);
  return reason === undefined ? { outcome: 'no_trigger' } : { outcome: 'suppressed', reason };
}

/** A stable order of one event's decisions: the event-level one (no trigger) first, then by trigger id. */
function withinEvent(a: Decision, b: Decision): number {
  const [ka, kb] = [`${a.triggerId ?? ''} ${a.decisionId}`, `${b.triggerId ?? ''} ${b.decisionId}`];
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

const bump = <K>(map: Map<K, number>, key: K, by = 1) => map.set(key, (map.get(key) ?? 0) + by);

export function reconcile(input: ReconcileInput): Reconciliation {
  const index = indexAudit(input.audit);
  const since = input.since.getTime();
  const thisRun = (d: Decision) => Date.parse(d.decidedAt) >= since;

  const counted = new Set<string>();
  const counts: Record<GroupClass, number> = { decided: 0, invalid: 0, reused: 0 };
  let collapsed = 0;
  let collapsedOfEarlier = 0;
  let unrecorded = 0;
  const decisions: Decision[] = [];
  const decisionsPerEvent = new Map<number, number>();
  let emitted = 0;
  let noTrigger = 0;
  const suppressed = new Map<Reason, number>();

  for (const message of input.sent) {
    const group = groupOf(message, index);
    if (group === undefined) {
      unrecorded++;
      continue;
    }
    const mine = group.records.filter(thisRun);
    if (mine.length === 0 || counted.has(group.key)) {
      collapsed++;
      if (mine.length === 0) collapsedOfEarlier++;
      continue;
    }
    counted.add(group.key);
    counts[group.cls]++;
    decisions.push(...[...mine].sort(withinEvent));
    if (group.cls !== 'decided') continue;
    bump(decisionsPerEvent, mine.length);
    const outcome = outcomeOf(mine);
    if (outcome.outcome === 'suppressed') bump(suppressed, outcome.reason);
    else if (outcome.outcome === 'emitted') emitted++;
    else noTrigger++;
  }

  const problems: string[] = [];
  // The other view: every record written during the replay for these messages must belong to one of them.
  const eventIds = new Set<string>();
  const messageIds = new Set(input.sent.map((m) => m.messageId));
  for (const message of input.sent) {
    const parsed = parsePaymentEvent(message.body);
    const eventId = parsed.ok ? parsed.event.eventId : parsed.eventId;
    if (eventId !== undefined) eventIds.add(eventId);
  }
  const strays = new Set<string>();
  for (const d of index.decisions.values()) {
    if (!thisRun(d)) continue;
    const ours =
      (d.eventId !== undefined && eventIds.has(d.eventId)) ||
      (d.messageId !== undefined && messageIds.has(d.messageId));
    const key = keyOfRecord(d);
    if (ours && key !== undefined && !counted.has(key)) strays.add(key);
  }
  if (strays.size > 0) {
    problems.push(
      `${strays.size} record group(s) written during this replay for these event ids match no message sent (another sender at work, or a content digest this summary cannot reproduce)`,
    );
  }
  // A message is dead-lettered after repeated failures even when another delivery of its content was
  // recorded: the DLQ then holds more messages than lack a record, and those are not collapsed duplicates.
  const dlqCopies = Math.max(0, Math.min(input.deadLettered - unrecorded, collapsed));
  collapsed -= dlqCopies;
  if (unrecorded > input.deadLettered) {
    problems.push(
      `${unrecorded - input.deadLettered} message(s) have no record in the audit table and are not in the DLQ`,
    );
  } else if (unrecorded + dlqCopies < input.deadLettered) {
    problems.push(
      `the DLQ gained ${input.deadLettered} message(s), more than the ${unrecorded + dlqCopies} this replay can account for (other messages were dead-lettered meanwhile?)`,
    );
  }

  return {
    sent: input.sent.length,
    decidedEvents: counts.decided,
    rejectedInvalid: counts.invalid,
    rejectedReused: counts.reused,
    collapsed,
    collapsedOfEarlier,
    deadLettered: input.deadLettered,
    deadLetteredCopies: dlqCopies,
    unrecorded,
    problems,
    decisions,
    decisionsPerEvent,
    eventOutcomes: { emitted, suppressed, noTrigger },
  };
}

/** The rows of the reconciliation; they add up to the messages sent exactly when nothing is amiss. */
export function reconciliationRows(r: Reconciliation): ReadonlyArray<readonly [number, string]> {
  return [
    [r.decidedEvents, 'payment events decided'],
    [r.rejectedInvalid, 'messages rejected as invalid (invalid_event)'],
    [r.rejectedReused, 'event ids reused with other content, rejected (duplicate_event_id)'],
    [
      r.collapsed,
      `duplicate deliveries collapsed (same event id and content as a message recorded${
        r.collapsedOfEarlier > 0 ? `; ${r.collapsedOfEarlier} of them before this replay` : ''
      }: nothing recorded again)`,
    ],
    [
      r.deadLettered,
      `dead-lettered (in the payment-events DLQ${
        r.deadLetteredCopies > 0
          ? `; ${r.deadLetteredCopies} of them repeat a content recorded through another delivery`
          : ''
      })`,
    ],
  ];
}

/** Whether the printed rows add up to the messages sent and both views agree. */
export function addsUp(r: Reconciliation): boolean {
  const total = reconciliationRows(r).reduce((sum, [n]) => sum + n, 0);
  return total === r.sent && r.problems.length === 0;
}

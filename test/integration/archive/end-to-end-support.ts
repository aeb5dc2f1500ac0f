import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { writeCustomers } from '#adapters/dynamodb/customer-writer.js';
import { generateCustomers, generateEvents } from '#app/demo/generate.js';
import { evaluateBatch, type IncomingMessage } from '#app/evaluate-batch.js';
import type { ArchiveSourceRecord } from '#bench/archive-pending.js';
import { type Decision, decisionIdFor } from '#core/decision.js';
import { parsePaymentEvent } from '#core/payment-event.js';
import { parseAuditItem } from '#shared/audit-items.js';
import { DynamoHarness } from '#test/integration/support/dynamo-harness.js';

/**
 * Shared by the archive's end-to-end tests: the demo stream decided by the real pipeline service
 * (evaluateBatch over the DynamoDB adapters, on the events' own clock, recorded at `now`), the hot audit
 * read back by key, and stream records in the archiver's input shape.
 */

export interface DemoRun {
  /** Every decision the pipeline stored (redeliveries excluded), as evaluateBatch reported them. */
  readonly stored: readonly Decision[];
  /** The event ids of the messages that had one. */
  readonly eventIds: readonly string[];
}

export async function decideDemo(
  harness: DynamoHarness,
  options: { readonly events: number; readonly customers: number; readonly seed: number; readonly now: Date },
): Promise<DemoRun> {
  await writeCustomers(harness.documents, harness.tables, generateCustomers(options));
  // Messages without an event id (not even JSON) are keyed by their message id, which no reader derives.
  const lines = generateEvents(options).filter((line) => {
    const parsed = parsePaymentEvent(line);
    return parsed.ok || parsed.eventId !== undefined;
  });
  const messages: IncomingMessage[] = lines.map((body, i) => ({
    messageId: `m-${i}`,
    body,
    eventClock: true,
  }));
  const client = DynamoHarness.client(harness.endpoint);
  const deps = harness.evaluateDeps(client, () => options.now);
  const stored: Decision[] = [];
  try {
    for (let i = 0; i < messages.length; i += 10) {
      const outcome = await evaluateBatch(messages.slice(i, i + 10), deps);
      if (outcome.failed.size > 0) throw new Error(`${outcome.failed.size} messages failed`);
      stored.push(...outcome.stored);
    }
  } finally {
    client.destroy();
  }
  const eventIds = lines.flatMap((line) => {
    const parsed = parsePaymentEvent(line);
    const id = parsed.ok ? parsed.event.eventId : parsed.eventId;
    return id === undefined ? [] : [id];
  });
  return { stored, eventIds: [...new Set(eventIds)] };
}

/**
 * The decisions the hot audit table holds for these events, read by key only (BatchGetItem, no scan, no
 * index): under each event-level id (a decision, or an event item with every trigger decision of the event)
 * and under each stored decision's own id (trigger decisions stored one per item before issue 15).
 */
export async function hotDecisions(
  documents: DynamoDBDocumentClient,
  table: string,
  run: DemoRun,
): Promise<Decision[]> {
  const keys = [
    ...new Set([...run.eventIds.map((id) => decisionIdFor(id)), ...run.stored.map((d) => d.decisionId)]),
  ];
  const found = new Map<string, Decision>();
  for (let i = 0; i < keys.length; i += 100) {
    let request: Record<string, { Keys: Record<string, unknown>[] }> | undefined = {
      [table]: { Keys: keys.slice(i, i + 100).map((decisionId) => ({ decisionId })) },
    };
    while (request !== undefined && Object.keys(request).length > 0) {
      const page = await documents.send(new BatchGetCommand({ RequestItems: request }));
      for (const item of page.Responses?.[table] ?? []) {
        const parsed = parseAuditItem(item);
        if (parsed.kind === 'decisions') for (const d of parsed.decisions) found.set(d.decisionId, d);
      }
      request = page.UnprocessedKeys as typeof request;
    }
  }
  return [...found.values()];
}

/** A stream record as Lambda hands it to the archiver, in the archiver's input shape. */
export function sourceRecordOf(table: string, record: DynamoDBRecord): ArchiveSourceRecord {
  const change = record.dynamodb ?? {};
  const image = change.NewImage as Parameters<typeof unmarshall>[0] | undefined;
  return {
    table,
    eventName: record.eventName ?? 'INSERT',
    sequenceNumber: change.SequenceNumber ?? '',
    approximateCreation: new Date((change.ApproximateCreationDateTime ?? 0) * 1000),
    ...(image === undefined ? {} : { newImage: unmarshall(image) }),
  };
}

/** Suppressed decisions per `reason|trigger` (trigger `null` for none), each decision once per reason. */
export function suppressedCounts(decisions: readonly Decision[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const d of decisions) {
    if (d.outcome !== 'suppressed') continue;
    for (const reason of d.reasons) {
      const key = `${reason}|${d.triggerId ?? null}`;
      counts[key] = (counts[key] ?? 0) + 1;
    }
  }
  return counts;
}

/** Rows of a count statement (`reason`, `trigger_id`, `n`) in the same shape. */
export function countsOfRows(rows: readonly Record<string, unknown>[]): Record<string, number> {
  return Object.fromEntries(
    rows.map((row) => [`${String(row.reason)}|${String(row.trigger_id)}`, Number(row.n)]),
  );
}

export const byOutcome = (decisions: readonly Decision[]): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const d of decisions) counts[d.outcome] = (counts[d.outcome] ?? 0) + 1;
  return counts;
};

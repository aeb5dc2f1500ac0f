import { GetQueueAttributesCommand, SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import {
  EVENT_CLOCK_ATTRIBUTE,
  EVENT_CLOCK_VALUE,
} from '../../functions/evaluate-payments/create-handler.js';
import { writeCustomers } from '../../shared/adapters/dynamodb/customer-writer.js';
import type { TableNames } from '../../shared/adapters/dynamodb/tables.js';
import type { CustomerState } from '../../shared/core/customer.js';
import type { Decision } from '../../shared/core/decision.js';

export interface ReplayTarget {
  readonly sqs: SQSClient;
  readonly documents: DynamoDBDocumentClient;
  readonly queueUrl: string;
  readonly dlqUrl?: string;
  readonly tables: TableNames;
}

export interface ReplayProgress {
  phase(name: 'sending' | 'deciding', total: number): void;
  update(done: number): void;
  finish(): void;
}

export interface ReplayResult {
  readonly sent: number;
  readonly decisions: Decision[];
  /** Messages with no decision when the queue drained (e.g. dead-lettered after repeated faults). */
  readonly undecided: number;
  readonly deadLettered: number;
}

/** Asks the evaluator (where allowed: the local runtime) to take each event's occurredAt as its receive time. */
export const EVENT_CLOCK_MESSAGE_ATTRIBUTES = {
  [EVENT_CLOCK_ATTRIBUTE]: { DataType: 'String', StringValue: EVENT_CLOCK_VALUE },
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function queueDepth(sqs: SQSClient, queueUrl: string): Promise<number> {
  const attributes = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return (
    Number(attributes.Attributes?.ApproximateNumberOfMessages ?? 0) +
    Number(attributes.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0)
  );
}

/** The event id a line claims, if it is JSON with a string eventId (invalid events keep theirs too). */
function claimedEventId(line: string): string | undefined {
  try {
    const value: unknown = JSON.parse(line);
    if (
      typeof value === 'object' &&
      value !== null &&
      'eventId' in value &&
      typeof value.eventId === 'string'
    ) {
      return value.eventId;
    }
  } catch {
    // not JSON: decided by message id
  }
  return undefined;
}

async function sendAll(target: ReplayTarget, lines: readonly string[], progress?: ReplayProgress) {
  const messageIds: string[] = [];
  progress?.phase('sending', lines.length);
  const batches: Array<readonly string[]> = [];
  for (let i = 0; i < lines.length; i += 10) batches.push(lines.slice(i, i + 10));
  let next = 0;
  let sent = 0;
  const worker = async () => {
    while (next < batches.length) {
      const batch = batches[next++] ?? [];
      const response = await target.sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: target.queueUrl,
          // A replay decides each past event on its own clock, as live traffic would have at the time.
          Entries: batch.map((body, i) => ({
            Id: String(i),
            MessageBody: body,
            MessageAttributes: EVENT_CLOCK_MESSAGE_ATTRIBUTES,
          })),
        }),
      );
      if ((response.Failed ?? []).length > 0) {
        throw new Error(
          `The queue refused ${response.Failed?.length} message(s): ${response.Failed?.[0]?.Message}`,
        );
      }
      for (const ok of response.Successful ?? []) if (ok.MessageId) messageIds.push(ok.MessageId);
      sent += batch.length;
      progress?.update(sent);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  progress?.finish();
  return messageIds;
}

async function scanDecisions(target: ReplayTarget): Promise<Decision[]> {
  const segments = 4;
  const parts = await Promise.all(
    Array.from({ length: segments }, async (_, segment) => {
      const items: Decision[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await target.documents.send(
          new ScanCommand({
            TableName: target.tables.audit,
            Segment: segment,
            TotalSegments: segments,
            ExclusiveStartKey: start,
          }),
        );
        for (const item of page.Items ?? []) {
          const { ttl: _ttl, ...decision } = item;
          items.push(decision as Decision);
        }
        start = page.LastEvaluatedKey;
      } while (start);
      return items;
    }),
  );
  return parts.flat();
}

/**
 * Loads the customers, sends every line through the real queue, waits until the pipeline has drained the
 * queue, and returns the decisions that belong to this replay (matched by event id; a line that is not
 * JSON at all is matched by the SQS message id its rejection records).
 */
export async function runReplay(
  target: ReplayTarget,
  input: { customers: readonly CustomerState[]; lines: readonly string[] },
  options: { progress?: ReplayProgress; timeoutMs?: number } = {},
): Promise<ReplayResult> {
  await writeCustomers(target.documents, target.tables, input.customers);
  const dlqBefore = target.dlqUrl ? await queueDepth(target.sqs, target.dlqUrl) : 0;
  const messageIds = await sendAll(target, input.lines, options.progress);

  const total = input.lines.length;
  options.progress?.phase('deciding', total);
  const deadline = Date.now() + (options.timeoutMs ?? 15 * 60_000);
  let quiet = 0;
  while (quiet < 2) {
    if (Date.now() > deadline) throw new Error('The pipeline did not drain the queue in time');
    const depth = await queueDepth(target.sqs, target.queueUrl);
    options.progress?.update(Math.max(0, total - depth));
    quiet = depth === 0 ? quiet + 1 : 0;
    await sleep(depth === 0 ? 300 : 200);
  }
  options.progress?.finish();

  const eventIds = new Set<string>();
  let anonymous = 0;
  for (const line of input.lines) {
    const id = claimedEventId(line);
    if (id === undefined) anonymous++;
    else eventIds.add(id);
  }
  const messages = new Set(messageIds);
  const decisions = (await scanDecisions(target)).filter((d) =>
    d.eventId === undefined
      ? d.messageId !== undefined && messages.has(d.messageId)
      : eventIds.has(d.eventId),
  );
  const decidedEvents = new Set(decisions.map((d) => d.eventId).filter((id) => id !== undefined));
  const decidedAnonymous = decisions.filter((d) => d.eventId === undefined).length;
  const deadLettered = target.dlqUrl ? (await queueDepth(target.sqs, target.dlqUrl)) - dlqBefore : 0;
  decisions.sort((a, b) =>
    a.decidedAt === b.decidedAt
      ? a.decisionId.localeCompare(b.decisionId)
      : a.decidedAt < b.decidedAt
        ? -1
        : 1,
  );
  return {
    sent: total,
    decisions,
    undecided: eventIds.size - decidedEvents.size + (anonymous - decidedAnonymous),
    deadLettered,
  };
}

import { GetQueueAttributesCommand, SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { TableNames } from '#adapters/dynamodb/tables.js';
import type { FixtureCustomer } from '#app/customer-fixtures.js';
import type { LoadReport } from '#app/load-consents.js';
import type { Decision } from '#core/decision.js';
import { EVENT_CLOCK_ATTRIBUTE, EVENT_CLOCK_VALUE } from '#functions/evaluate-payments/create-handler.js';
import { app, tableByName } from '#infra/definitions.js';
import { loadCustomers } from './load-customers.js';
import { type Reconciliation, reconcile, type SentMessage } from './reconcile.js';

export interface ReplayTarget {
  readonly sqs: SQSClient;
  readonly documents: DynamoDBDocumentClient;
  readonly queueUrl: string;
  readonly dlqUrl?: string;
  readonly tables: TableNames;
  /** The consent-history table (default: its name in the definitions). */
  readonly consentHistoryTable?: string;
}

export interface ReplayProgress {
  phase(name: 'sending' | 'deciding', total: number): void;
  update(done: number): void;
  finish(): void;
}

export interface ReplayResult {
  readonly sent: number;
  /** The decisions the pipeline recorded during this replay for the messages sent, oldest first. */
  readonly decisions: readonly Decision[];
  /** Messages with no record of their content when the queue drained (e.g. dead-lettered after faults). */
  readonly undecided: number;
  readonly deadLettered: number;
  /** What happened to every message, from the audit table and the DLQ (see reconcile.ts). */
  readonly reconciliation: Reconciliation;
  /** The customers loaded, their consents recorded as evidence. */
  readonly loaded: LoadReport;
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

/** Sends every line as one message; returns each with the message id the queue gave it, in line order. */
async function sendAll(
  target: ReplayTarget,
  lines: readonly string[],
  progress?: ReplayProgress,
): Promise<SentMessage[]> {
  // By line: the messages come back in input order, whichever worker sent them.
  const sentMessages: Array<SentMessage | undefined> = new Array(lines.length);
  progress?.phase('sending', lines.length);
  const batches: Array<readonly string[]> = [];
  for (let i = 0; i < lines.length; i += 10) batches.push(lines.slice(i, i + 10));
  let next = 0;
  let sent = 0;
  const worker = async () => {
    while (next < batches.length) {
      const first = next * 10;
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
      for (const ok of response.Successful ?? []) {
        const body = batch[Number(ok.Id)];
        if (ok.MessageId !== undefined && body !== undefined)
          sentMessages[first + Number(ok.Id)] = { messageId: ok.MessageId, body };
      }
      sent += batch.length;
      progress?.update(sent);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  progress?.finish();
  return sentMessages.filter((m) => m !== undefined);
}

/** Every item of the audit table: decisions, event claims (with their content digest), withdrawals. */
async function scanAudit(target: ReplayTarget): Promise<Array<Record<string, unknown>>> {
  const segments = 4;
  const parts = await Promise.all(
    Array.from({ length: segments }, async (_, segment) => {
      const items: Array<Record<string, unknown>> = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await target.documents.send(
          new ScanCommand({
            TableName: target.tables.audit,
            Segment: segment,
            TotalSegments: segments,
            ExclusiveStartKey: start,
            ConsistentRead: true,
          }),
        );
        items.push(...(page.Items ?? []));
        start = page.LastEvaluatedKey;
      } while (start);
      return items;
    }),
  );
  return parts.flat();
}

/**
 * Loads the customers, sends every line through the real queue, waits until the pipeline has drained the
 * queue, and reconciles every message sent with what the pipeline recorded (audit table, DLQ): the
 * decisions returned are those recorded during this replay for these messages.
 */
export async function runReplay(
  target: ReplayTarget,
  input: {
    customers: readonly FixtureCustomer[];
    lines: readonly string[];
    /** Where the customers come from, kept with their consent evidence: `fixture:<file>`, `demo-generator`. */
    evidenceSource: string;
  },
  options: { progress?: ReplayProgress; timeoutMs?: number } = {},
): Promise<ReplayResult> {
  const loaded = await loadCustomers(
    target.documents,
    {
      ...target.tables,
      consentHistory: target.consentHistoryTable ?? tableByName(app, 'consent-history').name,
    },
    input.customers,
    { evidenceSource: input.evidenceSource, now: new Date() },
  );
  const dlqBefore = target.dlqUrl ? await queueDepth(target.sqs, target.dlqUrl) : 0;
  // Records decided from here on were written during this replay (the runtime shares this clock).
  const since = new Date();
  const sent = await sendAll(target, input.lines, options.progress);

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

  const deadLettered = target.dlqUrl ? (await queueDepth(target.sqs, target.dlqUrl)) - dlqBefore : 0;
  const reconciliation = reconcile({ sent, audit: await scanAudit(target), since, deadLettered });
  return {
    sent: sent.length,
    decisions: reconciliation.decisions,
    undecided: reconciliation.unrecorded,
    deadLettered,
    reconciliation,
    loaded,
  };
}

import { join } from 'node:path';
import { DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { writeCustomers } from '#adapters/dynamodb/customer-writer.js';
import type { CustomerState } from '#core/customer.js';
import type { Decision } from '#core/decision.js';
import { documentClient } from '#functions/handler-kit/aws-clients.js';
import { EVENT_CLOCK_MESSAGE_ATTRIBUTES } from '#local/replay.js';
import { type LocalRuntime, type LocalRuntimeOptions, startLocalRuntime } from '#local/runtime.js';
import { tableNames } from '#local/targets.js';
import { consentRecord } from '#test/support/builders.js';
import { auditItemsForEvent, offerItemsOf } from './store-reads.js';
import { eventually, sleep } from './wait.js';

/** The real pipeline on the local runtime, with helpers that read what it stored. */
export class PipelineHarness {
  readonly tables = tableNames();
  private constructor(
    readonly runtime: LocalRuntime,
    readonly documents: DynamoDBDocumentClient,
    /** Errors the runtime reported (handler throws, poller faults). */
    readonly errors: unknown[],
  ) {}

  static async start(options: LocalRuntimeOptions = {}): Promise<PipelineHarness> {
    const errors: unknown[] = [];
    const runtime = await startLocalRuntime({
      visibilityTimeoutSeconds: 2,
      // A persisted run keeps its archive next to its tables, as `npm start --data-dir` does (infra/local/cli.ts),
      // so the audit CLI's `--data-dir` finds it once the pipeline is stopped.
      ...(options.dataDir !== undefined && options.archiveDir === undefined
        ? { archiveDir: join(options.dataDir, 'archive') }
        : {}),
      ...options,
      onError: (e) => errors.push(e),
    });
    return new PipelineHarness(runtime, documentClient(runtime.dynamodb), errors);
  }

  queue(name: string) {
    const queue = this.runtime.queues.get(name);
    if (!queue) throw new Error(`no queue ${name}`);
    return queue;
  }

  async loadCustomers(customers: readonly CustomerState[]): Promise<void> {
    await writeCustomers(this.documents, this.tables, customers);
  }

  /**
   * Sends a payment event. The fixtures are dated in the past, so by default it is decided on its own
   * clock, as a replay does (`clock: 'receive'`: on the receive time, as live traffic is).
   */
  async send(body: unknown, options: { clock?: 'event' | 'receive' } = {}): Promise<string> {
    return this.sendTo('payment-events', body, options.clock !== 'receive');
  }

  async sendTo(queueName: string, body: unknown, eventClock = false): Promise<string> {
    const response = await this.runtime.sqs.send(
      new SendMessageCommand({
        QueueUrl: this.queue(queueName).url,
        MessageBody: typeof body === 'string' ? body : JSON.stringify(body),
        ...(eventClock ? { MessageAttributes: EVENT_CLOCK_MESSAGE_ATTRIBUTES } : {}),
      }),
    );
    return response.MessageId ?? '';
  }

  async decisionsForEvent(eventId: string): Promise<Decision[]> {
    return (await auditItemsForEvent(this.documents, this.tables.audit, eventId)) as Decision[];
  }

  /** Waits for the event's decisions to appear, then for the pipeline to go quiet. */
  async decide(event: { eventId: string }): Promise<Decision[]> {
    await this.send(event);
    await eventually(async () => {
      const found = await this.decisionsForEvent(event.eventId);
      return found.length > 0 ? found : undefined;
    });
    await this.runtime.idle(20_000);
    return this.decisionsForEvent(event.eventId);
  }

  async offersOf(customerId: string): Promise<Array<Record<string, unknown>>> {
    return offerItemsOf(this.documents, this.tables.offers, customerId);
  }

  /** Receives and deletes what arrives on the queue within `waitMs`. */
  async receiveAll(queueName: string, waitMs = 3000): Promise<string[]> {
    const bodies: string[] = [];
    const deadline = Date.now() + waitMs;
    while (Date.now() < deadline) {
      const got = await this.runtime.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: this.queue(queueName).url,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 0,
        }),
      );
      for (const m of got.Messages ?? []) {
        bodies.push(m.Body ?? '');
        await this.runtime.sqs.send(
          new DeleteMessageCommand({ QueueUrl: this.queue(queueName).url, ReceiptHandle: m.ReceiptHandle }),
        );
      }
      if ((got.Messages ?? []).length === 0) await sleep(150);
    }
    return bodies;
  }

  /** Resolves once everything the archived tables' streams hold is in the archive (privacy reads answer from it). */
  async drainArchive(timeoutMs?: number): Promise<void> {
    await this.runtime.drainArchive(timeoutMs);
  }

  /** Archives what the streams still hold (a persisted archive is read after the stop), then stops. */
  async stop(): Promise<void> {
    // Best effort: a test that broke the local services still stops them; one that reads the archive after
    // the stop fails on what is missing there.
    await this.runtime.drainArchive().catch(() => undefined);
    await this.runtime.stop();
  }
}

let sequence = 0;
/** A unique event id per call, so tests sharing one runtime never see each other's decisions. */
export function nextEventId(prefix: string): string {
  sequence++;
  return `${prefix}-${sequence}-${Date.now()}`;
}

export function consentGranted(at = '2026-01-10T10:00:00Z'): CustomerState['consents'][number] {
  return consentRecord('transaction-offers', 'granted', at, 'app-privacy-settings');
}

export function customer(customerId: string, overrides: Partial<CustomerState> = {}): CustomerState {
  return {
    customerId,
    birthDate: '1990-04-01',
    holdings: ['current-account'],
    flags: [],
    consents: [consentGranted()],
    ...overrides,
  };
}

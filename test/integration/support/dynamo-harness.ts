import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { DynamoConsentStore } from '#adapters/dynamodb/consent-store.js';
import { DynamoCustomerStateReader } from '#adapters/dynamodb/customer-state-reader.js';
import { DynamoDecisionWriter } from '#adapters/dynamodb/decision-writer.js';
import { DynamoOfferWithdrawer } from '#adapters/dynamodb/offer-withdrawer.js';
import type { RetryPolicy } from '#adapters/dynamodb/retry.js';
import { applyConsentChangeMessage } from '#app/apply-consent-change.js';
import { type EvaluateDeps, evaluateBatch, type IncomingMessage } from '#app/evaluate-batch.js';
import { DEFAULT_CLOCK_GUARD } from '#core/clock-guard.js';
import type { ConsentChange } from '#core/consent-change.js';
import type { OfferMessage } from '#core/offer-message.js';
import { DEFAULT_POLICY } from '#core/policy.js';
import { documentClient } from '#functions/handler-kit/aws-clients.js';
import { messageFor } from '#functions/publish-offers/create-handler.js';
import { app } from '#infra/definitions.js';
import { type DynamoDbLocal, startDynamoDbLocal } from '#local/dynamodb-local.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '#local/local-aws.js';
import { freePort } from '#local/ports.js';
import { provisionTables } from '#local/provision.js';
import { tableNames } from '#local/targets.js';
import { catalogSource } from '#test/support/builders.js';
import { auditItemsForEvent, auditRecordById, offerItemsOf } from './store-reads.js';

/**
 * DynamoDB Local with the definitions' tables, and the evaluate / consent app services wired to the real
 * DynamoDB adapters over a client the test may instrument (SDK middleware: faults, call logs).
 */
export class DynamoHarness {
  readonly tables = tableNames();
  readonly consentTables = { customers: this.tables.customers, consentHistory: 'consent-history' };
  /** An uninstrumented client, for the test's own reads. */
  readonly documents: DynamoDBDocumentClient;

  private constructor(
    private readonly local: DynamoDbLocal,
    private readonly plain: DynamoDBClient,
  ) {
    this.documents = documentClient(plain);
  }

  static async start(): Promise<DynamoHarness> {
    const local = await startDynamoDbLocal({ port: await freePort() });
    const plain = DynamoHarness.client(local.endpoint);
    await provisionTables(plain, app);
    return new DynamoHarness(local, plain);
  }

  /** A fresh low-level client (one per instrumented scenario), without SDK retries of its own. */
  static client(endpoint: string): DynamoDBClient {
    return new DynamoDBClient({
      endpoint,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
      maxAttempts: 1,
    });
  }

  /**
   * Every message the outbox relay would publish for what the offers table's stream holds so far: the
   * stream read from its start (every shard), each record mapped by publish-offers' own `messageFor`.
   */
  async outboxMessages(): Promise<OfferMessage[]> {
    const records = await streamRecords(this.endpoint, this.tables.offers);
    return records.flatMap((record) => messageFor(record, () => new Date()) ?? []);
  }

  get endpoint(): string {
    return this.local.endpoint;
  }

  evaluateDeps(client: DynamoDBClient, now: () => Date): EvaluateDeps {
    const documents = documentClient(client);
    const retry: RetryPolicy = { attempts: 3, baseDelayMs: 1 };
    return {
      reader: new DynamoCustomerStateReader(documents, this.tables, retry),
      writer: new DynamoDecisionWriter(documents, this.tables, retry),
      catalog: catalogSource(),
      policy: DEFAULT_POLICY,
      now,
      clockGuard: DEFAULT_CLOCK_GUARD,
    };
  }

  consentDeps(client: DynamoDBClient, now: () => Date) {
    const documents = documentClient(client);
    return {
      consents: new DynamoConsentStore(documents, this.consentTables),
      offers: new DynamoOfferWithdrawer(documents, this.tables),
      regime: 'opt-in' as const,
      clockGuard: DEFAULT_CLOCK_GUARD,
      now,
    };
  }

  async stop(): Promise<void> {
    this.plain.destroy();
    await this.local.stop();
  }

  /** The stored record with this id (a trigger decision: the one embedded in its event's item). */
  async auditRecord(decisionId: string): Promise<Record<string, unknown> | undefined> {
    return auditRecordById(this.documents, this.tables.audit, decisionId);
  }

  async decisionsForEvent(eventId: string): Promise<Array<Record<string, unknown>>> {
    return auditItemsForEvent(this.documents, this.tables.audit, eventId);
  }

  async offersOf(customerId: string): Promise<Array<Record<string, unknown>>> {
    return offerItemsOf(this.documents, this.tables.offers, customerId);
  }
}

/**
 * Delivers messages as SQS does: a batch at a time, failed messages again (same message id) until every
 * one succeeded or `rounds` ran out. Resolves with the messages still undelivered.
 */
export async function deliverUntilDone(
  messages: readonly IncomingMessage[],
  deps: EvaluateDeps,
  options: { batchSize?: number; rounds?: number } = {},
): Promise<IncomingMessage[]> {
  let pending = [...messages];
  for (let round = 0; round < (options.rounds ?? 12) && pending.length > 0; round++) {
    const failed: IncomingMessage[] = [];
    const size = options.batchSize ?? 10;
    for (let i = 0; i < pending.length; i += size) {
      const batch = pending.slice(i, i + size);
      const outcome = await evaluateBatch(batch, deps);
      failed.push(...batch.filter((m) => outcome.failed.has(m.messageId)));
    }
    pending = failed;
  }
  return pending;
}

/** Applies a consent change as the consent queue's consumer does, retrying it until it succeeds. */
export async function applyUntilDone(
  change: ConsentChange,
  deps: Parameters<typeof applyConsentChangeMessage>[1],
  attempts = 12,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await applyConsentChangeMessage(change, deps);
      return;
    } catch (error) {
      if (attempt >= attempts) throw error;
    }
  }
}

/**
 * Every record a DynamoDB Local table's stream holds so far, read from its start (every shard), as Lambda
 * would receive them (the SDK's stream records have the shape of aws-lambda's DynamoDBRecord).
 */
export async function streamRecords(endpoint: string, tableName: string): Promise<DynamoDBRecord[]> {
  const streams = new DynamoDBStreamsClient({
    endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
  });
  const plain = DynamoHarness.client(endpoint);
  try {
    const table = await plain.send(new DescribeTableCommand({ TableName: tableName }));
    const streamArn = table.Table?.LatestStreamArn;
    if (streamArn === undefined) throw new Error(`the ${tableName} table has no stream`);
    const stream = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    const records: DynamoDBRecord[] = [];
    for (const shard of stream.StreamDescription?.Shards ?? []) {
      let iterator = (
        await streams.send(
          new GetShardIteratorCommand({
            StreamArn: streamArn,
            ShardId: shard.ShardId,
            ShardIteratorType: 'TRIM_HORIZON',
          }),
        )
      ).ShardIterator;
      while (iterator !== undefined) {
        const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
        records.push(...((page.Records ?? []) as DynamoDBRecord[]));
        // An open shard hands out iterators forever: stop at the first empty page.
        iterator = (page.Records ?? []).length === 0 ? undefined : page.NextShardIterator;
      }
    }
    return records;
  } finally {
    streams.destroy();
    plain.destroy();
  }
}

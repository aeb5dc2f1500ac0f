import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { DuckDbArchiveEngine } from '#adapters/archive/duckdb-engine.js';
import { type Decision, DecisionSchema } from '#core/decision.js';
import { type AuditArchive, EngineAuditArchive } from '#privacy/archive.query.js';
import { PrivacyQueries, type PrivacyQueriesDeps } from '#privacy/queries.js';
import { parseAuditItem, type WithdrawalItem, WithdrawalItemSchema } from '#shared/audit-items.js';
import { archiveDecisions, archiveWithdrawals, MemoryCustomerKeyStore } from './archive-fixture.js';
import { InMemoryAccessLog, InMemoryPrivacyReader } from './in-memory-privacy.js';

/**
 * The privacy queries over a real archive: decisions archived as Parquet into a temp folder (rows.ts,
 * parquet.ts, the layout) with an in-memory key store, read by DuckDB through the same SQL as in AWS;
 * the hot table, consents, offers and the access log in memory.
 */
export class ArchivedPrivacy {
  readonly root = mkdtempSync(join(tmpdir(), 'privacy-archive-'));
  readonly keys = new MemoryCustomerKeyStore();
  readonly reader = new InMemoryPrivacyReader();
  readonly accessLog = new InMemoryAccessLog();
  private engine: DuckDbArchiveEngine | undefined;
  private batch = 0;

  constructor(private readonly now: () => Date = () => new Date('2026-12-01T12:00:00Z')) {}

  async archive(decisions: readonly Decision[], options: { readonly batch?: string } = {}): Promise<this> {
    await archiveDecisions(this.root, this.keys, decisions, { batch: options.batch ?? `b${this.batch++}` });
    return this;
  }

  async archiveWithdrawals(withdrawals: readonly WithdrawalItem[]): Promise<this> {
    await archiveWithdrawals(this.root, this.keys, withdrawals, { batch: `w${this.batch++}` });
    return this;
  }

  async open(): Promise<DuckDbArchiveEngine> {
    this.engine ??= await DuckDbArchiveEngine.open(this.root, { threads: 1 });
    return this.engine;
  }

  async auditArchive(): Promise<EngineAuditArchive> {
    return new EngineAuditArchive(await this.open(), this.keys, this.now);
  }

  async queries(
    options: Partial<Pick<PrivacyQueriesDeps, 'triggerIds' | 'catalog' | 'accessLog'>> = {},
  ): Promise<PrivacyQueries> {
    return new PrivacyQueries({
      reader: this.reader,
      archive: await this.auditArchive(),
      accessLog: options.accessLog ?? this.accessLog,
      triggerIds: options.triggerIds ?? [],
      now: this.now,
      ...(options.catalog === undefined ? {} : { catalog: options.catalog }),
    });
  }

  async close(): Promise<void> {
    await this.engine?.close();
    this.engine = undefined;
    rmSync(this.root, { recursive: true, force: true });
  }
}

const leftovers: string[] = [];
process.once('exit', () => {
  for (const dir of leftovers) rmSync(dir, { recursive: true, force: true });
});

/**
 * An AuditArchive that holds what the in-memory reader's hot table holds (decisions and withdrawals),
 * archived as Parquet before each read when the table changed: tests that stage records in the reader get
 * the same records in the archive. Counts its reads per kind.
 */
export class SourceBackedArchive implements AuditArchive {
  readonly calls = { suppressedPage: 0, suppressedCounts: 0, withoutPaymentTime: 0, overview: 0, other: 0 };
  private readonly keys = new MemoryCustomerKeyStore();
  private synced = -1;
  private round = 0;
  private root = '';
  private engine: DuckDbArchiveEngine | undefined;

  constructor(
    /** The hot audit table's items (any kind: decision, event, withdrawal items; claims are skipped). */
    private readonly items: () => Promise<readonly Record<string, unknown>[]>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Destroys a customer's key, as an erasure does. */
  destroyKey(customerId: string): Promise<'destroyed' | 'absent'> {
    return this.keys.destroy(customerId);
  }

  private async sync(): Promise<EngineAuditArchive> {
    const items = await this.items();
    if (this.synced !== items.length || this.engine === undefined) {
      await this.engine?.close();
      this.root = mkdtempSync(join(tmpdir(), `privacy-staged-${this.round++}-`));
      leftovers.push(this.root);
      const decisions: Decision[] = [];
      const withdrawals: WithdrawalItem[] = [];
      for (const item of items) {
        if (item.kind === 'offer_withdrawal') withdrawals.push(WithdrawalItemSchema.parse(item));
        else if (item.kind === 'event') decisions.push(...parseAuditItemDecisions(item));
        else if (item.kind !== 'event_claim') decisions.push(DecisionSchema.parse(item));
      }
      if (decisions.length > 0) await archiveDecisions(this.root, this.keys, decisions);
      if (withdrawals.length > 0) await archiveWithdrawals(this.root, this.keys, withdrawals);
      this.engine = await DuckDbArchiveEngine.open(this.root, { threads: 1 });
      this.synced = items.length;
    }
    return new EngineAuditArchive(this.engine, this.keys, this.now);
  }

  async suppressedPage(query: Parameters<AuditArchive['suppressedPage']>[0]) {
    this.calls.suppressedPage++;
    return (await this.sync()).suppressedPage(query);
  }
  async suppressedCounts(query: Parameters<AuditArchive['suppressedCounts']>[0]) {
    this.calls.suppressedCounts++;
    return (await this.sync()).suppressedCounts(query);
  }
  async withoutPaymentTime(query: Parameters<AuditArchive['withoutPaymentTime']>[0]) {
    this.calls.withoutPaymentTime++;
    return (await this.sync()).withoutPaymentTime(query);
  }
  async overview(query: Parameters<AuditArchive['overview']>[0]) {
    this.calls.overview++;
    return (await this.sync()).overview(query);
  }
  async hasSuppressedOf(triggerId: string) {
    this.calls.other++;
    return (await this.sync()).hasSuppressedOf(triggerId);
  }
  async recordsOf(customerId: string) {
    this.calls.other++;
    return (await this.sync()).recordsOf(customerId);
  }
  async record(recordId: string, customerId: string | undefined) {
    this.calls.other++;
    return (await this.sync()).record(recordId, customerId);
  }

  async close(): Promise<void> {
    await this.engine?.close();
    this.engine = undefined;
  }
}

const parseAuditItemDecisions = (item: Record<string, unknown>): Decision[] => {
  const parsed = parseAuditItem(item);
  return parsed.kind === 'decisions' ? [...parsed.decisions] : [];
};

/** The archive of what an in-memory reader's hot table holds. */
export class ReaderBackedArchive extends SourceBackedArchive {
  constructor(reader: InMemoryPrivacyReader, now: () => Date = () => new Date()) {
    super(async () => reader.audit, now);
  }
}

/** The archive of what a DynamoDB audit table holds (a Scan per read: tests only). */
export function tableBackedArchive(documents: DynamoDBDocumentClient, table = 'audit'): SourceBackedArchive {
  return new SourceBackedArchive(async () => {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await documents.send(
        new ScanCommand({
          TableName: table,
          ConsistentRead: true,
          ...(start === undefined ? {} : { ExclusiveStartKey: start }),
        }),
      );
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
    return items;
  });
}

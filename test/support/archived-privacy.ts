import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDbArchiveEngine } from '#adapters/archive/duckdb-engine.js';
import type { Decision } from '#core/decision.js';
import { EngineAuditArchive } from '#privacy/archive.query.js';
import { PrivacyQueries, type PrivacyQueriesDeps } from '#privacy/queries.js';
import type { WithdrawalItem } from '#shared/audit-items.js';
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

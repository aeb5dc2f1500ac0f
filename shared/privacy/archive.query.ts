import type { ArchiveEngine, CustomerKeyStore, EngineRow } from '#archive/ports.js';
import { type Pseudonymiser, pseudonymiser, SealError } from '#archive/pseudonym.js';
import { type ArchivedContent, openContent } from '#archive/rows.js';
import {
  type SuppressedCountRow,
  type SuppressedCountsQuery,
  suppressedCountsStatement,
  suppressedTotalsStatement,
} from '#archive/sql/counts.sql.js';
import { customerRowsStatement } from '#archive/sql/customer.sql.js';
import { overviewStatement } from '#archive/sql/overview.sql.js';
import { type ArchiveTimeBasis, type HourPeriod, lastDays } from '#archive/sql/period.sql.js';
import { recordsByIdStatement } from '#archive/sql/records.sql.js';
import {
  type SuppressedListQuery,
  suppressedListStatement,
  suppressedOfTriggerStatement,
  withoutPaymentTimeStatement,
} from '#archive/sql/suppressed.sql.js';
import { RETENTION_DAYS } from '#shared/retention.js';
import { type SuppressedRecord, suppressedRecord, type UnlinkableSuppressedRecord } from './record-views.js';
import {
  AuditDataError,
  type AuditRecord,
  type StoredDecision,
  StoredDecisionSchema,
  StoredWithdrawalSchema,
} from './stored-records.js';

/**
 * The audit archive as the privacy queries read it (issue 15): the query definitions of
 * shared/archive/sql/ run on an ArchiveEngine (DuckDB locally, Athena in AWS), and rows opened with the
 * customers' keys (CustomerKeyStore): `keysOfRefs` for lists, `keysOf(create: false)` for one customer.
 * A row whose key was destroyed (an erased customer) cannot be opened: it comes out as an unlinkable row
 * with its clear columns only (hour, trigger, reasons, policy), still counted.
 */

/** A suppressed decision of a list: opened, or unlinkable (its customer's key was destroyed). */
export type ArchivedSuppressed =
  | { readonly kind: 'open'; readonly decision: StoredDecision; readonly position: ArchivePosition }
  | {
      readonly kind: 'unlinkable';
      /** The clear columns only, as the answer shows them (./record-views.ts). */
      readonly record: UnlinkableSuppressedRecord;
      readonly position: ArchivePosition;
    };

/** Where a list stopped: the keyset (the basis's hour, record_id). */
export interface ArchivePosition {
  readonly hour: string;
  readonly recordId: string;
}

/** A row of the overview statement. */
export interface OverviewRow {
  readonly day: string;
  readonly series: 'outcome' | 'reason' | 'trigger';
  readonly name: string;
  readonly n: number;
}

export interface AuditArchive {
  suppressedPage(query: SuppressedListQuery): Promise<readonly ArchivedSuppressed[]>;
  suppressedCounts(query: SuppressedCountsQuery): Promise<{
    readonly perReason: readonly SuppressedCountRow[];
    readonly perTrigger: readonly { readonly triggerId: string | null; readonly n: number }[];
  }>;
  withoutPaymentTime(
    query: HourPeriod & { readonly triggerId?: string; readonly reason?: string },
  ): Promise<number>;
  overview(query: HourPeriod & { readonly basis: ArchiveTimeBasis }): Promise<readonly OverviewRow[]>;
  hasSuppressedOf(triggerId: string): Promise<boolean>;
  /** Every archived decision and offer withdrawal of a customer (none once their key is destroyed). */
  recordsOf(customerId: string): Promise<readonly AuditRecord[]>;
  /**
   * One record by id: of the customer when one is given (keyed ids), else only a record archived without
   * a customer. `needsCustomer` when not found without a customer id (a keyed record needs it).
   */
  record(
    recordId: string,
    customerId: string | undefined,
  ): Promise<AuditRecord | 'needs-customer' | undefined>;
}

/** How far back the archive holds audit records: the longest retention of a decision or withdrawal. */
export const ARCHIVE_LOOKBACK_DAYS = Math.max(
  RETENTION_DAYS.decisionEmitted,
  RETENTION_DAYS.decisionSuppressed,
  RETENTION_DAYS.decisionNoTrigger,
  RETENTION_DAYS.decisionRejected,
  RETENTION_DAYS.offerWithdrawal,
);

const str = (row: EngineRow, column: string): string | undefined => {
  const value = row[column];
  return typeof value === 'string' ? value : undefined;
};
const num = (row: EngineRow, column: string): number => {
  const value = row[column];
  return typeof value === 'number' ? value : Number(value ?? 0);
};
const bytes = (row: EngineRow): Uint8Array => {
  const value = row.content;
  if (!(value instanceof Uint8Array)) throw new AuditDataError('An archived row has no content');
  return value;
};

function auditRecordOf(content: ArchivedContent<unknown>): AuditRecord {
  const record = content.record as { readonly kind?: unknown };
  if (record.kind === 'offer_withdrawal') {
    const parsed = StoredWithdrawalSchema.safeParse(record);
    if (!parsed.success)
      throw new AuditDataError('An archived offer withdrawal does not have the expected shape');
    return { kind: 'offer_withdrawal', withdrawal: parsed.data };
  }
  const parsed = StoredDecisionSchema.safeParse(record);
  if (!parsed.success) throw new AuditDataError('An archived decision does not have the expected shape');
  return { kind: 'decision', decision: parsed.data };
}

/** Opens a row; undefined when its key is gone (or the content is not sealed under it: treated alike). */
function openRow(row: EngineRow, keyed: Pseudonymiser | undefined): AuditRecord | undefined {
  const customerRef = str(row, 'customer_ref') ?? null;
  if (customerRef !== null && keyed === undefined) return undefined;
  try {
    return auditRecordOf(openContent({ content: bytes(row), customer_ref: customerRef }, keyed));
  } catch (error) {
    if (error instanceof SealError) return undefined;
    throw error;
  }
}

const optionalField = <K extends string, V>(key: K, value: V | undefined) =>
  (value === undefined ? {} : { [key]: value }) as Partial<Record<K, V>>;

export class EngineAuditArchive implements AuditArchive {
  constructor(
    private readonly engine: ArchiveEngine,
    private readonly keys: CustomerKeyStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private days(): { fromDay: string; toDay: string } {
    const [fromDay, toDay] = lastDays(this.now(), ARCHIVE_LOOKBACK_DAYS);
    return { fromDay, toDay };
  }

  async suppressedPage(query: SuppressedListQuery): Promise<readonly ArchivedSuppressed[]> {
    const rows = await this.engine.run(suppressedListStatement(query));
    const refs = [...new Set(rows.flatMap((row) => str(row, 'customer_ref') ?? []))];
    const keys = refs.length === 0 ? new Map() : await this.keys.keysOfRefs(refs);
    return rows.map((row): ArchivedSuppressed => {
      const position = { hour: str(row, 'list_hour') ?? '', recordId: str(row, 'record_id') ?? '' };
      const ref = str(row, 'customer_ref');
      const key = ref === undefined ? undefined : keys.get(ref);
      const opened = openRow(row, key === undefined ? undefined : pseudonymiser(key));
      if (opened?.kind === 'decision') return { kind: 'open', decision: opened.decision, position };
      const version = row.trigger_version;
      return {
        kind: 'unlinkable',
        record: {
          unlinkable: true,
          decidedHour: str(row, 'record_hour') ?? '',
          ...optionalField('paidHour', str(row, 'paid_hour')),
          ...optionalField('triggerId', str(row, 'trigger_id')),
          ...optionalField('triggerVersion', typeof version === 'number' ? version : undefined),
          ...optionalField('offerId', str(row, 'offer_id')),
          reasons: (str(row, 'reasons') ?? ',').split(',').filter((r) => r.length > 0),
          policyVersion: str(row, 'policy_version') ?? '',
          ...optionalField('consentRegime', str(row, 'consent_regime')),
        },
        position,
      };
    });
  }

  async suppressedCounts(query: SuppressedCountsQuery) {
    const [perReason, totals] = await Promise.all([
      this.engine.run(suppressedCountsStatement(query)),
      this.engine.run(suppressedTotalsStatement(query)),
    ]);
    return {
      perReason: perReason.map((row) => ({
        reason: str(row, 'reason') ?? '',
        trigger_id: str(row, 'trigger_id') ?? null,
        n: num(row, 'n'),
      })),
      perTrigger: totals.map((row) => ({ triggerId: str(row, 'trigger_id') ?? null, n: num(row, 'n') })),
    };
  }

  async withoutPaymentTime(query: HourPeriod & { readonly triggerId?: string; readonly reason?: string }) {
    const [row] = await this.engine.run(withoutPaymentTimeStatement(query));
    return row === undefined ? 0 : num(row, 'n');
  }

  async overview(query: HourPeriod & { readonly basis: ArchiveTimeBasis }): Promise<readonly OverviewRow[]> {
    const rows = await this.engine.run(overviewStatement(query));
    return rows.map((row) => ({
      day: str(row, 'utc_day') ?? '',
      series: (str(row, 'series') ?? 'outcome') as OverviewRow['series'],
      name: str(row, 'name') ?? '',
      n: num(row, 'n'),
    }));
  }

  async hasSuppressedOf(triggerId: string): Promise<boolean> {
    const [row] = await this.engine.run(suppressedOfTriggerStatement(triggerId, this.days()));
    return row !== undefined && num(row, 'n') > 0;
  }

  private async keyedOf(customerId: string): Promise<Pseudonymiser | undefined> {
    const key = (await this.keys.keysOf([customerId], { create: false })).get(customerId);
    return key === undefined ? undefined : pseudonymiser(key);
  }

  async recordsOf(customerId: string): Promise<readonly AuditRecord[]> {
    const keyed = await this.keyedOf(customerId);
    if (keyed === undefined) return [];
    const days = this.days();
    const results = await Promise.all(
      (['decisions', 'withdrawals'] as const).map((dataset) =>
        this.engine.run(customerRowsStatement(dataset, keyed.customerRef, days)),
      ),
    );
    return results.flat().flatMap((row) => openRow(row, keyed) ?? []);
  }

  async record(recordId: string, customerId: string | undefined) {
    const dataset = recordId.startsWith('w_') ? 'withdrawals' : 'decisions';
    const days = this.days();
    if (customerId === undefined) {
      const rows = await this.engine.run(
        recordsByIdStatement(dataset, { recordIds: [recordId], customerRef: null }, days),
      );
      const [row] = rows;
      return row === undefined ? 'needs-customer' : openRow(row, undefined);
    }
    const keyed = await this.keyedOf(customerId);
    if (keyed === undefined) return undefined;
    const rows = await this.engine.run(
      recordsByIdStatement(
        dataset,
        { recordIds: [keyed.ref(recordId)], customerRef: keyed.customerRef },
        days,
      ),
    );
    const [row] = rows;
    return row === undefined ? undefined : openRow(row, keyed);
  }
}

/** A listed suppressed decision as the answer shows it: its facts, or unlinkable (./record-views.ts). */
export function listedRecord(item: ArchivedSuppressed): SuppressedRecord {
  return item.kind === 'open' ? suppressedRecord(item.decision) : item.record;
}

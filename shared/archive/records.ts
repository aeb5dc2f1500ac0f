import * as z from 'zod';
import { AuditItemShapeError, parseAuditItem } from '#shared/audit-items.js';
import { RETENTION_DAYS } from '#shared/retention.js';
import type { Pseudonymiser } from './pseudonym.js';
import { type ArchiveRow, common, decisionRow, retentionDaysOf, withdrawalRow } from './rows.js';
import { type DatasetName, dayOfHour, hourOf } from './schema.js';

/**
 * What the archiver makes of one stream record (pure): the row drafts of the archive datasets
 * (shared/archive/schema.ts) it holds. A draft knows its dataset, the customer whose key must seal it (or
 * none: the row is written in clear), its partition day and retention; `build` makes the row once the key is
 * known. Only INSERTs carry records: every audit table here is append-only, so an INSERT is the one moment a
 * record comes into being. A MODIFY is an erasure pseudonymising a hot copy in place, or a catalog head or
 * version moving through its lifecycle (the transition itself is a new item, an INSERT); a REMOVE is the hot
 * TTL or an erasure deleting a hot copy. Neither is a new record: the archive already holds the record from
 * its INSERT, and the archive's own retention and the customer's key decide what happens to it there.
 * A record that does not have the shape of its table is an ArchiveRecordError: the batch fails and is
 * retried (then goes to the stream's failure destination); nothing is skipped silently.
 */

/** A change of one of the archived tables, as the stream delivered it (NEW_IMAGE unmarshalled). */
export interface ArchiveSourceRecord {
  /** The definition name of the table: 'audit' | 'consent-history' | 'catalog' | 'erasure-log' | 'audit-access-log'. */
  readonly table: string;
  readonly eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  readonly sequenceNumber: string;
  readonly approximateCreation: Date;
  readonly newImage?: Record<string, unknown>;
}

export interface RowDraft {
  readonly dataset: DatasetName;
  /** The customer whose key seals the row; undefined: the row names no customer and is written in clear. */
  readonly customerId: string | undefined;
  /** The partition (UTC day of the record's hour). */
  readonly day: string;
  readonly retentionDays: number;
  readonly build: (keyed: Pseudonymiser | undefined, archivedAt: Date) => ArchiveRow;
}

/** A stream record that cannot be archived. Its message names the table and sequence number, never content. */
export class ArchiveRecordError extends Error {
  override readonly name = 'ArchiveRecordError';
}

/** The tables whose streams the archiver reads (definition names). */
export const ARCHIVED_TABLES = [
  'audit',
  'consent-history',
  'catalog',
  'erasure-log',
  'audit-access-log',
] as const;
export type ArchivedTable = (typeof ARCHIVED_TABLES)[number];

/**
 * Catalog transitions have no TTL in DynamoDB (the catalog table is retained), but an archive object needs a
 * retention date. A transition proves which approved version decided: the decisions it decided are kept two
 * years (RETENTION.decisionEmitted) after they were decided, and a version may stay live for years. Seven
 * years covers a version live for five years plus the two years of its last decisions; the rows name staff,
 * never customers.
 */
export const CATALOG_TRANSITION_RETENTION_DAYS = 2_555;

/**
 * The prefix of an erasure's pseudonym (shared/privacy/erasure.ts pseudonymFor): an erasure moves a hot
 * consent-history entry to `erased:<erasureId>` by a Put under the pseudonym. That INSERT is not a new
 * record (the original was archived when it was received, sealed under the key the erasure destroys), so
 * it is not archived again under a key of the pseudonym.
 */
export const ERASURE_PSEUDONYM_PREFIX = 'erased:';

const dayOf = (instant: string): string => dayOfHour(hourOf(instant));

const withoutTtl = (item: Record<string, unknown>): Record<string, unknown> => {
  const { ttl: _ttl, ...rest } = item;
  return rest;
};

const Instant = z.iso.datetime({ offset: true });

const ConsentEntrySchema = z.looseObject({
  customerId: z.string().min(1),
  recordId: z.string().min(1),
  purpose: z.string(),
  status: z.string(),
  receivedAt: Instant,
  applied: z.boolean(),
});

const TransitionSchema = z.looseObject({
  pk: z.string().min(1),
  sk: z.string().startsWith('T#'),
  kind: z.string().min(1),
  id: z.string().min(1),
  action: z.string().min(1),
  at: Instant,
});

const ErasureLogSchema = z.looseObject({ erasureId: z.string().min(1), at: Instant });

const AccessEntrySchema = z.looseObject({
  accessId: z.string().min(1),
  at: Instant,
  query: z.string().min(1),
  customerId: z.string().min(1).optional(),
  parameters: z.record(z.string(), z.unknown()).optional(),
});

function parse<S extends z.ZodType>(schema: S, record: ArchiveSourceRecord, item: unknown): z.output<S> {
  const result = schema.safeParse(item);
  if (result.success) return result.data;
  const fields = [...new Set(result.error.issues.map((issue) => issue.path.join('.') || '(item)'))];
  throw new ArchiveRecordError(
    `${record.table} stream record ${record.sequenceNumber} does not have the expected shape (fields: ${fields.join(', ')})`,
  );
}

function auditDrafts(record: ArchiveSourceRecord, item: Record<string, unknown>): RowDraft[] {
  let parsed: ReturnType<typeof parseAuditItem>;
  try {
    parsed = parseAuditItem(item);
  } catch (error) {
    if (!(error instanceof AuditItemShapeError)) throw error;
    throw new ArchiveRecordError(
      `audit stream record ${record.sequenceNumber}: ${error.message.replace(/^A stored/, 'a stored')}`,
      { cause: error },
    );
  }
  // A claim from before issue 15 holds no decision: nothing to archive.
  if (parsed.kind === 'claim') return [];
  if (parsed.kind === 'withdrawal') {
    const { withdrawal } = parsed;
    return [
      {
        dataset: 'withdrawals',
        customerId: withdrawal.customerId,
        day: dayOf(withdrawal.decidedAt),
        retentionDays: RETENTION_DAYS.offerWithdrawal,
        build: (keyed, archivedAt) => withdrawalRow(withdrawal, keyed ?? missingKey(record), archivedAt),
      },
    ];
  }
  const hotKey = parsed.key;
  return parsed.decisions.map((decision) => ({
    dataset: 'decisions',
    customerId: decision.customerId,
    day: dayOf(decision.decidedAt),
    retentionDays: retentionDaysOf(decision),
    build: (keyed, archivedAt) => decisionRow(decision, hotKey, keyed, archivedAt),
  }));
}

function consentDrafts(record: ArchiveSourceRecord, item: Record<string, unknown>): RowDraft[] {
  const entry = parse(ConsentEntrySchema, record, item);
  if (entry.customerId.startsWith(ERASURE_PSEUDONYM_PREFIX)) return [];
  const retentionDays = RETENTION_DAYS.consentHistory;
  return [
    {
      dataset: 'consent_changes',
      customerId: entry.customerId,
      day: dayOf(entry.receivedAt),
      retentionDays,
      build: (keyed, archivedAt) => ({
        ...common(
          entry.recordId,
          entry.receivedAt,
          { hotKey: entry.recordId, record: withoutTtl(item) },
          retentionDays,
          archivedAt,
          keyed ?? missingKey(record),
        ),
        purpose: entry.purpose,
        status: entry.status,
        applied: entry.applied,
      }),
    },
  ];
}

function catalogDrafts(record: ArchiveSourceRecord, item: Record<string, unknown>): RowDraft[] {
  // Heads and versions are state (the table keeps them, retained); only transitions are records.
  if (typeof item.sk !== 'string' || !item.sk.startsWith('T#')) return [];
  const transition = parse(TransitionSchema, record, item);
  const recordId = `${transition.pk}#${transition.sk}`;
  const retentionDays = CATALOG_TRANSITION_RETENTION_DAYS;
  return [
    {
      dataset: 'catalog_transitions',
      customerId: undefined,
      day: dayOf(transition.at),
      retentionDays,
      build: (_keyed, archivedAt) => ({
        ...common(
          recordId,
          transition.at,
          { hotKey: recordId, record: item },
          retentionDays,
          archivedAt,
          undefined,
        ),
        item_id: transition.pk,
        transition: transition.action,
      }),
    },
  ];
}

function erasureDrafts(record: ArchiveSourceRecord, item: Record<string, unknown>): RowDraft[] {
  const entry = parse(ErasureLogSchema, record, item);
  // Written in clear: an erasure record must name no customer (fail closed if one ever did).
  if ('customerId' in item) {
    throw new ArchiveRecordError(`erasure-log stream record ${record.sequenceNumber} names a customer`);
  }
  const retentionDays = RETENTION_DAYS.erasureLog;
  return [
    {
      dataset: 'erasures',
      customerId: undefined,
      day: dayOf(entry.at),
      retentionDays,
      build: (_keyed, archivedAt) =>
        common(
          entry.erasureId,
          entry.at,
          { hotKey: entry.erasureId, record: withoutTtl(item) },
          retentionDays,
          archivedAt,
          undefined,
        ),
    },
  ];
}

function accessDrafts(record: ArchiveSourceRecord, item: Record<string, unknown>): RowDraft[] {
  const entry = parse(AccessEntrySchema, record, item);
  const named = entry.customerId ?? entry.parameters?.customerId;
  if (named !== undefined && typeof named !== 'string') {
    throw new ArchiveRecordError(
      `audit-access-log stream record ${record.sequenceNumber}: customerId is not a string`,
    );
  }
  const retentionDays = RETENTION_DAYS.accessLog;
  return [
    {
      dataset: 'access_log',
      // Sealed under the customer's key when the read concerned a customer: the log names them.
      customerId: named,
      day: dayOf(entry.at),
      retentionDays,
      build: (keyed, archivedAt) => ({
        ...common(
          entry.accessId,
          entry.at,
          { hotKey: entry.accessId, record: withoutTtl(item) },
          retentionDays,
          archivedAt,
          named === undefined ? undefined : (keyed ?? missingKey(record)),
        ),
        query: entry.query,
      }),
    },
  ];
}

function missingKey(record: ArchiveSourceRecord): never {
  throw new ArchiveRecordError(
    `${record.table} stream record ${record.sequenceNumber}: its customer key is missing`,
  );
}

const BY_TABLE = new Map<string, (record: ArchiveSourceRecord, item: Record<string, unknown>) => RowDraft[]>([
  ['audit', auditDrafts],
  ['consent-history', consentDrafts],
  ['catalog', catalogDrafts],
  ['erasure-log', erasureDrafts],
  ['audit-access-log', accessDrafts],
] satisfies Array<[ArchivedTable, unknown]>);

/** The rows one stream record adds to the archive (none for MODIFY and REMOVE, see above). */
export function rowDraftsOf(record: ArchiveSourceRecord): readonly RowDraft[] {
  const drafts = BY_TABLE.get(record.table);
  if (drafts === undefined) {
    throw new ArchiveRecordError(
      `stream record ${record.sequenceNumber} is from a table that is not archived`,
    );
  }
  if (record.eventName !== 'INSERT') return [];
  if (record.newImage === undefined) {
    throw new ArchiveRecordError(
      `${record.table} stream record ${record.sequenceNumber} has no new image (the stream must be NEW_IMAGE)`,
    );
  }
  return drafts(record, record.newImage);
}

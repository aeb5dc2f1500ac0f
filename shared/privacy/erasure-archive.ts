import type { EngineRow } from '#archive/ports.js';
import type { CustomerKey } from '#archive/pseudonym.js';
import { pseudonymiser, SealError } from '#archive/pseudonym.js';
import { openContent } from '#archive/rows.js';
import { customerRowsStatement } from '#archive/sql/customer.sql.js';
import { InfrastructureError } from '#shared/errors.js';
import { DAY_SECONDS, DECISION_RETENTION_KIND } from '#shared/retention.js';
import type {
  ErasureArchiveDeps,
  ErasureArchiveReport,
  ErasureKind,
  ErasureShredded,
  ErasureTarget,
} from './erasure.js';

/**
 * The archive half of an erasure (issue 15, domain rule 9: erasure meets immutability). The archived rows of
 * a customer are found by their keyed pseudonym (only while the customer's key exists), opened to learn the
 * key of the hot copy each came from (the hot audit table has no index by customer any more), and after
 * everything that needs the key is done, the key is destroyed: the rows stay, unchanged, until their
 * retention (Object Lock), and can no longer be linked to the person or opened (crypto-shredding).
 */

/** The archive could not be searched, or holds a row of the customer that does not open under their key. */
export class ErasureArchiveError extends InfrastructureError {
  override readonly name = 'ErasureArchiveError';
}

/**
 * DynamoDB deletes expired items in the background, typically within a few days of their TTL: hot copies are
 * looked for in this many days of archived rows beyond the hot window.
 */
export const TTL_DELETION_MARGIN_DAYS = 7;
/** The archive lag alarm (ARCHIVE_LAG_ALARM_SECONDS default, 120 s), in words for the report. */
export const ARCHIVE_LAG_ALARM_MINUTES = 2;

/** One archived record of the customer, opened: where its hot copy is, what kind, until when it is kept. */
export interface ArchivedRecord {
  /** The hot table key the record was stored under (an event item holds every decision of its event). */
  readonly hotKey: string;
  readonly kind: ErasureKind;
  /** Emitted decisions and withdrawals name the offer instance (its offer events are erased too). */
  readonly offerInstanceId?: string;
  /** The end of the row's retention (record hour + retention days), ISO 8601 UTC. */
  readonly archivedUntil: string;
}

export interface ArchiveFindings {
  /** The customer's key, when they have one (create: false: an erasure never creates one). */
  readonly key: CustomerKey | undefined;
  readonly searched: { readonly fromDay: string; readonly toDay: string };
  readonly records: readonly ArchivedRecord[];
}

/** The archived audit kinds, in report order (also: which kind leads an item holding several). */
export const ARCHIVED_KINDS: readonly ErasureKind[] = [
  'decisionEmitted',
  'decisionSuppressed',
  'offerWithdrawal',
  'decisionNoTrigger',
  'decisionRejected',
  'otherAuditRecord',
];

const decisionKindOf = (outcome: unknown): ErasureKind | undefined =>
  Object.entries(DECISION_RETENTION_KIND).find(([name]) => name === outcome)?.[1];

const dayOf = (date: Date): string => date.toISOString().slice(0, 10);

/** The days of archived rows whose hot copies may still exist at `now`. */
export function searchedDays(now: Date, hotAuditDays: number): { fromDay: string; toDay: string } {
  const back = (hotAuditDays + TTL_DELETION_MARGIN_DAYS) * DAY_SECONDS * 1000;
  // Tomorrow too: a record decided just before midnight UTC by a clock slightly ahead.
  return {
    fromDay: dayOf(new Date(now.getTime() - back)),
    toDay: dayOf(new Date(now.getTime() + 86_400_000)),
  };
}

function retentionEnd(row: EngineRow): string {
  const hour = row.record_hour;
  const days = row.retention_days;
  if (typeof hour !== 'string' || typeof days !== 'number') {
    throw new ErasureArchiveError('An archived row lacks its record hour or retention');
  }
  return new Date(Date.parse(`${hour}:00:00Z`) + days * DAY_SECONDS * 1000).toISOString();
}

function opened(
  row: EngineRow,
  dataset: 'decisions' | 'withdrawals',
  keyed: ReturnType<typeof pseudonymiser>,
): ArchivedRecord {
  const { content } = row;
  if (!(content instanceof Uint8Array)) throw new ErasureArchiveError('An archived row has no content');
  let record: Record<string, unknown>;
  let hotKey: string;
  try {
    const open = openContent<Record<string, unknown>>({ content, customer_ref: keyed.customerRef }, keyed);
    record = open.record;
    hotKey = open.hotKey;
  } catch (error) {
    // Fail closed: a row under the customer's pseudonym that the key cannot open is a fault, not a skip.
    const what = error instanceof SealError ? 'does not open under the customer key' : 'is not readable';
    throw new ErasureArchiveError(`An archived ${dataset} row of the customer ${what}`, { cause: error });
  }
  const kind: ErasureKind =
    dataset === 'withdrawals' ? 'offerWithdrawal' : (decisionKindOf(record.outcome) ?? 'otherAuditRecord');
  const offerInstanceId = record.offerInstanceId;
  return {
    hotKey,
    kind,
    ...(typeof offerInstanceId === 'string' ? { offerInstanceId } : {}),
    archivedUntil: retentionEnd(row),
  };
}

/**
 * Finds the customer's archived decisions and withdrawals of the days hot copies may still exist, and opens
 * them. Reads only; without a key (never archived, or erased before) finds nothing.
 */
export async function findArchived(
  customerId: string,
  deps: ErasureArchiveDeps,
  now: Date,
): Promise<ArchiveFindings> {
  const searched = searchedDays(now, deps.hotAuditDays);
  const key = (await deps.keys.keysOf([customerId], { create: false })).get(customerId);
  if (key === undefined) return { key, searched, records: [] };
  const keyed = pseudonymiser(key);
  const records: ArchivedRecord[] = [];
  for (const dataset of ['decisions', 'withdrawals'] as const) {
    let rows: readonly EngineRow[];
    try {
      rows = await deps.engine.run(customerRowsStatement(dataset, keyed.customerRef, searched));
    } catch (error) {
      throw new ErasureArchiveError(`Searching the archived ${dataset} failed`, { cause: error });
    }
    for (const row of rows) records.push(opened(row, dataset, keyed));
  }
  return { key, searched, records };
}

/**
 * The hot items to delete: one per hot key, led by its most telling kind, with the kinds of every record it
 * holds (the erasure log counts records per kind).
 */
export function hotCopiesOf(records: readonly ArchivedRecord[]): ErasureTarget[] {
  const byKey = new Map<string, ErasureKind[]>();
  for (const record of records) byKey.set(record.hotKey, [...(byKey.get(record.hotKey) ?? []), record.kind]);
  return [...byKey].map(([id, kinds]) => {
    const kind = ARCHIVED_KINDS.find((k) => kinds.includes(k)) ?? 'otherAuditRecord';
    return { id, kind, records: kinds };
  });
}

const day = (iso: string): string => iso.slice(0, 10);

/**
 * The archive part of the report: per kind found, the hot copies deleted and until when the archived rows
 * stay (unlinkable once the key is gone), and the limit of what an erasure can find.
 */
export function archiveReportOf(
  findings: ArchiveFindings,
  outcome: { readonly key: 'destroyed' | 'present' | 'absent'; readonly hotDeleted: ReadonlySet<string> },
  why: (kind: ErasureKind) => string,
  now: Date,
  hotAuditDays: number,
): ErasureArchiveReport {
  const kinds: ErasureShredded[] = ARCHIVED_KINDS.flatMap((kind) => {
    const found = findings.records.filter((r) => r.kind === kind);
    if (found.length === 0) return [];
    return [
      {
        kind,
        action: 'crypto-shred' as const,
        hotCopiesDeleted: found.filter((r) => outcome.hotDeleted.has(r.hotKey)).length,
        archivedRowsFound: found.length,
        archivedUntil: found.map((r) => r.archivedUntil).reduce((a, b) => (b > a ? b : a)),
        why: why(kind),
      },
    ];
  });
  const expireBy = new Date(now.getTime() + hotAuditDays * DAY_SECONDS * 1000).toISOString();
  const notYetArchived = {
    hotCopiesExpireBy: expireBy,
    why:
      `Records decided in the last minutes may not be archived yet (the archive lag alarm fires at ` +
      `${ARCHIVE_LAG_ALARM_MINUTES} minutes), so this erasure cannot find their hot copies: they expire by ` +
      `${day(expireBy)} (hot TTL, ${hotAuditDays} days), and an erasure repeated a few minutes later finds ` +
      'them once archived (under a new key, which it destroys too).',
  };
  const preview = outcome.key === 'present';
  const summary: string[] =
    outcome.key === 'absent'
      ? [
          'No archive key for this customer: nothing of theirs is in the archive (never archived, or ' +
            'erased before), so no hot copy could be found through it.',
        ]
      : [
          `The customer's archive key ${preview ? 'would be' : 'was'} destroyed: every archived row of ` +
            'theirs (decisions, withdrawals, consent changes, of any age) stays until its retention but can ' +
            'no longer be linked to them or opened (crypto-shredding).',
          ...kinds.map(
            (k) =>
              `${k.kind}: hot copies ${preview ? 'to delete' : 'deleted'}: ${k.hotCopiesDeleted}; archived ` +
              `rows kept until ${k.archivedUntil}, no longer linkable: the customer's key ` +
              `${preview ? 'would be' : 'was'} destroyed (${k.archivedRowsFound} found from ` +
              `${findings.searched.fromDay} to ${findings.searched.toDay}).`,
          ),
        ];
  summary.push(`Limit: ${notYetArchived.why}`);
  return {
    key: outcome.key,
    searched: findings.searched,
    kinds,
    notYetArchived,
    summary,
  };
}

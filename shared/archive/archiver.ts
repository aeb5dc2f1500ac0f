import { createHash } from 'node:crypto';
import { ArchiveKeyError } from './errors.js';
import { objectKey } from './layout.js';
import { encodeRows } from './parquet.js';
import type { ArchiveObject, ArchiveSink, CustomerKeyStore } from './ports.js';
import { type Pseudonymiser, pseudonymiser } from './pseudonym.js';
import { type ArchiveSourceRecord, type RowDraft, rowDraftsOf } from './records.js';
import type { ArchiveRow } from './rows.js';
import { DATASETS, type DatasetName } from './schema.js';

export type { ArchiveSourceRecord } from './records.js';

/**
 * The archiver (issue 15): one batch of stream records of the audit tables becomes Parquet objects in the
 * archive, one per (dataset, day, retention) of its rows. Exactly once in effect:
 * - the object key is derived from the stream records it holds (`batchName`), so a redelivered batch writes
 *   the same keys again (a replaced file locally, a new version of the same key in S3: queries read one);
 * - a batch split differently on a retry (Lambda bisects a failing batch) writes other keys, and the same
 *   rows in two objects share their `record_id`: every query counts a record once (shared/archive/sql/).
 * The customers' keys are read (and created when missing) once per batch, before anything is written.
 */

export interface ArchiverDeps {
  readonly keys: CustomerKeyStore;
  readonly sink: ArchiveSink;
  readonly now: () => Date;
}

export interface ArchiveResult {
  /** Rows written (a record of a matched event holds one row per trigger decision). */
  readonly rows: number;
  readonly objects: number;
  /** Per stream record: archive time minus its approximate creation time (the archive lag). */
  readonly lagsMs: readonly number[];
}

const DAY_MS = 86_400_000;

/** A deterministic name of the stream records an object holds: 24 hex of SHA-256 over their sorted ids. */
export function batchName(records: readonly Pick<ArchiveSourceRecord, 'table' | 'sequenceNumber'>[]): string {
  const ids = [...new Set(records.map((r) => `${r.table}:${r.sequenceNumber}`))].sort();
  return createHash('sha256').update(ids.join('\n'), 'utf8').digest('hex').slice(0, 24);
}

/** Until when an object of this day is locked: the end of the day plus its retention (a row is never released early). */
export function retainUntilOf(day: string, retentionDays: number): Date {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + (retentionDays + 1) * DAY_MS);
}

interface Group {
  readonly dataset: DatasetName;
  readonly day: string;
  readonly retentionDays: number;
  readonly drafts: RowDraft[];
  readonly records: ArchiveSourceRecord[];
}

function groupDrafts(records: readonly ArchiveSourceRecord[]): Map<string, Group> {
  const groups = new Map<string, Group>();
  for (const record of records) {
    for (const draft of rowDraftsOf(record)) {
      const id = `${draft.dataset}|${draft.day}|${draft.retentionDays}`;
      let group = groups.get(id);
      if (group === undefined) {
        group = {
          dataset: draft.dataset,
          day: draft.day,
          retentionDays: draft.retentionDays,
          drafts: [],
          records: [],
        };
        groups.set(id, group);
      }
      group.drafts.push(draft);
      if (group.records.at(-1) !== record) group.records.push(record);
    }
  }
  return groups;
}

async function pseudonymisers(
  groups: Iterable<Group>,
  keys: CustomerKeyStore,
): Promise<ReadonlyMap<string, Pseudonymiser>> {
  const ids = new Set<string>();
  for (const group of groups)
    for (const draft of group.drafts) if (draft.customerId !== undefined) ids.add(draft.customerId);
  if (ids.size === 0) return new Map();
  const found = await keys.keysOf([...ids].sort(), { create: true });
  const keyed = new Map<string, Pseudonymiser>();
  for (const id of ids) {
    const key = found.get(id);
    if (key === undefined)
      throw new ArchiveKeyError(`The key store returned ${found.size} of ${ids.size} customer keys`);
    keyed.set(id, pseudonymiser(key));
  }
  return keyed;
}

export async function archiveStreamRecords(
  records: readonly ArchiveSourceRecord[],
  deps: ArchiverDeps,
): Promise<ArchiveResult> {
  const groups = groupDrafts(records);
  const keyed = await pseudonymisers(groups.values(), deps.keys);
  const archivedAt = deps.now();
  const objects: ArchiveObject[] = [...groups.values()].map((group) => {
    const rows: ArchiveRow[] = group.drafts.map((draft) =>
      draft.build(draft.customerId === undefined ? undefined : keyed.get(draft.customerId), archivedAt),
    );
    return {
      key: objectKey(group.dataset, group.day, group.retentionDays, batchName(group.records)),
      dataset: group.dataset,
      bytes: encodeRows(DATASETS[group.dataset], rows),
      retainUntil: retainUntilOf(group.day, group.retentionDays),
    };
  });
  // One after the other: a failure leaves the rest unwritten, and the retried batch writes them all again.
  for (const object of objects) await deps.sink.put(object);
  const done = deps.now().getTime();
  return {
    rows: [...groups.values()].reduce((n, group) => n + group.drafts.length, 0),
    objects: objects.length,
    lagsMs: records.map((record) => Math.max(0, done - record.approximateCreation.getTime())),
  };
}

import type { ArchiveEngine, CustomerKeyStore } from '#archive/ports.js';
import type { RecordKind } from '#shared/retention.js';

/**
 * The archive half of the erasure contract (issue 15): what the report says about the archive, and what the
 * erasure service needs to search it and destroy the key. Re-exported by ./erasure.ts.
 */

/**
 * The record kinds of the retention config, plus two catch-alls for items an erasure finds but no
 * kind describes: a customers-table item with an unknown sort key (deleted, like the rest of the customer
 * state) and an archived audit record of an unknown kind (hot copy deleted, archived row crypto-shredded).
 */
export type ErasureKind = RecordKind | 'otherCustomerRecord' | 'otherAuditRecord';

/** What an erasure did (or, in a preview, would do) with one audit kind of the archive (crypto-shred). */
export interface ErasureShredded {
  readonly kind: ErasureKind;
  readonly action: 'crypto-shred';
  /** Records of this kind whose hot copy (DynamoDB, the last HOT_AUDIT_DAYS) was deleted. */
  readonly hotCopiesDeleted: number;
  /** Archived rows of this kind found in the days searched (older rows exist unsearched, equally unlinkable). */
  readonly archivedRowsFound: number;
  /** The latest retention end among the rows found: until then they are kept, unlinkable. */
  readonly archivedUntil: string;
  readonly why: string;
}

/** The archive part of an erasure report (issue 15: crypto-shredding). */
export interface ErasureArchiveReport {
  /**
   * The customer's archive key: `destroyed` by this erasure; `present` in a preview (it would be destroyed);
   * `absent` when the customer has no key (nothing archived, or erased before).
   */
  readonly key: 'destroyed' | 'present' | 'absent';
  /** The UTC days of archived rows searched for hot copies: the hot window and a margin. */
  readonly searched: { readonly fromDay: string; readonly toDay: string };
  /** Per audit kind found: hot copies deleted, archived rows kept until when, and why. */
  readonly kinds: ReadonlyArray<ErasureShredded>;
  /** The limit: records decided in the last minutes may not be archived yet, so their hot copies are missed. */
  readonly notYetArchived: { readonly hotCopiesExpireBy: string; readonly why: string };
  /** The same facts as sentences, for people (the CLI prints them). */
  readonly summary: ReadonlyArray<string>;
}

/** Where the erasure finds the customer's archived rows, and the key it destroys (issue 15). */
export interface ErasureArchiveDeps {
  readonly keys: Pick<CustomerKeyStore, 'keysOf' | 'destroy'>;
  readonly engine: ArchiveEngine;
  /** HOT_AUDIT_DAYS: how long hot copies live; the days of archived rows searched for them. */
  readonly hotAuditDays: number;
}

import type { ItemKind } from './core/governance/model.js';

/**
 * The layout of the governed catalog's table (issue 12), shared by the stack definition
 * (infra/definitions/tables.ts) and the store (shared/adapters/dynamodb/catalog-store.ts).
 *
 * One partition per item, `pk = "<kind>#<id>"`, sorted by `sk`:
 * - `HEAD`: the item's `revision` (optimistic lock: incremented by every committed command), `kind`, `id`;
 * - `V#<version, 10 digits>`: one ItemVersion, replaced while the lifecycle moves it (draft edits, states);
 * - `T#<seq, 10 digits>`: one TransitionRecord, written once and never replaced.
 * Version items also carry `listing = "version"` and `itemVersion = "<kind>#<id>#<version, 10 digits>"`:
 * the keys of the sparse `versions` index, which lists every version of every item in (kind, id, version)
 * order with one Query and no Scan. Heads and transitions are not in the index.
 */
export const CATALOG_TABLE = 'catalog';
export const CATALOG_KEYS = { partition: 'pk', sort: 'sk' } as const;
export const CATALOG_HEAD_SK = 'HEAD';
export const CATALOG_VERSIONS_INDEX = {
  indexName: 'versions',
  partitionKey: 'listing',
  sortKey: 'itemVersion',
  /** The one value of the index's partition key. */
  listing: 'version',
} as const;

/** Width of the zero-padded version and seq numbers, so that string order is numeric order. */
const WIDTH = 10;
const pad = (n: number): string => String(n).padStart(WIDTH, '0');

export const catalogPk = (kind: ItemKind, id: string): string => `${kind}#${id}`;
export const versionSk = (version: number): string => `V#${pad(version)}`;
export const transitionSk = (seq: number): string => `T#${pad(seq)}`;
export const versionListingKey = (kind: ItemKind, id: string, version: number): string =>
  `${kind}#${id}#${pad(version)}`;

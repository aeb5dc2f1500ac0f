import type { ItemChanges, ItemHistory, ItemKind, ItemVersion } from '#core/governance/model.js';

/**
 * What the governed catalog needs from storage (issue 12). The DynamoDB adapter is
 * shared/adapters/dynamodb/catalog-store.ts; tests may use test/support/in-memory-catalog.ts.
 */
export interface CatalogRepository {
  /** One item with all its versions and transitions; undefined when it was never drafted. */
  load(kind: ItemKind, id: string): Promise<ItemHistory | undefined>;
  /**
   * Writes the changes atomically, if and only if the item's revision is still `expectedRevision`
   * (0: the item must not exist yet), and sets it to expectedRevision + 1. Returns false when another
   * command committed first (nothing written); throws InfrastructureError on a store fault.
   */
  commit(kind: ItemKind, id: string, expectedRevision: number, changes: ItemChanges): Promise<boolean>;
  /** Every item's versions (no transitions): what the live snapshot and `list` are built from. */
  listVersions(): Promise<readonly ItemVersion[]>;
}

import type {
  Caller,
  Command,
  CommandResult,
  ItemChanges,
  ItemHistory,
  ItemKind,
  ItemVersion,
  JsonObject,
} from '#core/governance/model.js';
import type { ContentFinding } from '#core/governance/working-catalog.js';
import type { ItemSummary } from './catalog-listing.js';

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

/**
 * The governed catalog's operations, as the HTTP API, the CLI and the console use them. Implemented by
 * ./catalog-governance.ts over a CatalogRepository; every rule is enforced there (and in the pure
 * ./lifecycle.ts), never by the caller. The caller's identity and role come from authentication.
 */
export interface CatalogGovernance {
  /** Runs one lifecycle command; a refusal is a value naming the broken rule. */
  execute(kind: ItemKind, id: string, command: Command, caller: Caller): Promise<CommandResult>;
  /** One item with all its versions and transitions, or undefined. */
  show(kind: ItemKind, id: string): Promise<ItemHistory | undefined>;
  /** Every version of every item (of one kind when given), sorted by kind, id, version. */
  list(kind?: ItemKind): Promise<readonly ItemVersion[]>;
  /**
   * Validation and lint (the sensitive lint included) of a content as it would be submitted, against the
   * working catalog (the latest non-rejected, non-retired version of every other item). Stores nothing.
   * Each finding names the JSON path of its field in the content ("" for the item as a whole).
   */
  lint(kind: ItemKind, id: string, content: JsonObject): Promise<readonly ContentFinding[]>;
  /** One summary per item (of one kind when given), by kind then id: the console's lists (issue 14). */
  summaries(kind?: ItemKind): Promise<readonly ItemSummary[]>;
  /** The versions live now, and the catalog revision they make (for export and the console). */
  live(): Promise<{ readonly revision: string; readonly versions: readonly ItemVersion[] }>;
}

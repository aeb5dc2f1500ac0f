import type { CustomerKey } from './pseudonym.js';
import type { DatasetName } from './schema.js';

/** One object for the archive: Parquet bytes, locked until `retainUntil` (compliance mode in S3). */
export interface ArchiveObject {
  readonly key: string;
  readonly dataset: DatasetName;
  readonly bytes: Uint8Array;
  readonly retainUntil: Date;
}

/** Where archive objects are written: S3 with Object Lock in AWS, a folder locally. */
export interface ArchiveSink {
  /** Writes one object; writing the same key again replaces nothing a query would count twice. */
  put(object: ArchiveObject): Promise<void>;
}

/**
 * The customers' archive keys (DynamoDB table customer-keys). Every method throws an InfrastructureError
 * subclass when the store fails.
 */
export interface CustomerKeyStore {
  /** The keys of these customers; with `create`, a missing key is created first (never replaced). */
  keysOf(
    customerIds: readonly string[],
    options: { readonly create: boolean },
  ): Promise<ReadonlyMap<string, CustomerKey>>;
  /**
   * The keys behind these customer refs (the customer-keys table's `byRef` index), to open rows found without
   * a customer id (lists, exports); a ref whose key was destroyed is absent from the map.
   */
  keysOfRefs(refs: readonly string[]): Promise<ReadonlyMap<string, CustomerKey>>;
  /** Deletes a customer's key (erasure): afterwards their archived rows cannot be linked or opened. */
  destroy(customerId: string): Promise<'destroyed' | 'absent'>;
}

/** A row as an engine returns it: column name to value (strings, numbers, booleans, bytes or null). */
export type EngineRow = Readonly<Record<string, string | number | boolean | Uint8Array | null>>;

/** A SQL statement of the archive's query definitions (shared/archive/sql/) with positional `?` parameters. */
export interface ArchiveStatement {
  /** A name for logs and the access log (never the parameters). */
  readonly name: string;
  readonly sql: string;
  /** Values for the `?`s, in order: strings and integers only (both engines bind them alike). */
  readonly params: readonly (string | number)[];
}

/** The SQL engine over the archive: DuckDB locally, Athena in AWS. */
export interface ArchiveEngine {
  readonly name: 'duckdb' | 'athena';
  run(statement: ArchiveStatement): Promise<readonly EngineRow[]>;
  close(): Promise<void>;
}

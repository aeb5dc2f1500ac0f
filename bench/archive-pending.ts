import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ArchiveSink, CustomerKeyStore } from '#archive/ports.js';

/**
 * The archiver's contracts as agreed in the common brief (H-arch builds them), loaded by module name so that
 * the archive benches and end-to-end tests compile and are reviewable before those files are merged.
 * AT MERGE the lead replaces each loader below by a static re-export, e.g.
 *   export { startArchiving } from '#local/archive-poller.js';
 * and the types by the real ones; nothing else in the benches or tests changes.
 */

export interface Archiving {
  stop(): Promise<void>;
  /** Resolves once every stream record written before the call is archived (rejects after `timeoutMs`). */
  drain(timeoutMs?: number): Promise<void>;
}

export interface StartArchivingOptions {
  readonly endpoint: string;
  readonly region?: string;
  /** Definition name -> physical table name. */
  readonly tables: Readonly<Record<string, string>>;
  readonly archiveDir: string;
  readonly keysTable: string;
  readonly pollIntervalMs?: number;
  /** Instead of the folder (tests: a sink that fails, as an archiver killed mid-batch). */
  readonly sink?: ArchiveSink;
  /** Failed batches (each is retried from its first record, as Lambda does). */
  readonly onError?: (error: unknown) => void;
}

export type StartArchiving = (options: StartArchivingOptions) => Promise<Archiving>;

export interface ArchiveSourceRecord {
  readonly table: string;
  readonly eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  readonly sequenceNumber: string;
  readonly approximateCreation: Date;
  readonly newImage?: Record<string, unknown>;
}

export interface ArchiveResult {
  readonly rows: number;
  readonly objects: number;
  readonly lagsMs: readonly number[];
}

export type ArchiveStreamRecords = (
  records: readonly ArchiveSourceRecord[],
  deps: { keys: CustomerKeyStore; sink: ArchiveSink; now: () => Date },
) => Promise<ArchiveResult>;

async function load<T>(specifier: string, name: string): Promise<T> {
  const module = (await import(specifier)) as Record<string, unknown>;
  const value = module[name];
  if (value === undefined) throw new Error(`${specifier} does not export ${name} (not merged yet?)`);
  return value as T;
}

export const loadStartArchiving = (): Promise<StartArchiving> =>
  load<StartArchiving>('#local/archive-poller.js', 'startArchiving');

export const loadArchiveStreamRecords = (): Promise<ArchiveStreamRecords> =>
  load<ArchiveStreamRecords>('#archive/archiver.js', 'archiveStreamRecords');

export async function customerKeyStore(
  client: DynamoDBDocumentClient,
  table: string,
): Promise<CustomerKeyStore> {
  const Store = await load<new (client: DynamoDBDocumentClient, table: string) => CustomerKeyStore>(
    '#adapters/dynamodb/customer-key-store.js',
    'DynamoCustomerKeyStore',
  );
  return new Store(client, table);
}

export async function folderArchiveSink(root: string): Promise<ArchiveSink> {
  const Sink = await load<new (root: string) => ArchiveSink>(
    '#adapters/archive/fs-sink.js',
    'FolderArchiveSink',
  );
  return new Sink(root);
}

/** The physical name of the customer-keys table locally (the definition name, as every local table). */
export const CUSTOMER_KEYS_TABLE = 'customer-keys';

import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { FolderArchiveSink } from '#adapters/archive/fs-sink.js';
import { DynamoCustomerKeyStore } from '#adapters/dynamodb/customer-key-store.js';
import { archiveStreamRecords } from '#archive/archiver.js';
import type { ArchiveSink, CustomerKeyStore } from '#archive/ports.js';
import { startArchiving } from '#local/archive-poller.js';

/**
 * The archiver's parts as the archive benches and end-to-end tests use them (one place, so the benches and
 * tests name them alike).
 */

export type { ArchiveResult } from '#archive/archiver.js';
export type { ArchiveSourceRecord } from '#archive/records.js';

export const loadStartArchiving = async (): Promise<typeof startArchiving> => startArchiving;

export const loadArchiveStreamRecords = async (): Promise<typeof archiveStreamRecords> =>
  archiveStreamRecords;

export async function customerKeyStore(
  client: DynamoDBDocumentClient,
  table: string,
): Promise<CustomerKeyStore> {
  return new DynamoCustomerKeyStore(client, table);
}

export async function folderArchiveSink(root: string): Promise<ArchiveSink> {
  return new FolderArchiveSink(root);
}

/** The physical name of the customer-keys table locally (the definition name, as every local table). */
export const CUSTOMER_KEYS_TABLE = 'customer-keys';

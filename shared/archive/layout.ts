import { type DatasetName, PARTITION_COLUMN } from './schema.js';

/**
 * Where archive objects go, the same in the bucket and in the local folder (`.local/archive/`):
 *   <dataset>/record_day=<YYYY-MM-DD>/<retentionDays>d-<batch>.parquet
 * `batch` is derived from the stream records the object holds (archiver.ts), so a redelivered stream batch
 * writes the same key again (a new version of the same rows, never a second copy a query would read), and
 * rows one object shares with another (a batch split differently on retry) are counted once by record_id.
 */

export function objectKey(dataset: DatasetName, day: string, retentionDays: number, batch: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error(`Not a UTC day: ${day}`);
  if (!/^[A-Za-z0-9_-]{1,128}$/.test(batch)) throw new Error(`Not a batch name: ${batch}`);
  return `${dataset}/${PARTITION_COLUMN}=${day}/${retentionDays}d-${batch}.parquet`;
}

/** The prefix of a dataset (Glue table location, DuckDB glob root). */
export const datasetPrefix = (dataset: DatasetName): string => `${dataset}/`;

/** Every object of a dataset under a local archive folder, as a DuckDB glob. */
export const datasetGlob = (root: string, dataset: DatasetName): string =>
  `${root.replace(/\/+$/, '')}/${dataset}/${PARTITION_COLUMN}=*/*.parquet`;

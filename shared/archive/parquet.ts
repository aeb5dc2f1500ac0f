import { type ColumnSource, parquetWriteBuffer } from 'hyparquet-writer';
import type { ArchiveRow } from './rows.js';
import { type ColumnType, type Dataset, PARTITION_COLUMN } from './schema.js';

/**
 * Encodes rows of one dataset as one Parquet file (hyparquet-writer: pure JavaScript, so the same code runs
 * in Lambda and on a laptop; snappy compression by default). Column order and types are the dataset's
 * (schema.ts); the partition column is not in the file (it is in the object key).
 */

const PARQUET_TYPE: Record<ColumnType, ColumnSource['type']> = {
  string: 'STRING',
  int: 'INT32',
  boolean: 'BOOLEAN',
  binary: 'BYTE_ARRAY',
};

export class ArchiveRowError extends Error {
  override readonly name = 'ArchiveRowError';
}

export function encodeRows(dataset: Dataset, rows: readonly ArchiveRow[]): Uint8Array {
  const columnData: ColumnSource[] = dataset.columns
    .filter((column) => column.name !== PARTITION_COLUMN)
    .map((column) => {
      const data = rows.map((row, index) => {
        const value = row[column.name] ?? null;
        if (value === null && !column.nullable) {
          throw new ArchiveRowError(`Row ${index} of ${dataset.name} has no ${column.name}`);
        }
        return value;
      });
      return { name: column.name, data, type: PARQUET_TYPE[column.type], nullable: column.nullable };
    });
  return new Uint8Array(parquetWriteBuffer({ columnData }));
}

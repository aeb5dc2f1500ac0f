import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBBlobValue, type DuckDBConnection, DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';
import { datasetGlob } from '#archive/layout.js';
import type { ArchiveEngine, ArchiveStatement, EngineRow } from '#archive/ports.js';
import {
  type ColumnType,
  DATASET_NAMES,
  DATASETS,
  type DatasetName,
  PARTITION_COLUMN,
} from '#archive/schema.js';
import { InfrastructureError } from '#shared/errors.js';

/**
 * The archive engine on a laptop: DuckDB, embedded (@duckdb/node-api), over the Parquet files of a local
 * archive folder (`.local/archive/`, written by the same archiver as in AWS). Each dataset is a view of the
 * same name over its files (Hive partitioning gives `record_day`), so the query definitions read
 * `FROM decisions` on both engines. A dataset without any file yet is an empty view of the right columns.
 */

export class ArchiveEngineError extends InfrastructureError {
  override readonly name = 'ArchiveEngineError';
}

const SQL_TYPE: Record<ColumnType, string> = {
  string: 'VARCHAR',
  int: 'INTEGER',
  boolean: 'BOOLEAN',
  binary: 'BLOB',
};

function hasFiles(root: string, dataset: DatasetName): boolean {
  const dir = join(root, dataset);
  if (!existsSync(dir)) return false;
  return readdirSync(dir, { withFileTypes: true }).some(
    (day) => day.isDirectory() && readdirSync(join(dir, day.name)).some((file) => file.endsWith('.parquet')),
  );
}

const quote = (text: string): string => `'${text.replaceAll("'", "''")}'`;

function viewSql(root: string, dataset: DatasetName): string {
  const columns = DATASETS[dataset].columns;
  if (hasFiles(root, dataset)) {
    const list = columns.map((c) => c.name).join(', ');
    return `CREATE OR REPLACE VIEW ${dataset} AS SELECT ${list}, ${PARTITION_COLUMN} FROM read_parquet(${quote(
      datasetGlob(root, dataset),
    )}, hive_partitioning = true, hive_types = {'${PARTITION_COLUMN}': VARCHAR}, union_by_name = true)`;
  }
  const empty = columns.map((c) => `CAST(NULL AS ${SQL_TYPE[c.type]}) AS ${c.name}`).join(', ');
  return `CREATE OR REPLACE VIEW ${dataset} AS SELECT ${empty}, CAST(NULL AS VARCHAR) AS ${PARTITION_COLUMN} WHERE false`;
}

function plain(value: DuckDBValue): string | number | boolean | Uint8Array | null {
  if (
    value === null ||
    typeof value === 'string' ||
    typeof value === 'number' ||
    typeof value === 'boolean'
  ) {
    return value;
  }
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof DuckDBBlobValue) return value.bytes;
  return String(value);
}

export class DuckDbArchiveEngine implements ArchiveEngine {
  readonly name = 'duckdb';

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    private readonly root: string,
  ) {}

  /** An in-memory DuckDB over the archive folder `root` (which may not exist yet: every view is empty). */
  static async open(root: string, options: { readonly threads?: number } = {}): Promise<DuckDbArchiveEngine> {
    const instance = await DuckDBInstance.create(':memory:', {
      ...(options.threads === undefined ? {} : { threads: String(options.threads) }),
    });
    return new DuckDbArchiveEngine(instance, await instance.connect(), root);
  }

  async run(statement: ArchiveStatement): Promise<readonly EngineRow[]> {
    try {
      // Files arrive while the engine is open: the views are re-pointed before every statement.
      for (const dataset of DATASET_NAMES) await this.connection.run(viewSql(this.root, dataset));
      const reader = await this.connection.runAndReadAll(statement.sql, [...statement.params]);
      return reader
        .getRowObjects()
        .map((row) => Object.fromEntries(Object.entries(row).map(([name, value]) => [name, plain(value)])));
    } catch (error) {
      throw new ArchiveEngineError(`The archive query ${statement.name} failed on DuckDB`, { cause: error });
    }
  }

  async close(): Promise<void> {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

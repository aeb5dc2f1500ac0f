/**
 * The archive's Glue Data Catalog entries: one database and one external Parquet table per dataset of
 * shared/archive/schema.ts (the one definition the archiver, DuckDB and Athena all follow), partitioned by
 * `record_day` through partition projection: Athena computes the day partitions from the query's
 * predicate and the location template, so nothing registers partitions (no crawler, no MSCK REPAIR) and a
 * new day is queryable the moment its first object lands.
 */
import { Aws } from 'aws-cdk-lib';
import * as glue from 'aws-cdk-lib/aws-glue';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { datasetPrefix } from '#archive/layout.js';
import {
  type ColumnType,
  DATASET_NAMES,
  DATASETS,
  type Dataset,
  type DatasetName,
  PARTITION_COLUMN,
} from '#archive/schema.js';
import { pascalCase } from './names.js';

/** Schema types to Hive / Glue types (Athena reads them as varchar, integer, boolean, varbinary). */
export const GLUE_TYPES: Readonly<Record<ColumnType, string>> = {
  string: 'string',
  int: 'int',
  boolean: 'boolean',
  binary: 'binary',
};

export const PARQUET_FORMAT = {
  inputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
  outputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
  serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
} as const;

/** Glue limits a column comment to 255 characters. */
const comment = (text: string): string => (text.length <= 255 ? text : `${text.slice(0, 252)}...`);

export interface ArchiveCatalogProps {
  readonly bucket: s3.IBucket;
  readonly databaseName: string;
  /** First day of the projection range (YYYY-MM-DD); the range ends at NOW. */
  readonly firstDay: string;
}

export class ArchiveCatalog extends Construct {
  readonly databaseName: string;
  readonly database: glue.CfnDatabase;
  readonly tables = new Map<DatasetName, glue.CfnTable>();

  constructor(scope: Construct, id: string, props: ArchiveCatalogProps) {
    super(scope, id);
    this.databaseName = props.databaseName;
    this.database = new glue.CfnDatabase(this, 'Database', {
      catalogId: Aws.ACCOUNT_ID,
      databaseInput: {
        name: props.databaseName,
        description:
          'The audit archive: Parquet datasets of shared/archive/schema.ts, partitioned by record_day',
      },
    });
    for (const name of DATASET_NAMES) {
      const table = new glue.CfnTable(this, `${pascalCase(name)}Table`, {
        catalogId: Aws.ACCOUNT_ID,
        databaseName: props.databaseName,
        tableInput: datasetTableInput(DATASETS[name], props),
      });
      table.node.addDependency(this.database);
      this.tables.set(name, table);
    }
  }

  /** ARNs of the database and of each dataset table, named one by one (for IAM). */
  arns(): string[] {
    const base = `arn:${Aws.PARTITION}:glue:${Aws.REGION}:${Aws.ACCOUNT_ID}`;
    return [
      `${base}:catalog`,
      `${base}:database/${this.databaseName}`,
      ...DATASET_NAMES.map((name) => `${base}:table/${this.databaseName}/${name}`),
    ];
  }
}

function datasetTableInput(dataset: Dataset, props: ArchiveCatalogProps): glue.CfnTable.TableInputProperty {
  const location = `s3://${props.bucket.bucketName}/${datasetPrefix(dataset.name)}`;
  return {
    name: dataset.name,
    description: dataset.purpose,
    tableType: 'EXTERNAL_TABLE',
    parameters: {
      classification: 'parquet',
      EXTERNAL: 'TRUE',
      'projection.enabled': 'true',
      [`projection.${PARTITION_COLUMN}.type`]: 'date',
      [`projection.${PARTITION_COLUMN}.format`]: 'yyyy-MM-dd',
      [`projection.${PARTITION_COLUMN}.range`]: `${props.firstDay},NOW`,
      [`projection.${PARTITION_COLUMN}.interval`]: '1',
      [`projection.${PARTITION_COLUMN}.interval.unit`]: 'DAYS',
      'storage.location.template': `${location}${PARTITION_COLUMN}=\${${PARTITION_COLUMN}}/`,
    },
    partitionKeys: [{ name: PARTITION_COLUMN, type: 'string', comment: 'The UTC day of record_hour' }],
    storageDescriptor: {
      location,
      inputFormat: PARQUET_FORMAT.inputFormat,
      outputFormat: PARQUET_FORMAT.outputFormat,
      serdeInfo: {
        serializationLibrary: PARQUET_FORMAT.serializationLibrary,
        parameters: { 'serialization.format': '1' },
      },
      columns: dataset.columns.map((column) => ({
        name: column.name,
        type: GLUE_TYPES[column.type],
        comment: comment(column.doc),
      })),
    },
  };
}

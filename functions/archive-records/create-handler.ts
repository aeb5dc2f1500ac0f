import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import middy from '@middy/core';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { type ArchiveSourceRecord, archiveStreamRecords } from '#archive/archiver.js';
import type { ArchiveSink, CustomerKeyStore } from '#archive/ports.js';
import { ArchiveRecordError } from '#archive/records.js';
import { METRIC } from '#functions/handler-kit/metric-names.js';
import { archiveRecords } from '#infra/definitions/functions.js';
import { TABLES } from '#infra/definitions/tables.js';

export interface ArchiverHandlerDeps {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly keys: CustomerKeyStore;
  readonly sink: ArchiveSink;
  readonly now?: () => Date;
}

type Image = Parameters<typeof unmarshall>[0];

const keyNames = (names: readonly string[]): string => [...names].sort().join('|');

/**
 * The archived table a stream record comes from, told by its key attributes: the five archived tables have
 * distinct key schemas (test/infra/definitions.test.ts holds them to it), and the keys are in every record
 * whatever the table's physical name in a stack or on a laptop.
 */
const TABLE_BY_KEYS: ReadonlyMap<string, string> = new Map(
  archiveRecords.events.flatMap((source) => {
    if (source.kind !== 'dynamodb-stream') return [];
    const table = TABLES.find((t) => t.name === source.table);
    if (table === undefined) return [];
    const names = [table.partitionKey.name, ...(table.sortKey === undefined ? [] : [table.sortKey.name])];
    return [[keyNames(names), table.name] as const];
  }),
);

const EVENT_NAMES = ['INSERT', 'MODIFY', 'REMOVE'] as const;

/** A Lambda stream record as the archiver reads it (its table, change, position, time and new image). */
export function sourceRecordOf(record: DynamoDBRecord): ArchiveSourceRecord {
  const change = record.dynamodb;
  const sequenceNumber = change?.SequenceNumber ?? '(none)';
  const table = TABLE_BY_KEYS.get(keyNames(Object.keys(change?.Keys ?? {})));
  const eventName = EVENT_NAMES.find((name) => name === record.eventName);
  const seconds = change?.ApproximateCreationDateTime;
  if (
    table === undefined ||
    eventName === undefined ||
    seconds === undefined ||
    change?.SequenceNumber === undefined
  ) {
    throw new ArchiveRecordError(`stream record ${sequenceNumber} is not a change of an archived table`);
  }
  return {
    table,
    eventName,
    sequenceNumber: change.SequenceNumber,
    approximateCreation: new Date(seconds * 1000),
    ...(change.NewImage === undefined ? {} : { newImage: unmarshall(change.NewImage as Image) }),
  };
}

/**
 * The archiver Lambda (issue 15): one batch of stream records of the audit tables becomes archive objects
 * (shared/archive/archiver.ts). Any failure fails the whole batch (thrown): Lambda retries it, bisects it
 * and finally sends it to the stream's failure destination; the object keys derive from the records, so a
 * retry rewrites the same objects and queries count every record once. Logs carry counts and error class
 * names only, never a record.
 */
export function createHandler(deps: ArchiverHandlerDeps) {
  const now = deps.now ?? (() => new Date());
  return middy(async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    try {
      const records = event.Records.map(sourceRecordOf);
      const result = await archiveStreamRecords(records, { keys: deps.keys, sink: deps.sink, now });
      deps.metrics.addMetric(METRIC.archivedRows, MetricUnit.Count, result.rows);
      if (result.lagsMs.length > 0) {
        deps.metrics.addMetric(
          METRIC.archiveLagSeconds,
          MetricUnit.Seconds,
          Math.max(...result.lagsMs) / 1000,
        );
      }
      deps.logger.info('Archived a stream batch', {
        records: records.length,
        rows: result.rows,
        objects: result.objects,
      });
      return { batchItemFailures: [] };
    } catch (error) {
      deps.logger.error('Archiving a stream batch failed', {
        error: error instanceof Error ? error.name : 'UnknownError',
        records: event.Records.length,
      });
      throw error;
    }
  })
    .use(injectLambdaContext(deps.logger, { logEvent: false }))
    .use(logMetrics(deps.metrics));
}

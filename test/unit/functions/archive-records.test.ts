import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { ArchiveRecordError } from '#archive/records.js';
import { createHandler, sourceRecordOf } from '#functions/archive-records/create-handler.js';
import { InMemoryArchiveSink, InMemoryCustomerKeyStore } from '#test/support/in-memory-archive.js';
import { captureOutput, lambdaContext, withEnv } from '#test/support/lambda.js';

type Image = NonNullable<NonNullable<DynamoDBRecord['dynamodb']>['NewImage']>;
const NOW = new Date('2026-11-30T10:00:10.000Z');

function streamRecord(
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE',
  seq: string,
  keys: Record<string, unknown>,
  item?: Record<string, unknown>,
): DynamoDBRecord {
  return {
    eventID: seq,
    eventName,
    eventSource: 'aws:dynamodb',
    eventSourceARN:
      'arn:aws:dynamodb:eu-west-1:123456789012:table/Stack-AuditTable-X/stream/2026-11-01T00:00:00.000',
    awsRegion: 'eu-west-1',
    dynamodb: {
      ApproximateCreationDateTime: NOW.getTime() / 1000 - 4,
      Keys: marshall(keys) as Image,
      ...(item === undefined ? {} : { NewImage: marshall(item, { removeUndefinedValues: true }) as Image }),
      SequenceNumber: seq,
      SizeBytes: 100,
      StreamViewType: 'NEW_IMAGE',
    },
  };
}

const decision = {
  decisionId: `d_${'1'.repeat(32)}`,
  eventId: 'evt-secret',
  customerId: 'c-secret',
  outcome: 'no_trigger',
  reasons: [],
  decidedAt: '2026-11-30T10:00:00.000Z',
  policyVersion: 'catalog-1',
  contentHash: 'h',
  ttl: 1,
};
const consent = {
  customerId: 'c-secret',
  recordId: 'r-1',
  purpose: 'transaction-offers',
  status: 'granted',
  at: '2026-11-30T09:00:00.000Z',
  receivedAt: '2026-11-30T10:00:00.000Z',
  applied: true,
};

const QUIET = {
  POWERTOOLS_DEV: undefined,
  POWERTOOLS_METRICS_DISABLED: 'false',
  POWERTOOLS_LOG_LEVEL: 'INFO',
};

describe('archive-records handler', () => {
  it('tells the source table by its keys and reads the new image', () => {
    const audit = sourceRecordOf(streamRecord('INSERT', '7', { decisionId: decision.decisionId }, decision));
    expect(audit).toMatchObject({ table: 'audit', eventName: 'INSERT', sequenceNumber: '7' });
    expect(audit.approximateCreation.getTime()).toBe(NOW.getTime() - 4000);
    expect(audit.newImage).toEqual(decision);
    const history = sourceRecordOf(streamRecord('REMOVE', '8', { customerId: 'c-secret', recordId: 'r-1' }));
    expect(history).toMatchObject({ table: 'consent-history', eventName: 'REMOVE' });
    expect(history.newImage).toBeUndefined();
    expect(sourceRecordOf(streamRecord('INSERT', '9', { pk: 'trigger#x', sk: 'T#1' })).table).toBe('catalog');
    expect(sourceRecordOf(streamRecord('INSERT', '9', { day: 'd', accessId: 'a' })).table).toBe(
      'audit-access-log',
    );
    expect(sourceRecordOf(streamRecord('INSERT', '9', { erasureId: 'e' })).table).toBe('erasure-log');
    expect(() =>
      sourceRecordOf(streamRecord('INSERT', '9', { customerId: 'c', offerInstanceId: 'o' })),
    ).toThrow(ArchiveRecordError);
  });

  it('archives a batch, counts rows and lag, and logs no record content', async () => {
    await withEnv(QUIET, async () => {
      const sink = new InMemoryArchiveSink();
      const handler = createHandler({
        logger: new Logger({ serviceName: 'archive-records' }),
        metrics: new Metrics({ namespace: 'test', serviceName: 'archive-records' }),
        keys: new InMemoryCustomerKeyStore(),
        sink,
        now: () => NOW,
      });
      const event: DynamoDBStreamEvent = {
        Records: [
          streamRecord('INSERT', '1', { decisionId: decision.decisionId }, decision),
          streamRecord('INSERT', '2', { customerId: 'c-secret', recordId: 'r-1' }, consent),
          streamRecord('MODIFY', '3', { decisionId: decision.decisionId }, decision),
        ],
      };
      const { result, output } = await captureOutput(() => handler(event, lambdaContext('archive-records')));
      expect(result).toEqual({ batchItemFailures: [] });
      expect(sink.objects.size).toBe(2);
      expect(output).toMatch(/"archived_rows":2/);
      expect(output).toMatch(/"archive_lag_seconds":4/);
      expect(output).not.toMatch(/c-secret|evt-secret|r-1/);
    });
  });

  it('fails the whole batch on a record it cannot archive, naming no content', async () => {
    await withEnv(QUIET, async () => {
      const sink = new InMemoryArchiveSink();
      const handler = createHandler({
        logger: new Logger({ serviceName: 'archive-records' }),
        metrics: new Metrics({ namespace: 'test', serviceName: 'archive-records' }),
        keys: new InMemoryCustomerKeyStore(),
        sink,
      });
      const event: DynamoDBStreamEvent = {
        Records: [
          streamRecord('INSERT', '1', { decisionId: decision.decisionId }, decision),
          streamRecord('INSERT', '2', { decisionId: 'd_x' }, { decisionId: 'd_x', customerId: 'c-secret' }),
        ],
      };
      const { error, output } = await captureOutput(() => handler(event, lambdaContext('archive-records')), {
        rethrow: false,
      });
      expect(error).toBeInstanceOf(ArchiveRecordError);
      expect(sink.objects.size).toBe(0);
      expect(output).toMatch(/ArchiveRecordError/);
      expect(output).not.toMatch(/c-secret|evt-secret/);
    });
  });
});

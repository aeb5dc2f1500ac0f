import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { offerItem } from '#adapters/dynamodb/decision-writer.js';
import { messageFor } from '#functions/publish-offers/create-handler.js';
import { SAMPLE_OFFER as OFFER } from '#test/support/offers.js';

type Image = NonNullable<NonNullable<DynamoDBRecord['dynamodb']>['NewImage']>;

function record(
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE',
  item: Record<string, unknown>,
  sequenceNumber = '1',
  createdSeconds = 1_783_670_400,
): DynamoDBRecord {
  return {
    eventID: `e-${sequenceNumber}`,
    eventName,
    dynamodb: {
      ApproximateCreationDateTime: createdSeconds,
      Keys: marshall({ customerId: item.customerId, offerInstanceId: item.offerInstanceId }) as Image,
      ...(eventName === 'REMOVE'
        ? {}
        : { NewImage: marshall(item, { removeUndefinedValues: true }) as Image }),
      SequenceNumber: sequenceNumber,
    },
  };
}

const fixedNow = () => new Date('2026-07-10T00:00:00.000Z');

describe('messageFor: the id is the deduplication key', () => {
  it('gives a redelivered stream record the same message, id included', () => {
    const insert = record('INSERT', { ...offerItem(OFFER), status: 'active' });
    const first = messageFor(insert, fixedNow);
    const again = messageFor(structuredClone(insert), () => new Date('2027-01-01T00:00:00.000Z'));
    expect(first).toBeDefined();
    expect(again).toEqual(first);
  });

  it('gives a withdrawal and a later erasure of the same offer the same id, and a suggestion another', () => {
    const item = { ...offerItem(OFFER), status: 'active' };
    const suggested = messageFor(record('INSERT', item, '1'), fixedNow);
    const withdrawn = messageFor(
      record('MODIFY', { ...item, status: 'withdrawn', withdrawnAt: '2026-07-09T10:00:00.000Z' }, '2'),
      fixedNow,
    );
    const erased = messageFor(record('REMOVE', item, '3', 1_783_900_000), fixedNow);
    expect(withdrawn?.type).toBe('offer.withdrawn');
    expect(erased?.type).toBe('offer.withdrawn');
    expect(withdrawn?.id).toBe(erased?.id);
    expect(suggested?.id).not.toBe(withdrawn?.id);
    expect(new Set([suggested?.subject, withdrawn?.subject, erased?.subject])).toEqual(
      new Set([OFFER.offerInstanceId]),
    );
  });
});

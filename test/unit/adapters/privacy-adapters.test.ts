import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  PutCommand,
  type PutCommandInput,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoAccessLog } from '#adapters/dynamodb/access-log-store.js';
import { AuditStoreUnavailableError, DynamoPrivacyReader } from '#adapters/dynamodb/audit-reader.js';
import { AccessLogUnavailableError, accessLogEntry } from '#privacy/access-log.js';
import { AuditDataError } from '#privacy/stored-records.js';
import { fakeDocumentClient } from '#test/support/fake-aws.js';
import { suppressedDecision } from '#test/support/in-memory-privacy.js';

const TABLES = {
  audit: 'audit',
  consentHistory: 'consent-history',
  offers: 'offers',
  offerEvents: 'offer-events',
};

function reader(respond: (command: unknown, call: number) => unknown) {
  const fake = fakeDocumentClient((command, call) => respond(command, call));
  return { fake, reader: new DynamoPrivacyReader(fake.client, TABLES) };
}

const decision = suppressedDecision({
  eventId: 'e-1',
  decidedAt: '2026-07-03T10:00:00.000Z',
  triggerId: 'card-abroad-worldwide-cover',
  reasons: ['no_consent', 'objected'],
});

describe('DynamoPrivacyReader', () => {
  it("reads history through table keys only (the audit part is the archive's), following every page", async () => {
    const { fake, reader: r } = reader((command, call) => {
      if (!(command instanceof QueryCommand)) throw new Error('only Query');
      if (command.input.TableName === 'consent-history' && call === 0) {
        return { Items: [], LastEvaluatedKey: { k: 1 } };
      }
      return { Items: [] };
    });
    await r.consentHistoryOf('c-1');
    await r.offersOf('c-1');
    await r.offerEventsOf('o_1');
    expect(fake.inputsOf<QueryCommandInput>('QueryCommand').map((i) => [i.TableName, i.IndexName])).toEqual([
      ['consent-history', undefined],
      ['consent-history', undefined],
      ['offers', undefined],
      ['offer-events', undefined],
    ]);
  });

  it('gets one hot audit record by id, consistently, also inside an event item; a wrong shape is an error, not a gap', async () => {
    const other = { ...decision, decisionId: `d_${'e'.repeat(32)}`, triggerId: 'high-balance-savings' };
    const eventItem = {
      decisionId: `d_${'a'.repeat(32)}`,
      kind: 'event',
      contentHash: 'h',
      eventId: 'e-1',
      customerId: 'c-1',
      decidedAt: decision.decidedAt,
      decisions: [decision, other],
      ttl: 1,
    };
    const { fake, reader: r } = reader((command) => {
      if (!(command instanceof GetCommand)) throw new Error('only Get');
      const id = command.input.Key?.decisionId;
      if (id === decision.decisionId) return { Item: { ...decision, contentHash: 'h', ttl: 1 } };
      if (id === eventItem.decisionId) return { Item: eventItem };
      if (id === 'd_broken') return { Item: { decisionId: 'd_broken', outcome: 'suppressed' } };
      return {};
    });
    expect(await r.auditRecord(decision.decisionId)).toEqual({ kind: 'decision', decision });
    expect(await r.auditRecord(eventItem.decisionId)).toEqual({ kind: 'decision', decision });
    expect(await r.auditRecord(`d_${'0'.repeat(32)}`)).toBeUndefined();
    await expect(r.auditRecord('d_broken')).rejects.toThrow(AuditDataError);
    expect(fake.sent.every((s) => s.name === 'GetCommand')).toBe(true);
    expect(fake.inputsOf<{ ConsistentRead?: boolean }>('GetCommand').every((i) => i.ConsistentRead)).toBe(
      true,
    );
  });

  it('turns a store fault into AuditStoreUnavailableError', async () => {
    const { reader: r } = reader(() => {
      throw Object.assign(new Error('Rate exceeded'), { name: 'ProvisionedThroughputExceededException' });
    });
    await expect(r.consentHistoryOf('c-1')).rejects.toThrow(AuditStoreUnavailableError);
    await expect(r.auditRecord(decision.decisionId)).rejects.toThrow(AuditStoreUnavailableError);
  });
});

describe('DynamoAccessLog', () => {
  const entry = accessLogEntry(
    { who: 'local:alice', via: 'cli' },
    'history',
    { customerId: 'c-1' },
    new Date('2026-07-10T08:00:00Z'),
    'id-1',
  );

  it('appends with a conditional PutItem and nothing else', async () => {
    const fake = fakeDocumentClient(() => ({}));
    await new DynamoAccessLog(fake.client, 'audit-access-log').append(entry);
    expect(fake.sent.map((s) => s.name)).toEqual(['PutCommand']);
    expect(fake.inputsOf<PutCommandInput>('PutCommand')[0]).toEqual({
      TableName: 'audit-access-log',
      Item: {
        day: '2026-07-10',
        accessId: '2026-07-10T08:00:00.000Z#id-1',
        at: '2026-07-10T08:00:00.000Z',
        who: 'local:alice',
        via: 'cli',
        query: 'history',
        parameters: { customerId: 'c-1' },
        // The customer the read concerns, for the byCustomer index.
        customerId: 'c-1',
        ttl: Math.floor(Date.parse('2026-07-10T08:00:00Z') / 1000) + 1_825 * 86_400,
      },
      ConditionExpression: 'attribute_not_exists(#accessId)',
      ExpressionAttributeNames: { '#accessId': 'accessId' },
    });
    // The class offers no way to change or remove an entry.
    expect(Object.getOwnPropertyNames(DynamoAccessLog.prototype).sort()).toEqual(['append', 'constructor']);
  });

  it('fails (and so stops the query) when the put fails, the condition included', async () => {
    const conflict = fakeDocumentClient((command) => {
      if (command instanceof PutCommand) {
        throw new ConditionalCheckFailedException({ message: 'exists', $metadata: {} });
      }
      return {};
    });
    await expect(new DynamoAccessLog(conflict.client, 't').append(entry)).rejects.toThrow(
      AccessLogUnavailableError,
    );
    const down = fakeDocumentClient(() => {
      throw new Error('socket hang up');
    });
    await expect(new DynamoAccessLog(down.client, 't').append(entry)).rejects.toThrow(
      AccessLogUnavailableError,
    );
  });
});

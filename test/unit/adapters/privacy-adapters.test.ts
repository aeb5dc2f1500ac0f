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
import { auditItem } from '#adapters/dynamodb/decision-writer.js';
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
  it('reads one shard of the trigger index newest first, the period as key condition, the reason as filter', async () => {
    const { fake, reader: r } = reader((command) => {
      if (!(command instanceof QueryCommand)) throw new Error('only Query');
      return {
        Items: [auditItem(decision)],
        LastEvaluatedKey: {
          decisionId: decision.decisionId,
          decidedAt: decision.decidedAt,
          suppTrigger: 'x#3',
        },
      };
    });
    const page = await r.suppressedPage(
      {
        partition: { index: 'trigger', triggerId: 'card-abroad-worldwide-cover' },
        shard: 3,
        basis: 'decided',
        require: ['objected'],
        exclude: [],
      },
      { from: '2026-07-01T00:00:00.000Z', to: '2026-07-31T23:59:59.999Z' },
      { at: '2026-07-04T00:00:00.000Z', decisionId: `d_${'f'.repeat(32)}` },
      13,
    );
    const [input] = fake.inputsOf<QueryCommandInput>('QueryCommand');
    expect(input).toEqual({
      TableName: 'audit',
      IndexName: 'suppressedByTrigger',
      KeyConditionExpression: '#pk = :pk AND #at BETWEEN :from AND :to',
      FilterExpression: 'attribute_exists(#req0)',
      ExpressionAttributeNames: { '#pk': 'suppTrigger', '#at': 'decidedAt', '#req0': 'supp_objected' },
      ExpressionAttributeValues: {
        ':pk': 'card-abroad-worldwide-cover#3',
        ':from': '2026-07-01T00:00:00.000Z',
        ':to': '2026-07-31T23:59:59.999Z',
      },
      ScanIndexForward: false,
      Limit: 13,
      ExclusiveStartKey: {
        decisionId: `d_${'f'.repeat(32)}`,
        decidedAt: '2026-07-04T00:00:00.000Z',
        suppTrigger: 'card-abroad-worldwide-cover#3',
      },
    });
    // Index attributes and TTL never come out.
    expect(page.items).toEqual([decision]);
    expect(page.last).toEqual({ at: decision.decidedAt, decisionId: decision.decisionId });
  });

  it('on the payment basis reads the payment-time twin index, keyed and resumed on paidAt', async () => {
    const { fake, reader: r } = reader((command) => {
      if (!(command instanceof QueryCommand)) throw new Error('only Query');
      return {
        Items: [],
        LastEvaluatedKey: {
          decisionId: decision.decisionId,
          paidAt: '2026-06-01T00:00:00.000Z',
          supp_objected: '2',
        },
      };
    });
    const page = await r.suppressedPage(
      {
        partition: { index: 'reason', reason: 'objected' },
        shard: 2,
        basis: 'payment',
        require: [],
        exclude: [],
      },
      { from: '2026-06-01T00:00:00.000Z' },
      { at: '2026-06-02T00:00:00.000Z', decisionId: `d_${'e'.repeat(32)}` },
      7,
    );
    expect(fake.inputsOf<QueryCommandInput>('QueryCommand')[0]).toEqual({
      TableName: 'audit',
      IndexName: 'suppressedBy-objected-byPaymentTime',
      KeyConditionExpression: '#pk = :pk AND #at >= :from',
      ExpressionAttributeNames: { '#pk': 'supp_objected', '#at': 'paidAt' },
      ExpressionAttributeValues: { ':pk': '2', ':from': '2026-06-01T00:00:00.000Z' },
      ScanIndexForward: false,
      Limit: 7,
      ExclusiveStartKey: {
        decisionId: `d_${'e'.repeat(32)}`,
        paidAt: '2026-06-02T00:00:00.000Z',
        supp_objected: '2',
      },
    });
    expect(page.last).toEqual({ at: '2026-06-01T00:00:00.000Z', decisionId: decision.decisionId });
  });

  it('counts the records without a payment time on the decision-time index, and finds any record of a trigger with one key-only read per shard', async () => {
    const { fake, reader: r } = reader((command, call) => {
      if (!(command instanceof QueryCommand)) throw new Error('only Query');
      if (command.input.Select === 'COUNT') return { Count: 2 };
      return { Items: call === 3 ? [{ decisionId: decision.decisionId }] : [] };
    });
    const count = await r.countSuppressed(
      {
        partition: { index: 'trigger', triggerId: 'none' },
        shard: 0,
        basis: 'decided',
        require: [],
        exclude: [],
        withoutPaymentTime: true,
      },
      {},
    );
    expect(count).toBe(2);
    expect(fake.inputsOf<QueryCommandInput>('QueryCommand')[0]).toMatchObject({
      IndexName: 'suppressedByTrigger',
      FilterExpression: 'attribute_not_exists(#paid)',
      ExpressionAttributeNames: { '#pk': 'suppTrigger', '#paid': 'paidAt' },
    });
    expect(await r.hasSuppressedOf('retired')).toBe(true);
    const probes = fake.inputsOf<QueryCommandInput>('QueryCommand').slice(1);
    expect(probes.map((p) => p.ExpressionAttributeValues?.[':pk'])).toEqual([
      'retired#0',
      'retired#1',
      'retired#2',
    ]);
    expect(probes.every((p) => p.IndexName === 'suppressedByTrigger' && p.Limit === 1)).toBe(true);
  });

  it('reads a reason index shard, excluding earlier reasons, and counts over every page with Select COUNT', async () => {
    const { fake, reader: r } = reader((command, call) => {
      if (!(command instanceof QueryCommand)) throw new Error('only Query');
      return call === 0 ? { Count: 4, LastEvaluatedKey: { decisionId: 'd_x' } } : { Count: 3 };
    });
    const count = await r.countSuppressed(
      {
        partition: { index: 'reason', reason: 'objected' },
        shard: 5,
        basis: 'decided',
        require: [],
        exclude: ['sensitive_category', 'no_consent'],
      },
      { to: '2026-07-31T23:59:59.999Z' },
    );
    expect(count).toBe(7);
    const inputs = fake.inputsOf<QueryCommandInput>('QueryCommand');
    expect(inputs).toHaveLength(2);
    expect(inputs[0]).toMatchObject({
      IndexName: 'suppressedBy-objected',
      Select: 'COUNT',
      KeyConditionExpression: '#pk = :pk AND #at <= :to',
      FilterExpression: 'attribute_not_exists(#exc0) AND attribute_not_exists(#exc1)',
      ExpressionAttributeNames: {
        '#pk': 'supp_objected',
        '#exc0': 'supp_sensitive_category',
        '#exc1': 'supp_no_consent',
      },
      ExpressionAttributeValues: { ':pk': '5', ':to': '2026-07-31T23:59:59.999Z' },
      ScanIndexForward: false,
    });
    expect(inputs[1]?.ExclusiveStartKey).toEqual({ decisionId: 'd_x' });
  });

  it('reads history through keys and the byCustomer index only, following every page', async () => {
    const { fake, reader: r } = reader((command, call) => {
      if (!(command instanceof QueryCommand)) throw new Error('only Query');
      if (command.input.IndexName === 'byCustomer') {
        return call === 0 ? { Items: [auditItem(decision)], LastEvaluatedKey: { k: 1 } } : { Items: [] };
      }
      return { Items: [] };
    });
    expect(await r.auditRecordsOf('c-1')).toEqual([{ kind: 'decision', decision }]);
    await r.consentHistoryOf('c-1');
    await r.offersOf('c-1');
    await r.offerEventsOf('o_1');
    expect(fake.sent.map((s) => s.name)).toEqual(Array(5).fill('QueryCommand'));
    expect(fake.inputsOf<QueryCommandInput>('QueryCommand').map((i) => [i.TableName, i.IndexName])).toEqual([
      ['audit', 'byCustomer'],
      ['audit', 'byCustomer'],
      ['consent-history', undefined],
      ['offers', undefined],
      ['offer-events', undefined],
    ]);
  });

  it('gets one audit record by id, consistently; an item of the wrong shape is an error, not a gap', async () => {
    const { fake, reader: r } = reader((command) => {
      if (!(command instanceof GetCommand)) throw new Error('only Get');
      const id = command.input.Key?.decisionId;
      if (id === decision.decisionId) return { Item: auditItem(decision) };
      if (id === 'd_broken') return { Item: { decisionId: 'd_broken', outcome: 'suppressed' } };
      return {};
    });
    expect(await r.auditRecord(decision.decisionId)).toEqual({ kind: 'decision', decision });
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
    await expect(r.auditRecordsOf('c-1')).rejects.toThrow(AuditStoreUnavailableError);
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

import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { TARGETS_PER_TRANSACTION } from '#adapters/dynamodb/erasure-commit.js';
import {
  createDynamoErasureDeps,
  DynamoAuditEraser,
  DynamoConsentEvidenceEraser,
  DynamoCustomerStateEraser,
  DynamoErasureLog,
  ErasureStoreError,
} from '#adapters/dynamodb/erasure-store.js';
import { pseudonymousRecordId } from '#privacy/erasure.js';
import { eraseCustomer } from '#privacy/erasure-service.js';
import { fakeDocumentClient } from '#test/support/fake-aws.js';
import { decision, HOT_DAYS, InMemoryStores } from '#test/unit/privacy/erasure-world.js';

const TABLES = {
  customers: 't-customers',
  contactPolicy: 't-contact',
  offers: 't-offers',
  offerEvents: 't-offer-events',
  audit: 't-audit',
  consentHistory: 't-consent-history',
  erasureLog: 't-erasure-log',
  accessLog: 't-access-log',
};
const NO_WAIT = { attempts: 3, baseDelayMs: 0 };

const CHANGE_LOG = { erasureId: 'e-1', at: '2026-07-10T08:00:00.000Z', ttl: 1_941_000_000 };

const cancelled = (codes: readonly string[]) =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

const conditionFailed = () =>
  new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });

describe('the erasure adapters', () => {
  it('reads every page of a Query, never scanning', async () => {
    const fake = fakeDocumentClient((command) => {
      if (!(command instanceof QueryCommand)) throw new Error('unexpected');
      const start = command.input.ExclusiveStartKey;
      return start === undefined
        ? {
            Items: [{ offerInstanceId: 'o_1' }],
            LastEvaluatedKey: { customerId: 'c-1', offerInstanceId: 'o_1' },
          }
        : { Items: [{ offerInstanceId: 'o_2' }] };
    });
    const eraser = new DynamoCustomerStateEraser(fake.client, TABLES, NO_WAIT);
    expect(await eraser.offers('c-1')).toEqual(['o_1', 'o_2']);
    expect(fake.sent.map((s) => s.name)).toEqual(['QueryCommand', 'QueryCommand']);
    expect(fake.inputsOf<QueryCommandInput>('QueryCommand')[0]).toMatchObject({
      TableName: 't-offers',
      KeyConditionExpression: 'customerId = :c',
      ExpressionAttributeValues: { ':c': 'c-1' },
      ConsistentRead: true,
    });
  });

  it('tells which hot audit items still name the customer: consistent BatchGetItem, keys and customerId only', async () => {
    let calls = 0;
    const fake = fakeDocumentClient((command) => {
      if (!(command instanceof BatchGetCommand)) throw new Error('unexpected');
      calls++;
      const keys = command.input.RequestItems?.['t-audit']?.Keys ?? [];
      // The first call answers one key and leaves the other unprocessed.
      return calls === 1
        ? {
            Responses: { 't-audit': [{ decisionId: 'ev_1', customerId: 'c-1' }] },
            UnprocessedKeys: { 't-audit': { Keys: keys.slice(-1) } },
          }
        : { Responses: { 't-audit': [{ decisionId: 'd_2', customerId: 'erased:x' }] } };
    });
    const audit = new DynamoAuditEraser(fake.client, TABLES, NO_WAIT);
    expect(await audit.stillNaming(['ev_1', 'd_2', 'ev_1'], 'c-1')).toEqual(['ev_1']);
    const inputs = fake.inputsOf<{ RequestItems: Record<string, Record<string, unknown>> }>(
      'BatchGetCommand',
    );
    expect(inputs[0]?.RequestItems['t-audit']).toEqual({
      Keys: [{ decisionId: 'ev_1' }, { decisionId: 'd_2' }],
      ConsistentRead: true,
      ProjectionExpression: 'decisionId, customerId',
    });
    expect(inputs[1]?.RequestItems['t-audit']?.Keys).toEqual([{ decisionId: 'd_2' }]);
  });

  it('finds offer events by the offer-events byCustomer index and by offer, each once', async () => {
    const fake = fakeDocumentClient((command) => {
      if (!(command instanceof QueryCommand)) throw new Error('unexpected');
      return command.input.IndexName === 'byCustomer'
        ? {
            Items: [
              { offerInstanceId: 'o_expired', clientEventId: 'ev-1', customerId: 'c-1' },
              { offerInstanceId: 'o_1', clientEventId: 'ev-2', customerId: 'c-1' },
            ],
          }
        : { Items: [{ offerInstanceId: 'o_1', clientEventId: 'ev-2' }] };
    });
    const eraser = new DynamoCustomerStateEraser(fake.client, TABLES, NO_WAIT);
    expect(await eraser.offerEvents(['o_1'], 'c-1')).toEqual([
      { offerInstanceId: 'o_expired', clientEventId: 'ev-1' },
      { offerInstanceId: 'o_1', clientEventId: 'ev-2' },
    ]);
    expect(fake.inputsOf<QueryCommandInput>('QueryCommand')[0]).toMatchObject({
      TableName: 't-offer-events',
      IndexName: 'byCustomer',
      KeyConditionExpression: 'customerId = :c',
    });
  });

  it('deletes the customer state in batches of 25 and retries unprocessed items', async () => {
    let calls = 0;
    const fake = fakeDocumentClient((command) => {
      if (!(command instanceof BatchWriteCommand)) throw new Error('unexpected');
      calls++;
      const requests = command.input.RequestItems?.['t-offers'] ?? [];
      // The first call leaves its last request unprocessed.
      return calls === 1
        ? { UnprocessedItems: { 't-offers': requests.slice(-1) } }
        : { UnprocessedItems: {} };
    });
    const eraser = new DynamoCustomerStateEraser(fake.client, TABLES, NO_WAIT);
    const ids = Array.from({ length: 30 }, (_, i) => `o_${i}`);
    await eraser.deleteOffers('c-1', ids);
    const sizes = fake
      .inputsOf<{ RequestItems: Record<string, unknown[]> }>('BatchWriteCommand')
      .map((input) => input.RequestItems['t-offers']?.length);
    expect(sizes).toEqual([25, 1, 5]);
    const second = fake.inputsOf<{ RequestItems: Record<string, unknown[]> }>('BatchWriteCommand')[1];
    expect(second?.RequestItems['t-offers']).toEqual([
      { DeleteRequest: { Key: { customerId: 'c-1', offerInstanceId: 'o_24' } } },
    ]);
  });

  it('fails loudly when deletes stay unprocessed', async () => {
    const fake = fakeDocumentClient((command) => {
      if (!(command instanceof BatchWriteCommand)) throw new Error('unexpected');
      return { UnprocessedItems: command.input.RequestItems };
    });
    const eraser = new DynamoCustomerStateEraser(fake.client, TABLES, NO_WAIT);
    await expect(eraser.deleteOffers('c-1', ['o_1'])).rejects.toBeInstanceOf(ErasureStoreError);
    expect(fake.sent).toHaveLength(NO_WAIT.attempts);
  });

  it('deletes audit records one conditional Delete each, never BatchWriteItem, with a change record per transaction', async () => {
    const fake = fakeDocumentClient(() => ({}));
    const audit = new DynamoAuditEraser(fake.client, TABLES, NO_WAIT);
    const targets = Array.from({ length: 45 }, (_, i) => ({
      id: `d_${i}`,
      kind: i % 2 === 0 ? ('decisionNoTrigger' as const) : ('decisionRejected' as const),
    }));
    expect(await audit.delete(targets, 'c-1', CHANGE_LOG)).toEqual(targets.map((t) => t.id));
    expect(fake.sent.map((c) => c.name)).toEqual(['TransactWriteCommand', 'TransactWriteCommand']);
    const [first, second] = fake.inputsOf<TransactWriteCommandInput>('TransactWriteCommand');
    expect(first?.TransactItems).toHaveLength(1 + TARGETS_PER_TRANSACTION);
    expect(second?.TransactItems).toHaveLength(1 + 5);
    expect(first?.TransactItems?.[0]).toEqual({
      Put: {
        TableName: 't-erasure-log',
        Item: {
          erasureId: 'e-1#audit#deleted#0',
          entry: 'change',
          erasure: 'e-1',
          at: CHANGE_LOG.at,
          table: 'audit',
          how: 'deleted',
          counts: { decisionNoTrigger: 20, decisionRejected: 20 },
          ttl: CHANGE_LOG.ttl,
        },
        ConditionExpression: 'attribute_not_exists(erasureId)',
      },
    });
    expect(second?.TransactItems?.[0]?.Put?.Item).toMatchObject({
      erasureId: 'e-1#audit#deleted#1',
      counts: { decisionNoTrigger: 3, decisionRejected: 2 },
    });
    expect(first?.TransactItems?.[1]).toEqual({
      Delete: {
        TableName: 't-audit',
        Key: { decisionId: 'd_0' },
        ConditionExpression: 'customerId = :customer',
        ExpressionAttributeValues: { ':customer': 'c-1' },
      },
    });
    expect(first?.ClientRequestToken).toMatch(/^[0-9a-f]{36}$/);
    expect(JSON.stringify(first?.TransactItems?.[0])).not.toContain('c-1');
  });

  it('deletes only hot items that still name the customer: a failed condition is left out, the rest sent again', async () => {
    const fake = fakeDocumentClient((command) => {
      if (!(command instanceof TransactWriteCommand)) throw new Error('unexpected');
      const items = command.input.TransactItems ?? [];
      const gone = items.findIndex((item) => item.Delete?.Key?.decisionId === 'd_gone');
      if (gone < 0) return {};
      throw cancelled(items.map((_, i) => (i === gone ? 'ConditionalCheckFailed' : 'None')));
    });
    const audit = new DynamoAuditEraser(fake.client, TABLES, NO_WAIT);
    const targets = [
      {
        id: 'ev_1',
        kind: 'decisionEmitted' as const,
        records: ['decisionEmitted', 'decisionSuppressed'] as const,
      },
      { id: 'd_gone', kind: 'decisionSuppressed' as const },
      { id: 'd_2', kind: 'decisionEmitted' as const },
    ];
    expect(await audit.delete(targets, 'c-1', CHANGE_LOG)).toEqual(['ev_1', 'd_2']);
    const inputs = fake.inputsOf<TransactWriteCommandInput>('TransactWriteCommand');
    expect(inputs).toHaveLength(2);
    // An event item counts every decision it holds.
    expect(inputs[1]?.TransactItems?.[0]?.Put?.Item).toMatchObject({
      erasureId: 'e-1#audit#deleted#0',
      counts: { decisionEmitted: 2, decisionSuppressed: 1 },
    });
    // Another attempt is another request: a new idempotency token.
    expect(inputs[0]?.ClientRequestToken).not.toBe(inputs[1]?.ClientRequestToken);
  });

  it('retries a transaction conflict, then fails as a store error; any other failure is a store error', async () => {
    let calls = 0;
    const conflicted = fakeDocumentClient((command) => {
      calls++;
      const items = (command as TransactWriteCommand).input.TransactItems ?? [];
      if (calls === 1) throw cancelled(items.map(() => 'TransactionConflict'));
      return {};
    });
    const target = [{ id: 'd_1', kind: 'decisionEmitted' as const }];
    const audit = new DynamoAuditEraser(conflicted.client, TABLES, NO_WAIT);
    expect(await audit.delete(target, 'c-1', CHANGE_LOG)).toEqual(['d_1']);
    expect(calls).toBe(2);

    const always = fakeDocumentClient((command) => {
      throw cancelled(
        ((command as TransactWriteCommand).input.TransactItems ?? []).map(() => 'TransactionConflict'),
      );
    });
    await expect(
      new DynamoAuditEraser(always.client, TABLES, NO_WAIT).delete(target, 'c-1', CHANGE_LOG),
    ).rejects.toBeInstanceOf(ErasureStoreError);
    expect(always.sent).toHaveLength(NO_WAIT.attempts);

    const broken = fakeDocumentClient(() => {
      throw new Error('throttled');
    });
    await expect(
      new DynamoAuditEraser(broken.client, TABLES, NO_WAIT).delete(target, 'c-1', CHANGE_LOG),
    ).rejects.toBeInstanceOf(ErasureStoreError);
  });

  it('moves consent evidence to the pseudonym: the whole entry put under a new id, the original deleted', async () => {
    const entry = {
      customerId: 'c-1',
      recordId: '2026-01-10T10:00:00.000Z#transaction-offers#0123456789abcdef',
      purpose: 'transaction-offers',
      status: 'granted',
      at: '2026-01-10T10:00:00Z',
      collectionSource: 'app',
      noticeVersion: 'n-3',
      legalBasis: 'GDPR art. 6(1)(a) and 7 consent',
      receivedAt: '2026-01-10T10:00:01.000Z',
      applied: true,
      ttl: 1_900_000_000,
    };
    const fake = fakeDocumentClient((command) => (command instanceof QueryCommand ? { Items: [entry] } : {}));
    const consent = new DynamoConsentEvidenceEraser(fake.client, TABLES, NO_WAIT);
    const targets = [
      { id: entry.recordId, kind: 'consentHistory' as const },
      // Gone since it was found (expired): nothing to move, nothing counted.
      { id: 'gone', kind: 'consentHistory' as const },
    ];
    expect(await consent.pseudonymise(targets, 'c-1', 'erased:e-1', CHANGE_LOG)).toEqual([entry.recordId]);
    const [input] = fake.inputsOf<TransactWriteCommandInput>('TransactWriteCommand');
    const newId = pseudonymousRecordId(entry.recordId, 'erased:e-1');
    expect(newId).toMatch(/^2026-01-10T10:00:00\.000Z#transaction-offers#[0-9a-f]{16}$/);
    expect(newId).not.toBe(entry.recordId);
    expect(input?.TransactItems).toEqual([
      {
        Put: {
          TableName: 't-erasure-log',
          Item: expect.objectContaining({
            erasureId: 'e-1#consent-history#pseudonymised#0',
            table: 'consent-history',
            counts: { consentHistory: 1 },
          }),
          ConditionExpression: 'attribute_not_exists(erasureId)',
        },
      },
      {
        Put: {
          TableName: 't-consent-history',
          Item: { ...entry, customerId: 'erased:e-1', recordId: newId },
          ConditionExpression: 'attribute_not_exists(recordId)',
        },
      },
      {
        Delete: {
          TableName: 't-consent-history',
          Key: { customerId: 'c-1', recordId: entry.recordId },
          ConditionExpression: 'attribute_exists(recordId)',
        },
      },
    ]);
  });

  it('appends to the erasure log with a conditional put, and never overwrites', async () => {
    const fake = fakeDocumentClient(() => {
      throw conditionFailed();
    });
    const log = new DynamoErasureLog(fake.client, TABLES);
    const entry = {
      erasureId: 'e-1',
      at: '2026-07-10T08:00:00.000Z',
      requestedBy: 'officer',
      report: {
        erasureId: 'e-1',
        at: '2026-07-10T08:00:00.000Z',
        requestedBy: 'officer',
        removed: [],
        kept: [],
        notSearched: [],
        archive: {
          key: 'absent' as const,
          searched: { fromDay: '2026-05-29', toDay: '2026-07-11' },
          kinds: [],
          notYetArchived: { hotCopiesExpireBy: '2026-08-14T08:00:00.000Z', why: 'lag' },
          summary: [],
        },
      },
      ttl: 1,
    };
    await expect(log.append(entry)).rejects.toThrow('never overwritten');
    expect(fake.inputsOf('PutCommand')).toEqual([
      { TableName: 't-erasure-log', Item: entry, ConditionExpression: 'attribute_not_exists(erasureId)' },
    ]);
  });

  it('a whole erasure through the adapters: reads by key, index and archive only, and logs no customer id', async () => {
    const world = new InMemoryStores().decided('ev_1', [
      decision('c-1', 'emitted', '2026-07-08T10:00:00.000Z', { offerInstanceId: 'o_1' }),
      decision('c-1', 'suppressed', '2026-07-08T10:00:00.000Z', { reasons: ['arbitration_lost'] }),
    ]);
    const fake = fakeDocumentClient((command) => {
      if (command instanceof QueryCommand) {
        const input = command.input;
        if (input.TableName === 't-customers') return { Items: [{ sk: 'PROFILE' }, { sk: 'CONSENTS' }] };
        if (input.TableName === 't-offers') return { Items: [{ offerInstanceId: 'o_1' }] };
        if (input.TableName === 't-offer-events')
          return { Items: [{ offerInstanceId: 'o_1', clientEventId: 'ev-1' }] };
        if (input.TableName === 't-consent-history')
          return { Items: [{ recordId: 'h-1', ttl: 1_950_000_000 }] };
      }
      if (command instanceof BatchGetCommand)
        return { Responses: { 't-audit': [{ decisionId: 'ev_1', customerId: 'c-1' }] } };
      if (command instanceof GetCommand) return { Item: { customerId: 'c-1' } };
      if (
        command instanceof BatchWriteCommand ||
        command instanceof TransactWriteCommand ||
        command instanceof PutCommand
      ) {
        return {};
      }
      throw new Error(`unexpected ${command.constructor.name}`);
    });
    const archive = { keys: world.keyStore, engine: world.engine, hotAuditDays: HOT_DAYS };
    const deps = createDynamoErasureDeps(fake.client, TABLES, archive, {
      retry: NO_WAIT,
      newId: () => 'e-7',
    });
    const report = await eraseCustomer(
      { customerId: 'c-1', requestedBy: 'officer', now: new Date('2026-07-10T08:00:00Z') },
      deps,
    );
    expect(new Set(fake.sent.map((s) => s.name))).toEqual(
      new Set([
        'QueryCommand',
        'GetCommand',
        'BatchGetCommand',
        'BatchWriteCommand',
        'TransactWriteCommand',
        'PutCommand',
      ]),
    );
    const changes = fake.inputsOf<TransactWriteCommandInput>('TransactWriteCommand');
    expect(changes.map((c) => c.TransactItems?.[0]?.Put?.Item?.erasureId)).toEqual([
      'e-7#audit#deleted#0',
      'e-7#consent-history#pseudonymised#0',
    ]);
    expect(changes[0]?.TransactItems?.[1]?.Delete?.Key).toEqual({ decisionId: 'ev_1' });
    expect(JSON.stringify(changes.map((c) => c.TransactItems?.[0]))).not.toContain('c-1');
    expect(report.kept.map((k) => [k.kind, k.count, k.linkedToCustomer])).toEqual([
      ['decisionEmitted', 1, false],
      ['decisionSuppressed', 1, false],
      ['consentHistory', 1, false],
    ]);
    expect(report.archive.key).toBe('destroyed');
    expect(world.keys.has('c-1')).toBe(false);
    const puts = fake.inputsOf<{ TableName: string; Item: Record<string, unknown> }>('PutCommand');
    // The access log first (no unlogged reads), the erasure log last; neither names the customer.
    expect(puts.map((p) => p.TableName)).toEqual(['t-access-log', 't-erasure-log']);
    expect(puts[0]?.Item).toMatchObject({
      query: 'erasure',
      who: 'officer',
      parameters: { erasureId: 'e-7' },
    });
    expect(JSON.stringify(puts)).not.toContain('c-1');
    const deletes = fake.inputsOf<{ RequestItems: Record<string, unknown[]> }>('BatchWriteCommand');
    expect(deletes.map((d) => Object.keys(d.RequestItems)[0])).toEqual([
      't-customers',
      't-contact',
      't-offer-events',
      't-offers',
    ]);
  });
});

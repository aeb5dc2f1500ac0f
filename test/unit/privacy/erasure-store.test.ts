import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import {
  createDynamoErasureDeps,
  DynamoAuditEraser,
  DynamoCustomerStateEraser,
  DynamoErasureLog,
  ErasureStoreError,
  ErasureTablesEnv,
  erasureTablesFrom,
} from '../../../shared/adapters/dynamodb/erasure-store.js';
import { eraseCustomer } from '../../../shared/privacy/erasure-service.js';
import { fakeDocumentClient } from '../../support/fake-aws.js';

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

  it('finds audit records through the byCustomer index, with only what the erasure needs', async () => {
    const fake = fakeDocumentClient(() => ({
      Items: [
        { decisionId: 'd_1', outcome: 'emitted', offerInstanceId: 'o_1', ttl: 1_800_000_000 },
        { decisionId: 'w_1', kind: 'offer_withdrawal', offerInstanceId: 'o_1', ttl: 1_800_000_001 },
        { outcome: 'emitted' },
      ],
    }));
    const audit = new DynamoAuditEraser(fake.client, TABLES, NO_WAIT);
    expect(await audit.byCustomer('c-1')).toEqual([
      { decisionId: 'd_1', outcome: 'emitted', offerInstanceId: 'o_1', ttl: 1_800_000_000 },
      { decisionId: 'w_1', kind: 'offer_withdrawal', offerInstanceId: 'o_1', ttl: 1_800_000_001 },
    ]);
    const [input] = fake.inputsOf<QueryCommandInput>('QueryCommand');
    expect(input).toMatchObject({ TableName: 't-audit', IndexName: 'byCustomer' });
    expect(input?.ProjectionExpression).toBe('decisionId, #kind, #outcome, offerInstanceId, #ttl');
  });

  it('deletes in batches of 25 and retries unprocessed items', async () => {
    let calls = 0;
    const fake = fakeDocumentClient((command) => {
      if (!(command instanceof BatchWriteCommand)) throw new Error('unexpected');
      calls++;
      const requests = command.input.RequestItems?.['t-audit'] ?? [];
      // The first call leaves its last request unprocessed.
      return calls === 1 ? { UnprocessedItems: { 't-audit': requests.slice(-1) } } : { UnprocessedItems: {} };
    });
    const audit = new DynamoAuditEraser(fake.client, TABLES, NO_WAIT);
    const ids = Array.from({ length: 30 }, (_, i) => `d_${i}`);
    await audit.delete(ids);
    const sizes = fake
      .inputsOf<{ RequestItems: Record<string, unknown[]> }>('BatchWriteCommand')
      .map((input) => input.RequestItems['t-audit']?.length);
    expect(sizes).toEqual([25, 1, 5]);
    const second = fake.inputsOf<{ RequestItems: Record<string, unknown[]> }>('BatchWriteCommand')[1];
    expect(second?.RequestItems['t-audit']).toEqual([{ DeleteRequest: { Key: { decisionId: 'd_24' } } }]);
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

  it('pseudonymises only records that still name the customer, and says which it changed', async () => {
    const fake = fakeDocumentClient((command) => {
      if (!(command instanceof UpdateCommand)) throw new Error('unexpected');
      if (command.input.Key?.decisionId === 'd_gone') throw conditionFailed();
      return {};
    });
    const audit = new DynamoAuditEraser(fake.client, TABLES, NO_WAIT);
    expect(await audit.pseudonymise(['d_1', 'd_gone', 'd_2'], 'c-1', 'erased:e-1')).toEqual(['d_1', 'd_2']);
    expect(fake.inputsOf('UpdateCommand')[0]).toEqual({
      TableName: 't-audit',
      Key: { decisionId: 'd_1' },
      UpdateExpression: 'SET customerId = :pseudonym',
      ConditionExpression: 'customerId = :customer',
      ExpressionAttributeValues: { ':pseudonym': 'erased:e-1', ':customer': 'c-1' },
    });
  });

  it('any other update failure is a store error', async () => {
    const fake = fakeDocumentClient(() => {
      throw new Error('throttled');
    });
    const audit = new DynamoAuditEraser(fake.client, TABLES, NO_WAIT);
    await expect(audit.pseudonymise(['d_1'], 'c-1', 'erased:e-1')).rejects.toBeInstanceOf(ErasureStoreError);
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
      },
      ttl: 1,
    };
    await expect(log.append(entry)).rejects.toThrow('never overwritten');
    expect(fake.inputsOf('PutCommand')).toEqual([
      { TableName: 't-erasure-log', Item: entry, ConditionExpression: 'attribute_not_exists(erasureId)' },
    ]);
  });

  it('a whole erasure through the adapters: reads by key and index only, and logs no customer id', async () => {
    const fake = fakeDocumentClient((command) => {
      if (command instanceof QueryCommand) {
        const input = command.input;
        if (input.TableName === 't-customers') return { Items: [{ sk: 'PROFILE' }, { sk: 'CONSENTS' }] };
        if (input.TableName === 't-offers') return { Items: [{ offerInstanceId: 'o_1' }] };
        if (input.TableName === 't-offer-events')
          return { Items: [{ offerInstanceId: 'o_1', clientEventId: 'ev-1' }] };
        if (input.TableName === 't-audit') {
          return {
            Items: [
              { decisionId: 'd_1', outcome: 'emitted', offerInstanceId: 'o_1', ttl: 1_900_000_000 },
              { decisionId: 'd_2', outcome: 'no_trigger', ttl: 1_800_000_000 },
            ],
          };
        }
        if (input.TableName === 't-consent-history')
          return { Items: [{ recordId: 'h-1', ttl: 1_950_000_000 }] };
      }
      if (command instanceof GetCommand) return { Item: { customerId: 'c-1' } };
      if (
        command instanceof BatchWriteCommand ||
        command instanceof UpdateCommand ||
        command instanceof PutCommand
      ) {
        return {};
      }
      throw new Error(`unexpected ${command.constructor.name}`);
    });
    const deps = createDynamoErasureDeps(fake.client, TABLES, { retry: NO_WAIT, newId: () => 'e-7' });
    const report = await eraseCustomer(
      { customerId: 'c-1', requestedBy: 'officer', now: new Date('2026-07-10T08:00:00Z') },
      deps,
    );
    expect(new Set(fake.sent.map((s) => s.name))).toEqual(
      new Set(['QueryCommand', 'GetCommand', 'BatchWriteCommand', 'UpdateCommand', 'PutCommand']),
    );
    expect(report.kept.map((k) => [k.kind, k.count])).toEqual([
      ['consentHistory', 1],
      ['decisionEmitted', 1],
    ]);
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
      't-audit',
    ]);
  });
});

describe('the erasure environment', () => {
  it('names every table variable that is missing', () => {
    const result = ErasureTablesEnv.safeParse({ CUSTOMERS_TABLE: 'c' });
    expect(result.success).toBe(false);
    const missing = result.error?.issues.map((i) => i.path.join('.')).sort();
    expect(missing).toEqual([
      'AUDIT_ACCESS_LOG_TABLE',
      'AUDIT_TABLE',
      'CONSENT_HISTORY_TABLE',
      'CONTACT_POLICY_TABLE',
      'ERASURE_LOG_TABLE',
      'OFFERS_TABLE',
      'OFFER_EVENTS_TABLE',
    ]);
  });

  it('maps the variables to table names', () => {
    const env = ErasureTablesEnv.parse({
      CUSTOMERS_TABLE: 'a',
      CONTACT_POLICY_TABLE: 'b',
      AUDIT_TABLE: 'c',
      OFFERS_TABLE: 'd',
      OFFER_EVENTS_TABLE: 'e',
      CONSENT_HISTORY_TABLE: 'f',
      ERASURE_LOG_TABLE: 'g',
      AUDIT_ACCESS_LOG_TABLE: 'h',
    });
    expect(erasureTablesFrom(env)).toEqual({
      customers: 'a',
      contactPolicy: 'b',
      audit: 'c',
      offers: 'd',
      offerEvents: 'e',
      consentHistory: 'f',
      accessLog: 'h',
      erasureLog: 'g',
    });
  });
});

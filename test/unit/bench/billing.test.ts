import { describe, expect, it } from 'vitest';
import {
  attributeValueSize,
  BillingMeter,
  billRead,
  billWrite,
  itemSize,
  readUnits,
  writeUnits,
} from '#bench/billing.js';
import type { TableDefinition } from '#infra/definitions/types.js';

/**
 * The billing meter's rules against AWS's documentation (developer guide, "DynamoDB item sizes and
 * formats" and "DynamoDB read and write operations").
 */

const key = (name: string) => ({ name, type: 'S' as const });
const TABLES = new Map<string, TableDefinition>([
  ['plain', { name: 'plain', envVar: 'T', purpose: '', partitionKey: key('id'), holdsCustomerData: true }],
  [
    'indexed-phys',
    {
      name: 'indexed',
      envVar: 'U',
      purpose: '',
      partitionKey: key('id'),
      holdsCustomerData: true,
      globalIndexes: [
        { indexName: 'byA', partitionKey: key('a'), projection: 'ALL' },
        { indexName: 'byB', partitionKey: key('b'), sortKey: key('t'), projection: 'KEYS_ONLY' },
      ],
    },
  ],
]);

describe('item size by DynamoDB’s rules', () => {
  it('strings: UTF-8 bytes of name and value', () => {
    expect(itemSize({ id: { S: 'abc' } })).toBe(2 + 3);
    expect(itemSize({ naam: { S: 'één' } })).toBe(4 + 5);
  });

  it('numbers: 1 byte per two significant digits + 1, leading and trailing zeros trimmed', () => {
    expect(attributeValueSize({ N: '27' })).toBe(2);
    expect(attributeValueSize({ N: '123' })).toBe(3);
    expect(attributeValueSize({ N: '1786694400' })).toBe(5);
    expect(attributeValueSize({ N: '-0.00125' })).toBe(3);
  });

  it('binary: raw bytes (not base64); null and boolean: 1 byte', () => {
    expect(attributeValueSize({ B: new Uint8Array(32) })).toBe(32);
    expect(attributeValueSize({ BOOL: true })).toBe(1);
    expect(attributeValueSize({ NULL: true })).toBe(1);
  });

  it('lists and maps: 3 bytes of overhead, 1 per element, and the elements (a map element’s name counts)', () => {
    expect(itemSize({ l: { L: [] } })).toBe(1 + 3);
    expect(itemSize({ m: { M: {} } })).toBe(1 + 3);
    expect(attributeValueSize({ L: [{ S: 'ab' }, { N: '1' }] })).toBe(3 + (1 + 2) + (1 + 2));
    expect(attributeValueSize({ M: { gate: { S: 'consent' }, passed: { BOOL: true } } })).toBe(
      3 + (1 + 4 + 7) + (1 + 6 + 1),
    );
  });

  it('sets: the sum of their members', () => {
    expect(attributeValueSize({ SS: ['a', 'bc'] })).toBe(3);
  });
});

describe('units by DynamoDB’s rules', () => {
  it('writes: 1 KB per unit, rounded up; at least one', () => {
    expect(writeUnits(500)).toBe(1);
    expect(writeUnits(1024)).toBe(1);
    expect(writeUnits(1025)).toBe(2);
    expect(writeUnits(3_500)).toBe(4);
  });

  it('reads: a 3,500-byte item is one unit strongly consistent; 8 KB two, one eventually consistent', () => {
    expect(readUnits(3_500, true)).toBe(1);
    expect(readUnits(8_192, true)).toBe(2);
    expect(readUnits(8_192, false)).toBe(1);
  });

  it('BatchGetItem bills each item as a GetItem: 1.5 KB + 6.5 KB is 12 KB, three units; a missing key the minimum', () => {
    const item = (bytes: number) => ({ id: 'x'.repeat(bytes - 4) }); // "id" + value, "x…" 2 bytes short
    const charges = billRead(
      'BatchGetItemCommand',
      { RequestItems: { plain: { Keys: [{}, {}, {}], ConsistentRead: true } } },
      { Responses: { plain: [item(1_536), item(6_656)] } },
      TABLES,
    );
    expect(charges).toEqual([{ table: 'plain', operation: 'BatchGetItem', wru: 0, rru: 3 + 1 }]);
  });
});

describe('billWrite', () => {
  const small = { id: { S: 'k' }, ttl: { N: '1786694400' }, decidedAt: { S: '2026-07-10T08:00:00.000Z' } };

  it('a PutItem: one unit per started KB, and the item as stored with its TTL in days', () => {
    const { charges, stored } = billWrite('PutItemCommand', { TableName: 'plain', Item: small }, TABLES);
    expect(charges).toEqual([{ table: 'plain', operation: 'PutItem', wru: 1, rru: 0 }]);
    expect(stored).toEqual([{ table: 'plain', bytes: itemSize(small), copies: 0, days: 35 }]);
    const big = { id: { S: 'x'.repeat(2_000) } };
    expect(billWrite('PutItemCommand', { TableName: 'plain', Item: big }, TABLES).charges[0]?.wru).toBe(2);
  });

  it('a transaction: twice the units of every item, ConditionCheck included', () => {
    const { charges } = billWrite(
      'TransactWriteItemsCommand',
      {
        TransactItems: [
          { Put: { TableName: 'plain', Item: small } },
          { ConditionCheck: { TableName: 'plain', Key: { id: { S: 'c' } } } },
          { Update: { TableName: 'plain', Key: { id: { S: 'u' } } } },
        ],
      },
      TABLES,
    );
    expect(charges.map((c) => c.wru)).toEqual([2, 2, 2]);
    expect(charges[1]?.operation).toBe('TransactWriteItems (ConditionCheck)');
  });

  it('one write per global index the item carries the keys of, named by definition', () => {
    const inBoth = { id: { S: 'k' }, a: { S: 'x' }, b: { S: 'y' }, t: { S: 'z' } };
    const inNone = { id: { S: 'k' }, b: { S: 'y' } };
    const both = billWrite('PutItemCommand', { TableName: 'indexed-phys', Item: inBoth }, TABLES);
    expect(both.charges).toEqual([
      { table: 'indexed', operation: 'PutItem', wru: 1, rru: 0 },
      { table: 'indexed (indexes)', operation: 'PutItem', wru: 2, rru: 0 },
    ]);
    expect(both.stored[0]?.copies).toBe(2);
    expect(
      billWrite('PutItemCommand', { TableName: 'indexed-phys', Item: inNone }, TABLES).charges,
    ).toHaveLength(1);
  });
});

describe('BillingMeter', () => {
  it('sums by table and operation; byte-days are (size + 100 B) × (1 + index copies) × days', () => {
    const meter = new BillingMeter([...TABLES.values()]);
    meter.charges.push(
      { table: 'plain', operation: 'PutItem', wru: 1, rru: 0 },
      { table: 'plain', operation: 'BatchGetItem', wru: 0, rru: 2 },
      { table: 'other', operation: 'PutItem', wru: 3, rru: 0 },
    );
    meter.stored.push(
      { table: 'plain', bytes: 400, copies: 1, days: 10 },
      { table: 'plain', bytes: 1, copies: 0 },
    );
    expect(meter.total('wru')).toBe(4);
    expect(meter.total('rru')).toBe(2);
    expect(meter.sum((c) => c.operation, 'wru')).toEqual(new Map([['PutItem', 4]]));
    expect(meter.byteDays('plain')).toBe(500 * 2 * 10);
  });
});

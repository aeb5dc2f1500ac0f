import type { BatchWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoCustomerStateReader } from '#adapters/dynamodb/customer-state-reader.js';
import { customerItems, writeCustomers } from '#adapters/dynamodb/customer-writer.js';
import { InfrastructureError } from '#shared/errors.js';
import { consent, traveller } from '#test/support/builders.js';
import { fakeDocumentClient } from '#test/support/fake-aws.js';
import { FakeDynamoTables, TABLE_KEYS, TABLES } from '#test/support/fake-dynamo-tables.js';

describe('customerItems', () => {
  it('is a PROFILE item (birth date, holdings, flags) and a CONSENTS item (the records)', () => {
    const customer = traveller('c-1', { flags: ['financial-difficulty'] });
    expect(customerItems(customer)).toEqual([
      {
        customerId: 'c-1',
        sk: 'PROFILE',
        birthDate: '1990-04-01',
        holdings: ['current-account', 'travel-insurance-europe'],
        flags: ['financial-difficulty'],
      },
      { customerId: 'c-1', sk: 'CONSENTS', records: customer.consents },
    ]);
  });

  it('leaves the birth date out entirely when it is unknown', () => {
    const { birthDate: _, ...withoutBirthDate } = traveller('c-1');
    const [profile] = customerItems(withoutBirthDate);
    expect(profile).not.toHaveProperty('birthDate');
  });
});

describe('writeCustomers', () => {
  it('writes both items of every customer to the customers table, 25 per call', async () => {
    const tables = new FakeDynamoTables({ keys: TABLE_KEYS });
    const fake = fakeDocumentClient(tables.respond);
    const customers = Array.from({ length: 13 }, (_, i) => traveller(`c-${i}`));
    await writeCustomers(fake.client, TABLES, customers);

    const writes = fake.inputsOf<BatchWriteCommandInput>('BatchWriteCommand');
    expect(writes.map((w) => Object.keys(w.RequestItems ?? {}))).toEqual([
      [TABLES.customers],
      [TABLES.customers],
    ]);
    expect(writes.map((w) => w.RequestItems?.[TABLES.customers]?.length)).toEqual([25, 1]);
    expect(tables.items(TABLES.customers)).toHaveLength(26);
  });

  it('round-trips: what it writes, the state reader reads back unchanged', async () => {
    const tables = new FakeDynamoTables({ keys: TABLE_KEYS });
    const fake = fakeDocumentClient(tables.respond);
    const { birthDate: _, ...unknownAge } = traveller('c-2', {
      holdings: [],
      consents: [consent('granted'), consent('withdrawn', 'transaction-offers', '2026-03-01T12:00:00+01:00')],
    });
    const customers = [traveller('c-1', { flags: ['deceased'] }), unknownAge];
    await writeCustomers(fake.client, TABLES, customers);

    const reader = new DynamoCustomerStateReader(fake.client, TABLES, { attempts: 1, baseDelayMs: 0 });
    const snapshots = await reader.loadMany(['c-1', 'c-2']);
    expect(snapshots.get('c-1')?.customer).toEqual(customers[0]);
    expect(snapshots.get('c-2')?.customer).toEqual(customers[1]);
  });

  it('throws rather than leaving a load silently incomplete', async () => {
    const tables = new FakeDynamoTables({
      keys: TABLE_KEYS,
      unprocessed: (_, item) => item.customerId === 'c-1' && item.sk === 'CONSENTS',
    });
    const fake = fakeDocumentClient(tables.respond);
    const error = await writeCustomers(fake.client, TABLES, [traveller('c-0'), traveller('c-1')]).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InfrastructureError);
    expect((error as Error).message).toMatch(/^1 customer items could not be written/);
  });
});

import { BatchGetCommand, type BatchGetCommandInput } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoCustomerStateReader } from '#adapters/dynamodb/customer-state-reader.js';
import { customerItems } from '#adapters/dynamodb/customer-writer.js';
import type { RetryPolicy } from '#adapters/dynamodb/retry.js';
import { emptyContactState } from '#core/contact-policy.js';
import type { CustomerState } from '#core/customer.js';
import { CustomerStateUnavailableError } from '#shared/errors.js';
import { consent, traveller } from '#test/support/builders.js';
import { fakeDocumentClient } from '#test/support/fake-aws.js';
import { FakeDynamoTables, TABLE_KEYS, TABLES } from '#test/support/fake-dynamo-tables.js';

const FAST: RetryPolicy = { attempts: 3, baseDelayMs: 0 };

function setup(unprocessed?: ConstructorParameters<typeof FakeDynamoTables>[0]['unprocessed']) {
  const tables = new FakeDynamoTables({ keys: TABLE_KEYS, ...(unprocessed ? { unprocessed } : {}) });
  const fake = fakeDocumentClient(tables.respond);
  const reader = new DynamoCustomerStateReader(fake.client, TABLES, FAST);
  const batchGets = () => fake.inputsOf<BatchGetCommandInput>('BatchGetCommand');
  return { tables, fake, reader, batchGets };
}

function store(tables: FakeDynamoTables, customer: CustomerState): void {
  for (const item of customerItems(customer)) tables.put(TABLES.customers, item);
}

const keyCount = (input: BatchGetCommandInput) =>
  Object.values(input.RequestItems ?? {}).reduce((n, entry) => n + (entry.Keys?.length ?? 0), 0);

const ids = (n: number) => Array.from({ length: n }, (_, i) => `c-${String(i).padStart(3, '0')}`);

describe('DynamoCustomerStateReader.loadMany', () => {
  it('asks for profile, consents and contact state of every customer, with consistent reads, in one call', async () => {
    const { reader, batchGets } = setup();
    await reader.loadMany(['c-1', 'c-2']);
    expect(batchGets()).toEqual([
      {
        RequestItems: {
          [TABLES.customers]: {
            Keys: [
              { customerId: 'c-1', sk: 'PROFILE' },
              { customerId: 'c-1', sk: 'CONSENTS' },
              { customerId: 'c-2', sk: 'PROFILE' },
              { customerId: 'c-2', sk: 'CONSENTS' },
            ],
            ConsistentRead: true,
          },
          [TABLES.contactPolicy]: {
            Keys: [{ customerId: 'c-1' }, { customerId: 'c-2' }],
            ConsistentRead: true,
          },
        },
      },
    ]);
  });

  it('assembles the stored items into customer state and contact state (stored extras like ttl dropped)', async () => {
    const { tables, reader } = setup();
    const customer = traveller('c-1', {
      flags: ['vulnerable'],
      consents: [consent('granted'), consent('objected', 'direct-marketing', '2026-02-01T09:00:00+01:00')],
    });
    store(tables, customer);
    tables.put(TABLES.contactPolicy, {
      customerId: 'c-1',
      version: 4,
      emissions: [{ offerId: 'credit-card', at: '2026-07-01T10:00:00+02:00' }],
      cooldownUntil: { 'savings-account': '2026-09-01T00:00:00Z' },
      ttl: 1_900_000_000,
    });

    const snapshots = await reader.loadMany(['c-1']);
    expect(snapshots.get('c-1')).toEqual({
      customer,
      contact: {
        customerId: 'c-1',
        version: 4,
        emissions: [{ offerId: 'credit-card', at: '2026-07-01T10:00:00+02:00' }],
        cooldownUntil: { 'savings-account': '2026-09-01T00:00:00Z' },
      },
      consentsRevision: 0,
    });
  });

  it('returns the consents revision the decision must still find when it commits an offer', async () => {
    const { tables, reader } = setup();
    store(tables, traveller('c-1'));
    const consents = tables.get(TABLES.customers, { customerId: 'c-1', sk: 'CONSENTS' }) ?? {};
    tables.put(TABLES.customers, { ...consents, revision: 7 });
    expect((await reader.loadMany(['c-1'])).get('c-1')?.consentsRevision).toBe(7);
    tables.put(TABLES.customers, { ...consents, revision: 'seven' });
    await expect(reader.loadMany(['c-1'])).rejects.toThrow(/revision/);
  });

  it('answers every customer asked for: undefined customer and empty contact state when nothing is stored', async () => {
    const { tables, reader } = setup();
    store(tables, traveller('c-known'));
    const snapshots = await reader.loadMany(['c-known', 'c-unknown']);
    expect([...snapshots.keys()].sort()).toEqual(['c-known', 'c-unknown']);
    expect(snapshots.get('c-unknown')).toEqual({
      customer: undefined,
      contact: emptyContactState('c-unknown'),
      consentsRevision: 0,
    });
    expect(snapshots.get('c-known')?.contact).toEqual(emptyContactState('c-known'));
  });

  it('builds a customer from a profile alone (no consents: never asked) or consents alone (no holdings)', async () => {
    const { tables, reader } = setup();
    const [profile] = customerItems(traveller('c-profile'));
    const [, consents] = customerItems(traveller('c-consents'));
    if (profile === undefined || consents === undefined) throw new Error('customerItems changed shape');
    tables.put(TABLES.customers, profile);
    tables.put(TABLES.customers, consents);

    const snapshots = await reader.loadMany(['c-profile', 'c-consents']);
    expect(snapshots.get('c-profile')?.customer).toEqual({ ...traveller('c-profile'), consents: [] });
    expect(snapshots.get('c-consents')?.customer).toEqual({
      customerId: 'c-consents',
      holdings: [],
      flags: [],
      consents: traveller('c-consents').consents,
    });
    expect(snapshots.get('c-consents')?.customer).not.toHaveProperty('birthDate');
  });

  it('asks for each customer once, however often the id is given', async () => {
    const { reader, batchGets } = setup();
    const snapshots = await reader.loadMany(['c-1', 'c-1', 'c-2', 'c-1']);
    expect(snapshots.size).toBe(2);
    expect(batchGets().map(keyCount)).toEqual([6]);
  });

  it('makes no call for no customers', async () => {
    const { reader, fake } = setup();
    expect((await reader.loadMany([])).size).toBe(0);
    expect(fake.sent).toHaveLength(0);
  });

  it.each([
    [33, [99]],
    [34, [100, 2]],
    [67, [100, 100, 1]],
  ])('chunks %i customers (3 keys each) at 100 keys per call: %j', async (customers, chunks) => {
    const { tables, reader, batchGets } = setup();
    const all = ids(customers);
    for (const id of all) store(tables, traveller(id));
    const snapshots = await reader.loadMany(all);

    expect(batchGets().map(keyCount)).toEqual(chunks);
    // Every key asked exactly once, and every customer assembled, also those split across two calls.
    const asked = batchGets().flatMap((input) =>
      Object.entries(input.RequestItems ?? {}).flatMap(([table, entry]) =>
        (entry.Keys ?? []).map((k) => `${table}/${String(k.customerId)}/${String(k.sk ?? '')}`),
      ),
    );
    expect(new Set(asked).size).toBe(customers * 3);
    expect(asked).toHaveLength(customers * 3);
    for (const id of all) expect(snapshots.get(id)?.customer).toEqual(traveller(id));
  });

  it('retries unprocessed keys, asking again for exactly those, and merges the answers', async () => {
    const { tables, reader, batchGets } = setup(
      (table, _key, call) => table === TABLES.contactPolicy && call === 0,
    );
    store(tables, traveller('c-1'));
    tables.put(TABLES.contactPolicy, { customerId: 'c-1', version: 2, emissions: [], cooldownUntil: {} });

    const snapshots = await reader.loadMany(['c-1', 'c-2']);
    expect(batchGets()).toHaveLength(2);
    expect(batchGets()[1]).toEqual({
      RequestItems: {
        [TABLES.contactPolicy]: {
          Keys: [{ customerId: 'c-1' }, { customerId: 'c-2' }],
          ConsistentRead: true,
        },
      },
    });
    expect(snapshots.get('c-1')).toEqual({
      customer: traveller('c-1'),
      contact: { customerId: 'c-1', version: 2, emissions: [], cooldownUntil: {} },
      consentsRevision: 0,
    });
  });

  it('keeps retrying while DynamoDB makes progress, within the attempts', async () => {
    // Each call processes one more key of the contact table than the last one.
    const { tables, reader, batchGets } = setup(
      (table, key, call) => table === TABLES.contactPolicy && Number(String(key.customerId).slice(2)) > call,
    );
    const all = ids(3);
    for (const id of all) store(tables, traveller(id));
    const snapshots = await reader.loadMany(all);
    expect(batchGets().map(keyCount)).toEqual([9, 2, 1]);
    expect(snapshots.size).toBe(3);
  });

  it('fails closed when keys are still unprocessed after the attempts', async () => {
    const { tables, reader, batchGets } = setup((table) => table === TABLES.contactPolicy);
    store(tables, traveller('c-1'));
    await expect(reader.loadMany(['c-1'])).rejects.toBeInstanceOf(CustomerStateUnavailableError);
    expect(batchGets()).toHaveLength(FAST.attempts);
  });

  it('fails closed when the call fails, keeping the cause', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), {
      name: 'ProvisionedThroughputExceededException',
    });
    const fake = fakeDocumentClient(() => {
      throw throttled;
    });
    const reader = new DynamoCustomerStateReader(fake.client, TABLES, FAST);
    const error = await reader.loadMany(['c-1']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CustomerStateUnavailableError);
    expect((error as Error).cause).toBe(throttled);
    expect(fake.sent).toHaveLength(1);
  });

  it('fails closed when a later chunk fails, even though an earlier one was read', async () => {
    const fake = fakeDocumentClient((command, index) => {
      if (!(command instanceof BatchGetCommand)) throw new Error('unexpected command');
      if (index === 1) throw new Error('connection reset');
      return { Responses: {}, UnprocessedKeys: {} };
    });
    const reader = new DynamoCustomerStateReader(fake.client, TABLES, FAST);
    await expect(reader.loadMany(ids(40))).rejects.toBeInstanceOf(CustomerStateUnavailableError);
  });

  it.each([
    ['a malformed product code in holdings', { holdings: ['Yacht Insurance'] }],
    ['an unknown flag', { flags: ['vip'] }],
    ['a malformed birth date', { birthDate: '01-04-1990' }],
  ])('fails closed on a stored profile with %s', async (_, patch) => {
    const { tables, reader } = setup();
    const [profile, consents] = customerItems(traveller('c-1'));
    tables.put(TABLES.customers, { ...profile, ...patch });
    if (consents) tables.put(TABLES.customers, consents);
    await expect(reader.loadMany(['c-1'])).rejects.toBeInstanceOf(CustomerStateUnavailableError);
  });

  it('reads a stored profile holding a product the catalog does not know (it matches nothing)', async () => {
    const { tables, reader } = setup();
    const [profile, consents] = customerItems(traveller('c-1'));
    tables.put(TABLES.customers, { ...profile, holdings: ['current-account', 'yacht-insurance'] });
    if (consents) tables.put(TABLES.customers, consents);
    const loaded = await reader.loadMany(['c-1']);
    expect(loaded.get('c-1')?.customer?.holdings).toEqual(['current-account', 'yacht-insurance']);
  });

  it('fails closed on a stored consent record that does not validate', async () => {
    const { tables, reader } = setup();
    tables.put(TABLES.customers, {
      customerId: 'c-1',
      sk: 'CONSENTS',
      records: [{ purpose: 'transaction-offers', status: 'maybe', at: '2026-01-10T10:00:00Z' }],
    });
    await expect(reader.loadMany(['c-1'])).rejects.toBeInstanceOf(CustomerStateUnavailableError);
  });

  it.each([
    ['without a version', { emissions: [] }],
    ['with a negative version', { version: -1 }],
    ['with emissions that are not a list', { version: 1, emissions: 'credit-card' }],
  ])('fails closed on a stored contact state %s', async (_, fields) => {
    const { tables, reader } = setup();
    tables.put(TABLES.contactPolicy, { customerId: 'c-1', ...fields });
    await expect(reader.loadMany(['c-1'])).rejects.toBeInstanceOf(CustomerStateUnavailableError);
  });

  it('does not let one customer’s corrupt state pass for the others: the whole read fails', async () => {
    const { tables, reader } = setup();
    store(tables, traveller('c-good'));
    tables.put(TABLES.customers, { customerId: 'c-bad', sk: 'PROFILE', holdings: 'all of them', flags: [] });
    await expect(reader.loadMany(['c-good', 'c-bad'])).rejects.toBeInstanceOf(CustomerStateUnavailableError);
  });
});

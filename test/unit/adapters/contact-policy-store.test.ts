import { GetCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DynamoContactPolicyStore, type StoredContact } from '#adapters/dynamodb/contact-policy-store.js';
import { type ContactState, emptyContactState } from '#core/contact-policy.js';
import { CustomerStateUnavailableError } from '#shared/errors.js';
import { RETENTION_DAYS } from '#shared/retention.js';
import { fakeDocumentClient } from '#test/support/fake-aws.js';

type Update = NonNullable<NonNullable<TransactWriteCommandInput['TransactItems']>[number]['Update']>;

const TABLE = 'contact-policy';
const DAY_S = 86_400;
const NOW = new Date('2026-07-10T08:00:00.000Z');
const epoch = (iso: string) => Math.floor(Date.parse(iso) / 1000);

function store(respond: (command: object) => unknown = () => ({})) {
  const fake = fakeDocumentClient(respond);
  return { fake, store: new DynamoContactPolicyStore(fake.client, TABLE) };
}

const state = (overrides: Partial<ContactState> = {}): ContactState => ({
  ...emptyContactState('c-1'),
  version: 4,
  emissions: [{ offerId: 'credit-card', at: '2026-07-01T10:00:00Z', decidedAt: '2026-07-01T10:00:01Z' }],
  cooldownUntil: { 'savings-account': '2026-08-01T00:00:00.000Z' },
  ...overrides,
});

describe('DynamoContactPolicyStore: reading', () => {
  it('no item is the empty state at version 0', () => {
    expect(store().store.parse('c-1', undefined)).toEqual({
      valid: true,
      stored: { state: emptyContactState('c-1') },
    });
  });

  it('an item is the state of the customer asked for, with its TTL; missing lists are empty', () => {
    const { store: contacts } = store();
    const item = { ...state(), ttl: 1_900_000_000 };
    expect(contacts.parse('c-1', item)).toEqual({
      valid: true,
      stored: { state: state(), ttl: 1_900_000_000 },
    });
    expect(contacts.parse('c-1', { customerId: 'c-1', version: 2 })).toEqual({
      valid: true,
      stored: { state: { customerId: 'c-1', version: 2, emissions: [], cooldownUntil: {} } },
    });
  });

  it('refuses an item that does not validate, naming the fields and no value (fail closed)', () => {
    const { store: contacts } = store();
    const corrupt = {
      version: 'x',
      emissions: [{ offerId: 'credit-card', at: 'yesterday' }],
      cooldownUntil: { 'savings-account': 'until further notice' },
    };
    const parsed = contacts.parse('c-1', corrupt);
    expect(parsed.valid).toBe(false);
    const problem = parsed.valid ? '' : parsed.problem;
    expect(problem).toContain('version');
    expect(problem).toContain('emissions.0.at');
    expect(problem).toContain('cooldownUntil.savings-account');
    expect(problem).not.toContain('yesterday');
    expect(problem).not.toContain('until further notice');
  });

  it('reads the item by its key, strongly consistent', async () => {
    const { fake, store: contacts } = store((cmd) => (cmd instanceof GetCommand ? { Item: state() } : {}));
    expect(await contacts.read('c-1')).toEqual({ valid: true, stored: { state: state() } });
    expect(fake.sent).toEqual([
      { name: 'GetCommand', input: { TableName: TABLE, Key: { customerId: 'c-1' }, ConsistentRead: true } },
    ]);
  });
});

describe('DynamoContactPolicyStore: the decision commit', () => {
  it('puts the whole state as the next version, conditional on the version read', () => {
    const put = store().store.commitPut(state(), 4).Put;
    expect(put).toEqual({
      TableName: TABLE,
      Item: {
        customerId: 'c-1',
        version: 5,
        emissions: state().emissions,
        cooldownUntil: state().cooldownUntil,
        // From the furthest instant it remembers (the cooldown), kept a year.
        ttl: epoch('2026-08-01T00:00:00.000Z') + RETENTION_DAYS.contactPolicy * DAY_S,
      },
      ConditionExpression: '#version = :read',
      ExpressionAttributeNames: { '#version': 'version' },
      ExpressionAttributeValues: { ':read': 4 },
    });
  });

  it('takes the later of the two time lines for the TTL', () => {
    const late = state({
      emissions: [
        { offerId: 'credit-card', at: '2026-09-01T10:00:00+02:00', decidedAt: '2026-07-01T00:00:00Z' },
      ],
      cooldownUntil: {},
    });
    expect(store().store.commitPut(late, 1).Put?.Item?.ttl).toBe(
      epoch('2026-09-01T08:00:00Z') + RETENTION_DAYS.contactPolicy * DAY_S,
    );
  });

  it('version 0 (nothing read): the item must not exist, or still be at version 0', () => {
    const put = store().store.commitPut(emptyContactState('c-1'), 0).Put;
    expect(put?.Item?.version).toBe(1);
    expect(put?.ConditionExpression).toBe('attribute_not_exists(customerId) OR #version = :read');
    expect(put?.ExpressionAttributeValues).toEqual({ ':read': 0 });
  });
});

describe('DynamoContactPolicyStore: the feedback update', () => {
  const stored = (overrides: Partial<ContactState> = {}, ttl?: number): StoredContact =>
    ttl === undefined ? { state: state(overrides) } : { state: state(overrides), ttl };
  const dismissedAt = '2026-07-10T07:00:00.000Z';
  const dismissedState = (overrides: Partial<ContactState> = {}): ContactState => ({
    ...state(overrides),
    cooldownUntil: { ...state(overrides).cooldownUntil, 'credit-card': '2026-10-08T07:00:00.000Z' },
    dismissals: [dismissedAt],
  });

  it('sets every attribute of the new state and bumps the version read, conditional on it', () => {
    const update = store().store.feedbackUpdate(stored(), dismissedState(), NOW).Update;
    expect(update).toMatchObject({
      TableName: TABLE,
      Key: { customerId: 'c-1' },
      ConditionExpression: '#version = :read',
    });
    expect(update?.UpdateExpression).toBe('SET #version = :next, #s0 = :s0, #s1 = :s1, #s2 = :s2, #s3 = :s3');
    expect(update?.ExpressionAttributeNames).toEqual({
      '#version': 'version',
      '#s0': 'emissions',
      '#s1': 'cooldownUntil',
      '#s2': 'dismissals',
      '#s3': 'ttl',
    });
    expect(update?.ExpressionAttributeValues).toEqual({
      ':read': 4,
      ':next': 5,
      ':s0': state().emissions,
      ':s1': dismissedState().cooldownUntil,
      ':s2': [dismissedAt],
      // From the furthest instant it remembers (the new cooldown), kept a year.
      ':s3': epoch('2026-10-08T07:00:00.000Z') + RETENTION_DAYS.contactPolicy * DAY_S,
    });
  });

  it('never shortens the TTL the item had; a year from the recording at least', () => {
    const farTtl = epoch('2028-01-01T00:00:00Z');
    const kept = store().store.feedbackUpdate(stored({}, farTtl), dismissedState(), NOW).Update;
    expect(kept?.ExpressionAttributeValues?.[':s3']).toBe(farTtl);
    const old = { ...emptyContactState('c-1'), version: 1 };
    const recorded = store().store.feedbackUpdate({ state: old }, old, NOW).Update;
    expect(recorded?.ExpressionAttributeValues?.[':s2']).toBe(
      epoch(NOW.toISOString()) + RETENTION_DAYS.contactPolicy * DAY_S,
    );
  });

  it('creates the state of a customer who has none, in the shape evaluate-payments reads', () => {
    const { store: contacts } = store();
    const none = contacts.parse('c-9', undefined);
    if (!none.valid) throw new Error('no item is valid');
    const next = {
      ...none.stored.state,
      cooldownUntil: { 'credit-card': '2026-10-08T07:00:00.000Z' },
      dismissals: [dismissedAt],
    };
    const update = contacts.feedbackUpdate(none.stored, next, NOW).Update;
    expect(update?.Key).toEqual({ customerId: 'c-9' });
    expect(update?.ConditionExpression).toBe('attribute_not_exists(customerId) OR #version = :read');
    expect(update?.ExpressionAttributeValues).toMatchObject({ ':read': 0, ':next': 1 });
    // What the update leaves is what the reader accepts, and reads back as the state written.
    const written = writtenByUpdate('c-9', update);
    expect(contacts.parse('c-9', written)).toEqual({
      valid: true,
      stored: { state: { ...next, version: 1 }, ttl: written.ttl },
    });
  });
});

/** The item an update leaves on a customer without one: its key and every attribute it sets. */
function writtenByUpdate(customerId: string, update: Update | undefined): Record<string, unknown> {
  const names = update?.ExpressionAttributeNames ?? {};
  const values = update?.ExpressionAttributeValues ?? {};
  const item: Record<string, unknown> = { customerId, version: values[':next'] };
  for (const [placeholder, name] of Object.entries(names)) {
    if (placeholder.startsWith('#s')) item[name] = values[`:${placeholder.slice(1)}`];
  }
  return item;
}

describe('DynamoContactPolicyStore: no writer ever drops what the state holds', () => {
  const instant = fc
    .integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2027-12-31T00:00:00Z') })
    .map((ms) => new Date(ms).toISOString());
  const stateArb: fc.Arbitrary<ContactState> = fc.record(
    {
      customerId: fc.constant('c-1'),
      version: fc.integer({ min: 0, max: 50 }),
      emissions: fc.array(
        fc.record(
          {
            offerId: fc.constantFrom('credit-card', 'savings-account'),
            at: instant,
            decidedAt: instant,
            offerInstanceId: fc.constantFrom('o_1', 'o_2', 'o_3'),
            expiresAt: instant,
            endedAt: instant,
          },
          { requiredKeys: ['offerId', 'at'] },
        ),
        { maxLength: 4 },
      ),
      cooldownUntil: fc.dictionary(fc.constantFrom('credit-card', 'savings-account'), instant),
      dismissals: fc.array(instant, { maxLength: 4 }),
    },
    { requiredKeys: ['customerId', 'version', 'emissions', 'cooldownUntil'] },
  );

  it('commitPut and feedbackUpdate write every attribute: the item reads back as the state written', () => {
    const { store: contacts } = store();
    fc.assert(
      fc.property(stateArb, (next) => {
        const put = contacts.commitPut(next, next.version).Put?.Item;
        const fromPut = contacts.parse('c-1', put);
        expect(fromPut.valid && fromPut.stored.state).toEqual({ ...next, version: next.version + 1 });

        const update = contacts.feedbackUpdate({ state: next }, next, NOW).Update;
        const fromUpdate = contacts.parse('c-1', writtenByUpdate('c-1', update));
        expect(fromUpdate.valid && fromUpdate.stored.state).toEqual({ ...next, version: next.version + 1 });
        // Kept at least as long as the latest thing it remembers.
        const latest = Math.max(
          0,
          ...next.emissions.flatMap((e) => [e.at, e.decidedAt ?? e.at, e.endedAt ?? e.at].map(Date.parse)),
          ...Object.values(next.cooldownUntil).map(Date.parse),
          ...(next.dismissals ?? []).map(Date.parse),
        );
        expect(Number(put?.ttl) * 1000).toBeGreaterThanOrEqual(latest);
      }),
      { numRuns: 200 },
    );
  });
});

describe('DynamoContactPolicyStore: the dismissals for the banner API', () => {
  it('reads only the dismissals, strongly consistent; no item or no attribute: none', async () => {
    const dismissals = ['2026-07-01T00:00:00.000Z', '2026-07-02T00:00:00+02:00'];
    const { fake, store: contacts } = store((cmd) =>
      cmd instanceof GetCommand && cmd.input.Key?.customerId === 'c-1' ? { Item: { dismissals } } : {},
    );
    expect(await contacts.dismissals('c-1')).toEqual(dismissals);
    expect(await contacts.dismissals('c-2')).toEqual([]);
    expect(fake.sent[0]).toEqual({
      name: 'GetCommand',
      input: {
        TableName: TABLE,
        Key: { customerId: 'c-1' },
        ProjectionExpression: '#dismissals',
        ExpressionAttributeNames: { '#dismissals': 'dismissals' },
        ConsistentRead: true,
      },
    });
    const bare = store(() => ({ Item: {} }));
    expect(await bare.store.dismissals('c-1')).toEqual([]);
  });

  it('fails closed on dismissals that are not instants, or a failed read, naming no value', async () => {
    const corrupt = store(() => ({ Item: { dismissals: ['last tuesday'] } }));
    const error = await corrupt.store.dismissals('c-1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CustomerStateUnavailableError);
    expect(String(error)).not.toContain('last tuesday');
    const down = store(() => {
      throw new Error('throttled');
    });
    await expect(down.store.dismissals('c-1')).rejects.toBeInstanceOf(CustomerStateUnavailableError);
  });
});

import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoContactPolicyStore, type StoredContact } from '#adapters/dynamodb/contact-policy-store.js';
import { type ContactState, emptyContactState } from '#core/contact-policy.js';
import { RETENTION_DAYS } from '#shared/retention.js';
import { fakeDocumentClient } from '#test/support/fake-aws.js';

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

describe('DynamoContactPolicyStore: a dismissal', () => {
  const dismissal = { offerId: 'credit-card', until: '2026-10-08T07:00:00.000Z' };
  const stored = (overrides: Partial<ContactState> = {}, ttl?: number): StoredContact =>
    ttl === undefined ? { state: state(overrides) } : { state: state(overrides), ttl };

  it('sets the cooldown and bumps the version read, keeping the emissions', () => {
    const update = store().store.dismissalUpdate(stored(), dismissal, NOW).Update;
    expect(update).toMatchObject({
      TableName: TABLE,
      Key: { customerId: 'c-1' },
      ConditionExpression: '#version = :read',
    });
    expect(update?.UpdateExpression).toBe(
      'SET #version = :next, #cooldownUntil = :cooldowns, #emissions = if_not_exists(#emissions, :none), #ttl = :ttl',
    );
    expect(update?.ExpressionAttributeValues).toEqual({
      ':read': 4,
      ':next': 5,
      ':cooldowns': { 'savings-account': '2026-08-01T00:00:00.000Z', 'credit-card': dismissal.until },
      ':none': [],
      ':ttl': epoch(NOW.toISOString()) + RETENTION_DAYS.contactPolicy * DAY_S,
    });
  });

  it('never shortens a running cooldown, nor the TTL the item had', () => {
    const running = '2027-01-01T00:00:00+01:00';
    const farTtl = epoch('2028-01-01T00:00:00Z');
    const update = store().store.dismissalUpdate(
      stored({ cooldownUntil: { 'credit-card': running } }, farTtl),
      dismissal,
      NOW,
    ).Update;
    expect(update?.ExpressionAttributeValues?.[':cooldowns']).toEqual({ 'credit-card': running });
    expect(update?.ExpressionAttributeValues?.[':ttl']).toBe(farTtl);
  });

  it('lives at least as long as a cooldown longer than the retention', () => {
    const until = '2028-06-01T00:00:00.000Z';
    const update = store().store.dismissalUpdate(stored(), { offerId: 'credit-card', until }, NOW).Update;
    expect(update?.ExpressionAttributeValues?.[':ttl']).toBe(epoch(until));
  });

  it('creates the state of a customer who has none, in the shape evaluate-payments reads', () => {
    const { store: contacts } = store();
    const none = contacts.parse('c-9', undefined);
    if (!none.valid) throw new Error('no item is valid');
    const update = contacts.dismissalUpdate(none.stored, dismissal, NOW).Update;
    expect(update?.Key).toEqual({ customerId: 'c-9' });
    expect(update?.ConditionExpression).toBe('attribute_not_exists(customerId) OR #version = :read');
    expect(update?.ExpressionAttributeValues).toMatchObject({
      ':read': 0,
      ':next': 1,
      ':none': [],
      ':cooldowns': { 'credit-card': dismissal.until },
    });
    // What the update leaves is what the reader accepts.
    const written = {
      customerId: 'c-9',
      version: update?.ExpressionAttributeValues?.[':next'],
      cooldownUntil: update?.ExpressionAttributeValues?.[':cooldowns'],
      emissions: update?.ExpressionAttributeValues?.[':none'],
      ttl: update?.ExpressionAttributeValues?.[':ttl'],
    };
    expect(contacts.parse('c-9', written).valid).toBe(true);
  });
});

/** The banner API's offer-events store: one transaction per feedback, judged and conditional (issue 13). */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  type GetCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import {
  DynamoOfferEventsStore,
  OfferEventConflictError,
  OfferEventStoreError,
} from '#adapters/dynamodb/offer-events-store.js';
import type { RecordOfferEventCommand } from '#api/ports.js';
import { DEFAULT_DISMISSAL_PAUSE } from '#core/policy.js';
import { NOW } from '#test/support/builders.js';
import { fakeDocumentClient } from '#test/support/fake-aws.js';

const TABLES = { offerEvents: 'offer-events', offers: 'offers', contactPolicy: 'contact-policy' };
const NO_WAIT = { attempts: 3, retry: { attempts: 3, baseDelayMs: 0 } };

const EXPIRES = '2026-07-20T08:00:00.000Z';

const command = (overrides: Partial<RecordOfferEventCommand> = {}): RecordOfferEventCommand => ({
  customerId: 'c-1',
  offerId: 'worldwide-travel-cover',
  offerStatus: 'active',
  offerExpiresAt: EXPIRES,
  record: {
    offerInstanceId: 'o_1',
    eventId: 'e-1',
    type: 'dismissed',
    at: '2026-07-10T07:00:00.000Z',
    recordedAt: NOW.toISOString(),
  },
  effect: { cooldownDays: 90, pause: DEFAULT_DISMISSAL_PAUSE },
  now: NOW,
  ...overrides,
});

function cancelled(...codes: Array<string | { Code: string; Item: Record<string, unknown> }>) {
  return new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: codes.map((code) =>
      typeof code === 'string' ? { Code: code } : { Code: code.Code, Item: marshall(code.Item) },
    ),
  });
}

/** The input of the index-th command sent (failing the test if there was none). */
function inputAt<T>(sent: ReadonlyArray<{ input: unknown }>, index: number): T {
  const entry = sent[index];
  if (entry === undefined) throw new Error(`no command #${index} was sent`);
  return entry.input as T;
}

type Update = NonNullable<NonNullable<TransactWriteCommandInput['TransactItems']>[number]['Update']>;

const STORED_EVENT = {
  offerInstanceId: 'o_1',
  clientEventId: 'e-1',
  customerId: 'c-1',
  offerId: 'worldwide-travel-cover',
  type: 'dismissed',
  at: '2026-07-10T06:00:00.000Z',
  recordedAt: '2026-07-10T06:00:01.000Z',
  ttl: 1,
};
const STORED_RECORD = {
  offerInstanceId: 'o_1',
  eventId: 'e-1',
  type: 'dismissed',
  at: '2026-07-10T06:00:00.000Z',
  recordedAt: '2026-07-10T06:00:01.000Z',
};

/** The values of a contact-policy update by attribute name (the update names them through #s<i>). */
function setValues(update: Update): Record<string, unknown> {
  const names = update.ExpressionAttributeNames ?? {};
  const values = update.ExpressionAttributeValues ?? {};
  return Object.fromEntries(
    Object.entries(names)
      .filter(([placeholder]) => placeholder.startsWith('#s'))
      .map(([placeholder, name]) => [name, values[`:${placeholder.slice(1)}`]]),
  );
}

describe('DynamoOfferEventsStore', () => {
  it('writes the event, the offer status and the contact state after the dismissal in one transaction', async () => {
    const emission = {
      offerId: 'worldwide-travel-cover',
      at: '2026-07-05T08:00:00.000Z',
      offerInstanceId: 'o_1',
      expiresAt: EXPIRES,
    };
    const fake = fakeDocumentClient((cmd) => {
      if (cmd instanceof GetCommand) {
        return {
          Item: {
            version: 4,
            emissions: [emission],
            cooldownUntil: { 'savings-account': '2026-08-01T00:00:00.000Z' },
            ttl: 10,
          },
        };
      }
      return {};
    });
    const store = new DynamoOfferEventsStore(fake.client, TABLES, NO_WAIT);
    expect(await store.record(command())).toEqual({ outcome: 'recorded', record: command().record });

    expect(fake.sent.map((s) => s.name)).toEqual(['GetCommand', 'TransactWriteCommand']);
    expect(inputAt<GetCommandInput>(fake.sent, 0).ConsistentRead).toBe(true);
    const items = inputAt<TransactWriteCommandInput>(fake.sent, 1).TransactItems ?? [];
    expect(items).toHaveLength(3);
    expect(items[0]?.Put).toMatchObject({
      TableName: 'offer-events',
      Item: {
        offerInstanceId: 'o_1',
        clientEventId: 'e-1',
        customerId: 'c-1',
        offerId: 'worldwide-travel-cover',
        type: 'dismissed',
        at: '2026-07-10T07:00:00.000Z',
        recordedAt: NOW.toISOString(),
        ttl: Math.floor(NOW.getTime() / 1000) + 365 * 86_400,
      },
      ConditionExpression: 'attribute_not_exists(offerInstanceId)',
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
    expect(items[1]?.Update).toMatchObject({
      TableName: 'offers',
      Key: { customerId: 'c-1', offerInstanceId: 'o_1' },
      // Still active, and the expiry judged (the feedback's `at` is before it).
      ConditionExpression: '#status = :active AND #expiresAt = :expiresAt',
      ExpressionAttributeNames: { '#status': 'status', '#expiresAt': 'expiresAt', '#endedAt': 'dismissedAt' },
      ExpressionAttributeValues: {
        ':ended': 'dismissed',
        ':at': '2026-07-10T07:00:00.000Z',
        ':active': 'active',
        ':expiresAt': EXPIRES,
      },
    });
    const contact = items[2]?.Update as Update;
    expect(contact).toMatchObject({
      TableName: 'contact-policy',
      Key: { customerId: 'c-1' },
      ConditionExpression: '#version = :read',
    });
    expect(contact.ExpressionAttributeValues).toMatchObject({ ':read': 4, ':next': 5 });
    const at = '2026-07-10T07:00:00.000Z';
    expect(setValues(contact)).toEqual({
      // The emission of this offer instance ends: it frees an active-offer slot.
      emissions: [{ ...emission, endedAt: at }],
      cooldownUntil: {
        'savings-account': '2026-08-01T00:00:00.000Z',
        'worldwide-travel-cover': '2026-10-08T07:00:00.000Z',
      },
      dismissals: [at],
      ttl: Math.floor(Date.parse('2026-10-08T07:00:00.000Z') / 1000) + 365 * 86_400,
    });
  });

  it('clicked: the offer status and the ended emission; no cooldown, no dismissal', async () => {
    const fake = fakeDocumentClient((cmd) =>
      cmd instanceof GetCommand
        ? {
            Item: {
              version: 2,
              emissions: [
                { offerId: 'worldwide-travel-cover', at: '2026-07-05T08:00:00.000Z', offerInstanceId: 'o_1' },
              ],
            },
          }
        : {},
    );
    const clicked = command({ record: { ...command().record, type: 'clicked' } });
    await new DynamoOfferEventsStore(fake.client, TABLES, NO_WAIT).record(clicked);
    const items = inputAt<TransactWriteCommandInput>(fake.sent, 1).TransactItems ?? [];
    expect(items[1]?.Update?.ExpressionAttributeValues?.[':ended']).toBe('clicked');
    const values = setValues(items[2]?.Update as Update);
    expect(values.emissions).toEqual([
      {
        offerId: 'worldwide-travel-cover',
        at: '2026-07-05T08:00:00.000Z',
        offerInstanceId: 'o_1',
        endedAt: clicked.record.at,
      },
    ]);
    expect(values.cooldownUntil).toEqual({});
    expect(values).not.toHaveProperty('dismissals');
  });

  it('clicked on an offer whose emission the state does not know (written before issue 13): no contact write', async () => {
    const fake = fakeDocumentClient((cmd) =>
      cmd instanceof GetCommand
        ? {
            Item: {
              version: 2,
              emissions: [{ offerId: 'worldwide-travel-cover', at: '2026-07-05T08:00:00.000Z' }],
            },
          }
        : {},
    );
    const clicked = command({ record: { ...command().record, type: 'clicked' } });
    await new DynamoOfferEventsStore(fake.client, TABLES, NO_WAIT).record(clicked);
    const items = inputAt<TransactWriteCommandInput>(fake.sent, 1).TransactItems ?? [];
    expect(items.map((i) => i.Put?.TableName ?? i.Update?.TableName)).toEqual(['offer-events', 'offers']);
  });

  it('creates the contact-policy state when the customer has none, in the shape evaluate-payments reads', async () => {
    const fake = fakeDocumentClient(() => ({}));
    await new DynamoOfferEventsStore(fake.client, TABLES, NO_WAIT).record(command());
    const items = inputAt<TransactWriteCommandInput>(fake.sent, 1).TransactItems ?? [];
    const contact = items[2]?.Update as Update;
    expect(contact.ConditionExpression).toBe('attribute_not_exists(customerId) OR #version = :read');
    expect(contact.ExpressionAttributeValues).toMatchObject({ ':read': 0, ':next': 1 });
    expect(setValues(contact)).toMatchObject({
      emissions: [],
      cooldownUntil: { 'worldwide-travel-cover': '2026-10-08T07:00:00.000Z' },
      dismissals: ['2026-07-10T07:00:00.000Z'],
    });
  });

  it('never shortens a cooldown already running longer', async () => {
    const longer = '2027-01-01T00:00:00+01:00';
    const fake = fakeDocumentClient((cmd) =>
      cmd instanceof GetCommand
        ? { Item: { version: 1, cooldownUntil: { 'worldwide-travel-cover': longer } } }
        : {},
    );
    await new DynamoOfferEventsStore(fake.client, TABLES, NO_WAIT).record(command());
    const items = inputAt<TransactWriteCommandInput>(fake.sent, 1).TransactItems ?? [];
    expect(setValues(items[2]?.Update as Update).cooldownUntil).toEqual({ 'worldwide-travel-cover': longer });
  });

  it('shown: the event and a ConditionCheck that the offer is still active and unexpired; no reads', async () => {
    const fake = fakeDocumentClient(() => ({}));
    const shown = command({ record: { ...command().record, type: 'shown' } });
    await new DynamoOfferEventsStore(fake.client, TABLES, NO_WAIT).record(shown);
    expect(fake.sent.map((s) => s.name)).toEqual(['TransactWriteCommand']);
    const items = inputAt<TransactWriteCommandInput>(fake.sent, 0).TransactItems ?? [];
    expect(items).toHaveLength(2);
    expect(items[1]?.ConditionCheck).toEqual({
      TableName: 'offers',
      Key: { customerId: 'c-1', offerInstanceId: 'o_1' },
      ConditionExpression: '#status = :active AND #expiresAt = :expiresAt',
      ExpressionAttributeNames: { '#status': 'status', '#expiresAt': 'expiresAt' },
      ExpressionAttributeValues: { ':active': 'active', ':expiresAt': EXPIRES },
    });
  });

  it.each([
    ['withdrawn', EXPIRES, 'withdrawn'],
    ['dismissed', EXPIRES, 'dismissed'],
    ['clicked', EXPIRES, 'clicked'],
    ['active', '2026-07-10T07:00:00.000Z', 'expired'],
  ])(
    'an offer read as %s (expiring %s) is refused as %s: nothing written, only the event read',
    async (status, expiresAt, refusal) => {
      const fake = fakeDocumentClient(() => ({}));
      const outcome = await new DynamoOfferEventsStore(fake.client, TABLES, NO_WAIT).record(
        command({ offerStatus: status, offerExpiresAt: expiresAt }),
      );
      expect(outcome).toEqual({ outcome: 'refused', refusal });
      expect(fake.sent.map((s) => s.name)).toEqual(['GetCommand']);
      expect(inputAt<GetCommandInput>(fake.sent, 0)).toEqual({
        TableName: 'offer-events',
        Key: { offerInstanceId: 'o_1', clientEventId: 'e-1' },
        ConsistentRead: true,
      });
    },
  );

  it('a repeat of an event recorded while the offer was active is answered with its record, not refused', async () => {
    const fake = fakeDocumentClient(() => ({ Item: STORED_EVENT }));
    const outcome = await new DynamoOfferEventsStore(fake.client, TABLES, NO_WAIT).record(
      command({ offerStatus: 'dismissed' }),
    );
    expect(outcome).toEqual({ outcome: 'duplicate', record: STORED_RECORD });
    expect(fake.sent.map((s) => s.name)).toEqual(['GetCommand']);
  });

  it('a repeated event id: returns the stored record, changes nothing, does not retry', async () => {
    const fake = fakeDocumentClient((cmd) => {
      if (cmd instanceof TransactWriteCommand) {
        throw cancelled(
          { Code: 'ConditionalCheckFailed', Item: STORED_EVENT },
          'ConditionalCheckFailed',
          'None',
        );
      }
      return {};
    });
    const outcome = await new DynamoOfferEventsStore(fake.client, TABLES, NO_WAIT).record(command());
    expect(outcome).toEqual({ outcome: 'duplicate', record: STORED_RECORD });
    expect(fake.sent.filter((s) => s.name === 'TransactWriteCommand')).toHaveLength(1);
  });

  it('the offer ended between the read and the write: re-read, judged again, refused, nothing written', async () => {
    const fake = fakeDocumentClient((cmd) => {
      if (cmd instanceof TransactWriteCommand) throw cancelled('None', 'ConditionalCheckFailed', 'None');
      if (cmd instanceof GetCommand && cmd.input.TableName === 'offers') {
        return { Item: { status: 'dismissed', expiresAt: EXPIRES } };
      }
      return {};
    });
    const clicked = command({ record: { ...command().record, type: 'clicked' } });
    const outcome = await new DynamoOfferEventsStore(fake.client, TABLES, NO_WAIT).record(clicked);
    expect(outcome).toEqual({ outcome: 'refused', refusal: 'dismissed' });
    expect(fake.sent.filter((s) => s.name === 'TransactWriteCommand')).toHaveLength(1);
  });

  it('the offer is gone when re-read (TTL, erasure): not found', async () => {
    const fake = fakeDocumentClient((cmd) => {
      if (cmd instanceof TransactWriteCommand) throw cancelled('None', 'ConditionalCheckFailed');
      return {};
    });
    const shown = command({ record: { ...command().record, type: 'shown' } });
    expect(await new DynamoOfferEventsStore(fake.client, TABLES, NO_WAIT).record(shown)).toEqual({
      outcome: 'offer_not_found',
    });
  });

  it('re-reads and retries when the contact state changed meanwhile', async () => {
    let transactions = 0;
    const fake = fakeDocumentClient((cmd) => {
      if (cmd instanceof GetCommand) {
        const table = cmd.input.TableName;
        if (table === 'offers') return { Item: { status: 'active', expiresAt: EXPIRES } };
        return { Item: { version: transactions + 1, cooldownUntil: {} } };
      }
      transactions++;
      if (transactions === 1) throw cancelled('None', 'None', 'ConditionalCheckFailed');
      if (transactions === 2) throw cancelled('None', 'TransactionConflict', 'None');
      return {};
    });
    const outcome = await new DynamoOfferEventsStore(fake.client, TABLES, NO_WAIT).record(command());
    expect(outcome.outcome).toBe('recorded');
    const writes = fake.sent.filter((s) => s.name === 'TransactWriteCommand');
    expect(writes).toHaveLength(3);
    // The retry uses the version read again.
    const last = inputAt<TransactWriteCommandInput>(writes, 2).TransactItems ?? [];
    expect(last[2]?.Update?.ExpressionAttributeValues?.[':read']).toBe(3);
  });

  it('gives up after the attempts with a conflict error', async () => {
    const fake = fakeDocumentClient((cmd) => {
      if (cmd instanceof TransactWriteCommand) throw cancelled('None', 'None', 'ConditionalCheckFailed');
      return cmd instanceof GetCommand && cmd.input.TableName === 'offers'
        ? { Item: { status: 'active', expiresAt: EXPIRES } }
        : {};
    });
    await expect(
      new DynamoOfferEventsStore(fake.client, TABLES, NO_WAIT).record(command()),
    ).rejects.toBeInstanceOf(OfferEventConflictError);
    expect(fake.sent.filter((s) => s.name === 'TransactWriteCommand')).toHaveLength(3);
  });

  it('turns other failures into a store error without retrying', async () => {
    for (const failure of [new Error('network'), cancelled('None', 'ValidationError')]) {
      const fake = fakeDocumentClient((cmd) => {
        if (cmd instanceof TransactWriteCommand) throw failure;
        return {};
      });
      await expect(
        new DynamoOfferEventsStore(fake.client, TABLES, NO_WAIT).record(command()),
      ).rejects.toBeInstanceOf(OfferEventStoreError);
      expect(fake.sent.filter((s) => s.name === 'TransactWriteCommand')).toHaveLength(1);
    }
  });

  it('refuses contact-policy state it cannot read: a cooldown, dismissal or end that is not an instant (fail closed)', async () => {
    for (const item of [
      { version: 'x' },
      { version: 2, cooldownUntil: { 'credit-card': 'until further notice' } },
      { version: 2, dismissals: ['last tuesday'] },
      { version: 2, emissions: [{ offerId: 'credit-card', at: '2026-07-01T00:00:00Z', endedAt: 'never' }] },
    ]) {
      const fake = fakeDocumentClient((cmd) => (cmd instanceof GetCommand ? { Item: item } : {}));
      await expect(
        new DynamoOfferEventsStore(fake.client, TABLES, NO_WAIT).record(command()),
      ).rejects.toBeInstanceOf(OfferEventStoreError);
      expect(fake.sent.map((s) => s.name)).toEqual(['GetCommand']);
    }
  });
});

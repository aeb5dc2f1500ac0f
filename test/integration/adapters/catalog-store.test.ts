import { CreateTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoCatalogStore } from '#adapters/dynamodb/catalog-store.js';
import { seedChanges } from '#app/catalog-seed.js';
import { contentHash } from '#core/governance/content-hash.js';
import type { ItemChanges, ItemHistory, JsonObject } from '#core/governance/model.js';
import { documentClient } from '#functions/handler-kit/aws-clients.js';
import { app, tableByName } from '#infra/definitions.js';
import { createTableInput } from '#local/provision.js';
import { CATALOG_TABLE } from '#shared/catalog-table.js';
import { CatalogStoreError, InfrastructureError } from '#shared/errors.js';
import { DynamoHarness } from '#test/integration/support/dynamo-harness.js';
import { everyTable } from '#test/integration/support/tables.js';

const NOW = new Date('2026-11-30T12:00:00.000Z');
const LATER = '2026-11-30T13:00:00.000Z';
const NO_WAIT = { attempts: 5, baseDelayMs: 1 };

/** The changes of a draft of version `version` (transition `seq`) by a product team member. */
function draft(history: ItemHistory, content: JsonObject): ItemChanges {
  const version = (history.versions.at(-1)?.version ?? 0) + 1;
  const seq = (history.transitions.at(-1)?.seq ?? 0) + 1;
  const hash = contentHash(content);
  const by = 'arn:aws:iam::123456789012:role/product-team';
  return {
    versions: [
      {
        kind: history.kind,
        id: history.id,
        version,
        content,
        contentHash: hash,
        state: 'draft',
        author: by,
        editors: [],
        origin: 'authored',
        createdAt: LATER,
        updatedAt: LATER,
      },
    ],
    transitions: [
      {
        kind: history.kind,
        id: history.id,
        version,
        seq,
        action: 'draft',
        to: 'draft',
        by,
        role: 'product-team',
        at: LATER,
        contentHash: hash,
      },
    ],
  };
}

let harness: DynamoHarness;

beforeAll(async () => {
  harness = await DynamoHarness.start();
});

afterAll(async () => {
  await harness?.stop();
});

describe('DynamoCatalogStore on DynamoDB Local', () => {
  let store: DynamoCatalogStore;
  const clients: DynamoDBClient[] = [];
  /** A store on its own client: concurrent commits really are concurrent requests. */
  const storeOnOwnClient = () => {
    const client = DynamoHarness.client(harness.endpoint);
    clients.push(client);
    return new DynamoCatalogStore(documentClient(client), CATALOG_TABLE, NO_WAIT);
  };
  const seeded = async (id: string, content: JsonObject = { offerId: id, text: 'x' }) => {
    const changes = seedChanges({ kind: 'offer', id, content }, NOW);
    expect(await store.commit('offer', id, 0, changes)).toBe(true);
    const history = await store.load('offer', id);
    if (history === undefined) throw new Error(`offer ${id} was not stored`);
    return history;
  };

  beforeAll(() => {
    store = new DynamoCatalogStore(harness.documents, CATALOG_TABLE, NO_WAIT);
  });

  afterAll(() => {
    for (const client of clients) client.destroy();
  });

  it('reads back exactly what it committed, at revision 1, and lists the version', async () => {
    const changes = seedChanges(
      { kind: 'trigger', id: 'round-trip', content: { id: 'round-trip', n: 1.5 } },
      NOW,
    );
    expect(await store.load('trigger', 'round-trip')).toBeUndefined();
    expect(await store.commit('trigger', 'round-trip', 0, changes)).toBe(true);
    expect(await store.load('trigger', 'round-trip')).toEqual({
      kind: 'trigger',
      id: 'round-trip',
      revision: 1,
      versions: changes.versions,
      transitions: changes.transitions,
    });
    expect((await store.listVersions()).filter((v) => v.id === 'round-trip')).toEqual(changes.versions);
  });

  it('a second commit on the current revision appends a version and a transition, revision 2', async () => {
    const first = await seeded('second-commit');
    const next = draft(first, { offerId: 'second-commit', text: 'changed' });
    expect(await store.commit('offer', 'second-commit', 1, next)).toBe(true);
    const history = await store.load('offer', 'second-commit');
    expect(history?.revision).toBe(2);
    expect(history?.versions).toEqual([...first.versions, ...next.versions]);
    expect(history?.transitions.map((t) => t.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it('lists versions sorted by kind, id and version number, also past version 9 and for any id', async () => {
    let history = await seeded('many-versions');
    for (let i = 0; i < 10; i++) {
      expect(await store.commit('offer', history.id, history.revision, draft(history, { i }))).toBe(true);
      const reloaded = await store.load('offer', history.id);
      if (reloaded === undefined) throw new Error('lost');
      history = reloaded;
    }
    const listed = (await store.listVersions()).filter((v) => v.id === 'many-versions');
    expect(listed.map((v) => v.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(history.versions.map((v) => v.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    // The index sorts `offer#z!#…` before `offer#z#…`; the listing is by id all the same.
    await seeded('z!');
    await seeded('z');
    const ids = (await store.listVersions()).map((v) => v.id).filter((id) => id === 'z' || id === 'z!');
    expect(ids).toEqual(['z', 'z!']);
  });

  it('refuses a stale revision and writes nothing at all', async () => {
    const first = await seeded('stale');
    expect(await store.commit('offer', 'stale', 1, draft(first, { v: 'winner' }))).toBe(true);
    const before = await everyTable(harness.documents);
    // Read at revision 1, committed after the other: stale, whatever it carries.
    expect(await store.commit('offer', 'stale', 1, draft(first, { v: 'late' }))).toBe(false);
    expect(
      await store.commit('offer', 'stale', 0, seedChanges({ kind: 'offer', id: 'stale', content: {} }, NOW)),
    ).toBe(false);
    expect(await store.commit('offer', 'stale', 7, draft(first, { v: 'future' }))).toBe(false);
    expect(await everyTable(harness.documents)).toEqual(before);
  });

  it('two concurrent commits on one revision: exactly one wins, its changes and only its are stored', async () => {
    for (let round = 0; round < 8; round++) {
      const id = `race-${round}`;
      const first = await seeded(id);
      const [a, b] = [draft(first, { by: 'a' }), draft(first, { by: 'b' })];
      const results = await Promise.all([
        storeOnOwnClient().commit('offer', id, 1, a),
        storeOnOwnClient().commit('offer', id, 1, b),
      ]);
      expect(results.filter(Boolean), `round ${round}: ${results}`).toHaveLength(1);
      const winner = results[0] ? a : b;
      const history = await store.load('offer', id);
      expect(history?.revision).toBe(2);
      expect(history?.versions).toEqual([...first.versions, ...winner.versions]);
      expect(history?.transitions).toEqual([...first.transitions, ...winner.transitions]);
    }
  });

  it('never replaces a transition: a commit reusing a stored seq fails whole, even on the current revision', async () => {
    const first = await seeded('no-overwrite');
    const reused = draft(first, { v: 'x' });
    const [transition] = reused.transitions;
    if (transition === undefined) throw new Error('a draft has a transition');
    const clash: ItemChanges = { ...reused, transitions: [{ ...transition, seq: 2 }] };
    const before = await everyTable(harness.documents);
    await expect(store.commit('offer', 'no-overwrite', 1, clash)).rejects.toThrow(
      /transition T#0000000002 already stored/,
    );
    expect(await everyTable(harness.documents)).toEqual(before);
    expect(await store.load('offer', 'no-overwrite')).toEqual(first);
  });

  it('refuses a commit whose changes belong to another item, or repeat a key', async () => {
    const first = await seeded('misfiled');
    const other = seedChanges({ kind: 'offer', id: 'elsewhere', content: {} }, NOW);
    await expect(store.commit('offer', 'misfiled', 1, other)).rejects.toThrow(/belongs to offer#elsewhere/);
    const twice = draft(first, {});
    await expect(
      store.commit('offer', 'misfiled', 1, { ...twice, versions: [...twice.versions, ...twice.versions] }),
    ).rejects.toThrow(/V#0000000002 appears twice/);
    expect(await store.load('offer', 'misfiled')).toEqual(first);
  });
});

describe('DynamoCatalogStore reading a corrupted or missing table', () => {
  const table = 'catalog-corrupted';
  let store: DynamoCatalogStore;

  beforeAll(async () => {
    const plain = DynamoHarness.client(harness.endpoint);
    await plain.send(
      new CreateTableCommand({ ...createTableInput(tableByName(app, CATALOG_TABLE)), TableName: table }),
    );
    plain.destroy();
    store = new DynamoCatalogStore(harness.documents, table, NO_WAIT);
  });

  const put = (item: Record<string, unknown>) =>
    harness.documents.send(new PutCommand({ TableName: table, Item: item }));

  it('names the key of an item that does not validate, in load and in listVersions', async () => {
    const changes = seedChanges({ kind: 'region', id: 'bad-state', content: { countries: ['NL'] } }, NOW);
    expect(await store.commit('region', 'bad-state', 0, changes)).toBe(true);
    const [version] = changes.versions;
    await put({
      ...version,
      state: 'almost-live',
      pk: 'region#bad-state',
      sk: 'V#0000000001',
      listing: 'version',
      itemVersion: 'region#bad-state#0000000001',
    });
    const named = /catalog item pk=region#bad-state sk=V#0000000001 is corrupted: state/;
    await expect(store.load('region', 'bad-state')).rejects.toThrow(named);
    await expect(store.listVersions()).rejects.toThrow(named);
    await expect(store.listVersions()).rejects.toBeInstanceOf(CatalogStoreError);
  });

  it('refuses a version whose content no longer has its content hash', async () => {
    const changes = seedChanges({ kind: 'product', id: 'tampered', content: { description: 'a' } }, NOW);
    expect(await store.commit('product', 'tampered', 0, changes)).toBe(true);
    const [version] = changes.versions;
    await put({
      ...version,
      content: { description: 'b' },
      pk: 'product#tampered',
      sk: 'V#0000000001',
    });
    await expect(store.load('product', 'tampered')).rejects.toThrow(/does not have its contentHash/);
  });

  it('refuses versions without a head, and an item filed under another key', async () => {
    const changes = seedChanges({ kind: 'offer', id: 'headless', content: {} }, NOW);
    const [version] = changes.versions;
    await put({ ...version, pk: 'offer#headless', sk: 'V#0000000001' });
    await expect(store.load('offer', 'headless')).rejects.toThrow(/without a HEAD item/);
    await put({ ...version, pk: 'offer#headless', sk: 'V#0000000002' });
    await expect(store.load('offer', 'headless')).rejects.toThrow(/keys do not match/);
  });

  it('turns a store fault into an InfrastructureError naming the operation', async () => {
    const missing = new DynamoCatalogStore(harness.documents, 'no-such-table', NO_WAIT);
    await expect(missing.load('trigger', 'x')).rejects.toBeInstanceOf(InfrastructureError);
    await expect(missing.listVersions()).rejects.toThrow(/listing the catalog versions/);
    await expect(
      missing.commit('trigger', 'x', 0, seedChanges({ kind: 'trigger', id: 'x', content: {} }, NOW)),
    ).rejects.toThrow(/committing catalog item trigger#x at revision 0/);
  });
});

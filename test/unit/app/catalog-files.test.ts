import { describe, expect, it } from 'vitest';
import { exportLive, importFolder } from '#app/catalog-files.js';
import { CatalogGovernanceService } from '#app/catalog-governance.js';
import { SEED_CATALOG_INPUT } from '#core/catalog/seed.js';
import type { JsonObject } from '#core/governance/model.js';
import { InMemoryCatalog } from '#test/support/in-memory-catalog.js';
import {
  ann,
  ed,
  goLive,
  isFoundation,
  must,
  olga,
  seedItems,
  seedOffer,
  seedProducts,
} from './catalog-fixtures.js';

function setup() {
  const repository = new InMemoryCatalog();
  const service = new CatalogGovernanceService({ repository, now: () => new Date('2026-12-01T09:00:00Z') });
  return { repository, service };
}

describe('importFolder', () => {
  it('turns every file item into a draft by the caller, never approved, dropping version and approvals with a note', async () => {
    const { service } = setup();
    const result = await importFolder(SEED_CATALOG_INPUT, ann, service);
    const regions = Object.keys((SEED_CATALOG_INPUT.regions as { regions: object }).regions).length;
    expect(result.items).toHaveLength(Object.keys(seedProducts).length + regions + 6 + 6);
    expect(result.items.every((i) => i.outcome === 'drafted' && i.version === 1)).toBe(true);
    const trigger = result.items.find((i) => i.id === 'high-balance-savings');
    expect(trigger).toMatchObject({ kind: 'trigger', source: 'catalog/triggers/high-balance-savings.json' });
    // A note for each lifecycle field the file carries (the seed's triggers carry version; older ones approvals).
    const file = SEED_CATALOG_INPUT.triggers.find((t) => t.file.endsWith('/high-balance-savings.json'));
    const notes: Record<string, string> = {
      version: 'version dropped: the lifecycle numbers versions',
      approvedBy: 'approvedBy dropped: approvals are recorded by the lifecycle',
      approvedAt: 'approvedAt dropped: approvals are recorded by the lifecycle',
    };
    expect(trigger?.notes).toEqual(Object.keys(file?.content ?? {}).flatMap((key) => notes[key] ?? []));
    expect(trigger?.notes).toContain(notes.version);
    const versions = await service.list();
    expect(
      versions.every((v) => v.state === 'draft' && v.origin === 'file-import' && v.author === ann.id),
    ).toBe(true);
    expect(versions.every((v) => v.approval === undefined)).toBe(true);
    const stored = versions.find((v) => v.id === 'high-balance-savings')?.content ?? {};
    for (const field of ['version', 'approvedBy', 'approvedAt']) expect(stored).not.toHaveProperty(field);
    expect((await service.live()).versions).toEqual([]);
  });

  it('edits the open draft, leaves an item whose current content is the same, and reports refusals per item', async () => {
    const { service } = setup();
    await goLive(
      service,
      seedItems().filter((i) => isFoundation(i) || i.id === 'savings-account'),
    );
    await must(service, 'offer', 'credit-card', { action: 'draft', content: seedOffer('credit-card') }, ed);
    await must(
      service,
      'offer',
      'travel-insurance',
      { action: 'draft', content: seedOffer('travel-insurance') },
      ed,
    );
    await must(service, 'offer', 'travel-insurance', { action: 'submit', version: 1 }, ed);
    const files = {
      offers: {
        offers: [
          seedOffer('savings-account'),
          { ...seedOffer('credit-card'), cooldownDays: 200 },
          { ...seedOffer('travel-insurance'), cooldownDays: 5 },
          { text: 'no id' },
        ],
      },
      triggers: [{ file: 'triggers/not-json.json', content: 'oops' }],
    };
    const result = await importFolder(files, ann, service);
    const byId = Object.fromEntries(result.items.map((i) => [i.id, i]));
    expect(byId['savings-account']).toMatchObject({ outcome: 'unchanged', version: 1 });
    expect(byId['credit-card']).toMatchObject({ outcome: 'edited', version: 1 });
    expect(byId['travel-insurance']).toMatchObject({
      outcome: 'refused',
      refusal: { kind: 'conflict', rule: 'version 1 is in review, not a draft' },
    });
    expect(byId['(offers[3])']).toMatchObject({
      outcome: 'refused',
      notes: ['expected an offer object with an offerId'],
    });
    expect(byId['not-json']).toMatchObject({
      kind: 'trigger',
      outcome: 'refused',
      notes: ['expected a JSON object'],
    });
    const creditCard = await service.show('offer', 'credit-card');
    expect(creditCard?.versions[0]).toMatchObject({ editors: [ann.id], content: { cooldownDays: 200 } });
  });

  it('a malformed offers.json or regions.json is reported, the other files still imported', async () => {
    const { service } = setup();
    const result = await importFolder(
      { offers: { offer: [] }, regions: [], triggers: [{ file: 't/x.json', content: { id: 'x' } }] },
      ann,
      service,
    );
    expect(result.items.map((i) => [i.id, i.outcome])).toEqual([
      ['(regions.json)', 'refused'],
      ['(offers.json)', 'refused'],
      ['x', 'drafted'],
    ]);
  });
});

describe('exportLive', () => {
  it('gives the live catalog as files: revision, offers, regions, products, triggers with their version', async () => {
    const { service } = setup();
    await goLive(service, seedItems());
    const exported = await exportLive(service);
    const live = await service.live();
    expect(exported.catalog.version).toBe(live.revision);
    expect((exported.offers as { offers: JsonObject[] }).offers.map((o) => o.offerId).sort()).toEqual(
      live.versions.filter((v) => v.kind === 'offer').map((v) => v.id),
    );
    expect(exported.products).toEqual({ products: seedProducts });
    const trigger = exported.triggers.find((t) => t.file === 'triggers/high-balance-savings.json');
    expect(trigger?.content).toMatchObject({ id: 'high-balance-savings', version: 1 });
  });

  it('round trip: importing the export of the live catalog changes nothing that is live', async () => {
    const { service, repository } = setup();
    await goLive(
      service,
      seedItems().filter((i) => i.kind !== 'trigger'),
    );
    const commits = repository.commits;
    const result = await importFolder(await exportLive(service), olga, service);
    expect(result.items.map((i) => i.outcome)).toEqual(result.items.map(() => 'unchanged'));
    expect(repository.commits).toBe(commits);
  });

  it('only live versions are exported: a draft or an approved, not activated version is not', async () => {
    const { service } = setup();
    await goLive(service, seedItems().filter(isFoundation));
    await must(service, 'offer', 'credit-card', { action: 'draft', content: seedOffer('credit-card') }, ed);
    expect((await exportLive(service)).offers).toEqual({ offers: [] });
  });
});

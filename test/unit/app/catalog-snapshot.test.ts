import { describe, expect, it } from 'vitest';
import { CatalogSnapshotCache, type LiveCatalog, loadLiveCatalog } from '#app/catalog-snapshot.js';
import type { Catalog } from '#core/catalog/catalog.js';
import { seedCatalog } from '#core/catalog/seed.js';
import type { ItemVersion } from '#core/governance/model.js';
import { catalogRevision } from '#core/governance/snapshot.js';
import { CatalogUnavailableError, InfrastructureError } from '#shared/errors.js';
import { seedVersions } from '#test/support/live-versions.js';

const NOW = new Date('2026-07-10T08:00:00.000Z');

const repository = (versions: readonly ItemVersion[]) => ({ listVersions: async () => versions });

function replaceTrigger(versions: ItemVersion[], id: string, change: (v: ItemVersion) => ItemVersion[]) {
  return versions.flatMap((v) => (v.kind === 'trigger' && v.id === id ? change(v) : [v]));
}

describe('loadLiveCatalog', () => {
  it('builds the catalog from the live versions: its version is the revision, each trigger has its lifecycle version', async () => {
    const versions = replaceTrigger(seedVersions(), 'card-abroad-worldwide-cover', (v) => [
      { ...v, version: 3 },
    ]);
    const loaded = await loadLiveCatalog(repository(versions), NOW);
    if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
    expect(loaded.revision).toBe(catalogRevision(versions));
    expect(loaded.catalog.version).toBe(loaded.revision);
    expect(loaded.catalog.triggers.map((t) => t.id)).toEqual(seedCatalog().triggers.map((t) => t.id));
    expect(loaded.catalog.triggers.find((t) => t.id === 'card-abroad-worldwide-cover')?.version).toBe(3);
  });

  it('uses only what is effective now: drafts, approved-not-live, future and retired versions stay out', async () => {
    const versions = replaceTrigger(seedVersions(), 'ticket-travel-insurance', (v) => [
      { ...v, state: 'retired', retiredAt: '2026-07-01T00:00:00.000Z' },
      { ...v, version: 2, state: 'live', liveFrom: '2026-08-01T00:00:00.000Z' },
      { ...v, version: 3, state: 'approved', liveFrom: undefined },
      { ...v, version: 4, state: 'draft', liveFrom: undefined, approval: undefined },
    ]);
    const now = await loadLiveCatalog(repository(versions), NOW);
    expect(now.ok && now.catalog.triggers.map((t) => t.id)).not.toContain('ticket-travel-insurance');
    const later = await loadLiveCatalog(repository(versions), new Date('2026-08-01T00:00:00.000Z'));
    expect(later.ok && later.catalog.triggers.find((t) => t.id === 'ticket-travel-insurance')?.version).toBe(
      2,
    );
  });

  it('a superseded version decides until its successor starts, then the successor does', async () => {
    const switchAt = '2026-07-10T09:00:00.000Z';
    const versions = replaceTrigger(seedVersions(), 'high-balance-savings', (v) => [
      { ...v, state: 'retired', retiredAt: switchAt },
      { ...v, version: 2, liveFrom: switchAt },
    ]);
    const versionAt = async (at: string) => {
      const loaded = await loadLiveCatalog(repository(versions), new Date(at));
      return loaded.ok
        ? loaded.catalog.triggers.find((t) => t.id === 'high-balance-savings')?.version
        : loaded;
    };
    expect(await versionAt('2026-07-10T08:59:59.999Z')).toBe(1);
    expect(await versionAt(switchAt)).toBe(2);
  });

  it('a table with no live item at all is "no snapshot", not an empty catalog', async () => {
    for (const versions of [[], seedVersions().map((v) => ({ ...v, state: 'approved' as const }))]) {
      const loaded = await loadLiveCatalog(repository(versions), NOW);
      expect(loaded).toMatchObject({ ok: false, kind: 'none' });
    }
  });

  it('refuses a snapshot with two live versions of one item, naming it, instead of choosing one', async () => {
    const versions = replaceTrigger(seedVersions(), 'ticket-travel-insurance', (v) => [
      v,
      { ...v, version: 2 },
    ]);
    const loaded = await loadLiveCatalog(repository(versions), NOW);
    expect(loaded).toMatchObject({ ok: false, kind: 'refused' });
    expect(!loaded.ok && loaded.problems.join('\n')).toContain('trigger:ticket-travel-insurance');
  });

  it('refuses a version whose content names another item than the one it is stored under', async () => {
    const versions = replaceTrigger(seedVersions(), 'ticket-travel-insurance', (v) => [
      { ...v, id: 'ticket-travel-insurance-2' },
    ]);
    const offers = seedVersions().map((v) =>
      v.kind === 'offer' && v.id === 'credit-card' ? { ...v, id: 'x' } : v,
    );
    for (const [broken, where] of [
      [versions, 'trigger:ticket-travel-insurance-2@1'],
      [offers, 'offer:x@1'],
    ] as const) {
      const loaded = await loadLiveCatalog(repository(broken), NOW);
      expect(loaded).toMatchObject({
        ok: false,
        kind: 'refused',
        problems: [`${where}: its content names another item`],
      });
    }
  });

  it('refuses a snapshot that fails validation or the sensitive lint, naming the version and field', async () => {
    const unknownOffer = replaceTrigger(seedVersions(), 'ticket-travel-insurance', (v) => [
      { ...v, version: 2, content: { ...v.content, offerId: 'no-such-offer' } },
    ]);
    const missingOffer = seedVersions().filter((v) => !(v.kind === 'offer' && v.id === 'credit-card'));
    const sensitive = replaceTrigger(seedVersions(), 'large-purchase-credit-card', (v) => [
      {
        ...v,
        version: 5,
        content: { ...v.content, condition: { all: [{ field: 'merchant.mcc', in: ['8011'] }] } },
      },
    ]);
    for (const [versions, where] of [
      [unknownOffer, 'trigger:ticket-travel-insurance@2'],
      [missingOffer, 'trigger:large-purchase-credit-card@1'],
      [sensitive, 'trigger:large-purchase-credit-card@5'],
    ] as const) {
      const loaded = await loadLiveCatalog(repository(versions), NOW);
      expect(loaded, where).toMatchObject({ ok: false, kind: 'refused' });
      expect(!loaded.ok && loaded.problems.some((p) => p.startsWith(where)), where).toBe(true);
    }
  });
});

/** A loader whose answers the test decides one read at a time, and a clock the test moves. */
function harness(refreshSeconds = 60) {
  let now = NOW.getTime();
  const answers: Array<() => Promise<LiveCatalog>> = [];
  const reads: Date[] = [];
  const refused: string[][] = [];
  const refreshed: Array<[string, string | undefined]> = [];
  const cache = new CatalogSnapshotCache({
    refreshSeconds,
    now: () => new Date(now),
    load: (at) => {
      reads.push(at);
      const next = answers.shift();
      if (next === undefined) throw new Error('unexpected read');
      return next();
    },
    onRefused: (problems) => refused.push([...problems]),
    onRefreshed: (revision, previous) => refreshed.push([revision, previous]),
  });
  return {
    cache,
    reads,
    refused,
    refreshed,
    advance: (seconds: number) => {
      now += seconds * 1000;
    },
    answer: (...next: Array<() => Promise<LiveCatalog>>) => answers.push(...next),
  };
}

const catalogNamed = (version: string): Catalog => ({ ...seedCatalog(), version });
const good = (revision: string) => async (): Promise<LiveCatalog> => ({
  ok: true,
  catalog: catalogNamed(revision),
  revision,
});
const refusedWith = (problem: string) => async (): Promise<LiveCatalog> => ({
  ok: false,
  kind: 'refused',
  problems: [problem],
});
const none = async (): Promise<LiveCatalog> => ({ ok: false, kind: 'none', problems: ['no live version'] });
const storeFault = async (): Promise<LiveCatalog> => {
  throw new InfrastructureError('DynamoDB did not answer');
};

describe('CatalogSnapshotCache', () => {
  it('reads at the first call, then at most once per refresh interval', async () => {
    const h = harness(60);
    h.answer(good('r-1'), good('r-2'));
    expect((await h.cache.current()).version).toBe('r-1');
    h.advance(59.999);
    expect((await h.cache.current()).version).toBe('r-1');
    expect(h.reads).toHaveLength(1);
    h.advance(0.001);
    expect((await h.cache.current()).version).toBe('r-2');
    expect(h.reads).toHaveLength(2);
    expect(h.refreshed).toEqual([
      ['r-1', undefined],
      ['r-2', 'r-1'],
    ]);
  });

  it('reads again when the clock goes back (a catalog is never kept past its interval by a clock step)', async () => {
    const h = harness(60);
    h.answer(good('r-1'), good('r-2'));
    await h.cache.current();
    h.advance(-1);
    expect((await h.cache.current()).version).toBe('r-2');
  });

  it('keeps the last good catalog when a read is refused or fails, reports it, and retries after the interval', async () => {
    const h = harness(30);
    h.answer(good('r-1'), refusedWith('trigger:x@2: offerId: unknown'), storeFault, none, good('r-5'));
    await h.cache.current();
    for (const _ of [1, 2, 3]) {
      h.advance(30);
      expect((await h.cache.current()).version).toBe('r-1');
      // The refused read is not repeated at every call: the next one waits for another interval.
      h.advance(29);
      expect((await h.cache.current()).version).toBe('r-1');
      h.advance(-29);
    }
    expect(h.reads).toHaveLength(4);
    expect(h.refused).toEqual([
      ['trigger:x@2: offerId: unknown'],
      ['the catalog could not be read: InfrastructureError'],
      ['no live version'],
    ]);
    h.advance(30);
    expect((await h.cache.current()).version).toBe('r-5');
    expect(h.cache.revision).toBe('r-5');
  });

  it('fails closed with no good catalog at all: CatalogUnavailableError at every call until a read succeeds', async () => {
    const h = harness(60);
    h.answer(none, refusedWith('regions: broken'), storeFault, good('r-1'));
    for (const _ of [1, 2, 3]) {
      const failure = h.cache.current();
      await expect(failure).rejects.toBeInstanceOf(CatalogUnavailableError);
      await expect(failure).rejects.toBeInstanceOf(InfrastructureError);
    }
    // Without a good catalog every call reads again (no waiting for the interval).
    expect(h.reads).toHaveLength(3);
    expect(h.refused).toHaveLength(3);
    expect((await h.cache.current()).version).toBe('r-1');
  });

  it('the error names why (the problems of the refused read)', async () => {
    const h = harness();
    h.answer(refusedWith('trigger:t@1: condition: a sensitive field'));
    await expect(h.cache.current()).rejects.toThrow('trigger:t@1: condition: a sensitive field');
  });

  it('concurrent callers share one read, good or refused', async () => {
    const h = harness(60);
    let release: (value: LiveCatalog) => void = () => undefined;
    h.answer(() => new Promise((resolve) => (release = resolve)));
    const callers = [h.cache.current(), h.cache.current(), h.cache.current()];
    release({ ok: true, catalog: catalogNamed('r-1'), revision: 'r-1' });
    expect((await Promise.all(callers)).map((c) => c.version)).toEqual(['r-1', 'r-1', 'r-1']);
    expect(h.reads).toHaveLength(1);

    h.advance(60);
    h.answer(() => new Promise((resolve) => (release = resolve)));
    const more = [h.cache.current(), h.cache.current()];
    release({ ok: false, kind: 'refused', problems: ['bad'] });
    expect((await Promise.all(more)).map((c) => c.version)).toEqual(['r-1', 'r-1']);
    expect(h.reads).toHaveLength(2);
    expect(h.refused).toEqual([['bad']]);
  });

  it('concurrent callers without any catalog share one failed read, and the next call reads again', async () => {
    const h = harness(60);
    h.answer(storeFault, good('r-1'));
    const callers = [h.cache.current(), h.cache.current()];
    for (const c of callers) await expect(c).rejects.toBeInstanceOf(CatalogUnavailableError);
    expect(h.reads).toHaveLength(1);
    expect((await h.cache.current()).version).toBe('r-1');
  });

  it('refuses a refresh interval outside 1..3600 whole seconds', () => {
    for (const refreshSeconds of [0, -1, 3601, 1.5, Number.NaN]) {
      expect(() => harness(refreshSeconds), String(refreshSeconds)).toThrow(RangeError);
    }
  });
});

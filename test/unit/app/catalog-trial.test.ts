import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seedCatalogItems } from '#app/catalog-seed.js';
import { loadLiveCatalog } from '#app/catalog-snapshot.js';
import { buildTrialCatalog, type TrialRequest } from '#app/catalog-trial.js';
import { contentHash } from '#core/governance/content-hash.js';
import type { ItemHistory, ItemVersion, JsonObject, VersionState } from '#core/governance/model.js';
import { InMemoryCatalog } from '#test/support/in-memory-catalog.js';
import { live, seedVersions } from '#test/support/live-versions.js';
import { seedOffer, seedTrigger } from './catalog-fixtures.js';

const NOW = new Date('2026-12-01T10:00:00Z');
const CARD = 'card-abroad-worldwide-cover';

/** A version that is not live (a draft unless `state` says else), of any item. */
function pending(
  kind: ItemVersion['kind'],
  id: string,
  version: number,
  content: JsonObject,
  state: VersionState = 'draft',
): ItemVersion {
  const { approval: _a, liveFrom: _l, ...rest } = live(kind, id, content, { version, state });
  return { ...rest, contentHash: contentHash(content) };
}

function historyOf(
  all: readonly ItemVersion[],
  kind: ItemVersion['kind'],
  id: string,
): ItemHistory | undefined {
  const versions = all.filter((v) => v.kind === kind && v.id === id).sort((a, b) => a.version - b.version);
  return versions.length === 0
    ? undefined
    : { kind, id, revision: versions.length, versions, transitions: [] };
}

function trialOf(all: readonly ItemVersion[], request: TrialRequest) {
  return buildTrialCatalog(request, historyOf(all, request.kind, request.id), all, NOW);
}

const changedCard = (): JsonObject => ({ ...seedTrigger(CARD), description: 'Tried as a draft: version 2.' });

describe('buildTrialCatalog: the live catalog with one version of the table in place of the live one', () => {
  it('puts a draft trigger version in place of its live version, keeping its number for the decisions', () => {
    const draft = pending('trigger', CARD, 2, changedCard());
    const all = [...seedVersions(), draft];
    const result = trialOf(all, { kind: 'trigger', id: CARD, version: 2 });
    if (!result.ok) throw new Error(result.problems.join('\n'));
    expect(result.trial).toBe(draft);
    expect(result.replaces).toMatchObject({ kind: 'trigger', id: CARD, version: 1 });
    // One version per item: the trial instead of the live one, every other item as it is live.
    const cards = result.versions.filter((v) => v.id === CARD);
    expect(cards).toEqual([draft]);
    expect(result.versions).toHaveLength(seedVersions().length);
    // The gate's input and the parsed catalog carry version 2: decisions will cite triggerVersion 2.
    const trigger = result.catalog.triggers.find((t) => t.id === CARD);
    expect(trigger?.version).toBe(2);
    expect(trigger?.description).toBe('Tried as a draft: version 2.');
    // The seed keeps every version number and says honestly what each item is.
    const seeded = result.seed.find((s) => s.id === CARD);
    expect(seeded).toMatchObject({ version: 2, content: draft.content });
    expect(seeded?.comment).toBe(`replay trial of trigger:${CARD}@2 (draft); no person reviewed it`);
    const offer = result.seed.find((s) => s.kind === 'offer');
    expect(offer?.comment).toMatch(/^replay trial: a copy of offer:.+@1, live in the running pipeline$/);
    expect(result.revision).toMatch(/^r-[0-9a-f]{16}$/);
  });

  it('seeds a throwaway table whose live catalog is the trial, every record saying it is a trial', async () => {
    const all = [...seedVersions(), pending('trigger', CARD, 2, changedCard())];
    const result = trialOf(all, { kind: 'trigger', id: CARD, version: 2 });
    if (!result.ok) throw new Error(result.problems.join('\n'));
    const table = new InMemoryCatalog();
    const seeded = await seedCatalogItems(table, result.seed, NOW);
    expect(seeded).toEqual({ outcome: 'imported', imported: result.seed.length, alreadyPresent: [] });
    const card = await table.load('trigger', CARD);
    expect(card?.versions.map((v) => [v.version, v.state])).toEqual([[2, 'live']]);
    const comment = `replay trial of trigger:${CARD}@2 (draft); no person reviewed it`;
    expect(card?.versions[0]?.approval?.comment).toBe(comment);
    expect(card?.transitions.map((t) => t.comment)).toEqual([comment, comment, comment, comment]);
    // What the trial's Lambdas will read: the same catalog the gate passed, the trigger at version 2.
    const loaded = await loadLiveCatalog(table, NOW);
    if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
    expect(loaded.revision).toBe(result.revision);
    expect(loaded.catalog.triggers.find((t) => t.id === CARD)?.version).toBe(2);
  });

  it('adds a version of an item that has none live (a new trigger in review)', () => {
    const content = { ...seedTrigger(CARD), id: 'card-abroad-new' };
    const review = pending('trigger', 'card-abroad-new', 1, content, 'in_review');
    const result = trialOf([...seedVersions(), review], {
      kind: 'trigger',
      id: 'card-abroad-new',
      version: 1,
    });
    if (!result.ok) throw new Error(result.problems.join('\n'));
    expect(result.replaces).toBeUndefined();
    expect(result.versions).toHaveLength(seedVersions().length + 1);
    expect(result.catalog.triggers.map((t) => t.id)).toContain('card-abroad-new');
    expect(result.seed.find((s) => s.id === 'card-abroad-new')?.comment).toContain('(in_review)');
  });

  it('tries a version in any state, a rejected one included, but only the one given', () => {
    const rejected = pending('trigger', CARD, 2, changedCard(), 'rejected');
    const result = trialOf([...seedVersions(), rejected], { kind: 'trigger', id: CARD, version: 2 });
    expect(result.ok).toBe(true);
  });

  it('refuses a version that does not exist, listing the versions that do with their states', () => {
    const all = [...seedVersions(), pending('trigger', CARD, 2, changedCard())];
    const result = trialOf(all, { kind: 'trigger', id: CARD, version: 5 });
    expect(result).toEqual({
      ok: false,
      problems: [`trigger:${CARD} has no version 5; its versions: 1 (live), 2 (draft)`],
    });
  });

  it('refuses an item that does not exist, listing the items of that kind', () => {
    const result = trialOf(seedVersions(), { kind: 'trigger', id: 'moon-trigger', version: 1 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatch(
      /^trigger:moon-trigger is not in the running pipeline's catalog table/,
    );
    expect(result.problems[0]).toContain(CARD);
  });

  it('names the missing item when a draft trigger needs a draft offer that is not live', () => {
    const offer = { ...seedOffer('worldwide-travel-cover'), offerId: 'moon-cover' };
    const all = [
      ...seedVersions(),
      pending('offer', 'moon-cover', 1, offer),
      pending('trigger', CARD, 2, { ...changedCard(), offerId: 'moon-cover' }),
    ];
    const result = trialOf(all, { kind: 'trigger', id: CARD, version: 2 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.some((p) => p.startsWith(`trigger:${CARD}@2/${CARD}.json`))).toBe(true);
    expect(result.problems.some((p) => p.includes('"moon-cover"'))).toBe(true);
    expect(result.problems).toContain(
      'offer:moon-cover is in the table but not live (versions: 1 (draft)); a trial adds only the one version given',
    );
  });

  it('refuses a trial version the sensitive lint refuses, naming the version', () => {
    const content = {
      ...changedCard(),
      condition: { all: [{ field: 'merchant.mcc', equals: '8062' }] },
    };
    const all = [...seedVersions(), pending('trigger', CARD, 2, content)];
    const result = trialOf(all, { kind: 'trigger', id: CARD, version: 2 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.join('\n')).toMatch(new RegExp(`trigger:${CARD}@2/${CARD}\\.json.*health`));
  });

  it('refuses a version whose content names another item, and an ambiguous live set', () => {
    const misfiled = pending('trigger', CARD, 2, { ...changedCard(), id: 'someone-else' });
    expect(trialOf([...seedVersions(), misfiled], { kind: 'trigger', id: CARD, version: 2 })).toEqual({
      ok: false,
      problems: [`trigger:${CARD}@2: its content names another item`],
    });
    const twice = live('trigger', CARD, changedCard(), { version: 2 });
    const ambiguous = trialOf([...seedVersions(), twice], { kind: 'trigger', id: CARD, version: 2 });
    expect(ambiguous.ok).toBe(false);
    if (!ambiguous.ok) expect(ambiguous.problems[0]).toMatch(new RegExp(`^trigger:${CARD}: more than one`));
  });

  it('property: whichever version is tried, the trial has it and every other item exactly as live', () => {
    const base = seedVersions();
    const triggers = base.filter((v) => v.kind === 'trigger');
    fc.assert(
      fc.property(
        fc.constantFrom(...triggers),
        fc.integer({ min: 2, max: 6 }),
        fc.constantFrom<VersionState>('draft', 'in_review', 'approved', 'rejected', 'retired'),
        (liveTrigger, version, state) => {
          const content = { ...liveTrigger.content, description: `trial ${version}` };
          const tried = pending('trigger', liveTrigger.id, version, content, state);
          const result = trialOf([...base, tried], { kind: 'trigger', id: liveTrigger.id, version });
          if (!result.ok) return false;
          const others = result.versions.filter((v) => v !== tried);
          return (
            result.versions.includes(tried) &&
            others.length === base.length - 1 &&
            others.every((v) => base.includes(v) && v !== liveTrigger) &&
            result.catalog.triggers.find((t) => t.id === liveTrigger.id)?.version === version
          );
        },
      ),
      { numRuns: 60 },
    );
  });
});

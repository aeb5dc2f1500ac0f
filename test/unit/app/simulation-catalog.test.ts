/**
 * The simulation's candidate catalog (issue 13): a draft replaces its live version or is added, through the
 * one gate every catalog passes, with the revision the pipeline would stamp; problems name the draft's file.
 */
import { describe, expect, it } from 'vitest';
import {
  candidateVersions,
  catalogSide,
  draftFiles,
  draftVersions,
  versionsOfFolder,
} from '#app/simulation-catalog.js';
import { defaultCatalogDir, readCatalogInputFromDir } from '#config/catalog-folder.js';
import type { JsonObject } from '#core/governance/model.js';
import { catalogRevision } from '#core/governance/snapshot.js';

const live = versionsOfFolder(readCatalogInputFromDir(defaultCatalogDir()));
const ticket = live.find((v) => v.kind === 'trigger' && v.id === 'ticket-travel-insurance');
const content = (over: JsonObject = {}): JsonObject => ({ ...(ticket?.content ?? {}), ...over });

describe('the live side from a catalog folder', () => {
  it('is the versions npm start imports: one per item, triggers at their file version, with their revision', () => {
    const side = catalogSide(live);
    expect(side.ok).toBe(true);
    if (!side.ok) return;
    expect(side.revision).toBe(catalogRevision(live));
    expect(side.revision).toMatch(/^r-[0-9a-f]{16}$/);
    expect(side.catalog.version).toBe(side.revision);
    expect(side.catalog.triggers.map((t) => t.id)).toContain('ticket-travel-insurance');
    expect(new Set(live.map((v) => `${v.kind}:${v.id}`)).size).toBe(live.length);
  });
});

describe('the candidate', () => {
  it('a draft file replaces its live version: the next version number, the rest unchanged', () => {
    const drafts = [
      {
        kind: 'trigger' as const,
        id: 'ticket-travel-insurance',
        content: content({ priority: 7 }),
        file: 'd.json',
      },
    ];
    const [draft] = draftVersions(drafts, live);
    expect(draft?.version).toBe((ticket?.version ?? 0) + 1);
    expect(draft?.state).toBe('draft');
    const versions = candidateVersions(live, draft === undefined ? [] : [draft]);
    expect(versions).toHaveLength(live.length);
    const side = catalogSide(versions);
    expect(side.ok && side.catalog.triggers.find((t) => t.id === 'ticket-travel-insurance')?.version).toBe(
      draft?.version,
    );
    expect(side.ok && side.revision).not.toBe(catalogRevision(live));
    // Every other item is the live one.
    expect(versions.filter((v) => v !== draft)).toEqual(live.filter((v) => v !== ticket));
  });

  it('a new trigger is added as version 1', () => {
    const drafts = [
      {
        kind: 'trigger' as const,
        id: 'ticket-again',
        content: content({ id: 'ticket-again' }),
        file: 'x.json',
      },
    ];
    const versions = candidateVersions(live, draftVersions(drafts, live));
    expect(versions).toHaveLength(live.length + 1);
    const side = catalogSide(versions);
    expect(side.ok && side.catalog.triggers.find((t) => t.id === 'ticket-again')?.version).toBe(1);
  });

  it('a draft that fails the gate is refused with every problem, each naming its file and version', () => {
    const drafts = [
      {
        kind: 'trigger' as const,
        id: 'ticket-travel-insurance',
        content: content({ offerId: 'moon-cover', eventTypes: ['teleport'] }),
        file: 'drafts/ticket.json',
      },
    ];
    const side = catalogSide(candidateVersions(live, draftVersions(drafts, live)), {
      files: draftFiles(drafts),
    });
    expect(side.ok).toBe(false);
    if (side.ok) return;
    expect(side.problems.length).toBeGreaterThanOrEqual(2);
    for (const problem of side.problems)
      expect(problem).toMatch(/^drafts\/ticket\.json \(trigger:ticket-travel-insurance@2\): /);
    expect(side.problems.some((p) => p.includes('offerId') && p.includes('moon-cover'))).toBe(true);
    expect(side.problems.some((p) => p.includes('eventTypes'))).toBe(true);
  });

  it('refuses two versions of one item', () => {
    const side = catalogSide([...live, ...live.slice(0, 1)]);
    expect(side.ok).toBe(false);
    expect(!side.ok && side.problems[0]).toMatch(/more than one version given/);
  });
});

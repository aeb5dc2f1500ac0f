import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CatalogVersion, pageOf, summarise, type VersionState } from '../src/api/pending-catalog.js';

const STATES: VersionState[] = ['draft', 'in_review', 'approved', 'rejected', 'live', 'retired'];

const version = (
  id: string,
  n: number,
  state: VersionState,
  updatedAt: string,
  priority?: number,
): CatalogVersion => ({
  kind: 'trigger',
  id,
  version: n,
  content: { id, description: `${id} v${n}`, ...(priority === undefined ? {} : { priority }) },
  contentHash: 'h',
  state,
  author: 'local:sam',
  editors: [],
  origin: 'authored',
  createdAt: updatedAt,
  updatedAt,
});

describe('trigger summaries from every version (the fallback of GET /catalog/summaries)', () => {
  it('gives per item the states, the live version, its priority and the last change', () => {
    const summaries = summarise([
      version('b', 1, 'retired', '2026-11-01T00:00:00Z', 5),
      version('a', 1, 'live', '2026-11-02T00:00:00Z', 300),
      version('a', 2, 'in_review', '2026-11-05T00:00:00Z', 400),
      version('b', 2, 'draft', '2026-11-03T00:00:00Z'),
    ]);
    expect(summaries).toStrictEqual([
      {
        kind: 'trigger',
        id: 'a',
        liveVersion: 1,
        latestVersion: 2,
        states: { live: 1, in_review: 1 },
        priority: 300,
        description: 'a v1',
        lastChange: '2026-11-05T00:00:00Z',
      },
      {
        kind: 'trigger',
        id: 'b',
        latestVersion: 2,
        states: { retired: 1, draft: 1 },
        description: 'b v2',
        lastChange: '2026-11-03T00:00:00Z',
      },
    ]);
  });

  it('pages through the items in a state: every one exactly once, in order', () => {
    const versions = fc.array(
      fc.record({
        id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g'),
        n: fc.integer({ min: 1, max: 5 }),
        state: fc.constantFrom(...STATES),
      }),
      { maxLength: 30 },
    );
    fc.assert(
      fc.property(
        versions,
        fc.option(fc.constantFrom(...STATES), { nil: undefined }),
        fc.integer({ min: 1, max: 4 }),
        (list, state, limit) => {
          const summaries = summarise(list.map((v) => version(v.id, v.n, v.state, '2026-11-01T00:00:00Z')));
          const seen: string[] = [];
          let cursor: string | undefined;
          for (let round = 0; round < 50; round++) {
            const page = pageOf(summaries, { state, limit, cursor });
            expect(page.items.length).toBeLessThanOrEqual(limit);
            seen.push(...page.items.map((s) => s.id));
            if (page.nextCursor === undefined) break;
            cursor = page.nextCursor;
          }
          const expected = summaries
            .filter((s) => state === undefined || (s.states[state] ?? 0) > 0)
            .map((s) => s.id);
          expect(seen).toStrictEqual(expected);
        },
      ),
    );
  });
});

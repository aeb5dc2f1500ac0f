import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { slicePage } from '../src/pages/catalog/paging.js';

describe('paging a list in the browser', () => {
  it('visits every entry exactly once, in order, at most `size` per page', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 60 }), fc.integer({ min: 1, max: 25 }), (list, size) => {
        const seen: number[] = [];
        let cursor: string | undefined;
        do {
          const page = slicePage(list, cursor, size);
          expect(page.items.length).toBeLessThanOrEqual(size);
          seen.push(...page.items);
          cursor = page.next;
        } while (cursor !== undefined);
        expect(seen).toStrictEqual(list);
      }),
    );
  });

  it('reads a cursor that is not an offset as the first page', () => {
    expect(slicePage([1, 2, 3], 'x', 2)).toStrictEqual({ items: [1, 2], next: '2' });
    expect(slicePage([1, 2, 3], '-4', 2)).toStrictEqual({ items: [1, 2], next: '2' });
    expect(slicePage([1, 2, 3], '99', 2)).toStrictEqual({ items: [], next: undefined });
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  changedFields,
  type DiffLine,
  folded,
  lineDiff,
  prettyLines,
} from '../src/pages/catalog/line-diff.js';

const oldSide = (diff: DiffLine[]) => diff.filter((l) => l.op !== 'add').map((l) => l.text);
const newSide = (diff: DiffLine[]) => diff.filter((l) => l.op !== 'del').map((l) => l.text);

/** The length of a longest common subsequence, by plain recursion with memo (small inputs only). */
function lcsLength(a: readonly string[], b: readonly string[]): number {
  const memo = new Map<string, number>();
  const go = (i: number, j: number): number => {
    if (i === a.length || j === b.length) return 0;
    const key = `${i},${j}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    const value = a[i] === b[j] ? 1 + go(i + 1, j + 1) : Math.max(go(i + 1, j), go(i, j + 1));
    memo.set(key, value);
    return value;
  };
  return go(0, 0);
}

const lines = fc.array(fc.constantFrom('a', 'b', 'c', '{', '}', '  "x": 1,'), { maxLength: 14 });

describe('line diff between two versions', () => {
  it('keeps every line of both sides, in order, and marks as unchanged a longest common subsequence', () => {
    fc.assert(
      fc.property(lines, lines, (a, b) => {
        const diff = lineDiff(a, b);
        expect(oldSide(diff)).toStrictEqual(a);
        expect(newSide(diff)).toStrictEqual(b);
        expect(diff.filter((l) => l.op === 'same').length).toBe(lcsLength(a, b));
      }),
    );
  });

  it('numbers lines as they are in each version', () => {
    fc.assert(
      fc.property(lines, lines, (a, b) => {
        const diff = lineDiff(a, b);
        const olds = diff.flatMap((l) => (l.op === 'add' ? [] : [l.oldLine]));
        const news = diff.flatMap((l) => (l.op === 'del' ? [] : [l.newLine]));
        expect(olds).toStrictEqual(a.map((_, i) => i + 1));
        expect(news).toStrictEqual(b.map((_, i) => i + 1));
      }),
    );
  });

  it('shows a change as removed then added', () => {
    expect(lineDiff(['x', 'old', 'y'], ['x', 'new', 'y']).map((l) => `${l.op} ${l.text}`)).toStrictEqual([
      'same x',
      'del old',
      'add new',
      'same y',
    ]);
  });

  it('prints contents so key order is never a change', () => {
    const a = { priority: 1, id: 'x', condition: { gte: 1, field: 'amount.minor' } };
    const b = { condition: { field: 'amount.minor', gte: 1 }, id: 'x', priority: 1 };
    expect(prettyLines(a)).toStrictEqual(prettyLines(b));
    expect(prettyLines(a)[1]).toBe('  "id": "x",');
    expect(lineDiff(prettyLines(a), prettyLines(b)).every((l) => l.op === 'same')).toBe(true);
    expect(prettyLines(undefined)).toStrictEqual([]);
  });

  it('lists the top-level fields that changed', () => {
    expect(
      changedFields(
        { id: 'x', priority: 1, a: { b: 1, c: 2 } },
        { id: 'x', priority: 2, a: { c: 2, b: 1 }, z: null },
      ),
    ).toStrictEqual(['priority', 'z']);
    expect(changedFields(undefined, { id: 'x' })).toStrictEqual(['id']);
  });

  it('folds long unchanged runs, keeping every change and its context', () => {
    fc.assert(
      fc.property(lines, lines, fc.integer({ min: 0, max: 4 }), (a, b, context) => {
        const diff = lineDiff(a, b);
        const shown = folded(diff, context);
        const changes = (list: readonly { op: string }[]) =>
          list.filter((l) => l.op === 'add' || l.op === 'del');
        expect(changes(shown)).toStrictEqual(changes(diff));
        const count = shown.reduce((n, l) => n + (l.op === 'fold' ? l.count : 1), 0);
        expect(count).toBe(diff.length);
        if (diff.every((l) => l.op === 'same') && diff.length > 1)
          expect(shown).toStrictEqual([{ op: 'fold', count: diff.length }]);
      }),
    );
    const same = (n: number) => Array.from({ length: n }, (_, i) => `l${i}`);
    const shown = folded(lineDiff([...same(10), 'x', ...same(10)], [...same(10), 'y', ...same(10)]), 2);
    expect(shown.map((l) => (l.op === 'fold' ? `fold ${l.count}` : `${l.op} ${l.text}`))).toStrictEqual([
      'fold 8',
      'same l8',
      'same l9',
      'del x',
      'add y',
      'same l0',
      'same l1',
      'fold 8',
    ]);
  });
});

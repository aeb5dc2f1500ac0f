/**
 * A readable diff between two versions' contents, pure: each content pretty-printed the same way (the
 * content's fields in the form's order, nested keys sorted, so key order never shows as a change), then a
 * line diff by longest common subsequence. Also the list of top-level fields that changed.
 */
import type { JsonObject } from '../../api/catalog.js';

export type DiffLine =
  | { readonly op: 'same'; readonly text: string; readonly oldLine: number; readonly newLine: number }
  | { readonly op: 'del'; readonly text: string; readonly oldLine: number }
  | { readonly op: 'add'; readonly text: string; readonly newLine: number };

/** The order fields are printed in; others follow alphabetically. */
const FIELD_ORDER = [
  'id',
  'description',
  'eventTypes',
  'purpose',
  'legalBasis',
  'compatibility',
  'dpiaReference',
  'offerId',
  'textMatchJustification',
  'priority',
  'explanation',
  'condition',
];

const rank = (key: string): number => {
  const index = FIELD_ORDER.indexOf(key);
  return index < 0 ? FIELD_ORDER.length : index;
};

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function sortedDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedDeep);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort(compareText)) {
    Object.defineProperty(out, key, {
      value: sortedDeep((value as Record<string, unknown>)[key]),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/** A content as lines: top-level fields in the form's order, nested keys sorted, two-space indent. */
export function prettyLines(content: JsonObject | undefined): string[] {
  if (content === undefined) return [];
  const keys = Object.keys(content).sort((a, b) => rank(a) - rank(b) || compareText(a, b));
  const ordered: Record<string, unknown> = {};
  for (const key of keys) {
    Object.defineProperty(ordered, key, {
      value: sortedDeep(content[key]),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return JSON.stringify(ordered, null, 2).split('\n');
}

/** Above this many cells the middle part is shown as removed then added, not searched for matches. */
export const MAX_CELLS = 4_000_000;

/** The line diff of `a` -> `b`: every line of `a` as same or del, every line of `b` as same or add, in order. */
export function lineDiff(a: readonly string[], b: readonly string[]): DiffLine[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const out: DiffLine[] = [];
  for (let i = 0; i < start; i++)
    out.push({ op: 'same', text: a[i] as string, oldLine: i + 1, newLine: i + 1 });
  out.push(...middle(a, b, start, endA, start, endB));
  for (let i = 0; endA + i < a.length; i++) {
    out.push({ op: 'same', text: a[endA + i] as string, oldLine: endA + i + 1, newLine: endB + i + 1 });
  }
  return out;
}

function middle(
  a: readonly string[],
  b: readonly string[],
  a0: number,
  a1: number,
  b0: number,
  b1: number,
): DiffLine[] {
  const n = a1 - a0;
  const m = b1 - b0;
  const out: DiffLine[] = [];
  if (n * m > MAX_CELLS) {
    for (let i = a0; i < a1; i++) out.push({ op: 'del', text: a[i] as string, oldLine: i + 1 });
    for (let j = b0; j < b1; j++) out.push({ op: 'add', text: b[j] as string, newLine: j + 1 });
    return out;
  }
  // lcs[i][j]: the longest common subsequence of a[a0+i..a1) and b[b0+j..b1), row-major in one array.
  const width = m + 1;
  const lcs = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * width + j] =
        a[a0 + i] === b[b0 + j]
          ? (lcs[(i + 1) * width + j + 1] as number) + 1
          : Math.max(lcs[(i + 1) * width + j] as number, lcs[i * width + j + 1] as number);
    }
  }
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[a0 + i] === b[b0 + j]) {
      out.push({ op: 'same', text: a[a0 + i] as string, oldLine: a0 + i + 1, newLine: b0 + j + 1 });
      i++;
      j++;
    } else if (
      i < n &&
      (j >= m || (lcs[(i + 1) * width + j] as number) >= (lcs[i * width + j + 1] as number))
    ) {
      // Removed lines before added ones where both keep the subsequence longest.
      out.push({ op: 'del', text: a[a0 + i] as string, oldLine: a0 + i + 1 });
      i++;
    } else {
      out.push({ op: 'add', text: b[b0 + j] as string, newLine: b0 + j + 1 });
      j++;
    }
  }
  return out;
}

/** Top-level fields whose value differs (added, removed or changed), in the printed order. */
export function changedFields(a: JsonObject | undefined, b: JsonObject | undefined): string[] {
  const keys = new Set([...Object.keys(a ?? {}), ...Object.keys(b ?? {})]);
  const same = (key: string) =>
    JSON.stringify(sortedDeep(a?.[key]) ?? null) === JSON.stringify(sortedDeep(b?.[key]) ?? null) &&
    Object.hasOwn(a ?? {}, key) === Object.hasOwn(b ?? {}, key);
  return [...keys].filter((key) => !same(key)).sort((x, y) => rank(x) - rank(y) || compareText(x, y));
}

export type ShownLine = DiffLine | { readonly op: 'fold'; readonly count: number };

/** The diff with each run of unchanged lines longer than 2 * `context` + 1 folded to its count. */
export function folded(lines: readonly DiffLine[], context = 3): ShownLine[] {
  const out: ShownLine[] = [];
  let i = 0;
  while (i < lines.length) {
    if (lines[i]?.op !== 'same') {
      out.push(lines[i] as DiffLine);
      i++;
      continue;
    }
    let end = i;
    while (end < lines.length && lines[end]?.op === 'same') end++;
    const keepBefore = i === 0 ? 0 : context;
    const keepAfter = end === lines.length ? 0 : context;
    if (end - i > keepBefore + keepAfter + 1) {
      out.push(...lines.slice(i, i + keepBefore));
      out.push({ op: 'fold', count: end - i - keepBefore - keepAfter });
      out.push(...lines.slice(end - keepAfter, end));
    } else out.push(...lines.slice(i, end));
    i = end;
  }
  return out;
}

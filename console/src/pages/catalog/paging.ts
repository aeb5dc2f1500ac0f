/**
 * Paging a list already in the browser (a simulation's changed events, an item's versions and
 * transitions) with the shell's pager (components/pager.tsx): the cursor is the offset of the page's
 * first entry, so "Next" and "Previous" work as with the API's opaque cursors.
 */
export function slicePage<T>(
  list: readonly T[],
  cursor: string | undefined,
  size: number,
): { items: readonly T[]; next: string | undefined } {
  const parsed = Math.floor(Number(cursor ?? '0'));
  const start = Number.isFinite(parsed) && parsed > 0 ? Math.min(parsed, list.length) : 0;
  const end = start + size;
  return { items: list.slice(start, end), next: end < list.length ? String(end) : undefined };
}

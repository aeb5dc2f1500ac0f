import type { ItemKind, ItemVersion, VersionState } from '#core/governance/model.js';
import { effectiveAt } from '#core/governance/snapshot.js';

/**
 * The catalog lists the console pages need (issue 14), pure: versions filtered by state and id, one
 * summary per item (its states, live and latest version, priority, last change), and keyset paging over
 * either, in the order kind, id (, version). A page resumes strictly after the last key returned, so an item
 * drafted between two pages neither repeats nor shifts what follows.
 */

/** One item of the catalog at a glance: what the console's triggers list shows per row. */
export interface ItemSummary {
  readonly kind: ItemKind;
  readonly id: string;
  /** The version effective now (live, or retired later than now), when there is one. */
  readonly liveVersion?: number;
  readonly latestVersion: number;
  /** How many versions are in each state (states without a version are left out). */
  readonly states: Readonly<Partial<Record<VersionState, number>>>;
  /** content.priority of the live version, else of the latest (when it is a number). */
  readonly priority?: number;
  /** content.description of the live version, else of the latest (when it is a text). */
  readonly description?: string;
  /** The latest updatedAt of any version: the last step taken on the item. */
  readonly lastChange: string;
}

/** A list key: kind, id and, for a version, its number. Compared element by element. */
export type ListKey = readonly [string, string] | readonly [string, string, number];

export const versionKey = (v: ItemVersion): ListKey => [v.kind, v.id, v.version];
export const summaryKey = (s: ItemSummary): ListKey => [s.kind, s.id];

function compareKeys(a: ListKey, b: ListKey): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return 0;
}

export interface Page<T> {
  readonly items: readonly T[];
  /** The key of the last item returned, when more items follow. */
  readonly next?: ListKey;
}

/** The items after `after` (all, when absent) in key order, at most `limit` of them. */
export function pageOf<T>(
  items: readonly T[],
  keyOf: (item: T) => ListKey,
  limit: number,
  after?: ListKey,
): Page<T> {
  const sorted = [...items].sort((a, b) => compareKeys(keyOf(a), keyOf(b)));
  const rest = after === undefined ? sorted : sorted.filter((item) => compareKeys(keyOf(item), after) > 0);
  const page = rest.slice(0, limit);
  const last = page.at(-1);
  return rest.length > limit && last !== undefined ? { items: page, next: keyOf(last) } : { items: page };
}

export interface VersionFilter {
  readonly state?: VersionState;
  readonly id?: string;
}

/** The versions in `state` (when given) of the item `id` (when given). */
export const filterVersions = (versions: readonly ItemVersion[], filter: VersionFilter): ItemVersion[] =>
  versions.filter(
    (v) =>
      (filter.state === undefined || v.state === filter.state) &&
      (filter.id === undefined || v.id === filter.id),
  );

/** The items with at least one version in `state` (all when absent). */
export const summariesInState = (
  summaries: readonly ItemSummary[],
  state: VersionState | undefined,
): ItemSummary[] => summaries.filter((s) => state === undefined || (s.states[state] ?? 0) > 0);

/** One summary per item of `versions`, by kind then id; the live version is the one effective at `now`. */
export function summarize(versions: readonly ItemVersion[], now: Date): ItemSummary[] {
  const live = new Map(effectiveAt(versions, now).versions.map((v) => [`${v.kind}:${v.id}`, v]));
  const byItem = new Map<string, ItemVersion[]>();
  for (const v of versions) {
    const key = `${v.kind}:${v.id}`;
    byItem.set(key, [...(byItem.get(key) ?? []), v]);
  }
  const summaries = [...byItem].flatMap(([key, all]): ItemSummary[] => {
    const sorted = [...all].sort((a, b) => a.version - b.version);
    const latest = sorted.at(-1);
    if (latest === undefined) return [];
    const current = live.get(key);
    const shown = current ?? latest;
    const states: Partial<Record<VersionState, number>> = {};
    for (const v of sorted) states[v.state] = (states[v.state] ?? 0) + 1;
    const { priority, description } = shown.content;
    const summary: ItemSummary = {
      kind: latest.kind,
      id: latest.id,
      ...(current === undefined ? {} : { liveVersion: current.version }),
      latestVersion: latest.version,
      states,
      ...(typeof priority === 'number' ? { priority } : {}),
      ...(typeof description === 'string' ? { description } : {}),
      lastChange: sorted.map((v) => v.updatedAt).reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a)),
    };
    return [summary];
  });
  return summaries.sort((a, b) => compareKeys(summaryKey(a), summaryKey(b)));
}

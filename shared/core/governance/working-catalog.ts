import type { CatalogProblem } from '#core/catalog/catalog.js';
import { type ParseCatalogOptions, parseCatalog } from '#core/catalog/parse.js';
import { formatProblem } from '#core/catalog/problems.js';
import type { ItemKind, ItemVersion, JsonObject } from './model.js';
import { catalogInputFrom, catalogRevision, effectiveAt, versionLabel } from './snapshot.js';

/**
 * The catalogs a version is checked against (pure), and which of the parser's problems concern it:
 * - on submit (and `lint`), the working catalog: the latest non-rejected, non-retired version of every
 *   other item, plus this content;
 * - on activation, the catalog as it would be live at the activation instant, with this version in it.
 * A problem concerns the candidate when it is about the candidate itself, or when it is new: absent from
 * the same catalog without the change (a region edit that breaks a live trigger is reported; another
 * item's own unrelated draft problem is not, so one broken draft never blocks everybody else).
 */

const itemKey = (v: { kind: ItemKind; id: string }) => `${v.kind}:${v.id}`;

/** Per item, the latest version that is neither rejected nor retired. */
export function workingVersions(versions: readonly ItemVersion[]): ItemVersion[] {
  const latest = new Map<string, ItemVersion>();
  for (const v of versions) {
    if (v.state === 'rejected' || v.state === 'retired') continue;
    const seen = latest.get(itemKey(v));
    if (seen === undefined || seen.version < v.version) latest.set(itemKey(v), v);
  }
  return [...latest.values()];
}

/** The versions live at `at`: what an activation at that instant joins. */
export const liveVersionsAt = (versions: readonly ItemVersion[], at: Date): ItemVersion[] => [
  ...effectiveAt(versions, at).versions,
];

export interface Candidate {
  readonly kind: ItemKind;
  readonly id: string;
  readonly version: number;
  readonly content: JsonObject;
}

interface Subject {
  readonly key: string;
  /** The problem as the governed catalog names it: `offer:savings-account@2: text: ...`. */
  readonly line: string;
  /** The field's path inside the item's content (`condition.all.0.field`); "" for the item as a whole. */
  readonly path: string;
}

/**
 * A finding about a candidate content: the line `candidateProblems` gives, and the JSON path of the field
 * it names inside the content (segments joined by ".", array indices as numbers: `condition.all.0.field`,
 * `explanation.nl`), "" when it is about the item as a whole or about another item.
 */
export interface ContentFinding {
  readonly path: string;
  readonly message: string;
}

/** A parser path inside one item's content: the segments after `skip` (an offer's ["offers", i]). */
function contentPath(problem: CatalogProblem, skip: number): string {
  return (problem.path ?? []).slice(skip).join('.');
}

/** Which item a parser problem is about, from its file and field (see catalogInputFrom's layout). */
function subjectOf(problem: CatalogProblem, versions: readonly ItemVersion[]): Subject {
  const label = (item: ItemVersion | undefined, rest: string | undefined): Subject | undefined =>
    item && {
      key: itemKey(item),
      path: contentPath(problem, 2),
      line: formatProblem({
        ...problem,
        file: versionLabel(item.kind, item.id, item.version),
        field: rest ?? '(item)',
      }),
    };
  const trigger = /^(trigger:([^@/]+)@\d+)\//.exec(problem.file);
  if (trigger?.[1] !== undefined && trigger[2] !== undefined) {
    return {
      key: `trigger:${trigger[2]}`,
      path: contentPath(problem, 0),
      line: formatProblem({ ...problem, file: trigger[1] }),
    };
  }
  const offer = /^offers\[(\d+)\](?:\.(.+)|(\[.+))?$/.exec(problem.field);
  const offers = versions.filter((v) => v.kind === 'offer');
  const named = /^(regions|products)\.([a-z0-9-]+)(?:\.(.+)|(\[.+))?$/.exec(problem.field);
  const kind: ItemKind = named?.[1] === 'regions' ? 'region' : 'product';
  return (
    (offer && label(offers[Number(offer[1])], offer[2] ?? offer[3])) ??
    (named &&
      label(
        versions.find((v) => v.kind === kind && v.id === named[2]),
        named[3] ?? named[4],
      )) ?? {
      key: 'catalog',
      path: '',
      line: formatProblem(problem),
    }
  );
}

function problemsOf(versions: readonly ItemVersion[], options: ParseCatalogOptions): Subject[] {
  const sorted = [...versions].sort((a, b) =>
    itemKey(a) < itemKey(b) ? -1 : itemKey(a) > itemKey(b) ? 1 : 0,
  );
  const result = parseCatalog(catalogInputFrom(sorted, catalogRevision(sorted)), options);
  if (result.ok) return [];
  return result.problems.map((p) => subjectOf(p, sorted));
}

/**
 * The problems of `candidate` joining `catalog` (one version per item; the candidate's item is replaced):
 * every problem about the candidate, and every problem elsewhere that the catalog without the change
 * does not have. One line each, the item named as `kind:id@version`.
 */
export function candidateProblems(
  catalog: readonly ItemVersion[],
  candidate: Candidate,
  options: ParseCatalogOptions = {},
): string[] {
  return candidateFindings(catalog, candidate, options).map((f) => f.message);
}

/** candidateProblems with the path of each finding inside the candidate's content (same order). */
export function candidateFindings(
  catalog: readonly ItemVersion[],
  candidate: Candidate,
  options: ParseCatalogOptions = {},
): ContentFinding[] {
  const key = itemKey(candidate);
  const others = catalog.filter((v) => itemKey(v) !== key);
  const previous = catalog.find((v) => itemKey(v) === key);
  const asVersion: ItemVersion = {
    kind: candidate.kind,
    id: candidate.id,
    version: candidate.version,
    content: candidate.content,
    contentHash: '',
    state: 'draft',
    author: '',
    editors: [],
    origin: 'authored',
    createdAt: '',
    updatedAt: '',
  };
  const withChange = problemsOf([...others, asVersion], options);
  const before = new Set(
    problemsOf(previous === undefined ? others : [...others, previous], options).map((p) => p.line),
  );
  return withChange
    .filter((p) => p.key === key || !before.has(p.line))
    .map((p) => ({ path: p.key === key ? p.path : '', message: p.line }));
}

/**
 * The problems that removing an item from `catalog` would cause elsewhere (a retired offer that a live
 * trigger still names): every problem of the catalog without it that the catalog with it does not have.
 */
export function removalProblems(
  catalog: readonly ItemVersion[],
  item: { readonly kind: ItemKind; readonly id: string },
  options: ParseCatalogOptions = {},
): string[] {
  const key = itemKey(item);
  const before = new Set(problemsOf(catalog, options).map((p) => p.line));
  return problemsOf(
    catalog.filter((v) => itemKey(v) !== key),
    options,
  )
    .filter((p) => !before.has(p.line))
    .map((p) => p.line);
}

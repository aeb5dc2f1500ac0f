import type { Catalog, CatalogInput } from '#core/catalog/catalog.js';
import { type ParseCatalogOptions, parseCatalog } from '#core/catalog/parse.js';
import type { ItemHistory, ItemKind, ItemVersion } from '#core/governance/model.js';
import { catalogInputFrom, catalogRevision, effectiveAt, versionLabel } from '#core/governance/snapshot.js';
import type { SeedItem } from './catalog-seed.js';

/**
 * `replay --trigger <id> --version n` (issue 12): try one version held in the catalog table — in any state,
 * draft and in review included: trying is the point — against the catalog live now. The trial catalog is
 * the live versions with that version in place of the item's live one (or added, when the item has none),
 * passed through the one gate every catalog passes (catalogInputFrom + parseCatalog: schema,
 * cross-references, the sensitive lint). Pure: the versions are read by the caller.
 */

export interface TrialRequest {
  readonly kind: ItemKind;
  readonly id: string;
  readonly version: number;
}

export type TrialCatalog =
  | {
      readonly ok: true;
      /** The version tried, as stored. */
      readonly trial: ItemVersion;
      /** The live version it stands in for; absent when the item had none. */
      readonly replaces?: ItemVersion;
      /** One version per item, the trial among them, sorted by kind then id. */
      readonly versions: readonly ItemVersion[];
      /** What the gate was given (a trigger keeps its table version as its `version`). */
      readonly input: CatalogInput;
      readonly catalog: Catalog;
      /** The trial set's revision (not a revision of the running pipeline). */
      readonly revision: string;
      /** The items to seed a throwaway table with: every version keeps its number; comments say what each is. */
      readonly seed: readonly SeedItem[];
    }
  | { readonly ok: false; readonly problems: readonly string[] };

const statesOf = (versions: readonly ItemVersion[]) =>
  versions.map((v) => `${v.version} (${v.state})`).join(', ');

/** What a trial's seed records say: that it is a trial and that no person reviewed it for this. */
export function trialComment(trial: ItemVersion): string {
  return `replay trial of ${versionLabel(trial.kind, trial.id, trial.version)} (${trial.state}); no person reviewed it`;
}

export function liveCopyComment(version: ItemVersion): string {
  return `replay trial: a copy of ${versionLabel(version.kind, version.id, version.version)}, live in the running pipeline`;
}

/** The content names its own item (the lifecycle's rule); a version that does not is a broken store. */
function namesItself(v: ItemVersion): boolean {
  const named = v.kind === 'trigger' ? v.content.id : v.kind === 'offer' ? v.content.offerId : v.id;
  return named === v.id;
}

/**
 * Items in the table whose id a problem quotes but which are not in the trial set (not live): the likely
 * missing piece, e.g. a draft trigger naming a draft offer. One line each, with the versions there are.
 */
function missingItemHints(
  problems: readonly string[],
  all: readonly ItemVersion[],
  inTrial: ReadonlySet<string>,
): string[] {
  const byItem = new Map<string, ItemVersion[]>();
  for (const v of all) {
    const key = `${v.kind}:${v.id}`;
    if (!inTrial.has(key)) byItem.set(key, [...(byItem.get(key) ?? []), v]);
  }
  const hints: string[] = [];
  for (const [key, versions] of byItem) {
    const id = versions[0]?.id ?? '';
    if (!problems.some((p) => p.includes(`"${id}"`))) continue;
    hints.push(
      `${key} is in the table but not live (versions: ${statesOf(versions)}); a trial adds only the one version given`,
    );
  }
  return hints;
}

/**
 * The trial catalog for `request`: `history` is the item as loaded (consistently) from the table,
 * `all` every version of every item (listVersions), `now` the instant whose live set is the base.
 * Refused, with every reason, when the item or version does not exist, the live set is ambiguous, the
 * version's content names another item, or the combination fails the gate.
 */
export function buildTrialCatalog(
  request: TrialRequest,
  history: ItemHistory | undefined,
  all: readonly ItemVersion[],
  now: Date,
  options: ParseCatalogOptions = {},
): TrialCatalog {
  const { kind, id, version } = request;
  if (history === undefined || history.versions.length === 0) {
    const others = [...new Set(all.filter((v) => v.kind === kind).map((v) => v.id))].sort();
    return {
      ok: false,
      problems: [
        `${kind}:${id} is not in the running pipeline's catalog table (${
          others.length === 0 ? `it holds no ${kind}` : `its ${kind}s: ${others.join(', ')}`
        })`,
      ],
    };
  }
  const trial = history.versions.find((v) => v.version === version);
  if (trial === undefined) {
    return {
      ok: false,
      problems: [`${kind}:${id} has no version ${version}; its versions: ${statesOf(history.versions)}`],
    };
  }
  if (!namesItself(trial)) {
    return {
      ok: false,
      problems: [`${versionLabel(kind, id, version)}: its content names another item`],
    };
  }
  const live = effectiveAt(all, now);
  if (live.ambiguous.length > 0) {
    return {
      ok: false,
      problems: live.ambiguous.map(
        (item) => `${item}: more than one version is live at ${now.toISOString()}; none is chosen`,
      ),
    };
  }
  const replaces = live.versions.find((v) => v.kind === kind && v.id === id);
  const versions = [...live.versions.filter((v) => v !== replaces), trial].sort((a, b) =>
    `${a.kind}:${a.id}` < `${b.kind}:${b.id}` ? -1 : 1,
  );
  const revision = catalogRevision(versions);
  const input = catalogInputFrom(versions, revision);
  const parsed = parseCatalog(input, options);
  if (!parsed.ok) {
    const inTrial = new Set(versions.map((v) => `${v.kind}:${v.id}`));
    return { ok: false, problems: [...parsed.errors, ...missingItemHints(parsed.errors, all, inTrial)] };
  }
  const seed: SeedItem[] = versions.map((v) => ({
    kind: v.kind,
    id: v.id,
    content: v.content,
    version: v.version,
    comment: v === trial ? trialComment(trial) : liveCopyComment(v),
  }));
  return {
    ok: true,
    trial,
    ...(replaces === undefined ? {} : { replaces }),
    versions,
    input,
    catalog: parsed.catalog,
    revision,
    seed,
  };
}

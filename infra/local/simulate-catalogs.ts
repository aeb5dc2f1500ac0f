import { existsSync, statSync } from 'node:fs';
import {
  type CatalogSide,
  type CatalogSideResult,
  candidateVersions,
  catalogSide,
  type DraftItem,
  draftFiles,
  draftVersions,
  versionsOfFolder,
} from '#app/simulation-catalog.js';
import { defaultCatalogDir, readCatalogInputFromDir } from '#config/catalog-folder.js';
import type { ItemHistory, ItemVersion } from '#core/governance/model.js';
import { versionLabel } from '#core/governance/snapshot.js';
import { LocalRuntimeError } from './errors.js';
import { StepFailedError } from './triggers-connect.js';
import { triggerFromFile } from './triggers-folder.js';

/**
 * Where `npm run triggers -- simulate` gets its two catalogs: the live one from the running pipeline's
 * catalog API (`GET /catalog/live`) when one is reachable, else from a catalog folder (`--live <dir>`, or
 * the seed folder `catalog/` as `npm start` would make it live); the candidate from a draft trigger file,
 * a whole catalog folder, or a trigger id's version held by the catalog API. Read-only everywhere.
 */

export interface Side extends CatalogSide {
  /** Where it came from, for the report: "the catalog API at http://...", "the seed folder catalog/". */
  readonly source: string;
}

/**
 * A GET of the catalog API (`npm run triggers`' client, in the caller's role); undefined when there is no
 * API to ask. It throws LocalRuntimeError when no local pipeline runs, TypeError when the URL cannot be
 * reached, StepFailedError when the API refuses.
 */
export type ReadApi = (path: string) => Promise<unknown>;

/** Where the live side comes from. */
export interface LiveSource {
  readonly api: ReadApi | undefined;
  /** Fall back to the seed folder when the API cannot be reached (not when --api names one). */
  readonly fallback: boolean;
  /** A catalog folder given as the live side (--live): the API is not asked. */
  readonly dir?: string;
}

/** What to simulate, as the user named it; a draft file or folder is read (and checked) at once. */
export type Target =
  | { readonly kind: 'file'; readonly draft: DraftItem }
  | { readonly kind: 'dir'; readonly side: Side }
  | { readonly kind: 'id'; readonly id: string; readonly version?: number };

/** The catalog's trigger id rule (shared/core/catalog/schemas.ts). */
const TRIGGER_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** A path that exists is a draft file or folder; otherwise it must look like a trigger id. */
export function targetOf(given: string, version: number | undefined): Target {
  if (existsSync(given)) {
    const dir = statSync(given).isDirectory();
    if (version !== undefined)
      throw new LocalRuntimeError('--version goes with a trigger id, not with a draft file or folder');
    return dir
      ? { kind: 'dir', side: folderSide(given, `the catalog folder ${given}`) }
      : { kind: 'file', draft: triggerFromFile(given) };
  }
  if (!TRIGGER_ID.test(given))
    throw new LocalRuntimeError(
      `${given}: no such file or folder, and not a trigger id (expected a draft trigger file, a catalog folder, or an id such as ticket-travel-insurance)`,
    );
  return version === undefined ? { kind: 'id', id: given } : { kind: 'id', id: given, version };
}

function sideOrThrow(result: CatalogSideResult, what: string, source: string): Side {
  if (!result.ok)
    throw new LocalRuntimeError(
      `${what} does not pass the catalog's gate (${result.problems.length} problem(s)):\n${result.problems
        .map((p) => `  ${p}`)
        .join('\n')}`,
    );
  const { ok: _ok, ...side } = result;
  return { ...side, source };
}

/** A catalog folder as its own side (validated with line and column first: CatalogInvalidError). */
export function folderSide(dir: string, source: string): Side {
  const versions = versionsOfFolder(readCatalogInputFromDir(dir));
  return sideOrThrow(catalogSide(versions), source, source);
}

/** The live catalog: a --live folder, else the catalog API, else (when allowed) the seed folder. */
export async function liveSide(from: LiveSource): Promise<Side> {
  if (from.dir !== undefined) return folderSide(from.dir, `the catalog folder ${from.dir} (--live)`);
  const reached = from.api === undefined ? undefined : await tryLive(from.api, from.fallback);
  if (reached === undefined)
    return folderSide(
      defaultCatalogDir(),
      'the seed folder catalog/ as `npm start` makes it live (no running pipeline reachable)',
    );
  return reached;
}

/** `GET /catalog/live`, or undefined when no pipeline is reachable and `fallback`; a refusal is an error. */
async function tryLive(api: ReadApi, fallback: boolean): Promise<Side | undefined> {
  let body: unknown;
  try {
    body = await api('/catalog/live');
  } catch (error) {
    if (fallback && (error instanceof TypeError || error instanceof LocalRuntimeError)) return undefined;
    if (error instanceof TypeError)
      throw new LocalRuntimeError(`the catalog API cannot be reached (${error.message})`);
    throw error;
  }
  const live = body as { revision?: unknown; versions?: ItemVersion[] };
  if (!Array.isArray(live.versions))
    throw new StepFailedError(['GET /catalog/live: expected {"revision", "versions": [...]}']);
  const side = sideOrThrow(catalogSide(live.versions), 'the live catalog', 'the running pipeline');
  return {
    ...side,
    source: `the running pipeline's catalog API (it says revision ${String(live.revision)})`,
  };
}

/** The candidate for a target: the live side with the draft in place (or added), or a whole folder. */
export async function candidateSide(target: Target, live: Side, api: ReadApi | undefined): Promise<Side> {
  if (target.kind === 'dir') return target.side;
  if (target.kind === 'file') return draftSide([target.draft], live);
  if (api === undefined) throw new LocalRuntimeError('a trigger id needs the catalog API');
  let history: ItemHistory;
  try {
    history = (await api(`/catalog/items/trigger/${encodeURIComponent(target.id)}`)) as ItemHistory;
  } catch (error) {
    if (error instanceof TypeError)
      throw new LocalRuntimeError(
        `trigger ${target.id}: the catalog API cannot be reached (${error.message}); start \`npm start\`, or give a draft file`,
      );
    throw error;
  }
  const chosen =
    target.version === undefined
      ? history.versions.at(-1)
      : history.versions.find((v) => v.version === target.version);
  if (chosen === undefined)
    throw new StepFailedError([
      `trigger ${target.id} has no version ${target.version ?? ''}`.trim() +
        ` (its versions: ${history.versions.map((v) => `${v.version} (${v.state})`).join(', ') || 'none'})`,
    ]);
  const label = `${versionLabel('trigger', target.id, chosen.version)} (${chosen.state})`;
  const result = catalogSide(candidateVersions(live.versions, [chosen]));
  return sideOrThrow(result, label, `${live.source} with ${label} in place`);
}

function draftSide(drafts: readonly DraftItem[], live: Side): Side {
  const versions = draftVersions(drafts, live.versions);
  const result = catalogSide(candidateVersions(live.versions, versions), { files: draftFiles(drafts) });
  const what = versions
    .map((v) => {
      const current = live.versions.find((l) => l.kind === v.kind && l.id === v.id);
      const label = versionLabel(v.kind, v.id, v.version);
      return current === undefined
        ? `${label} added`
        : `${label} in place of ${versionLabel(v.kind, v.id, current.version)}`;
    })
    .join(', ');
  return sideOrThrow(result, drafts.map((d) => d.file).join(', '), `the live catalog with ${what}`);
}

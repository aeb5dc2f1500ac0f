import type { Catalog } from '#core/catalog/catalog.js';
import { type ParseCatalogOptions, parseCatalog } from '#core/catalog/parse.js';
import { catalogInputFrom, effectiveAt, versionLabel } from '#core/governance/snapshot.js';
import { CatalogUnavailableError } from '#shared/errors.js';
import type { CatalogRepository } from './catalog-ports.js';

/**
 * The live catalog the Lambdas decide with (issue 12): the versions effective now, read from the catalog
 * table, passed through the one gate every catalog passes (parseCatalog: schema, cross-references, the
 * sensitive lint), cached for a bounded time, and never replaced by a snapshot that fails the gate.
 */

/** Where a function gets its catalog: read once per batch or request. */
export interface CatalogSource {
  /** The catalog to decide with; throws CatalogUnavailableError when there is no valid one. */
  current(): Promise<Catalog>;
}

/** A catalog that never changes: the CLIs' folder catalogs (replay --catalog, bench) and tests. */
export function fixedCatalogSource(catalog: Catalog): CatalogSource {
  return { current: () => Promise.resolve(catalog) };
}

/** What one read of the live catalog gave. */
export type LiveCatalog =
  | { readonly ok: true; readonly catalog: Catalog; readonly revision: string }
  | {
      readonly ok: false;
      /**
       * `none`: no item has a live version at all (a fresh stack before anything was approved; never an
       * empty catalog); `refused`: the live set failed the gate or is ambiguous (never used).
       */
      readonly kind: 'none' | 'refused';
      /** One line each, naming the item or file and field (no customer data: the catalog holds none). */
      readonly problems: readonly string[];
    };

/**
 * The live catalog at `now`: per item the version effective then (shared/core/governance/snapshot.ts);
 * an item with more than one effective version is refused, never guessed between; then parseCatalog on
 * exactly those versions. The catalog's `version` is the snapshot's revision, which every decision records
 * (policyVersion `catalog=<revision>`), and each trigger's `version` is its lifecycle version.
 */
export async function loadLiveCatalog(
  repository: Pick<CatalogRepository, 'listVersions'>,
  now: Date,
  options: ParseCatalogOptions = {},
): Promise<LiveCatalog> {
  const effective = effectiveAt(await repository.listVersions(), now);
  if (effective.ambiguous.length > 0) {
    return {
      ok: false,
      kind: 'refused',
      problems: effective.ambiguous.map(
        (item) => `${item}: more than one version is live at ${now.toISOString()}; none is chosen`,
      ),
    };
  }
  // The parser reads ids from the content: a version whose content names another item is a broken store.
  const misfiled = effective.versions.filter((v) => {
    const named = v.kind === 'trigger' ? v.content.id : v.kind === 'offer' ? v.content.offerId : v.id;
    return named !== v.id;
  });
  if (misfiled.length > 0) {
    return {
      ok: false,
      kind: 'refused',
      problems: misfiled.map(
        (v) => `${versionLabel(v.kind, v.id, v.version)}: its content names another item`,
      ),
    };
  }
  if (effective.versions.length === 0) {
    return {
      ok: false,
      kind: 'none',
      problems: [
        `the catalog has no live version at ${now.toISOString()}: nothing was approved and activated`,
      ],
    };
  }
  const parsed = parseCatalog(catalogInputFrom(effective.versions, effective.revision), options);
  if (!parsed.ok) return { ok: false, kind: 'refused', problems: parsed.errors };
  return { ok: true, catalog: parsed.catalog, revision: effective.revision };
}

export interface CatalogSnapshotCacheOptions {
  /** One read of the live catalog (e.g. `(now) => loadLiveCatalog(store, now)`); may throw on a store fault. */
  readonly load: (now: Date) => Promise<LiveCatalog>;
  /** A good catalog is used for at most this long before the next read (1..3600; CATALOG_REFRESH_SECONDS). */
  readonly refreshSeconds: number;
  readonly now: () => Date;
  /** A read was refused or failed: the last good catalog (if any) stays in use. */
  readonly onRefused?: (problems: readonly string[]) => void;
  /** A read gave a good catalog (every successful read; `previous` is the revision it replaces). */
  readonly onRefreshed?: (revision: string, previous: string | undefined) => void;
}

interface Loaded {
  readonly catalog: Catalog;
  readonly revision: string;
}

/**
 * The live catalog of one Lambda container: read at the first call (cold start), then again once the good
 * catalog is `refreshSeconds` old (or the clock went back). One read at a time: concurrent callers share
 * it. A read that is refused or fails keeps the last good catalog in use (and is reported), and is retried
 * only after another `refreshSeconds`; with no good catalog at all, every call reads again and, failing,
 * throws CatalogUnavailableError: nothing is decided on a partial or missing catalog.
 */
export class CatalogSnapshotCache implements CatalogSource {
  private good: Loaded | undefined;
  /** When the last read (good or not) started; a good catalog is refreshed from this instant. */
  private readAt = Number.NaN;
  private inFlight: Promise<Catalog> | undefined;

  constructor(private readonly options: CatalogSnapshotCacheOptions) {
    const { refreshSeconds } = options;
    if (!Number.isInteger(refreshSeconds) || refreshSeconds < 1 || refreshSeconds > 3600) {
      throw new RangeError(`refreshSeconds: expected a whole number from 1 to 3600, got ${refreshSeconds}`);
    }
  }

  /** The revision of the catalog in use, if any. */
  get revision(): string | undefined {
    return this.good?.revision;
  }

  current(): Promise<Catalog> {
    const good = this.good;
    if (good !== undefined && this.fresh()) return Promise.resolve(good.catalog);
    this.inFlight ??= this.read().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private fresh(): boolean {
    const age = this.options.now().getTime() - this.readAt;
    return age >= 0 && age < this.options.refreshSeconds * 1000;
  }

  private async read(): Promise<Catalog> {
    const now = this.options.now();
    let problems: readonly string[];
    try {
      const loaded = await this.options.load(now);
      if (loaded.ok) {
        const previous = this.good?.revision;
        this.good = { catalog: loaded.catalog, revision: loaded.revision };
        this.readAt = now.getTime();
        this.options.onRefreshed?.(loaded.revision, previous);
        return loaded.catalog;
      }
      problems = loaded.problems;
    } catch (error) {
      problems = [`the catalog could not be read: ${error instanceof Error ? error.name : typeof error}`];
    }
    this.options.onRefused?.(problems);
    if (this.good === undefined) {
      throw new CatalogUnavailableError(
        `No valid catalog snapshot is available; nothing is decided:\n${problems.join('\n')}`,
      );
    }
    this.readAt = now.getTime();
    return this.good.catalog;
  }
}

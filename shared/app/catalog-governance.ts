import { applyCommand } from '#core/governance/lifecycle.js';
import type {
  Caller,
  Command,
  CommandResult,
  ContentCheck,
  ItemHistory,
  ItemKind,
  ItemVersion,
  JsonObject,
  Refusal,
} from '#core/governance/model.js';
import { contentRefusal, openVersion, targetRefusal } from '#core/governance/rules.js';
import { effectiveAt } from '#core/governance/snapshot.js';
import {
  type ContentFinding,
  candidateFindings,
  candidateProblems,
  liveVersionsAt,
  removalProblems,
  workingVersions,
} from '#core/governance/working-catalog.js';
import type { SensitiveRules } from '#core/sensitive.js';
import { type ItemSummary, summarize } from './catalog-listing.js';
import type { CatalogGovernance, CatalogRepository } from './catalog-ports.js';

export interface CatalogGovernanceDeps {
  readonly repository: CatalogRepository;
  readonly now: () => Date;
  /** The screen the sensitive lint checks against; the default screen when absent. */
  readonly sensitive?: SensitiveRules;
}

const CONCURRENT = { kind: 'conflict', rule: 'changed concurrently; reload and retry' } as const;

const order = (a: ItemVersion, b: ItemVersion) =>
  a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : a.version - b.version;

/**
 * The governed catalog's service (issue 12): every command goes through the pure lifecycle
 * (shared/core/governance/lifecycle.ts) with the content check built here — validation and the sensitive
 * lint of the version against the catalog it would join (shared/core/governance/working-catalog.ts) — and is
 * committed only if nobody else committed to the item since it was read (optimistic lock on the item's
 * revision): the loser gets a `conflict` refusal and nothing of it is written.
 */
export class CatalogGovernanceService implements CatalogGovernance {
  constructor(private readonly deps: CatalogGovernanceDeps) {}

  async execute(kind: ItemKind, id: string, command: Command, caller: Caller): Promise<CommandResult> {
    // An unknown kind or a malformed id never reaches the store.
    const badTarget = targetRefusal(kind, id);
    if (badTarget) return { ok: false, refusal: badTarget };
    const now = this.deps.now();
    const history = await this.deps.repository.load(kind, id);
    const needsCatalog = command.action === 'submit' || command.action === 'activate';
    const all = needsCatalog ? await this.deps.repository.listVersions() : [];
    const result = applyCommand(
      history,
      { kind, id },
      command,
      caller,
      now,
      this.checkAgainst(all, command, now),
    );
    if (!result.ok) return result;
    if (command.action === 'retire') {
      const refusal = await this.retirementRefusal(kind, id, now);
      if (refusal) return { ok: false, refusal };
    }
    const committed = await this.deps.repository.commit(kind, id, history?.revision ?? 0, result.changes);
    return committed ? result : { ok: false, refusal: CONCURRENT };
  }

  /** Submit: the working catalog; activate: the catalog live at the activation instant. */
  private checkAgainst(all: readonly ItemVersion[], command: Command, now: Date): ContentCheck {
    return (kind, id, content, moment) => {
      const version = 'version' in command ? command.version : 0;
      const candidate = { kind, id, version, content };
      if (moment === 'submit') return candidateProblems(workingVersions(all), candidate, this.options());
      const requested =
        command.action === 'activate' && command.at !== undefined ? Date.parse(command.at) : Number.NaN;
      const at = new Date(Number.isNaN(requested) ? now.getTime() : Math.max(requested, now.getTime()));
      return candidateProblems(liveVersionsAt(all, at), candidate, this.options());
    };
  }

  /**
   * A retirement must not leave the live catalog invalid (a trigger naming a retired offer): the runtime
   * would refuse the whole snapshot and decide nothing.
   */
  private async retirementRefusal(kind: ItemKind, id: string, now: Date): Promise<Refusal | undefined> {
    const live = liveVersionsAt(await this.deps.repository.listVersions(), now);
    const problems = removalProblems(live, { kind, id }, this.options());
    if (problems.length === 0) return undefined;
    const rule = `retiring ${kind} ${id} would leave the live catalog invalid; retire what refers to it first`;
    return { kind: 'invalid', rule, problems };
  }

  private options() {
    return this.deps.sensitive === undefined ? {} : { sensitive: this.deps.sensitive };
  }

  show(kind: ItemKind, id: string): Promise<ItemHistory | undefined> {
    return this.deps.repository.load(kind, id);
  }

  async list(kind?: ItemKind): Promise<readonly ItemVersion[]> {
    const all = await this.deps.repository.listVersions();
    return all.filter((v) => kind === undefined || v.kind === kind).sort(order);
  }

  async summaries(kind?: ItemKind): Promise<readonly ItemSummary[]> {
    return summarize(await this.list(kind), this.deps.now());
  }

  async lint(kind: ItemKind, id: string, content: JsonObject): Promise<readonly ContentFinding[]> {
    const refusal = targetRefusal(kind, id) ?? contentRefusal(kind, id, content);
    if (refusal) return [{ path: refusal.path ?? '', message: refusal.rule }];
    const all = await this.deps.repository.listVersions();
    const own = all.filter((v) => v.kind === kind && v.id === id);
    const open = openVersion(own);
    const version = open?.version ?? Math.max(0, ...own.map((v) => v.version)) + 1;
    return candidateFindings(workingVersions(all), { kind, id, version, content }, this.options());
  }

  async live(): Promise<{ readonly revision: string; readonly versions: readonly ItemVersion[] }> {
    const { revision, versions } = effectiveAt(await this.deps.repository.listVersions(), this.deps.now());
    return { revision, versions };
  }
}

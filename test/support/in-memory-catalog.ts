import type { CatalogRepository } from '#app/catalog-ports.js';
import type { ItemChanges, ItemHistory, ItemKind, ItemVersion } from '#core/governance/model.js';

/**
 * The governed catalog's repository in memory, with the DynamoDB store's commit semantics: a commit
 * applies all its changes or none, only while the item's revision is still the one the caller read, and a
 * transition record is never replaced. `beforeCommit` lets a test run something between a command's load
 * and its commit (a race at a chosen point).
 */
export class InMemoryCatalog implements CatalogRepository {
  private readonly items = new Map<string, ItemHistory>();
  /** Runs (once) before the next commit's revision check. */
  beforeCommit: (() => Promise<void>) | undefined;
  commits = 0;

  async load(kind: ItemKind, id: string): Promise<ItemHistory | undefined> {
    const history = this.items.get(`${kind}#${id}`);
    return history === undefined ? undefined : structuredClone(history);
  }

  async commit(kind: ItemKind, id: string, expectedRevision: number, changes: ItemChanges): Promise<boolean> {
    const hook = this.beforeCommit;
    this.beforeCommit = undefined;
    if (hook) await hook();
    const key = `${kind}#${id}`;
    const current = this.items.get(key) ?? { kind, id, revision: 0, versions: [], transitions: [] };
    if (current.revision !== expectedRevision) return false;
    const seqs = new Set(current.transitions.map((t) => t.seq));
    if (changes.transitions.some((t) => seqs.has(t.seq) || t.kind !== kind || t.id !== id)) {
      throw new Error(`InMemoryCatalog: a transition of ${key} would be replaced or misfiled`);
    }
    if (changes.versions.some((v) => v.kind !== kind || v.id !== id)) {
      throw new Error(`InMemoryCatalog: a version filed under ${key} belongs to another item`);
    }
    const changed = new Map(changes.versions.map((v) => [v.version, structuredClone(v)]));
    const versions = [...current.versions.filter((v) => !changed.has(v.version)), ...changed.values()].sort(
      (a, b) => a.version - b.version,
    );
    this.items.set(key, {
      kind,
      id,
      revision: expectedRevision + 1,
      versions,
      transitions: [...current.transitions, ...structuredClone(changes.transitions)],
    });
    this.commits++;
    return true;
  }

  async listVersions(): Promise<readonly ItemVersion[]> {
    return structuredClone([...this.items.values()].flatMap((h) => h.versions));
  }
}

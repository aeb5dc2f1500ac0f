import { DynamoCatalogStore } from '#adapters/dynamodb/catalog-store.js';
import type { ItemHistory, ItemKind, JsonObject, Role } from '#core/governance/model.js';
import { documentClient } from '#functions/handler-kit/aws-clients.js';
import type { LocalRuntime } from '#local/runtime.js';
import { type CatalogAnswer, catalogClient, localIdentity } from '#local/triggers-client.js';
import { CATALOG_TABLE } from '#shared/catalog-table.js';

/**
 * The catalog API of a running local runtime, called as `npm run triggers` calls it (the same client,
 * ./infra/local/triggers-client.ts): over HTTP through the local gateway, the caller named in the local
 * identity headers.
 */

export interface Person {
  readonly name: string;
  readonly role: Role;
}

export const productTeam = (name: string): Person => ({ name, role: 'product-team' });
export const privacyOfficer = (name: string): Person => ({ name, role: 'privacy-officer' });

export const itemPath = (kind: ItemKind, id: string) => `/catalog/items/${kind}/${id}`;
export const versionPath = (kind: ItemKind, id: string, version: number) =>
  `${itemPath(kind, id)}/versions/${version}`;

export class CatalogApi {
  constructor(private readonly runtime: LocalRuntime) {}

  /** One request by `who`, in their role; the answer's status and parsed body. */
  request(who: Person, method: string, path: string, body?: unknown): Promise<CatalogAnswer> {
    return catalogClient(this.runtime.endpoints.http, localIdentity(who.name), (url, init) =>
      fetch(url, init),
    ).request(method, path, who.role, body);
  }

  /** Like request, failing the test unless the status is `status`. */
  async expect(status: number, who: Person, method: string, path: string, body?: unknown): Promise<unknown> {
    const answer = await this.request(who, method, path, body);
    if (answer.status !== status)
      throw new Error(
        `${method} ${path} by ${who.name} (${who.role}): expected ${status}, got ${answer.status} ${JSON.stringify(answer.body)}`,
      );
    return answer.body;
  }

  async history(kind: ItemKind, id: string): Promise<ItemHistory> {
    return (await this.expect(200, productTeam('reader'), 'GET', itemPath(kind, id))) as ItemHistory;
  }

  /** The content of the item's newest version, as a product team starts a new version from it. */
  async newestContent(kind: ItemKind, id: string): Promise<JsonObject> {
    const versions = (await this.history(kind, id)).versions;
    const newest = versions[versions.length - 1];
    if (newest === undefined) throw new Error(`${kind} ${id} has no version`);
    return newest.content;
  }

  /** Draft, submit, approve and activate a new version: the author and the approver are different people. */
  async goLive(
    kind: ItemKind,
    id: string,
    content: JsonObject,
    author: Person,
    approver: Person,
  ): Promise<number> {
    const drafted = (await this.expect(201, author, 'POST', `${itemPath(kind, id)}/versions`, {
      content,
    })) as {
      versions: Array<{ version: number }>;
    };
    const version = drafted.versions[0]?.version;
    if (version === undefined) throw new Error('the draft answered no version');
    await this.expect(200, author, 'POST', `${versionPath(kind, id, version)}/submit`);
    await this.expect(200, approver, 'POST', `${versionPath(kind, id, version)}/approve`);
    await this.expect(200, approver, 'POST', `${versionPath(kind, id, version)}/activate`);
    return version;
  }

  /** The live catalog's revision, as the API reports it. */
  async liveRevision(): Promise<string> {
    const live = (await this.expect(200, productTeam('reader'), 'GET', '/catalog/live')) as {
      revision: string;
    };
    return live.revision;
  }
}

/** The catalog table's store, as the runtime's handlers read it (for writes the lifecycle would refuse). */
export const catalogStore = (runtime: LocalRuntime) =>
  new DynamoCatalogStore(documentClient(runtime.dynamodb), CATALOG_TABLE);

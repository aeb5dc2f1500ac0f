import type { DynamoDBDocumentClient, QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { CatalogRepository } from '#app/catalog-ports.js';
import type {
  ItemChanges,
  ItemHistory,
  ItemKind,
  ItemVersion,
  TransitionRecord,
} from '#core/governance/model.js';
import {
  CATALOG_HEAD_SK,
  CATALOG_VERSIONS_INDEX,
  catalogPk,
  transitionSk,
  versionListingKey,
  versionSk,
} from '#shared/catalog-table.js';
import { CatalogStoreError, InfrastructureError } from '#shared/errors.js';
import { parseHead, parseTransition, parseVersion, type StoredItem } from './catalog-items.js';
import { cancellationCodes, type TransactItem, transactConditionally } from './conditional.js';
import { queryItems, sendQueryWith } from './paginate.js';
import { backoff, DEFAULT_RETRY, type RetryPolicy } from './retry.js';

/**
 * The governed catalog in its DynamoDB table (layout: shared/catalog-table.ts). One partition per item:
 *
 *   pk = "<kind>#<id>"   sk = HEAD                    { revision, kind, id }
 *                        sk = V#<version, 10 digits>  the ItemVersion (+ listing, itemVersion: the index keys)
 *                        sk = T#<seq, 10 digits>      the TransitionRecord, never replaced
 *
 * `commit` is one TransactWriteItems: the head Put conditional on the revision read (absent for 0), every
 * changed version Put, every transition Put conditional on its key being new. A stale revision cancels the
 * whole transaction (false, nothing written); a transaction conflict (another commit on the item in flight)
 * is retried with backoff, and then reads as stale or commits. `load` is one (paginated) consistent Query of
 * the partition; `listVersions` one (paginated) Query of the sparse `versions` index, sorted by kind, id and
 * version, eventually consistent
 * like every global index: a version committed a moment ago may be missing from it for that moment.
 * Everything read is validated: a corrupted item is a CatalogStoreError naming its key, never skipped.
 * IAM: Query (table and the versions index), PutItem (the transaction's items).
 */

/** A transaction holds at most 100 items: the head plus 99 versions and transitions. */
const MAX_TRANSACTION_ITEMS = 100;
/** Pages read per Query before the store refuses (a catalog has hundreds of items, a page up to 1 MB). */
const MAX_PAGES = 1_000;

const storeFault = (what: string) => (error: unknown) =>
  error instanceof InfrastructureError
    ? error
    : new CatalogStoreError(`${what}: ${String(error)}`, { cause: error });

export class DynamoCatalogStore implements CatalogRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
  ) {}

  async load(kind: ItemKind, id: string): Promise<ItemHistory | undefined> {
    const pk = catalogPk(kind, id);
    const items = await this.query(`loading catalog item ${pk}`, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pk },
      ConsistentRead: true,
    });
    if (items.length === 0) return undefined;
    let revision: number | undefined;
    const versions: ItemVersion[] = [];
    const transitions: TransitionRecord[] = [];
    for (const item of items) {
      const sk = item.sk;
      if (sk === CATALOG_HEAD_SK) revision = parseHead(item, kind, id).revision;
      else if (typeof sk === 'string' && sk.startsWith('V#')) versions.push(parseVersion(item, kind, id));
      else if (typeof sk === 'string' && sk.startsWith('T#'))
        transitions.push(parseTransition(item, kind, id));
      else throw new CatalogStoreError(`catalog item pk=${pk} sk=${String(sk)}: unknown sort key`);
    }
    if (revision === undefined)
      throw new CatalogStoreError(`catalog item pk=${pk}: versions or transitions without a HEAD item`);
    versions.sort((a, b) => a.version - b.version);
    transitions.sort((a, b) => a.seq - b.seq);
    return { kind, id, revision, versions, transitions };
  }

  async commit(kind: ItemKind, id: string, expectedRevision: number, changes: ItemChanges): Promise<boolean> {
    const items = this.transactionItems(kind, id, expectedRevision, changes);
    for (let attempt = 0; ; attempt++) {
      let failed: number[];
      try {
        failed = await transactConditionally(this.client, items);
      } catch (error) {
        const codes = cancellationCodes(error);
        if (codes?.includes('TransactionConflict') && attempt + 1 < this.retry.attempts) {
          await backoff(attempt, this.retry);
          continue;
        }
        throw storeFault(`committing catalog item ${catalogPk(kind, id)} at revision ${expectedRevision}`)(
          error,
        );
      }
      if (failed.length === 0) return true;
      // The head's condition: another command committed first. Nothing was written.
      if (failed.includes(0)) return false;
      const keys = failed.map((i) => items[i]?.Put?.Item?.sk).join(', ');
      throw new CatalogStoreError(
        `catalog item ${catalogPk(kind, id)}: transition ${keys} already stored although the revision ` +
          `${expectedRevision} was current; a transition is never replaced (nothing was written)`,
      );
    }
  }

  async listVersions(): Promise<readonly ItemVersion[]> {
    const items = await this.query('listing the catalog versions', {
      TableName: this.tableName,
      IndexName: CATALOG_VERSIONS_INDEX.indexName,
      KeyConditionExpression: '#listing = :listing',
      ExpressionAttributeNames: { '#listing': CATALOG_VERSIONS_INDEX.partitionKey },
      ExpressionAttributeValues: { ':listing': CATALOG_VERSIONS_INDEX.listing },
    });
    // Sorted here rather than trusted to the index's string order (an id may hold characters below '#').
    return items.map((item) => parseVersion(item)).sort(byItemAndVersion);
  }

  private async query(what: string, input: QueryCommandInput): Promise<StoredItem[]> {
    const tooMany = () => new CatalogStoreError(`${what}: more than ${MAX_PAGES} pages`);
    return queryItems(sendQueryWith(this.client), input, { maxPages: MAX_PAGES, tooMany }).catch((error) => {
      throw storeFault(what)(error);
    });
  }

  private transactionItems(
    kind: ItemKind,
    id: string,
    expectedRevision: number,
    changes: ItemChanges,
  ): TransactItem[] {
    const pk = catalogPk(kind, id);
    const refuse = (why: string) => new CatalogStoreError(`committing catalog item ${pk}: ${why}`);
    if (!Number.isInteger(expectedRevision) || expectedRevision < 0)
      throw refuse(`the expected revision ${expectedRevision} is not a whole number >= 0`);
    const count = 1 + changes.versions.length + changes.transitions.length;
    if (count > MAX_TRANSACTION_ITEMS)
      throw refuse(`${count} items exceed one transaction's ${MAX_TRANSACTION_ITEMS}`);
    for (const change of [...changes.versions, ...changes.transitions])
      if (change.kind !== kind || change.id !== id)
        throw refuse(`a change belongs to ${catalogPk(change.kind, change.id)}`);
    const sks = [
      ...changes.versions.map((v) => versionSk(v.version)),
      ...changes.transitions.map((t) => transitionSk(t.seq)),
    ];
    const duplicate = sks.find((sk, i) => sks.indexOf(sk) !== i);
    if (duplicate !== undefined) throw refuse(`${duplicate} appears twice in one commit`);

    const head: TransactItem = {
      Put: {
        TableName: this.tableName,
        Item: { pk, sk: CATALOG_HEAD_SK, kind, id, revision: expectedRevision + 1 },
        ConditionExpression: expectedRevision === 0 ? 'attribute_not_exists(pk)' : '#revision = :expected',
        ...(expectedRevision === 0
          ? {}
          : {
              ExpressionAttributeNames: { '#revision': 'revision' },
              ExpressionAttributeValues: { ':expected': expectedRevision },
            }),
      },
    };
    const versions: TransactItem[] = changes.versions.map((version) => ({
      Put: {
        TableName: this.tableName,
        Item: {
          ...plain(version),
          pk,
          sk: versionSk(version.version),
          [CATALOG_VERSIONS_INDEX.partitionKey]: CATALOG_VERSIONS_INDEX.listing,
          [CATALOG_VERSIONS_INDEX.sortKey]: versionListingKey(kind, id, version.version),
        },
      },
    }));
    const transitions: TransactItem[] = changes.transitions.map((transition) => ({
      Put: {
        TableName: this.tableName,
        Item: { ...plain(transition), pk, sk: transitionSk(transition.seq) },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    }));
    return [head, ...versions, ...transitions];
  }
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byItemAndVersion = (a: ItemVersion, b: ItemVersion) =>
  compare(a.kind, b.kind) || compare(a.id, b.id) || a.version - b.version;

/** A JSON-only copy (undefined fields dropped at every depth): what is stored is what a reader gets back. */
function plain(value: ItemVersion | TransitionRecord): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}

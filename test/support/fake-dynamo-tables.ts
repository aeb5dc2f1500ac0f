import { BatchGetCommand, BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { NativeAttributeValue } from '@aws-sdk/util-dynamodb';
import { type DocumentCommand, validationException } from './fake-aws.js';

type Item = Record<string, NativeAttributeValue>;

export interface FakeTablesOptions {
  /** The key attributes of each table (partition key first). Requests to other tables fail. */
  readonly keys: Readonly<Record<string, readonly string[]>>;
  /**
   * Whether DynamoDB leaves this key (BatchGetItem) or item (BatchWriteItem) unprocessed on this call, as
   * it does under throttling. `call` counts the calls of that command kind, from 0.
   */
  readonly unprocessed?: (table: string, keyOrItem: Item, call: number) => boolean;
}

/** DynamoDB's documented limits per request. */
export const BATCH_GET_MAX_KEYS = 100;
export const BATCH_WRITE_MAX_REQUESTS = 25;

/**
 * A small in-memory DynamoDB behind `fakeDocumentClient(tables.respond)`, answering BatchGetItem and
 * BatchWriteItem (puts) the way the service does: at most 100 keys / 25 requests per call, a
 * ValidationException for duplicate keys in one call or keys that do not match the table's schema, items
 * copied in and out (never shared), and unprocessed keys/items when `unprocessed` says so.
 */
export class FakeDynamoTables {
  private readonly data = new Map<string, Map<string, Item>>();
  private batchGets = 0;
  private batchWrites = 0;

  constructor(private readonly options: FakeTablesOptions) {}

  put(table: string, item: Item): void {
    this.table(table).set(this.keyOf(table, item), structuredClone(item));
  }

  get(table: string, key: Item): Item | undefined {
    const item = this.table(table).get(this.keyOf(table, key));
    return item === undefined ? undefined : structuredClone(item);
  }

  items(table: string): Item[] {
    return [...this.table(table).values()].map((item) => structuredClone(item));
  }

  /** Pass to fakeDocumentClient. */
  readonly respond = (command: DocumentCommand): unknown => {
    if (command instanceof BatchGetCommand) return this.batchGet(command);
    if (command instanceof BatchWriteCommand) return this.batchWrite(command);
    throw new Error(`FakeDynamoTables does not handle ${command.constructor.name}`);
  };

  private batchGet(command: BatchGetCommand) {
    const call = this.batchGets++;
    const request = command.input.RequestItems ?? {};
    const total = Object.values(request).reduce((n, entry) => n + (entry.Keys?.length ?? 0), 0);
    if (total > BATCH_GET_MAX_KEYS) {
      throw validationException('Too many items requested for the BatchGetItem call');
    }
    const responses: Record<string, Item[]> = {};
    const unprocessed: Record<string, { Keys: Item[]; ConsistentRead?: boolean }> = {};
    for (const [table, entry] of Object.entries(request)) {
      const keys = entry.Keys ?? [];
      this.assertNoDuplicates(table, keys);
      responses[table] = [];
      for (const key of keys) {
        if (this.options.unprocessed?.(table, key, call)) {
          const left = unprocessed[table] ?? { Keys: [], ConsistentRead: entry.ConsistentRead ?? false };
          left.Keys.push(structuredClone(key));
          unprocessed[table] = left;
          continue;
        }
        const item = this.get(table, key);
        if (item !== undefined) responses[table].push(item);
      }
    }
    return { Responses: responses, UnprocessedKeys: unprocessed, $metadata: {} };
  }

  private batchWrite(command: BatchWriteCommand) {
    const call = this.batchWrites++;
    const request = command.input.RequestItems ?? {};
    const total = Object.values(request).reduce((n, requests) => n + requests.length, 0);
    if (total > BATCH_WRITE_MAX_REQUESTS) {
      throw validationException('Too many items requested for the BatchWriteItem call');
    }
    const unprocessed: Record<string, Array<{ PutRequest: { Item: Item } }>> = {};
    for (const [table, requests] of Object.entries(request)) {
      const items = requests.map((r) => {
        if (r.PutRequest?.Item === undefined) throw new Error('FakeDynamoTables only handles PutRequest');
        return r.PutRequest.Item;
      });
      this.assertNoDuplicates(table, items);
      for (const item of items) {
        if (this.options.unprocessed?.(table, item, call)) {
          const left = unprocessed[table] ?? [];
          left.push({ PutRequest: { Item: structuredClone(item) } });
          unprocessed[table] = left;
        } else {
          this.put(table, item);
        }
      }
    }
    return { UnprocessedItems: unprocessed, $metadata: {} };
  }

  private assertNoDuplicates(table: string, keysOrItems: readonly Item[]): void {
    const seen = new Set<string>();
    for (const keyOrItem of keysOrItems) {
      const key = this.keyOf(table, keyOrItem);
      if (seen.has(key)) throw validationException('Provided list of item keys contains duplicates');
      seen.add(key);
    }
  }

  private table(table: string): Map<string, Item> {
    if (this.options.keys[table] === undefined) {
      throw Object.assign(new Error('Requested resource not found'), { name: 'ResourceNotFoundException' });
    }
    let rows = this.data.get(table);
    if (rows === undefined) {
      rows = new Map();
      this.data.set(table, rows);
    }
    return rows;
  }

  private keyOf(table: string, keyOrItem: Item): string {
    const attributes = this.options.keys[table];
    if (attributes === undefined) {
      throw Object.assign(new Error('Requested resource not found'), { name: 'ResourceNotFoundException' });
    }
    const values = attributes.map((attribute) => keyOrItem[attribute]);
    if (values.some((v) => typeof v !== 'string' && typeof v !== 'number')) {
      throw validationException('The provided key element does not match the schema');
    }
    return JSON.stringify(values);
  }
}

/** The table names and key schemas the adapters' tests use (as the stack defines them). */
export const TABLES = {
  customers: 'test-customers',
  contactPolicy: 'test-contact-policy',
  audit: 'test-audit',
  offers: 'test-offers',
} as const;

export const TABLE_KEYS: Readonly<Record<string, readonly string[]>> = {
  [TABLES.customers]: ['customerId', 'sk'],
  [TABLES.contactPolicy]: ['customerId'],
  [TABLES.audit]: ['decisionId'],
  [TABLES.offers]: ['customerId', 'offerInstanceId'],
};

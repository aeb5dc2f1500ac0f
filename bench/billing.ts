import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { TableDefinition } from '#infra/definitions/types.js';

/**
 * What AWS would bill for the DynamoDB requests of a run, computed from the requests themselves (and, for
 * reads, the items returned), by AWS's published rules (developer guide: "DynamoDB item sizes and formats",
 * "DynamoDB read and write operations"), not from what DynamoDB Local reports (it does not double
 * transactional writes, nor bill index writes):
 * - item size = sum over attributes of (UTF-8 bytes of the name) + (size of the value): a string its UTF-8
 *   bytes; a number 1 byte per two significant digits + 1; binary its raw bytes; null or boolean 1 byte; a
 *   list or map 3 bytes + 1 byte per element + the elements (a map element's name counts); sets the sum of
 *   their members;
 * - writes: ceil(size / 1 KB) write units per PutItem, UpdateItem, DeleteItem and BatchWriteItem item,
 *   twice that for every item of a TransactWriteItems (ConditionCheck included), plus one write per
 *   global index the item lands in (it carries the index's key attributes; an ALL projection is sized as
 *   the item, once — index writes are not transactional); a failed conditional write is billed all the same;
 * - reads: ceil(size / 4 KB) read units per item read strongly consistently, half eventually consistent,
 *   twice in a transaction; a key that finds no item still costs the minimum (BatchGetItem bills each item
 *   as a GetItem); a Query or Scan bills the sum of the items it returns, rounded up to 4 KB once.
 * Where the request does not hold the item (UpdateItem, DeleteItem, ConditionCheck: their size is the
 * stored item's), one unit is counted, which is exact for items up to 1 KB (every such item of this bench).
 */

export const WRITE_UNIT_BYTES = 1024;
export const READ_UNIT_BYTES = 4096;
/** DynamoDB's per-item storage overhead (each item, in the table and in every index holding it). */
export const STORAGE_OVERHEAD_BYTES = 100;

const utf8 = (s: string) => Buffer.byteLength(s, 'utf8');

/** Significant digits of a DynamoDB number: no sign, no point, no leading or trailing zeros. */
function numberSize(n: string): number {
  const [mantissa = ''] = n.toLowerCase().split('e');
  const digits = mantissa.replace(/[-+.]/g, '').replace(/^0+/, '').replace(/0+$/, '');
  return Math.ceil(Math.max(1, digits.length) / 2) + 1;
}

/** The size of one attribute value by DynamoDB's rules (without the attribute's name). */
export function attributeValueSize(value: AttributeValue): number {
  if (value.S !== undefined) return utf8(value.S);
  if (value.N !== undefined) return numberSize(value.N);
  if (value.B !== undefined) return value.B.byteLength;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.SS !== undefined) return value.SS.reduce((n, s) => n + utf8(s), 0);
  if (value.NS !== undefined) return value.NS.reduce((n, s) => n + numberSize(s), 0);
  if (value.BS !== undefined) return value.BS.reduce((n, b) => n + b.byteLength, 0);
  if (value.L !== undefined) return 3 + value.L.reduce((n, v) => n + 1 + attributeValueSize(v), 0);
  if (value.M !== undefined) {
    return 3 + Object.entries(value.M).reduce((n, [k, v]) => n + 1 + utf8(k) + attributeValueSize(v), 0);
  }
  return 0;
}

/** The size of an item (marshalled) by DynamoDB's rules. */
export function itemSize(item: Readonly<Record<string, AttributeValue>>): number {
  return Object.entries(item).reduce((n, [name, value]) => n + utf8(name) + attributeValueSize(value), 0);
}

export const writeUnits = (bytes: number): number => Math.max(1, Math.ceil(bytes / WRITE_UNIT_BYTES));
export const readUnits = (bytes: number, consistent: boolean): number =>
  Math.max(1, Math.ceil(bytes / READ_UNIT_BYTES)) / (consistent ? 1 : 2);

/** One billed part of a request: the table (definition name), the operation, and its units. */
export interface Charge {
  readonly table: string;
  readonly operation: string;
  readonly wru: number;
  readonly rru: number;
}

/** An item written: its table, its size (storage: size + overhead) and, when it has one, its TTL in days. */
export interface StoredItem {
  readonly table: string;
  readonly bytes: number;
  /** Index copies (tables with global indexes the item lands in). */
  readonly copies: number;
  readonly days?: number;
}

type Item = Record<string, AttributeValue>;

/** Global index writes for an item of `table`: one per index whose key attributes it carries. */
function indexWrites(table: TableDefinition | undefined, item: Item, size: number): number {
  let units = 0;
  for (const index of table?.globalIndexes ?? []) {
    const keys = [index.partitionKey.name, ...(index.sortKey ? [index.sortKey.name] : [])];
    if (keys.some((k) => item[k] === undefined)) continue;
    units += index.projection === 'ALL' ? writeUnits(size) : 1;
  }
  return units;
}

function indexCopies(table: TableDefinition | undefined, item: Item): number {
  return (table?.globalIndexes ?? []).filter((index) =>
    [index.partitionKey.name, index.sortKey?.name].every((k) => k === undefined || item[k] !== undefined),
  ).length;
}

/** Days between an item's start (decidedAt, createdAt) and its TTL, when both are there. */
function ttlDays(item: Item): number | undefined {
  const ttl = item.ttl?.N;
  const from = item.decidedAt?.S ?? item.createdAt?.S;
  if (ttl === undefined || from === undefined) return undefined;
  return (Number(ttl) - Date.parse(from) / 1000) / 86_400;
}

interface TransactItemInput {
  Put?: { TableName?: string; Item?: Item };
  Update?: { TableName?: string };
  Delete?: { TableName?: string };
  ConditionCheck?: { TableName?: string };
}

/**
 * The charges of a write request, and the items it would store. `tables` maps physical table names to
 * their definitions (for the indexes); an unknown table is billed without indexes.
 */
export function billWrite(
  command: string,
  input: Record<string, unknown>,
  tables: ReadonlyMap<string, TableDefinition>,
): { charges: Charge[]; stored: StoredItem[] } {
  const charges: Charge[] = [];
  const stored: StoredItem[] = [];
  const nameOf = (physical: string | undefined) => tables.get(physical ?? '')?.name ?? physical ?? '?';
  const put = (physical: string | undefined, item: Item, factor: number, operation: string) => {
    const table = tables.get(physical ?? '');
    const size = itemSize(item);
    const days = ttlDays(item);
    charges.push({ table: nameOf(physical), operation, wru: writeUnits(size) * factor, rru: 0 });
    const index = indexWrites(table, item, size);
    if (index > 0) charges.push({ table: `${nameOf(physical)} (indexes)`, operation, wru: index, rru: 0 });
    stored.push({
      table: nameOf(physical),
      bytes: size,
      copies: indexCopies(table, item),
      ...(days === undefined ? {} : { days }),
    });
  };
  const oneUnit = (physical: string | undefined, factor: number, operation: string) =>
    charges.push({ table: nameOf(physical), operation, wru: factor, rru: 0 });
  if (command === 'PutItemCommand') {
    put(input.TableName as string, input.Item as Item, 1, 'PutItem');
  } else if (command === 'UpdateItemCommand' || command === 'DeleteItemCommand') {
    oneUnit(input.TableName as string, 1, command.replace('Command', ''));
  } else if (command === 'BatchWriteItemCommand') {
    const requests = (input.RequestItems ?? {}) as Record<string, Array<{ PutRequest?: { Item: Item } }>>;
    for (const [physical, list] of Object.entries(requests)) {
      for (const r of list) {
        if (r.PutRequest) put(physical, r.PutRequest.Item, 1, 'BatchWriteItem');
        else oneUnit(physical, 1, 'BatchWriteItem');
      }
    }
  } else if (command === 'TransactWriteItemsCommand') {
    for (const t of (input.TransactItems ?? []) as TransactItemInput[]) {
      if (t.Put?.Item) put(t.Put.TableName, t.Put.Item, 2, 'TransactWriteItems');
      else {
        const target = t.Update ?? t.Delete ?? t.ConditionCheck;
        const op = t.ConditionCheck ? 'TransactWriteItems (ConditionCheck)' : 'TransactWriteItems';
        oneUnit(target?.TableName, 2, op);
      }
    }
  }
  return { charges, stored };
}

type Native = Record<string, unknown>;
const sizeOfNative = (item: Native) =>
  itemSize(marshall(item, { removeUndefinedValues: true, convertClassInstanceToMap: true }));

/** The charges of a read request, from the items it returned (document-client output: native values). */
export function billRead(
  command: string,
  input: Record<string, unknown>,
  output: Record<string, unknown>,
  tables: ReadonlyMap<string, TableDefinition>,
): Charge[] {
  const nameOf = (physical: string) => tables.get(physical)?.name ?? physical;
  const consistent = input.ConsistentRead === true;
  const operation = command.replace('Command', '');
  if (command === 'GetItemCommand') {
    const item = output.Item as Native | undefined;
    const rru = readUnits(item ? sizeOfNative(item) : 0, consistent);
    return [{ table: nameOf(input.TableName as string), operation, wru: 0, rru }];
  }
  if (command === 'QueryCommand' || command === 'ScanCommand') {
    const bytes = ((output.Items ?? []) as Native[]).reduce((n, i) => n + sizeOfNative(i), 0);
    return [
      { table: nameOf(input.TableName as string), operation, wru: 0, rru: readUnits(bytes, consistent) },
    ];
  }
  if (command === 'BatchGetItemCommand') {
    const charges: Charge[] = [];
    const requested = (input.RequestItems ?? {}) as Record<
      string,
      { Keys?: unknown[]; ConsistentRead?: boolean }
    >;
    const responses = (output.Responses ?? {}) as Record<string, Native[]>;
    for (const [physical, request] of Object.entries(requested)) {
      const found = responses[physical] ?? [];
      const strong = request.ConsistentRead === true;
      const missing = Math.max(0, (request.Keys?.length ?? 0) - found.length);
      const rru =
        found.reduce((n, i) => n + readUnits(sizeOfNative(i), strong), 0) + missing * readUnits(0, strong);
      charges.push({ table: nameOf(physical), operation, wru: 0, rru });
    }
    return charges;
  }
  return [];
}

const WRITES = new Set([
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'BatchWriteItemCommand',
  'TransactWriteItemsCommand',
]);
const READS = new Set(['GetItemCommand', 'QueryCommand', 'ScanCommand', 'BatchGetItemCommand']);

/**
 * An SDK middleware (build step: the request is marshalled, the answer already unmarshalled by the
 * document client) that bills every DynamoDB request of a client. Writes are billed whatever their outcome
 * (a failed condition is billed); items count as stored only when the request succeeded.
 */
export class BillingMeter {
  readonly charges: Charge[] = [];
  readonly stored: StoredItem[] = [];
  private readonly tables: ReadonlyMap<string, TableDefinition>;

  /** `tables`: the definitions, by the physical name the client uses (locally the definition name). */
  constructor(tables: readonly TableDefinition[], physicalName: (name: string) => string = (n) => n) {
    this.tables = new Map(tables.map((t) => [physicalName(t.name), t]));
  }

  attach(client: DynamoDBClient): void {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const command = context.commandName ?? '';
        const input = args.input as Record<string, unknown>;
        if (WRITES.has(command)) {
          const { charges, stored } = billWrite(command, input, this.tables);
          this.charges.push(...charges);
          const result = await next(args);
          this.stored.push(...stored);
          return result;
        }
        const result = await next(args);
        if (READS.has(command)) {
          this.charges.push(
            ...billRead(command, input, result.output as unknown as Record<string, unknown>, this.tables),
          );
        }
        return result;
      },
      { step: 'build', name: 'billingMeter', priority: 'low' },
    );
  }

  /** Units summed by a key of the charge (table, operation), over the charges matching `where`. */
  sum(by: (c: Charge) => string, unit: 'wru' | 'rru'): Map<string, number> {
    const sums = new Map<string, number>();
    for (const c of this.charges) if (c[unit] > 0) sums.set(by(c), (sums.get(by(c)) ?? 0) + c[unit]);
    return sums;
  }

  total(unit: 'wru' | 'rru'): number {
    return this.charges.reduce((n, c) => n + c[unit], 0);
  }

  /** Byte-days of the items stored in `table`: (size + 100 B) × (1 + index copies) × days until TTL. */
  byteDays(table: string): number {
    return this.stored
      .filter((s) => s.table === table && s.days !== undefined)
      .reduce((n, s) => n + (s.bytes + STORAGE_OVERHEAD_BYTES) * (1 + s.copies) * (s.days ?? 0), 0);
  }
}

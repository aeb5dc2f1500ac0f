/**
 * The shapes of infra/definitions.ts: tables, queues, functions and their event sources. Free of
 * aws-cdk-lib imports: the local runtime loads the definitions without the CDK.
 */

import type { RouteDefinition } from '#api/route-table.js';
import type { SettingName } from '#config/settings.js';

export { HTTP_AUDIENCES, type HttpAudience } from '#api/route-table.js';

export type AttributeType = 'S' | 'N';

export interface KeyDefinition {
  readonly name: string;
  readonly type: AttributeType;
}

export interface IndexDefinition {
  readonly indexName: string;
  readonly partitionKey: KeyDefinition;
  readonly sortKey?: KeyDefinition;
  /** ALL copies every attribute; KEYS_ONLY keeps the index small. */
  readonly projection: 'ALL' | 'KEYS_ONLY';
}

export interface TableDefinition {
  /** Logical name: the local table name and the stem of the CDK construct id. */
  readonly name: string;
  /** Environment variable through which a function receives the physical table name. */
  readonly envVar: string;
  /** Why the table exists and what it holds (also the CDK description). */
  readonly purpose: string;
  readonly partitionKey: KeyDefinition;
  readonly sortKey?: KeyDefinition;
  readonly globalIndexes?: readonly IndexDefinition[];
  /** Attribute holding the expiry in epoch seconds; DynamoDB TTL deletes the item after it. */
  readonly ttlAttribute?: string;
  /** A change stream: the outbox of the offers table; the archiver's source on the audit tables (issue 15). */
  readonly stream?: 'NEW_IMAGE' | 'NEW_AND_OLD_IMAGES';
  /** Holds data a regulator may ask for: point-in-time recovery and retained on stack deletion. */
  readonly holdsCustomerData: boolean;
  /**
   * Holds no customer data but records that must survive all the same (the catalog's approvals: who
   * approved which version): point-in-time recovery, deletion protection and retained, like a table
   * holding customer data, while tagged and treated as holding none.
   */
  readonly retained?: true;
  /**
   * An append-only table: records are created (conditional PutItem) and never changed or removed by the
   * pipeline. No function may hold BatchWriteItem (IAM cannot tell its puts from its deletes), UpdateItem or
   * DeleteItem on it — except, on an `erasable` table, the one function marked `erasesCustomers`, which
   * pseudonymises or deletes an erased customer's records and records each change in the erasure log.
   * `strict` tables (the logs of reads and erasures) are changed by nobody. Checked at synth
   * (validate-definitions.ts) and by the template tests.
   */
  readonly appendOnly?: 'strict' | 'erasable';
}

export interface QueueDefinition {
  readonly name: string;
  readonly envVar: string;
  readonly purpose: string;
  readonly visibilityTimeoutSeconds: number;
  readonly retentionDays: number;
  /** Every queue has a dead-letter queue named `<name>-dlq`. */
  readonly deadLetter: { readonly maxReceiveCount: number; readonly retentionDays: number };
}

export interface SqsEventSource {
  readonly kind: 'sqs';
  readonly queue: string;
  readonly batchSize: number;
  readonly maxBatchingWindowSeconds: number;
  /** Lambda's ReportBatchItemFailures: only failed messages return to the queue. */
  readonly reportBatchItemFailures: true;
}

export interface StreamEventSource {
  readonly kind: 'dynamodb-stream';
  readonly table: string;
  readonly batchSize: number;
  readonly maxBatchingWindowSeconds: number;
  readonly retryAttempts: number;
  readonly reportBatchItemFailures: true;
}

/** An HTTP API route as an event source (the routes themselves are listed in shared/api/route-table.ts). */
export interface HttpRoute extends Omit<RouteDefinition, 'functionName'> {
  readonly kind: 'http';
}

export type EventSource = SqsEventSource | StreamEventSource | HttpRoute;

/**
 * The DynamoDB operations a function may perform on a table item, each granted as the IAM action of the
 * same name (`dynamodb:<operation>`). A TransactWriteItems call is authorised per item by the action of
 * the item (PutItem, UpdateItem, DeleteItem, ConditionCheckItem), and a TransactGetItems by GetItem, so
 * neither is an operation of its own. Scan and the PartiQL actions are not offered: nothing here scans.
 */
export const TABLE_OPERATIONS = [
  'GetItem',
  'BatchGetItem',
  'Query',
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'ConditionCheckItem',
  'BatchWriteItem',
] as const;
export type TableOperation = (typeof TABLE_OPERATIONS)[number];

/** The operations that read items (and so need the key to decrypt only). */
export const READ_OPERATIONS: readonly TableOperation[] = ['GetItem', 'BatchGetItem', 'Query'];
/** The operations that change or remove an existing item: never allowed on an append-only table. */
export const CHANGING_OPERATIONS: readonly TableOperation[] = ['UpdateItem', 'DeleteItem', 'BatchWriteItem'];

/**
 * What a function may do with one table: exactly the operations its code performs on the table's items,
 * and the global indexes it queries (granted dynamodb:Query on those index ARNs only).
 */
export interface TableAccess {
  readonly operations: readonly TableOperation[];
  readonly indexes?: readonly string[];
}

export type QueueAccess = 'send' | 'consume';

export interface FunctionDefinition {
  readonly name: string;
  readonly purpose: string;
  /** Path of the handler module from the repository root. */
  readonly entry: string;
  /** Exported handler name in that module. */
  readonly handler: string;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
  /** The tables the function uses, each with the exact operations it performs (see TableAccess). */
  readonly tables: Readonly<Record<string, TableAccess>>;
  readonly queues: Readonly<Record<string, QueueAccess>>;
  /**
   * The erasure function: the only one that may pseudonymise or delete records of an `erasable`
   * append-only table (see TableDefinition.appendOnly).
   */
  readonly erasesCustomers?: true;
  /**
   * Access to the audit archive (issue 15): `write` puts objects with their Object Lock retention and nothing
   * else (never delete, never shorten a retention); `query` runs the archive's SQL (Athena workgroup, Glue
   * catalog, reading the objects and the query results).
   */
  readonly archive?: 'write' | 'query';
  /**
   * The settings (shared/config/settings.ts) the handler reads; defineFunction derives `environment`
   * (their defaults) from them, and the handler's env schema is derived from this list with the tables and
   * queues (shared/config/function-env.ts).
   */
  readonly settings?: readonly SettingName[];
  /** Variables and their local defaults; the stack replaces those the environment's settings decide. */
  readonly environment: Readonly<Record<string, string>>;
  readonly events: readonly EventSource[];
}

export interface AppDefinition {
  readonly tables: readonly TableDefinition[];
  readonly queues: readonly QueueDefinition[];
  readonly functions: readonly FunctionDefinition[];
}

export const dlqName = (queue: string): string => `${queue}-dlq`;

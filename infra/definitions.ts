/**
 * The one source of truth for the stack's resources.
 *
 * The CDK stack (infra/stack.ts) and the local runtime (infra/local/) both read these definitions, so a
 * table, queue or function added here appears in AWS and on a laptop without a second edit. Keep this
 * file free of aws-cdk-lib imports: the local runtime must not load the CDK.
 */

import { SUPPRESSION_INDEXES } from '#shared/audit-index.js';

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
  /** A change stream (used as the outbox of the offers table). */
  readonly stream?: 'NEW_IMAGE' | 'NEW_AND_OLD_IMAGES';
  /** Holds data a regulator may ask for: point-in-time recovery and retained on stack deletion. */
  readonly holdsCustomerData: boolean;
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

/**
 * Who may call a route. Each audience gets its own IAM role allowed to invoke only its routes: the banner
 * service cannot read the audit, privacy officers cannot touch offers, operators only see health.
 */
export type HttpAudience = 'banner-service' | 'privacy-officer' | 'privacy-eraser' | 'operator';

/**
 * Every audience, in a fixed order. `privacy-officer` reads the audit (queries, history, explain);
 * `privacy-eraser` carries out erasure requests and can read nothing: reading and erasing are separate
 * roles, so neither can be used for the other.
 */
export const HTTP_AUDIENCES: readonly HttpAudience[] = [
  'banner-service',
  'privacy-officer',
  'privacy-eraser',
  'operator',
];

export interface HttpRoute {
  readonly kind: 'http';
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** API Gateway route syntax, e.g. `/customers/{customerId}/offers`. */
  readonly path: string;
  readonly audience: HttpAudience;
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
  /** Extra configuration; validated by the handler's env schema at cold start. */
  readonly environment: Readonly<Record<string, string>>;
  readonly events: readonly EventSource[];
}

export interface AppDefinition {
  readonly tables: readonly TableDefinition[];
  readonly queues: readonly QueueDefinition[];
  readonly functions: readonly FunctionDefinition[];
}

export const dlqName = (queue: string): string => `${queue}-dlq`;

/** The event source every SQS consumer here uses: batches of 10 within 1 s, partial batch responses. */
const sqsSource = (queue: string): SqsEventSource => ({
  kind: 'sqs',
  queue,
  batchSize: 10,
  maxBatchingWindowSeconds: 1,
  reportBatchItemFailures: true,
});

const PAYMENT_EVENTS_TIMEOUT_SECONDS = 30;

export const app: AppDefinition = {
  tables: [
    {
      name: 'customers',
      envVar: 'CUSTOMERS_TABLE',
      purpose:
        'Customer profile (birth date, holdings, flags) and current consents, one item each per customer',
      partitionKey: { name: 'customerId', type: 'S' },
      sortKey: { name: 'sk', type: 'S' },
      holdsCustomerData: true,
    },
    {
      name: 'contact-policy',
      envVar: 'CONTACT_POLICY_TABLE',
      purpose: 'Per-customer contact-policy state (recent emissions, cooldowns) for frequency caps',
      partitionKey: { name: 'customerId', type: 'S' },
      ttlAttribute: 'ttl',
      holdsCustomerData: true,
    },
    {
      name: 'audit',
      envVar: 'AUDIT_TABLE',
      purpose: 'Append-only decision audit: every emitted, suppressed, no-trigger and rejected decision',
      partitionKey: { name: 'decisionId', type: 'S' },
      appendOnly: 'erasable',
      globalIndexes: [
        {
          indexName: 'byEvent',
          partitionKey: { name: 'eventId', type: 'S' },
          sortKey: { name: 'decisionId', type: 'S' },
          projection: 'ALL',
        },
        {
          indexName: 'byCustomer',
          partitionKey: { name: 'customerId', type: 'S' },
          sortKey: { name: 'decidedAt', type: 'S' },
          projection: 'ALL',
        },
        // Privacy officers' "suppressed by trigger / reason and period", by decision time and by payment
        // time: sparse, sharded (shared/audit-index.ts).
        ...SUPPRESSION_INDEXES.map(
          (index): IndexDefinition => ({
            indexName: index.indexName,
            partitionKey: { name: index.partitionKey, type: 'S' },
            sortKey: { name: index.sortKey, type: 'S' },
            projection: 'ALL',
          }),
        ),
      ],
      ttlAttribute: 'ttl',
      holdsCustomerData: true,
    },
    {
      name: 'consent-history',
      envVar: 'CONSENT_HISTORY_TABLE',
      purpose:
        'Append-only consent evidence per customer: every change received, applied or ignored as stale',
      partitionKey: { name: 'customerId', type: 'S' },
      sortKey: { name: 'recordId', type: 'S' },
      appendOnly: 'erasable',
      ttlAttribute: 'ttl',
      holdsCustomerData: true,
    },
    {
      name: 'offer-events',
      envVar: 'OFFER_EVENTS_TABLE',
      purpose:
        'What the banner service reported per offer: shown, clicked, dismissed (idempotent per event id)',
      partitionKey: { name: 'offerInstanceId', type: 'S' },
      sortKey: { name: 'clientEventId', type: 'S' },
      // A customer's events outlive their offers (access requests, erasure): find them by customer.
      globalIndexes: [
        {
          indexName: 'byCustomer',
          partitionKey: { name: 'customerId', type: 'S' },
          sortKey: { name: 'offerInstanceId', type: 'S' },
          projection: 'KEYS_ONLY',
        },
      ],
      ttlAttribute: 'ttl',
      holdsCustomerData: true,
    },
    {
      name: 'audit-access-log',
      envVar: 'AUDIT_ACCESS_LOG_TABLE',
      purpose: 'Append-only log of every read of the audit data: who, when, which query',
      partitionKey: { name: 'day', type: 'S' },
      sortKey: { name: 'accessId', type: 'S' },
      // Privacy officers read it by actor and by customer (shared/privacy/access-log.query.ts): Queries,
      // newest first. byCustomer is sparse: only entries whose parameters name a customer carry customerId.
      globalIndexes: [
        {
          indexName: 'byActor',
          partitionKey: { name: 'who', type: 'S' },
          sortKey: { name: 'accessId', type: 'S' },
          projection: 'ALL',
        },
        {
          indexName: 'byCustomer',
          partitionKey: { name: 'customerId', type: 'S' },
          sortKey: { name: 'accessId', type: 'S' },
          projection: 'ALL',
        },
      ],
      appendOnly: 'strict',
      ttlAttribute: 'ttl',
      holdsCustomerData: true,
    },
    {
      name: 'erasure-log',
      envVar: 'ERASURE_LOG_TABLE',
      purpose: 'Proof that erasure requests were carried out: what was removed, what was kept and until when',
      partitionKey: { name: 'erasureId', type: 'S' },
      appendOnly: 'strict',
      ttlAttribute: 'ttl',
      holdsCustomerData: true,
    },
    {
      name: 'offers',
      envVar: 'OFFERS_TABLE',
      purpose: 'Offers emitted for the in-app banner service; the stream is the outbox to offer-suggestions',
      partitionKey: { name: 'customerId', type: 'S' },
      sortKey: { name: 'offerInstanceId', type: 'S' },
      ttlAttribute: 'ttl',
      stream: 'NEW_IMAGE',
      holdsCustomerData: true,
    },
  ],
  queues: [
    {
      name: 'payment-events',
      envVar: 'PAYMENT_EVENTS_QUEUE_URL',
      purpose: 'PaymentEvent v1 messages from the payment system',
      // AWS advises at least six times the consumer's timeout so retries do not overlap.
      visibilityTimeoutSeconds: PAYMENT_EVENTS_TIMEOUT_SECONDS * 6,
      retentionDays: 4,
      deadLetter: { maxReceiveCount: 5, retentionDays: 14 },
    },
    {
      name: 'consent-changes',
      envVar: 'CONSENT_CHANGES_QUEUE_URL',
      purpose: "Consent changes from the bank's preferences dashboard",
      visibilityTimeoutSeconds: 6 * 30,
      retentionDays: 4,
      // An invalid change cannot become valid by retrying: dead-letter it soon.
      deadLetter: { maxReceiveCount: 3, retentionDays: 14 },
    },
    {
      name: 'customer-updates',
      envVar: 'CUSTOMER_UPDATES_QUEUE_URL',
      purpose: "Customer profile updates (holdings, flags, birth date) from the bank's CRM sync",
      visibilityTimeoutSeconds: 6 * 30,
      retentionDays: 4,
      deadLetter: { maxReceiveCount: 3, retentionDays: 14 },
    },
    {
      name: 'offer-suggestions',
      envVar: 'OFFER_SUGGESTIONS_QUEUE_URL',
      purpose: 'Emitted offers, published after commit for push consumers',
      visibilityTimeoutSeconds: 60,
      retentionDays: 4,
      deadLetter: { maxReceiveCount: 5, retentionDays: 14 },
    },
  ],
  functions: [
    {
      name: 'evaluate-payments',
      purpose:
        'Screens payment events, matches triggers, applies consent and contact policy, audits and emits',
      entry: 'functions/evaluate-payments/handler.ts',
      handler: 'handler',
      timeoutSeconds: PAYMENT_EVENTS_TIMEOUT_SECONDS,
      memoryMb: 512,
      tables: {
        // One BatchGetItem for profile, consents and contact state; ConditionCheckItem: the offer's
        // transaction is conditional on the consents the decision read (a withdrawal always wins).
        customers: { operations: ['BatchGetItem', 'ConditionCheckItem'] },
        // Transaction item: the new state as a Put, conditional on the version read.
        'contact-policy': { operations: ['BatchGetItem', 'PutItem'] },
        // Every audit record is a conditional Put (alone or in a transaction): never replaced.
        audit: { operations: ['PutItem', 'ConditionCheckItem'] },
        offers: { operations: ['PutItem'] },
      },
      queues: { 'payment-events': 'consume' },
      environment: {
        CONSENT_REGIME: 'opt-in',
        FREQUENCY_CAP_MAX_OFFERS: '2',
        FREQUENCY_CAP_WINDOW_DAYS: '7',
        MAX_FUTURE_SKEW_SECONDS: '300',
        STALE_EVENT_HORIZON_DAYS: '30',
      },
      events: [sqsSource('payment-events')],
    },
    {
      name: 'publish-offers',
      purpose: 'Outbox relay: publishes newly emitted offers from the offers stream to offer-suggestions',
      entry: 'functions/publish-offers/handler.ts',
      handler: 'handler',
      timeoutSeconds: 30,
      memoryMb: 256,
      // Reads the offers stream only (the stream source grants that); no table item access.
      tables: {},
      queues: { 'offer-suggestions': 'send' },
      environment: {},
      events: [
        {
          kind: 'dynamodb-stream',
          table: 'offers',
          batchSize: 100,
          maxBatchingWindowSeconds: 1,
          retryAttempts: 10,
          reportBatchItemFailures: true,
        },
      ],
    },
    {
      name: 'apply-consent-changes',
      purpose:
        'Stores consent changes with their evidence; a withdrawal or objection withdraws open offers at once',
      entry: 'functions/apply-consent-changes/handler.ts',
      handler: 'handler',
      timeoutSeconds: 30,
      memoryMb: 256,
      tables: {
        // Current consents: read, then a conditional Put (revision) in one transaction with the evidence.
        customers: { operations: ['GetItem', 'PutItem'] },
        'consent-history': { operations: ['PutItem'] },
        // Open offers found by Query on the customer's partition, withdrawn by a conditional Update.
        offers: { operations: ['Query', 'UpdateItem'] },
        // The offer_withdrawal record: a conditional Put in the withdrawal's transaction.
        audit: { operations: ['PutItem'] },
      },
      queues: { 'consent-changes': 'consume' },
      environment: { MAX_FUTURE_SKEW_SECONDS: '300' },
      events: [sqsSource('consent-changes')],
    },
    {
      name: 'apply-customer-updates',
      purpose:
        'Applies CRM profile updates; withdraws offers for products now held and credit offers on new risk flags',
      entry: 'functions/apply-customer-updates/handler.ts',
      handler: 'handler',
      timeoutSeconds: 30,
      memoryMb: 256,
      tables: {
        // The profile: one conditional UpdateItem (ordered by updatedAtMs) returning the new image.
        customers: { operations: ['UpdateItem'] },
        offers: { operations: ['Query', 'UpdateItem'] },
        audit: { operations: ['PutItem'] },
      },
      queues: { 'customer-updates': 'consume' },
      environment: { MAX_FUTURE_SKEW_SECONDS: '300' },
      events: [sqsSource('customer-updates')],
    },
    {
      name: 'banner-offers',
      purpose: "Banner API: a customer's active offers, consent checked again at read time",
      entry: 'functions/banner-api/offers-handler.ts',
      handler: 'handler',
      timeoutSeconds: 5,
      memoryMb: 256,
      tables: {
        offers: { operations: ['Query'] },
        // The consents item, read again at request time.
        customers: { operations: ['GetItem'] },
      },
      queues: {},
      environment: { CONSENT_REGIME: 'opt-in' },
      events: [
        { kind: 'http', method: 'GET', path: '/customers/{customerId}/offers', audience: 'banner-service' },
      ],
    },
    {
      name: 'banner-offer-events',
      purpose: 'Banner API: records shown / clicked / dismissed; dismissal starts the offer cooldown',
      entry: 'functions/banner-api/offer-events-handler.ts',
      handler: 'handler',
      timeoutSeconds: 5,
      memoryMb: 256,
      tables: {
        // One transaction: the event (conditional Put), the offer status and the dismissal's cooldown.
        'offer-events': { operations: ['PutItem'] },
        offers: { operations: ['GetItem', 'UpdateItem'] },
        'contact-policy': { operations: ['GetItem', 'UpdateItem'] },
      },
      queues: {},
      environment: { MAX_FUTURE_SKEW_SECONDS: '300' },
      events: [
        {
          kind: 'http',
          method: 'POST',
          path: '/customers/{customerId}/offers/{offerInstanceId}/events',
          audience: 'banner-service',
        },
      ],
    },
    {
      name: 'openapi',
      purpose: 'Serves the OpenAPI 3.1 document of the HTTP API, generated from the zod schemas',
      entry: 'functions/banner-api/openapi-handler.ts',
      handler: 'handler',
      timeoutSeconds: 5,
      memoryMb: 128,
      tables: {},
      queues: {},
      environment: {},
      events: [{ kind: 'http', method: 'GET', path: '/openapi.json', audience: 'banner-service' }],
    },
    {
      name: 'privacy-queries',
      purpose:
        'Privacy officers: suppressed offers, a customer history, explain a decision, the access log; every read logged',
      entry: 'functions/privacy-api/queries-handler.ts',
      handler: 'handler',
      timeoutSeconds: 29,
      memoryMb: 512,
      tables: {
        // Records by id (explain), a customer's records (byCustomer), the sparse suppression indexes.
        audit: {
          operations: ['GetItem'],
          indexes: ['byCustomer', ...SUPPRESSION_INDEXES.map((index) => index.indexName)],
        },
        'consent-history': { operations: ['Query'] },
        offers: { operations: ['Query'] },
        'offer-events': { operations: ['Query'] },
        // Every read is first recorded with a conditional Put; the log is read (GET /privacy/access-log)
        // by day partition (Query) and through its byActor and byCustomer indexes — never changed.
        'audit-access-log': { operations: ['PutItem', 'Query'], indexes: ['byActor', 'byCustomer'] },
      },
      queues: {},
      environment: {},
      events: [
        { kind: 'http', method: 'GET', path: '/privacy/access-log', audience: 'privacy-officer' },
        { kind: 'http', method: 'GET', path: '/privacy/suppressed', audience: 'privacy-officer' },
        {
          kind: 'http',
          method: 'GET',
          path: '/privacy/customers/{customerId}/history',
          audience: 'privacy-officer',
        },
        { kind: 'http', method: 'GET', path: '/privacy/decisions/{decisionId}', audience: 'privacy-officer' },
      ],
    },
    {
      name: 'privacy-erasure',
      purpose: "Privacy officers: carries out a customer's erasure request and records what was kept and why",
      entry: 'functions/privacy-api/erasure-handler.ts',
      handler: 'handler',
      timeoutSeconds: 29,
      memoryMb: 256,
      erasesCustomers: true,
      tables: {
        // Operational state: found by key (Query on the customer's partition, GetItem) and deleted.
        customers: { operations: ['Query', 'BatchWriteItem'] },
        'contact-policy': { operations: ['GetItem', 'BatchWriteItem'] },
        offers: { operations: ['Query', 'BatchWriteItem'] },
        'offer-events': { operations: ['Query', 'BatchWriteItem'] },
        // The exception of the append-only rule: the erased customer's records, found through byCustomer,
        // pseudonymised (UpdateItem) or deleted (DeleteItem) one conditional transaction item each,
        // each transaction also putting its change record into the erasure log. Never BatchWriteItem.
        audit: { operations: ['UpdateItem', 'DeleteItem'], indexes: ['byCustomer'] },
        // Consent evidence: pseudonymised (Put under the pseudonym + Delete of the original, in the same
        // kind of transaction).
        'consent-history': { operations: ['Query', 'PutItem', 'DeleteItem'] },
        'erasure-log': { operations: ['PutItem'] },
        'audit-access-log': { operations: ['PutItem'] },
      },
      queues: {},
      environment: {},
      events: [
        {
          kind: 'http',
          method: 'POST',
          path: '/privacy/customers/{customerId}/erasure',
          audience: 'privacy-eraser',
        },
      ],
    },
    {
      name: 'health',
      purpose: 'Liveness of the HTTP API for operators and the banner service',
      entry: 'functions/health/handler.ts',
      handler: 'handler',
      timeoutSeconds: 5,
      memoryMb: 128,
      tables: {},
      queues: {},
      environment: {},
      events: [{ kind: 'http', method: 'GET', path: '/health', audience: 'operator' }],
    },
  ],
};

export function tableByName(def: AppDefinition, name: string): TableDefinition {
  const table = def.tables.find((t) => t.name === name);
  if (!table) throw new Error(`No table named "${name}" in the app definition`);
  return table;
}

export function queueByName(def: AppDefinition, name: string): QueueDefinition {
  const queue = def.queues.find((q) => q.name === name);
  if (!queue) throw new Error(`No queue named "${name}" in the app definition`);
  return queue;
}

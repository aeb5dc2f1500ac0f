/**
 * The one source of truth for the stack's resources.
 *
 * The CDK stack (infra/stack.ts) and the local runtime (infra/local/) both read these definitions, so a
 * table, queue or function added here appears in AWS and on a laptop without a second edit. Keep this
 * file free of aws-cdk-lib imports: the local runtime must not load the CDK.
 */

import {
  reasonIndexKey,
  reasonIndexName,
  SUPPRESSION_REASONS,
  TRIGGER_INDEX,
  TRIGGER_INDEX_KEY,
} from '../shared/audit-index.js';

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
export type HttpAudience = 'banner-service' | 'privacy-officer' | 'operator';

export interface HttpRoute {
  readonly kind: 'http';
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** API Gateway route syntax, e.g. `/customers/{customerId}/offers`. */
  readonly path: string;
  readonly audience: HttpAudience;
}

export type EventSource = SqsEventSource | StreamEventSource | HttpRoute;

export type TableAccess = 'read' | 'write' | 'read-write' | 'append-only';
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
  readonly tables: Readonly<Record<string, TableAccess>>;
  readonly queues: Readonly<Record<string, QueueAccess>>;
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
        // Privacy officers' "suppressed by trigger / reason and period": sparse, sharded (shared/audit-index.ts).
        {
          indexName: TRIGGER_INDEX,
          partitionKey: { name: TRIGGER_INDEX_KEY, type: 'S' },
          sortKey: { name: 'decidedAt', type: 'S' },
          projection: 'ALL',
        },
        ...SUPPRESSION_REASONS.map(
          (reason): IndexDefinition => ({
            indexName: reasonIndexName(reason),
            partitionKey: { name: reasonIndexKey(reason), type: 'S' },
            sortKey: { name: 'decidedAt', type: 'S' },
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
      ttlAttribute: 'ttl',
      holdsCustomerData: true,
    },
    {
      name: 'erasure-log',
      envVar: 'ERASURE_LOG_TABLE',
      purpose: 'Proof that erasure requests were carried out: what was removed, what was kept and until when',
      partitionKey: { name: 'erasureId', type: 'S' },
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
      tables: { customers: 'read', 'contact-policy': 'read-write', audit: 'append-only', offers: 'write' },
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
      tables: { offers: 'read' },
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
        customers: 'read-write',
        'consent-history': 'append-only',
        offers: 'read-write',
        audit: 'append-only',
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
      tables: { customers: 'read-write', offers: 'read-write', audit: 'append-only' },
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
      tables: { offers: 'read', customers: 'read' },
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
      tables: { 'offer-events': 'write', offers: 'read-write', 'contact-policy': 'read-write' },
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
        'Privacy officers: suppressed offers, a customer history, explain a decision; every read logged',
      entry: 'functions/privacy-api/queries-handler.ts',
      handler: 'handler',
      timeoutSeconds: 29,
      memoryMb: 512,
      tables: {
        audit: 'read',
        'consent-history': 'read',
        offers: 'read',
        'offer-events': 'read',
        'audit-access-log': 'append-only',
      },
      queues: {},
      environment: {},
      events: [
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
      tables: {
        customers: 'read-write',
        'contact-policy': 'read-write',
        offers: 'read-write',
        'offer-events': 'read-write',
        audit: 'read-write',
        'consent-history': 'read',
        'erasure-log': 'append-only',
        'audit-access-log': 'append-only',
      },
      queues: {},
      environment: {},
      events: [
        {
          kind: 'http',
          method: 'POST',
          path: '/privacy/customers/{customerId}/erasure',
          audience: 'privacy-officer',
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

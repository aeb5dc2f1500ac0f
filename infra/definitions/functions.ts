/**
 * The functions of the pipeline (data): entry, sizing, the exact DynamoDB operations per table, queue
 * access, the settings each reads, and event sources. Each is exported on its own so that its handler
 * derives its environment schema from it (`readFunctionEnv(evaluatePayments)`, shared/config/function-env.ts):
 * the stack, the local runtime and the handler's validation follow this one entry.
 */

import type { SettingName } from '#config/settings.js';
import { CATALOG_VERSIONS_INDEX } from '#shared/catalog-table.js';
import { archiveRecords } from './archive-function.js';
import { defineFunction, sqsSource } from './define-function.js';
import { PAYMENT_EVENTS_TIMEOUT_SECONDS } from './queues.js';
import type { FunctionDefinition, TableAccess } from './types.js';

/**
 * What a function that reads the live catalog needs (functions/handler-kit/catalog-source.ts): the catalog
 * store's listVersions, one paginated Query of the catalog table's sparse `versions` index, at most every
 * CATALOG_REFRESH_SECONDS.
 */
const LIVE_CATALOG: Readonly<Record<'catalog', TableAccess>> = {
  catalog: { operations: ['Query'], indexes: [CATALOG_VERSIONS_INDEX.indexName] },
};

/** The dismissal pause's settings: evaluate-payments' gate and the banner API's refusal to serve while paused. */
const DISMISSAL_PAUSE = [
  'DISMISSAL_PAUSE_COUNT',
  'DISMISSAL_PAUSE_WITHIN_DAYS',
  'DISMISSAL_PAUSE_DAYS',
] as const satisfies readonly SettingName[];

/**
 * What decides a payment besides the catalog (shared/config/pipeline-config.ts policyFrom, clockGuardFrom):
 * evaluate-payments' settings, and the catalog API's for simulations, so both decide alike.
 */
const DECISION_POLICY = [
  'CONSENT_REGIME',
  'FREQUENCY_CAP_MAX_OFFERS',
  'FREQUENCY_CAP_WINDOW_DAYS',
  'MAX_OFFERS_PER_EVENT',
  'MAX_ACTIVE_OFFERS',
  ...DISMISSAL_PAUSE,
  'MAX_FUTURE_SKEW_SECONDS',
  'STALE_EVENT_HORIZON_DAYS',
] as const satisfies readonly SettingName[];

export const evaluatePayments = defineFunction({
  name: 'evaluate-payments',
  purpose: 'Screens payment events, matches triggers, applies consent and contact policy, audits and emits',
  entry: 'functions/evaluate-payments/handler.ts',
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
    ...LIVE_CATALOG,
  },
  queues: { 'payment-events': 'consume' },
  settings: [...DECISION_POLICY, 'EVENT_CLOCK', 'CATALOG_REFRESH_SECONDS', 'HOT_AUDIT_DAYS'],
  events: [sqsSource('payment-events')],
});

export const publishOffers = defineFunction({
  name: 'publish-offers',
  purpose: 'Outbox relay: publishes newly emitted offers from the offers stream to offer-suggestions',
  entry: 'functions/publish-offers/handler.ts',
  timeoutSeconds: 30,
  memoryMb: 256,
  // Reads the offers stream only (the stream source grants that); no table item access.
  tables: {},
  queues: { 'offer-suggestions': 'send' },
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
});

/** What both change consumers do with open offers the change rules out (withdraw them, audited). */
const OFFER_WITHDRAWAL: Readonly<Record<'offers' | 'audit', TableAccess>> = {
  // Open offers found by Query on the customer's partition, withdrawn by a conditional Update.
  offers: { operations: ['Query', 'UpdateItem'] },
  // The offer_withdrawal record: a conditional Put in the withdrawal's transaction.
  audit: { operations: ['PutItem'] },
};

export const applyConsentChanges = defineFunction({
  name: 'apply-consent-changes',
  purpose:
    'Stores consent changes with their evidence; a withdrawal or objection withdraws open offers at once',
  entry: 'functions/apply-consent-changes/handler.ts',
  timeoutSeconds: 30,
  memoryMb: 256,
  tables: {
    // Current consents: read, then a conditional Put (revision) in one transaction with the evidence.
    customers: { operations: ['GetItem', 'PutItem'] },
    'consent-history': { operations: ['PutItem'] },
    ...OFFER_WITHDRAWAL,
  },
  queues: { 'consent-changes': 'consume' },
  // The regime decides whether the consents still allow offers (and so which offers are withdrawn).
  settings: ['MAX_FUTURE_SKEW_SECONDS', 'CONSENT_REGIME', 'HOT_AUDIT_DAYS'],
  events: [sqsSource('consent-changes')],
});

export const applyCustomerUpdates = defineFunction({
  name: 'apply-customer-updates',
  purpose:
    'Applies CRM profile updates; withdraws offers for products now held and credit offers on new risk flags',
  entry: 'functions/apply-customer-updates/handler.ts',
  timeoutSeconds: 30,
  memoryMb: 256,
  tables: {
    // The profile: one conditional UpdateItem (ordered by updatedAtMs) returning the new image.
    customers: { operations: ['UpdateItem'] },
    ...OFFER_WITHDRAWAL,
  },
  queues: { 'customer-updates': 'consume' },
  settings: ['MAX_FUTURE_SKEW_SECONDS', 'HOT_AUDIT_DAYS'],
  events: [sqsSource('customer-updates')],
});

export const bannerOffers = defineFunction({
  name: 'banner-offers',
  purpose: "Banner API: a customer's active offers, consent checked again at read time",
  entry: 'functions/banner-api/offers-handler.ts',
  timeoutSeconds: 5,
  memoryMb: 256,
  tables: {
    offers: { operations: ['Query'] },
    // The consents item, read again at request time.
    customers: { operations: ['GetItem'] },
    // The dismissals alone (the dismissal pause), read at request time.
    'contact-policy': { operations: ['GetItem'] },
  },
  queues: {},
  settings: ['CONSENT_REGIME', ...DISMISSAL_PAUSE],
});

export const bannerOfferEvents = defineFunction({
  name: 'banner-offer-events',
  purpose:
    'Banner API: records shown / clicked / dismissed while the offer is active (409 otherwise); dismissal starts the offer cooldown',
  entry: 'functions/banner-api/offer-events-handler.ts',
  timeoutSeconds: 5,
  memoryMb: 256,
  tables: {
    // One transaction: the event (conditional Put), the offer (its status, or a ConditionCheck for shown:
    // still active and unexpired) and the contact-policy state (ended emission, dismissal, cooldown). An
    // impossible feedback writes nothing: the event is read (GetItem) only to answer a repeated eventId.
    'offer-events': { operations: ['PutItem', 'GetItem'] },
    offers: { operations: ['GetItem', 'UpdateItem', 'ConditionCheckItem'] },
    'contact-policy': { operations: ['GetItem', 'UpdateItem'] },
    // The live catalog gives each offer's cooldownDays.
    ...LIVE_CATALOG,
  },
  queues: {},
  settings: ['MAX_FUTURE_SKEW_SECONDS', 'CATALOG_REFRESH_SECONDS', ...DISMISSAL_PAUSE],
});

export const openapi = defineFunction({
  name: 'openapi',
  purpose: 'Serves the OpenAPI 3.1 document of the HTTP API, generated from the zod schemas',
  entry: 'functions/banner-api/openapi-handler.ts',
  timeoutSeconds: 5,
  memoryMb: 128,
  tables: {},
  queues: {},
});

export const privacyQueries = defineFunction({
  name: 'privacy-queries',
  purpose:
    'Privacy officers: suppressed offers, a customer history, explain a decision, the access log; every read logged',
  entry: 'functions/privacy-api/queries-handler.ts',
  timeoutSeconds: 29,
  memoryMb: 512,
  tables: {
    // A recent record by id (explain); counts, lists and histories are read from the archive (issue 15).
    audit: { operations: ['GetItem'] },
    // The customers' archive keys: one customer's key (history, explain) and the keys behind the customer
    // refs of a listed page (byRef), to open sealed rows. Never written here.
    'customer-keys': { operations: ['GetItem', 'BatchGetItem', 'Query'], indexes: ['byRef'] },
    'consent-history': { operations: ['Query'] },
    offers: { operations: ['Query'] },
    'offer-events': { operations: ['Query'] },
    // Every read is first recorded with a conditional Put; the log is read (GET /privacy/access-log)
    // by day partition (Query) and through its byActor and byCustomer indexes — never changed.
    'audit-access-log': { operations: ['PutItem', 'Query'], indexes: ['byActor', 'byCustomer'] },
    // The live catalog's trigger ids, for the per-trigger counts.
    ...LIVE_CATALOG,
  },
  queues: {},
  archive: 'query',
  settings: [
    'CATALOG_REFRESH_SECONDS',
    'AUDIT_ENGINE',
    'ARCHIVE_DIR',
    'ATHENA_WORKGROUP',
    'ARCHIVE_DATABASE',
  ],
});

export const privacyErasure = defineFunction({
  name: 'privacy-erasure',
  purpose: "Privacy officers: carries out a customer's erasure request and records what was kept and why",
  entry: 'functions/privacy-api/erasure-handler.ts',
  timeoutSeconds: 29,
  memoryMb: 256,
  erasesCustomers: true,
  // Searches the customer's archived rows (to find their hot audit copies) on the archive engine.
  archive: 'query',
  tables: {
    // Operational state: found by key (Query on the customer's partition, GetItem) and deleted.
    customers: { operations: ['Query', 'BatchWriteItem'] },
    'contact-policy': { operations: ['GetItem', 'BatchWriteItem'] },
    offers: { operations: ['Query', 'BatchWriteItem'] },
    // Offer events outlive their offers: also found through the table's byCustomer index (keys only).
    'offer-events': { operations: ['Query', 'BatchWriteItem'], indexes: ['byCustomer'] },
    // The exception of the append-only rule: the erased customer's hot items (found through their archived
    // rows: the audit table has no index; BatchGetItem tells which are still there) deleted (DeleteItem) one
    // conditional transaction item each, each transaction also putting its change record into the erasure
    // log. Never BatchWriteItem, no UpdateItem.
    audit: { operations: ['BatchGetItem', 'DeleteItem'] },
    // Consent evidence: pseudonymised (Put under the pseudonym + Delete of the original, in the same
    // kind of transaction).
    'consent-history': { operations: ['Query', 'PutItem', 'DeleteItem'] },
    'erasure-log': { operations: ['PutItem'] },
    'audit-access-log': { operations: ['PutItem'] },
    // The customer's archive key: read (never created) to find their archived rows, destroyed last
    // (crypto-shredding).
    'customer-keys': { operations: ['BatchGetItem', 'DeleteItem'] },
  },
  queues: {},
  settings: ['AUDIT_ENGINE', 'ARCHIVE_DIR', 'ATHENA_WORKGROUP', 'ARCHIVE_DATABASE', 'HOT_AUDIT_DAYS'],
});

export const health = defineFunction({
  name: 'health',
  purpose: 'Liveness of the HTTP API for operators and the banner service',
  entry: 'functions/health/handler.ts',
  timeoutSeconds: 5,
  memoryMb: 128,
  tables: {},
  queues: {},
});

export const catalogApi = defineFunction({
  name: 'catalog-api',
  purpose:
    'The governed catalog: product teams draft and submit versions, privacy officers approve or reject them, either activates or retires',
  entry: 'functions/catalog-api/handler.ts',
  timeoutSeconds: 29,
  // A simulation (POST /catalog/simulations) decides up to 20,000 demo events, or an upload, twice in memory.
  memoryMb: 1024,
  tables: {
    // An item's history: one Query on its partition; every version (list, lint, live): one Query of the
    // sparse versions index; a command: its head (conditional on the revision), versions and transitions
    // (each conditional on being new) Put in one TransactWriteItems.
    catalog: { operations: ['Query', 'PutItem'], indexes: [CATALOG_VERSIONS_INDEX.indexName] },
  },
  queues: {},
  // Simulations decide as evaluate-payments does.
  settings: DECISION_POLICY,
});

export { archiveRecords };

export const FUNCTIONS: readonly FunctionDefinition[] = [
  evaluatePayments,
  publishOffers,
  applyConsentChanges,
  applyCustomerUpdates,
  bannerOffers,
  bannerOfferEvents,
  openapi,
  privacyQueries,
  privacyErasure,
  health,
  catalogApi,
  archiveRecords,
];

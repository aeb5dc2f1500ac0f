/**
 * The tables of the pipeline (data): keys, indexes, TTL, stream, append-only. Every table here but the
 * catalog holds customer data and expires its items through the `ttl` attribute unless it says otherwise;
 * each is named to its functions through the variable `tableEnvVar(name)` (shared/config/function-env.ts).
 */

import { tableEnvVar } from '#config/function-env.js';
import { SUPPRESSION_INDEXES } from '#shared/audit-index.js';
import { CATALOG_KEYS, CATALOG_TABLE, CATALOG_VERSIONS_INDEX } from '#shared/catalog-table.js';
import type { IndexDefinition, KeyDefinition, TableDefinition } from './types.js';

const key = (name: string): KeyDefinition => ({ name, type: 'S' });

/** A global index on string keys. */
const index = (
  indexName: string,
  partitionKey: string,
  sortKey: string,
  projection: IndexDefinition['projection'] = 'ALL',
): IndexDefinition => ({ indexName, partitionKey: key(partitionKey), sortKey: key(sortKey), projection });

interface TableSpec
  extends Omit<TableDefinition, 'envVar' | 'partitionKey' | 'sortKey' | 'holdsCustomerData'> {
  /** Partition key, and sort key when there is one (string attributes). */
  readonly keys: readonly [string] | readonly [string, string];
  /** No TTL: the customers table (as long as the customer is one), customer-keys (until erasure). */
  readonly expires?: false;
}

function customerDataTable({ keys: [partition, sort], expires, ...spec }: TableSpec): TableDefinition {
  return {
    ...spec,
    envVar: tableEnvVar(spec.name),
    partitionKey: key(partition),
    ...(sort === undefined ? {} : { sortKey: key(sort) }),
    ...(expires === false ? {} : { ttlAttribute: 'ttl' }),
    holdsCustomerData: true,
  };
}

export const TABLES: readonly TableDefinition[] = [
  customerDataTable({
    name: 'customers',
    purpose:
      'Customer profile (birth date, holdings, flags) and current consents, one item each per customer',
    keys: ['customerId', 'sk'],
    expires: false,
  }),
  customerDataTable({
    name: 'contact-policy',
    purpose: 'Per-customer contact-policy state (recent emissions, cooldowns) for frequency caps',
    keys: ['customerId'],
  }),
  customerDataTable({
    name: 'audit',
    purpose: 'Append-only decision audit: every emitted, suppressed, no-trigger and rejected decision',
    keys: ['decisionId'],
    appendOnly: 'erasable',
    // The archiver (archive-records) copies every new record to the archive (issue 15).
    stream: 'NEW_IMAGE',
    globalIndexes: [
      index('byEvent', 'eventId', 'decisionId'),
      index('byCustomer', 'customerId', 'decidedAt'),
      // Privacy officers' "suppressed by trigger / reason and period", by decision time and by payment
      // time: sparse, sharded (shared/audit-index.ts).
      ...SUPPRESSION_INDEXES.map((ix) => index(ix.indexName, ix.partitionKey, ix.sortKey)),
    ],
  }),
  customerDataTable({
    name: 'consent-history',
    purpose: 'Append-only consent evidence per customer: every change received, applied or ignored as stale',
    keys: ['customerId', 'recordId'],
    appendOnly: 'erasable',
    stream: 'NEW_IMAGE',
  }),
  customerDataTable({
    name: 'offer-events',
    purpose:
      'What the banner service reported per offer: shown, clicked, dismissed (idempotent per event id)',
    keys: ['offerInstanceId', 'clientEventId'],
    // A customer's events outlive their offers (access requests, erasure): find them by customer.
    globalIndexes: [index('byCustomer', 'customerId', 'offerInstanceId', 'KEYS_ONLY')],
  }),
  customerDataTable({
    name: 'audit-access-log',
    purpose: 'Append-only log of every read of the audit data: who, when, which query',
    keys: ['day', 'accessId'],
    // Privacy officers read it by actor and by customer (shared/privacy/access-log.query.ts): Queries,
    // newest first. byCustomer is sparse: only entries whose parameters name a customer carry customerId.
    globalIndexes: [index('byActor', 'who', 'accessId'), index('byCustomer', 'customerId', 'accessId')],
    appendOnly: 'strict',
    stream: 'NEW_IMAGE',
  }),
  customerDataTable({
    name: 'erasure-log',
    purpose: 'Proof that erasure requests were carried out: what was removed, what was kept and until when',
    keys: ['erasureId'],
    appendOnly: 'strict',
    stream: 'NEW_IMAGE',
  }),
  customerDataTable({
    name: 'customer-keys',
    purpose:
      "Each customer's archive key (32 random bytes) and the customer ref it gives: archived rows are " +
      'pseudonymised and sealed under it; deleting it at erasure makes them unlinkable (crypto-shredding)',
    keys: ['customerId'],
    // Access requests and exports open rows found by their customer_ref (shared/archive/ports.ts keysOfRefs).
    globalIndexes: [{ indexName: 'byRef', partitionKey: key('customerRef'), projection: 'KEYS_ONLY' }],
    // No TTL: a key lives as long as the customer's archived rows may need opening, and goes only with the
    // customer's erasure. Not backed up (the stack turns point-in-time recovery off): a restored backup
    // would bring back keys that an erasure destroyed.
    expires: false,
  }),
  customerDataTable({
    name: 'offers',
    purpose: 'Offers emitted for the in-app banner service; the stream is the outbox to offer-suggestions',
    keys: ['customerId', 'offerInstanceId'],
    stream: 'NEW_IMAGE',
  }),
  {
    name: CATALOG_TABLE,
    envVar: tableEnvVar(CATALOG_TABLE),
    purpose:
      'Governed catalog: versions of triggers, offers, regions and products, their lifecycle transitions and ' +
      'a head per item. No customer data; it holds staff identities (authors, approvers), kept as evidence',
    partitionKey: key(CATALOG_KEYS.partition),
    sortKey: key(CATALOG_KEYS.sort),
    // Every version, listed by one Query (shared/catalog-table.ts): sparse, heads and transitions stay out.
    globalIndexes: [
      index(
        CATALOG_VERSIONS_INDEX.indexName,
        CATALOG_VERSIONS_INDEX.partitionKey,
        CATALOG_VERSIONS_INDEX.sortKey,
      ),
    ],
    // Who approved which version, years later (domain rule 6): no TTL, PITR, retained like the audit.
    holdsCustomerData: false,
    retained: true,
    // Lifecycle transitions are archived (archive-records) as catalog_transitions.
    stream: 'NEW_IMAGE',
  },
];

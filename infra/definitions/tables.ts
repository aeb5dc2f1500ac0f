/**
 * The tables of the pipeline (data): keys, indexes, TTL, stream, append-only. Every table here holds
 * customer data, expires its items through the `ttl` attribute unless it says otherwise, and is named to
 * its functions through the variable `tableEnvVar(name)` (shared/config/function-env.ts).
 */

import { tableEnvVar } from '#config/function-env.js';
import { SUPPRESSION_INDEXES } from '#shared/audit-index.js';
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
  /** The customers table keeps profiles and consents for as long as the customer is one: no TTL. */
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
  }),
  customerDataTable({
    name: 'erasure-log',
    purpose: 'Proof that erasure requests were carried out: what was removed, what was kept and until when',
    keys: ['erasureId'],
    appendOnly: 'strict',
  }),
  customerDataTable({
    name: 'offers',
    purpose: 'Offers emitted for the in-app banner service; the stream is the outbox to offer-suggestions',
    keys: ['customerId', 'offerInstanceId'],
    stream: 'NEW_IMAGE',
  }),
  // Minimal declaration so the catalog readers compile and synthesise on this branch (helper 4); helper 3
  // owns the real one (PITR, RETAIN, no TTL) and it replaces this at the merge.
  {
    name: 'catalog',
    purpose: 'The governed catalog: versions and lifecycle transitions (staff identities, no customer data)',
    envVar: tableEnvVar('catalog'),
    partitionKey: key('pk'),
    sortKey: key('sk'),
    holdsCustomerData: false,
  },
];

import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DEFAULT_CLOCK_GUARD } from '../../core/clock-guard.js';
import {
  applyConsentChange,
  type ConsentChange,
  type ConsentState,
  compareConsentRecords,
  consentHistoryId,
} from '../../core/consent-change.js';
import { type CustomerState, type FixtureCustomer, UNKNOWN_NOTICE_VERSION } from '../../core/customer.js';
import { ConcurrentUpdateError, InfrastructureError } from '../../errors.js';
import type { ConsentStore } from '../../ports.js';
import { batchPutAll } from './batch-write.js';
import { type ConsentEvidenceEntry, DynamoConsentStore } from './consent-store.js';
import { CUSTOMER_SK, type TableNames } from './tables.js';

/** The customers-table items of one customer: profile and current consents. */
export function customerItems(customer: CustomerState) {
  return [
    {
      customerId: customer.customerId,
      sk: CUSTOMER_SK.profile,
      ...(customer.birthDate === undefined ? {} : { birthDate: customer.birthDate }),
      holdings: customer.holdings,
      flags: customer.flags,
    },
    { customerId: customer.customerId, sk: CUSTOMER_SK.consents, records: customer.consents },
  ];
}

/**
 * Writes customer state as it is into the customers table, consents included but without evidence: for
 * tests and benchmarks that set up a state. Fixtures and the demo load through `loadCustomers`. Throws if
 * any item could not be written, so a write is never silently partial.
 */
export async function writeCustomers(
  client: DynamoDBDocumentClient,
  tables: Pick<TableNames, 'customers'>,
  customers: readonly CustomerState[],
): Promise<void> {
  const leftOver = await batchPutAll(client, tables.customers, customers.flatMap(customerItems));
  if (leftOver.length > 0) {
    throw new InfrastructureError(
      `${leftOver.length} customer items could not be written; the load is incomplete`,
    );
  }
}

export interface LoadTables extends Pick<TableNames, 'customers'> {
  readonly consentHistory: string;
}

export interface LoadOptions {
  /** Where the customers come from, recorded on each consent's evidence: `fixture:<file name>`, `demo-generator`, `crm-import`. */
  readonly evidenceSource: string;
  /** When they are loaded: the evidence's `receivedAt`, and the applied time of a loaded withdrawal. */
  readonly now: Date;
  /** The "within the skew" rule of consent changes (MAX_FUTURE_SKEW_SECONDS; default 300 s). */
  readonly skewMs?: number;
  /** Customers loaded at once (default 16). */
  readonly concurrency?: number;
}

export interface LoadReport {
  readonly customers: number;
  /** Consent records that became (or stayed) a customer's current consent. */
  readonly consentsApplied: number;
  /** Consent records superseded by a later one for the purpose (kept as evidence, not applied). */
  readonly consentsSuperseded: number;
}

const MAX_CONFLICT_RETRIES = 3;

/** The consent store (shared/ports.ts ConsentStore) as this loader uses it: entries carry their source. */
export interface EvidenceStore extends Pick<ConsentStore, 'load'> {
  save(
    customerId: string,
    state: ConsentState,
    readRevision: number,
    entry: ConsentEvidenceEntry,
  ): ReturnType<ConsentStore['save']>;
  appendHistory(entry: ConsentEvidenceEntry): Promise<void>;
}

/** The consent changes a fixture customer's records amount to, oldest first (as they would have arrived). */
function changesOf(customer: FixtureCustomer, skewMs: number): ConsentChange[] {
  return customer.consents
    .map((record) => ({
      customerId: customer.customerId,
      purpose: record.purpose,
      status: record.status,
      at: record.at,
      source: record.source,
      // Never invented: a fixture that does not say which notice text applied is recorded as unknown.
      noticeVersion: record.noticeVersion ?? UNKNOWN_NOTICE_VERSION,
    }))
    .sort((a, b) => compareConsentRecords(a, b, skewMs));
}

/**
 * Applies one loaded consent record as the consent-change path does (`applyConsentChange`, the store's
 * conditional writes): the current consents move only when the record wins for its purpose, and the
 * evidence entry is written in the same transaction; a record that loses is evidence only. The entry's id
 * is the change's (`consentHistoryId`), so loading the same record again writes nothing, and no existing
 * entry is ever replaced.
 */
async function loadConsent(
  store: EvidenceStore,
  change: ConsentChange,
  options: LoadOptions & { readonly skewMs: number },
): Promise<boolean> {
  const { customerId, ...record } = change;
  const entry = {
    customerId,
    recordId: consentHistoryId(change),
    record,
    receivedAt: options.now.toISOString(),
    evidenceSource: options.evidenceSource,
  };
  for (let attempt = 0; attempt <= MAX_CONFLICT_RETRIES; attempt++) {
    const stored = await store.load(customerId);
    const result = applyConsentChange(stored, change, { skewMs: options.skewMs, appliedAt: options.now });
    if (result.outcome !== 'applied') {
      await store.appendHistory({ ...entry, applied: false, ignoredBecause: result.outcome });
      return result.outcome === 'unchanged';
    }
    const saved = await store.save(customerId, result.state, stored.revision, { ...entry, applied: true });
    if (saved !== 'conflict') return true;
  }
  throw new ConcurrentUpdateError('Consents kept changing while loading a customer');
}

/**
 * Loads customers (fixtures, the demo population, a CRM import): profiles as they are, and each consent as
 * evidence in the append-only consent history with where it came from, applied to the current consents by
 * the same rules as a consent change (so the loaded state and the evidence agree, a reload is idempotent,
 * and a later withdrawal already stored is never overwritten by an older grant in a fixture).
 */
export async function loadCustomers(
  client: DynamoDBDocumentClient,
  tables: LoadTables,
  customers: readonly FixtureCustomer[],
  options: LoadOptions,
): Promise<LoadReport> {
  const profiles = customers.flatMap((customer) => {
    const [profile] = customerItems({ ...customer, consents: [] });
    return profile === undefined ? [] : [profile];
  });
  const leftOver = await batchPutAll(client, tables.customers, profiles);
  if (leftOver.length > 0) {
    throw new InfrastructureError(
      `${leftOver.length} customer items could not be written; the load is incomplete`,
    );
  }
  const consents = await loadConsents(new DynamoConsentStore(client, tables), customers, options);
  return { customers: customers.length, ...consents };
}

/**
 * Records and applies the consents of the customers, each customer's records oldest first, `concurrency`
 * customers at once (one customer's records one after the other: they share its revision).
 */
export async function loadConsents(
  store: EvidenceStore,
  customers: readonly FixtureCustomer[],
  options: LoadOptions,
): Promise<Omit<LoadReport, 'customers'>> {
  const skewMs = options.skewMs ?? DEFAULT_CLOCK_GUARD.maxFutureSkewSeconds * 1000;
  let applied = 0;
  let superseded = 0;
  let next = 0;
  const worker = async () => {
    while (next < customers.length) {
      const customer = customers[next++];
      if (customer === undefined) continue;
      for (const change of changesOf(customer, skewMs)) {
        if (await loadConsent(store, change, { ...options, skewMs })) applied++;
        else superseded++;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 16 }, worker));
  return { consentsApplied: applied, consentsSuperseded: superseded };
}

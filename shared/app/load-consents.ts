import { DEFAULT_CLOCK_GUARD } from '#core/clock-guard.js';
import { type ConsentChange, compareConsentRecords, consentHistoryId } from '#core/consent-change.js';
import { type ConsentRecord, type CustomerState, UNKNOWN_NOTICE_VERSION } from '#core/customer.js';
import type { ConsentStore } from '#shared/ports.js';
import { storeConsentChange } from './apply-consent-change.js';

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

/**
 * A customer as a loading source gives it (the fixture file, the demo population, a CRM import): a
 * withdrawal or objection may lack its notice version (recorded as unknown: it only restricts). A source's
 * reader refuses a grant without one (shared/app/customer-fixtures.ts) before it gets here.
 */
export interface CustomerToLoad {
  readonly customerId: CustomerState['customerId'];
  readonly consents: ReadonlyArray<
    Omit<ConsentRecord, 'noticeVersion'> & { readonly noticeVersion?: string }
  >;
}

export interface LoadReport {
  readonly customers: number;
  /** Consent records that became (or stayed) a customer's current consent. */
  readonly consentsApplied: number;
  /** Consent records superseded by a later one for the purpose (kept as evidence, not applied). */
  readonly consentsSuperseded: number;
}

/** The consent changes a fixture customer's records amount to, oldest first (as they would have arrived). */
function changesOf(customer: CustomerToLoad, skewMs: number): ConsentChange[] {
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
 * Records and applies the consents of the customers (fixtures, the demo population, a CRM import) as the
 * consent-change path does (`storeConsentChange`): each record is evidence with where it came from, the
 * current consents move only when a record wins for its purpose, the entry's id is the change's (a reload
 * writes nothing new, no entry is ever replaced), and a later change already stored is never undone. Each
 * customer's records oldest first, `concurrency` customers at once (one customer's records one after the
 * other: they share its revision).
 */
export async function loadConsents(
  store: ConsentStore,
  customers: readonly CustomerToLoad[],
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
        const { customerId, ...record } = change;
        const entry = {
          customerId,
          recordId: consentHistoryId(change),
          record,
          receivedAt: options.now.toISOString(),
          evidenceSource: options.evidenceSource,
        };
        const { outcome } = await storeConsentChange(store, change, entry, {
          skewMs,
          appliedAt: options.now,
        });
        if (outcome === 'stale') superseded++;
        else applied++;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 16 }, worker));
  return { consentsApplied: applied, consentsSuperseded: superseded };
}

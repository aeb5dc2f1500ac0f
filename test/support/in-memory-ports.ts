import { type ContactState, emptyContactState } from '#core/contact-policy.js';
import type { CustomerState } from '#core/customer.js';
import type { Decision, OfferInstance } from '#core/decision.js';
import { CustomerStateUnavailableError, DecisionStoreError } from '#shared/errors.js';
import type {
  AuditRecord,
  AuditWriteOutcome,
  CustomerSnapshot,
  CustomerStateReader,
  DecisionWriter,
  EventDecisionCommit,
} from '#shared/ports.js';
import { validationException } from './fake-aws.js';

/**
 * In-memory implementations of the application's ports (shared/ports.ts), for the application service and
 * handler tests. They keep the promises the DynamoDB adapters keep, so the application is tested against
 * the same semantics:
 *  - reads are complete or throw CustomerStateUnavailableError (fail closed), return copies and the
 *    consents revision;
 *  - every audit write is conditional on its id not existing (append-only: nothing is ever replaced); a
 *    taken id is compared by content digest: 'duplicate' (same) or 'reused' (other);
 *  - `commit` is a transaction: claim, decisions, offers, contact state (conditional on the version read)
 *    and the consents-revision check all succeed or nothing is written ('conflict' when a guard failed);
 *  - `writeBulk` is a transaction of conditional puts, resolved per id.
 * Faults are injected explicitly; every call is counted.
 */
export class InMemoryStore {
  readonly customers = new Map<string, CustomerState>();
  readonly consentRevisions = new Map<string, number>();
  readonly contacts = new Map<string, ContactState>();
  readonly audit = new Map<string, Decision>();
  /** Content digests of audit records and event claims, by audit key. */
  readonly digests = new Map<string, string>();
  readonly offers = new Map<string, OfferInstance & { status: string }>();
  /** Every audit put that found its id taken (never applied): proof that nothing was replaced. */
  readonly refusedAuditPuts: string[] = [];

  addCustomer(customer: CustomerState): this {
    this.customers.set(customer.customerId, structuredClone(customer));
    return this;
  }

  /** Replaces the customer's consents as the consent store does: the revision moves on. */
  setConsents(customerId: string, consents: CustomerState['consents']): this {
    const customer = this.customers.get(customerId);
    if (customer) this.customers.set(customerId, { ...customer, consents: structuredClone(consents) });
    this.consentRevisions.set(customerId, (this.consentRevisions.get(customerId) ?? 0) + 1);
    return this;
  }

  setContact(state: ContactState): this {
    this.contacts.set(state.customerId, structuredClone(state));
    return this;
  }

  contactOf(customerId: string): ContactState {
    return structuredClone(this.contacts.get(customerId) ?? emptyContactState(customerId));
  }

  decisionsFor(eventId: string): Decision[] {
    return [...this.audit.values()].filter((d) => d.eventId === eventId);
  }
}

export interface ReaderOptions {
  /** The next n loadMany calls throw CustomerStateUnavailableError (Infinity: every call). */
  readonly failNextLoads?: number;
  /** Also fail the loadMany calls for which this says so (`call` counts from 0). */
  readonly failLoad?: (call: number, customerIds: readonly string[]) => boolean;
}

export class InMemoryCustomerStateReader implements CustomerStateReader {
  /** The customer ids of every loadMany call, in call order. */
  readonly loads: string[][] = [];
  failNextLoads: number;
  private readonly failLoad: ReaderOptions['failLoad'];

  constructor(
    private readonly store: InMemoryStore,
    options: ReaderOptions = {},
  ) {
    this.failNextLoads = options.failNextLoads ?? 0;
    this.failLoad = options.failLoad;
  }

  get calls(): number {
    return this.loads.length;
  }

  async loadMany(customerIds: readonly string[]): Promise<ReadonlyMap<string, CustomerSnapshot>> {
    const call = this.loads.push([...customerIds]) - 1;
    if (this.failLoad?.(call, customerIds)) {
      throw new CustomerStateUnavailableError('injected fault: customer state unavailable');
    }
    if (this.failNextLoads > 0) {
      this.failNextLoads--;
      throw new CustomerStateUnavailableError('injected fault: customer state unavailable');
    }
    const snapshots = new Map<string, CustomerSnapshot>();
    for (const customerId of new Set(customerIds)) {
      const customer = this.store.customers.get(customerId);
      snapshots.set(customerId, {
        customer: customer === undefined ? undefined : structuredClone(customer),
        contact: this.store.contactOf(customerId),
        consentsRevision: this.store.consentRevisions.get(customerId) ?? 0,
      });
    }
    return snapshots;
  }
}

export type WriterOptions = object;

type CommitFault = { readonly matches: (commit: EventDecisionCommit) => boolean; readonly error: Error };

export class InMemoryDecisionWriter implements DecisionWriter {
  /** Every commit call (including those that failed), in call order. */
  readonly commits: EventDecisionCommit[] = [];
  /** Every writeBulk call's decisions, in call order. */
  readonly bulks: Decision[][] = [];
  private readonly commitFaults: CommitFault[] = [];
  private readonly concurrentWrites = new Map<string, Array<{ offerId: string; at: string } | undefined>>();
  private readonly concurrentWithdrawals = new Map<string, number>();
  private bulkFaults = 0;

  constructor(
    private readonly store: InMemoryStore,
    _options: WriterOptions = {},
  ) {}

  /**
   * Another invocation commits for this customer just before our next commit of an emitted offer: the
   * stored contact-policy version moves on (with `emission` added, when given), so that commit meets a
   * 'conflict'. Call it n times for n consecutive conflicts.
   */
  conflictOnce(customerId: string, emission?: { offerId: string; at: string }): this {
    const queue = this.concurrentWrites.get(customerId) ?? [];
    queue.push(emission);
    this.concurrentWrites.set(customerId, queue);
    return this;
  }

  /** The customer withdraws consent just before our next commit of an emitted offer (revision moves on). */
  withdrawBeforeNextCommit(customerId: string): this {
    this.concurrentWithdrawals.set(customerId, (this.concurrentWithdrawals.get(customerId) ?? 0) + 1);
    return this;
  }

  /** The next commit for this event fails with `error` (default: a DecisionStoreError); nothing is written. */
  failCommitForEvent(eventId: string, error: Error = new DecisionStoreError('injected fault')): this {
    this.commitFaults.push({ matches: (c) => c.decisions.some((d) => d.eventId === eventId), error });
    return this;
  }

  /** The next writeBulk call throws (the store is down). */
  failNextBulk(): this {
    this.bulkFaults++;
    return this;
  }

  async writeBulk(records: readonly AuditRecord[]): Promise<ReadonlyMap<string, AuditWriteOutcome>> {
    this.bulks.push(structuredClone(records.map((r) => r.decision)));
    if (this.bulkFaults > 0) {
      this.bulkFaults--;
      throw new DecisionStoreError('injected fault: audit table unavailable');
    }
    const ids = records.map((r) => r.decision.decisionId);
    if (new Set(ids).size < ids.length) {
      throw validationException('Transaction request cannot include multiple operations on one item');
    }
    const outcomes = new Map<string, AuditWriteOutcome>();
    for (const { decision, contentHash } of records) {
      const stored = this.store.digests.get(decision.decisionId);
      if (stored !== undefined || this.store.audit.has(decision.decisionId)) {
        this.store.refusedAuditPuts.push(decision.decisionId);
        outcomes.set(decision.decisionId, stored === contentHash ? 'duplicate' : 'reused');
        continue;
      }
      this.store.audit.set(decision.decisionId, structuredClone(decision));
      this.store.digests.set(decision.decisionId, contentHash);
      outcomes.set(decision.decisionId, 'stored');
    }
    return outcomes;
  }

  async commit(event: EventDecisionCommit): Promise<'committed' | 'duplicate' | 'reused' | 'conflict'> {
    this.commits.push(structuredClone(event));
    const faultIndex = this.commitFaults.findIndex((f) => f.matches(event));
    const fault = this.commitFaults[faultIndex];
    if (fault !== undefined) {
      this.commitFaults.splice(faultIndex, 1);
      throw fault.error;
    }
    const customerId = event.contact?.state.customerId ?? event.decisions[0]?.customerId;
    if (event.contact && customerId !== undefined) this.concurrentWriteFor(customerId);

    // One transaction: every condition is checked before anything is written.
    const claimed = this.store.digests.get(event.claim.key);
    if (claimed !== undefined || this.store.audit.has(event.claim.key)) {
      this.store.refusedAuditPuts.push(event.claim.key);
      return claimed === event.claim.contentHash ? 'duplicate' : 'reused';
    }
    if (event.decisions.some((d) => this.store.audit.has(d.decisionId))) return 'duplicate';
    if (event.contact) {
      const stored = this.store.contacts.get(event.contact.state.customerId)?.version ?? 0;
      if (stored !== event.contact.readVersion) return 'conflict';
    }
    if (event.consents) {
      const revision = this.store.consentRevisions.get(event.consents.customerId) ?? 0;
      if (revision !== event.consents.readRevision) return 'conflict';
    }
    if (event.offers.some((o) => this.store.offers.has(o.offerInstanceId))) {
      throw new DecisionStoreError('offer already exists');
    }
    this.store.digests.set(event.claim.key, event.claim.contentHash);
    for (const decision of event.decisions)
      this.store.audit.set(decision.decisionId, structuredClone(decision));
    for (const offer of event.offers)
      this.store.offers.set(offer.offerInstanceId, { ...structuredClone(offer), status: 'active' });
    if (event.contact) {
      const { state, readVersion } = event.contact;
      this.store.setContact({ ...state, version: readVersion + 1 });
    }
    return 'committed';
  }

  private concurrentWriteFor(customerId: string): void {
    const withdrawals = this.concurrentWithdrawals.get(customerId) ?? 0;
    if (withdrawals > 0) {
      this.concurrentWithdrawals.set(customerId, withdrawals - 1);
      const customer = this.store.customers.get(customerId);
      const at = '2026-07-10T07:59:00.000Z';
      const withdrawal = { purpose: 'transaction-offers' as const, status: 'withdrawn' as const, at };
      this.store.setConsents(customerId, [
        ...(customer?.consents ?? []),
        { ...withdrawal, source: 'app', noticeVersion: 'v1' },
      ]);
    }
    const queue = this.concurrentWrites.get(customerId);
    if (queue === undefined || queue.length === 0) return;
    const emission = queue.shift();
    const current = this.store.contactOf(customerId);
    this.store.setContact({
      ...current,
      version: current.version + 1,
      emissions: emission === undefined ? current.emissions : [...current.emissions, emission],
    });
  }
}

/** A store with a reader and a writer on it. */
export function inMemoryPorts(options: ReaderOptions & WriterOptions = {}) {
  const store = new InMemoryStore();
  return {
    store,
    reader: new InMemoryCustomerStateReader(store, options),
    writer: new InMemoryDecisionWriter(store, options),
  };
}

import type { ContactState, CustomerState } from '../../shared/core/customer.js';
import { emptyContactState } from '../../shared/core/customer.js';
import type { Decision, OfferInstance } from '../../shared/core/decision.js';
import {
  ContactStateConflictError,
  CustomerStateUnavailableError,
  DecisionStoreError,
} from '../../shared/errors.js';
import type {
  CustomerSnapshot,
  CustomerStateReader,
  DecisionWriter,
  EventDecisionCommit,
} from '../../shared/ports.js';
import { validationException } from './fake-aws.js';

/**
 * In-memory implementations of the application's ports (shared/ports.ts), for the application service and
 * handler tests. They keep the promises the DynamoDB adapters keep, so the application is tested against
 * the same semantics:
 *  - reads are complete or throw CustomerStateUnavailableError (fail closed), and return copies;
 *  - `commit` is a transaction: audit records are conditional on not existing (an already stored decision
 *    makes the whole commit a 'duplicate' that writes nothing), the contact state is written only if its
 *    version is still the one read (else ContactStateConflictError), and the new state gets readVersion + 1;
 *  - `writeBulk` is BatchWriteItem: plain puts (an existing record is overwritten), unprocessed items are
 *    reported back, and — as DynamoDB does — a call holding two decisions with the same id is rejected as a
 *    whole with a ValidationException.
 * Faults are injected explicitly; every call is counted.
 */
export class InMemoryStore {
  readonly customers = new Map<string, CustomerState>();
  readonly contacts = new Map<string, ContactState>();
  readonly audit = new Map<string, Decision>();
  readonly offers = new Map<string, OfferInstance>();

  addCustomer(customer: CustomerState): this {
    this.customers.set(customer.customerId, structuredClone(customer));
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
      });
    }
    return snapshots;
  }
}

export interface WriterOptions {
  /** Reject a writeBulk call holding two decisions with one id, as BatchWriteItem does (default true). */
  readonly rejectDuplicateIdsInBulk?: boolean;
}

type CommitFault = { readonly matches: (commit: EventDecisionCommit) => boolean; readonly error: Error };

export class InMemoryDecisionWriter implements DecisionWriter {
  /** Every commit call (including those that failed), in call order. */
  readonly commits: EventDecisionCommit[] = [];
  /** Every writeBulk call's decisions, in call order. */
  readonly bulks: Decision[][] = [];
  private readonly commitFaults: CommitFault[] = [];
  private readonly concurrentWrites = new Map<string, Array<{ offerId: string; at: string } | undefined>>();
  private readonly unprocessed = new Set<string>();
  private bulkFaults = 0;
  private readonly rejectDuplicateIdsInBulk: boolean;

  constructor(
    private readonly store: InMemoryStore,
    options: WriterOptions = {},
  ) {
    this.rejectDuplicateIdsInBulk = options.rejectDuplicateIdsInBulk ?? true;
  }

  /**
   * Another invocation commits for this customer just before our next commit of an emitted offer: the
   * stored contact-policy version moves on (with `emission` added, when given), so that commit meets a
   * ContactStateConflictError. Call it n times for n consecutive conflicts.
   */
  conflictOnce(customerId: string, emission?: { offerId: string; at: string }): this {
    const queue = this.concurrentWrites.get(customerId) ?? [];
    queue.push(emission);
    this.concurrentWrites.set(customerId, queue);
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

  /** writeBulk leaves this decision unprocessed (after its retries) every time. */
  leaveUnprocessed(decisionId: string): this {
    this.unprocessed.add(decisionId);
    return this;
  }

  async writeBulk(decisions: readonly Decision[]): Promise<ReadonlySet<string>> {
    this.bulks.push(structuredClone([...decisions]));
    if (this.bulkFaults > 0) {
      this.bulkFaults--;
      throw new DecisionStoreError('injected fault: audit table unavailable');
    }
    if (
      this.rejectDuplicateIdsInBulk &&
      new Set(decisions.map((d) => d.decisionId)).size < decisions.length
    ) {
      throw validationException('Provided list of item keys contains duplicates');
    }
    const left = new Set<string>();
    for (const decision of decisions) {
      if (this.unprocessed.has(decision.decisionId)) left.add(decision.decisionId);
      else this.store.audit.set(decision.decisionId, structuredClone(decision));
    }
    return left;
  }

  async commit(event: EventDecisionCommit): Promise<'committed' | 'duplicate'> {
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
    if (event.decisions.some((d) => this.store.audit.has(d.decisionId))) return 'duplicate';
    if (event.contact) {
      const stored = this.store.contacts.get(event.contact.state.customerId)?.version ?? 0;
      if (stored !== event.contact.readVersion) {
        throw new ContactStateConflictError('Contact-policy state changed while deciding');
      }
    }
    if (event.offers.some((o) => this.store.offers.has(o.offerInstanceId))) {
      throw new DecisionStoreError('offer already exists');
    }
    for (const decision of event.decisions)
      this.store.audit.set(decision.decisionId, structuredClone(decision));
    for (const offer of event.offers) this.store.offers.set(offer.offerInstanceId, structuredClone(offer));
    if (event.contact) {
      const { state, readVersion } = event.contact;
      this.store.setContact({ ...state, version: readVersion + 1 });
    }
    return 'committed';
  }

  private concurrentWriteFor(customerId: string): void {
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

import * as z from 'zod';
import { CustomerIdSchema } from './identifiers.js';

/**
 * What the contact policy (./contact-policy.ts, which exports all of this too) remembers per customer, and
 * its one schema.
 */

/**
 * One emitted offer as the contact policy remembers it: `at` is the `occurredAt` of the event that emitted
 * it, `decidedAt` the receive time it was decided at (absent in state written before it was recorded:
 * then `at` stands in for it). Caps and cooldowns hold on both time lines (see contactGate).
 */
export interface Emission {
  readonly offerId: string;
  readonly at: string;
  readonly decidedAt?: string;
  /**
   * Issue 13, the active-offer limit: the offer instance emitted, when it expires, and when its active life
   * ended early (clicked or dismissed, recorded by the banner API's feedback). An emission is active at t
   * when decided at or before t, not expired at t and not ended at or before t. Emissions written before
   * these fields existed count as active until decidedAt (or at) + the longest validity of the catalog:
   * in doubt, the limit holds (fail closed).
   */
  readonly offerInstanceId?: string;
  readonly expiresAt?: string;
  readonly endedAt?: string;
}

/**
 * Contact-policy state per customer: the emissions that still matter and dismissal cooldowns.
 * `version` is for the adapter's optimistic locking: the core never changes it.
 */
export interface ContactState {
  readonly customerId: string;
  readonly version: number;
  readonly emissions: ReadonlyArray<Emission>;
  /** offerId -> ISO instant before which the offer must not be shown again (e.g. after a dismissal). */
  readonly cooldownUntil: Readonly<Record<string, string>>;
  /**
   * Issue 13: when the customer dismissed an offer (the feedback's `at`, UTC ISO), oldest first, kept as
   * long as the dismissal pause can need them. Absent on state written before it existed: no dismissals.
   */
  readonly dismissals?: ReadonlyArray<string>;
}

/** Real instants only: a corrupt timestamp would silently stop counting towards caps (fail open). */
const Instant = z.iso.datetime({ offset: true });

export const EmissionSchema = z.object({
  offerId: z.string().min(1),
  at: Instant,
  decidedAt: Instant.optional(),
  offerInstanceId: z.string().min(1).optional(),
  expiresAt: Instant.optional(),
  endedAt: Instant.optional(),
});

/** The one schema of the contact state; the store parses every stored item with it. */
export const ContactStateSchema = z.object({
  customerId: CustomerIdSchema,
  version: z.number().int().nonnegative(),
  emissions: z.array(EmissionSchema),
  cooldownUntil: z.record(z.string(), Instant),
  dismissals: z.array(Instant).optional(),
});

export function emptyContactState(customerId: string): ContactState {
  return { customerId, version: 0, emissions: [], cooldownUntil: {} };
}

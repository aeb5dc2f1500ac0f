/**
 * What the privacy-officer pages read of the privacy API's answers. The OpenAPI document describes the
 * records inside a page as open objects (shared/api/privacy-routes.ts), so the fields a page shows are named
 * here, after the server's types (shared/privacy/record-views.ts, history.query.ts, explain.query.ts,
 * provenance.query.ts, access-log.ts, erasure.ts), and every one is read defensively (`optional` fields: a
 * page shows "–" for a field an answer lacks, never crashes on it). The lists of names (outcomes, reasons,
 * gates) are checked against the generated API types where the document has them, so a reason added on the
 * server fails `npm run typecheck` here instead of going missing from a filter.
 */
import type { operations } from '../../api/schema.js';

type SuppressedQuery = NonNullable<operations['listSuppressed']['parameters']['query']>;

export type SuppressionReason = NonNullable<SuppressedQuery['reason']>;
export type TimeBasis = NonNullable<SuppressedQuery['by']>;

/** Every suppression reason, in the server's order (a Record, so none can be missing). */
const REASON_SET: Readonly<Record<SuppressionReason, true>> = {
  sensitive_category: true,
  no_consent: true,
  objected: true,
  customer_excluded: true,
  unsuitable: true,
  frequency_capped: true,
  stale_event: true,
  arbitration_lost: true,
  active_offer_limit: true,
  repeated_dismissals: true,
};
export const SUPPRESSION_REASONS = Object.keys(REASON_SET) as SuppressionReason[];

export const OUTCOMES = ['emitted', 'suppressed', 'no_trigger', 'rejected'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** The gates a matched trigger passes through, in order (shared/core/decision.ts GATES). */
export const GATES = [
  'consent',
  'objection',
  'customer_exclusion',
  'suitability',
  'contact_policy',
  'active_offers',
  'dismissal_pause',
  'arbitration',
] as const;

export const TIME_BASIS_LABELS: Readonly<Record<TimeBasis, string>> = {
  payment: 'Payment time',
  decided: 'Decision time',
};

/** The queries the access log names (shared/privacy/access-log.ts ACCESS_QUERIES, and the overview). */
export const ACCESS_QUERIES = [
  'suppressed',
  'history',
  'explain',
  'overview',
  'erasure',
  'access-log',
] as const;

/** A suppressed decision as the list shows it (SUPPRESSED_FIELDS). */
export interface SuppressedItem {
  readonly decisionId?: string;
  readonly eventId?: string;
  readonly customerId?: string;
  readonly triggerId?: string;
  readonly triggerVersion?: number;
  readonly offerId?: string;
  readonly reasons?: readonly string[];
  readonly consentRegime?: string;
  readonly policyVersion?: string;
  readonly decidedAt?: string;
  readonly occurredAt?: string;
}

/** One entry of a customer's history, any kind (fields of every kind, all optional but `kind`/`at`). */
export interface HistoryEntry {
  readonly kind: string;
  readonly at: string;
  readonly happenedAt?: string;
  readonly recordedAt?: string;
  readonly decisionId?: string;
  readonly recordId?: string;
  readonly outcome?: string;
  readonly triggerId?: string;
  readonly triggerVersion?: number;
  readonly offerId?: string;
  readonly offerInstanceId?: string;
  readonly reasons?: readonly string[];
  readonly withdrawalReason?: string;
  readonly purpose?: string;
  readonly status?: string;
  readonly applied?: boolean;
  readonly ignoredBecause?: string;
  readonly type?: string;
}

export interface TransitionSummary {
  readonly action: string;
  readonly to: string;
  readonly by: string;
  readonly role?: string;
  readonly at: string;
  readonly comment?: string;
  readonly reasons?: readonly string[];
}

export type TriggerRecord =
  | {
      readonly found: true;
      readonly triggerId: string;
      readonly version: number;
      readonly contentHash?: string;
      readonly origin?: string;
      readonly state?: string;
      readonly purpose?: string;
      readonly legalBasis?: string;
      readonly dpiaReference?: string;
      readonly compatibility?: Readonly<Record<string, string>>;
      readonly author?: string;
      readonly editors?: readonly string[];
      readonly approval?: { readonly by: string; readonly at: string; readonly comment?: string };
      readonly liveFrom?: string;
      readonly retiredAt?: string;
      readonly transitions?: readonly TransitionSummary[];
    }
  | { readonly found: false; readonly triggerId: string; readonly version: number; readonly note: string };

/** GET /privacy/decisions/{id}: a decision, a sensitive screen or an offer withdrawal explained. */
export interface Explanation {
  readonly kind: 'decision' | 'sensitive_screen' | 'offer_withdrawal';
  readonly recordId: string;
  readonly customerId?: string;
  readonly summary: string;
  readonly eventId?: string;
  readonly outcome?: string;
  readonly decidedAt?: string;
  readonly occurredAt?: string;
  readonly policyVersion?: string;
  readonly consentRegime?: string;
  readonly triggerId?: string;
  readonly triggerVersion?: number;
  readonly offerId?: string;
  readonly offerInstanceId?: string;
  readonly withdrawalReason?: string;
  readonly reasons?: readonly string[];
  readonly screen?: string;
  readonly gates?: {
    readonly passed: readonly string[];
    readonly failed: ReadonlyArray<{ readonly gate: string; readonly reason?: string }>;
  };
  readonly problems?: ReadonlyArray<{ readonly field: string; readonly expected: string }>;
  readonly triggerRecord?: TriggerRecord;
}

/** One read of the audit (shared/privacy/stored-records.ts AccessRecord). */
export interface AccessEntry {
  readonly accessId?: string;
  readonly at: string;
  readonly who: string;
  readonly via?: string;
  readonly query: string;
  readonly parameters?: Readonly<Record<string, string | number | boolean>>;
  readonly customerId?: string;
}

/** POST /privacy/customers/{id}/erasure: the report, or with dryRun=true the preview. */
export interface ErasureAnswer {
  readonly dryRun?: true;
  readonly erasureId?: string;
  readonly pseudonymises?: boolean;
  readonly pseudonym?: string;
  readonly at: string;
  readonly removed: ReadonlyArray<{
    readonly kind: string;
    readonly count: number;
    readonly how: 'deleted' | 'pseudonymised';
    readonly until?: string;
    readonly why?: string;
  }>;
  readonly kept: ReadonlyArray<{
    readonly kind: string;
    readonly count: number;
    readonly until: string;
    readonly why: string;
    readonly linkedToCustomer?: boolean;
  }>;
  readonly keptUntil?: string;
  readonly notSearched?: ReadonlyArray<{ readonly kind: string; readonly why: string }>;
}

/** An open record of an answer as one of the shapes above (the answer schemas say they are objects). */
export const asRecords = <T>(items: readonly unknown[] | undefined): readonly T[] =>
  (items ?? []).filter((item): item is T => typeof item === 'object' && item !== null);

/**
 * The handlers' metrics, named once: the CloudWatch namespace, the one dimension, and every metric name a
 * handler emits, by the service (the function name given to observability()) that emits it. The handlers
 * build their names here and the dashboard and alarms (infra/cdk/dashboard.ts) read them from here;
 * test/infra/monitoring.test.ts holds the dashboard to naming only metrics listed here. Names carry counts
 * per outcome or reason code only: no customer, offer or event id is ever a name or a dimension.
 */
import { OFFER_EVENT_TYPES, type OfferEventType } from '#api/schemas.js';
import { OUTCOMES, type Outcome, REASONS, type Reason } from '#core/decision.js';
import { FEEDBACK_REFUSALS, type FeedbackRefusal } from '#core/offer-feedback.js';

/** The CloudWatch namespace of every handler's Powertools metrics (named in code: it wins over the env). */
export const METRICS_NAMESPACE = 'OfferPipeline';
/** Powertools Metrics' only dimension: `service`, the function name given to observability(). */
export const SERVICE_DIMENSION = 'service';

/** The outcomes the change consumers count (`messages_<kind>_<outcome>`, `messages_invalid`). */
const CHANGE_OUTCOMES = {
  consent: ['applied', 'stale', 'unchanged', 'duplicate'],
  profile: ['applied', 'stale'],
} as const;
export type ChangeKind = keyof typeof CHANGE_OUTCOMES;

const STATUS_CLASSES = [2, 3, 4, 5] as const;

export const METRIC = {
  /** evaluate-payments: decisions per outcome and per reason code (never which sensitive category). */
  decisions: (outcome: Outcome) => `decisions_${outcome}`,
  reason: (reason: Reason) => `reason_${reason}`,
  duplicateDeliveries: 'duplicate_deliveries',
  /**
   * Every function that reads the live catalog (functions/handler-kit/catalog-source.ts): a good snapshot
   * read, a snapshot refused or unreadable (the last good one stays in use), and a call with no good
   * snapshot at all (fail closed: the batch is retried, the request answered 503).
   */
  catalogRefreshed: 'catalog_refreshed',
  catalogSnapshotRefused: 'catalog_snapshot_refused',
  catalogUnavailable: 'catalog_unavailable',
  /** The change consumers (apply-consent-changes, apply-customer-updates). */
  changeMessage: (kind: ChangeKind, outcome: string) => `messages_${kind}_${outcome}`,
  invalidMessages: 'messages_invalid',
  /** publish-offers. */
  offersPublished: 'offers_published',
  retractionsPublished: 'offer_retractions_published',
  streamRecordsSkipped: 'stream_records_skipped',
  streamRecordsUnpublishable: 'stream_records_unpublishable',
  /** Every HTTP function (functions/handler-kit/api-handler.ts): answers per status class. */
  responses: (status: number) => `responses_${Math.floor(status / 100)}xx`,
  /** banner-offers. */
  offersServed: 'offers_served',
  offersHiddenByConsent: 'offers_hidden_by_consent',
  offersUnreadable: 'offers_unreadable',
  offersEndedByWithdrawal: 'offers_ended_by_withdrawal',
  /** Issue 13: requests answered with no offers while repeated dismissals pause them. */
  offersPausedByDismissals: 'offers_paused_by_dismissals',
  /** banner-offer-events. */
  offerEvent: (type: OfferEventType) => `offer_events_${type}`,
  offerEventsRepeated: 'offer_events_repeated',
  /** Issue 13: impossible feedback refused (409), per refusal (clicked, dismissed, withdrawn, expired, ended). */
  offerEventRefused: (refusal: FeedbackRefusal) => `offer_events_refused_${refusal}`,
  /** openapi. */
  openapiServed: 'openapi_served',
  /** privacy-queries. */
  suppressedRecordsServed: 'suppressed_records_served',
  historyEntriesServed: 'history_entries_served',
  accessLogEntriesServed: 'access_log_entries_served',
  /** privacy-erasure. */
  erasures: 'erasures',
  erasurePreviews: 'erasure_previews',
  erasedRecordsDeleted: 'erased_records_deleted',
  erasedRecordsPseudonymised: 'erased_records_pseudonymised',
  erasureRecordsKept: 'erasure_records_kept',
  /** archive-records (issue 15): rows written per batch, and the batch's largest lag (archive time − record time). */
  archivedRows: 'archived_rows',
  archiveLagSeconds: 'archive_lag_seconds',
} as const;

/** Every metric each service emits (the HTTP functions' own counters included). */
export const EMITTED_METRICS: Readonly<Record<string, readonly string[]>> = (() => {
  const responses = STATUS_CLASSES.map((n) => METRIC.responses(n * 100));
  const changes = (kind: ChangeKind) => [
    ...CHANGE_OUTCOMES[kind].map((outcome) => METRIC.changeMessage(kind, outcome)),
    METRIC.invalidMessages,
  ];
  const catalog = [METRIC.catalogRefreshed, METRIC.catalogSnapshotRefused, METRIC.catalogUnavailable];
  return {
    'evaluate-payments': [
      ...catalog,
      ...OUTCOMES.map(METRIC.decisions),
      ...REASONS.map(METRIC.reason),
      METRIC.duplicateDeliveries,
    ],
    'apply-consent-changes': changes('consent'),
    'apply-customer-updates': changes('profile'),
    'publish-offers': [
      METRIC.offersPublished,
      METRIC.retractionsPublished,
      METRIC.streamRecordsSkipped,
      METRIC.streamRecordsUnpublishable,
    ],
    'banner-offers': [
      ...responses,
      METRIC.offersServed,
      METRIC.offersHiddenByConsent,
      METRIC.offersUnreadable,
      METRIC.offersEndedByWithdrawal,
      METRIC.offersPausedByDismissals,
    ],
    'banner-offer-events': [
      ...responses,
      ...OFFER_EVENT_TYPES.map(METRIC.offerEvent),
      METRIC.offerEventsRepeated,
      ...FEEDBACK_REFUSALS.map(METRIC.offerEventRefused),
      ...catalog,
    ],
    openapi: [...responses, METRIC.openapiServed],
    'privacy-queries': [
      ...responses,
      METRIC.suppressedRecordsServed,
      METRIC.historyEntriesServed,
      METRIC.accessLogEntriesServed,
      ...catalog,
    ],
    'privacy-erasure': [
      ...responses,
      METRIC.erasures,
      METRIC.erasurePreviews,
      METRIC.erasedRecordsDeleted,
      METRIC.erasedRecordsPseudonymised,
      METRIC.erasureRecordsKept,
    ],
    'archive-records': [METRIC.archivedRows, METRIC.archiveLagSeconds],
  };
})();

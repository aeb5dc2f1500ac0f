import * as z from 'zod';
import type { AccessLogPage } from '#privacy/access-log.query.js';
import type { ErasurePreview, ErasureReport } from '#privacy/erasure.js';
import { ErasureBodySchema, ErasurePathSchema, ErasureQuerySchema } from '#privacy/erasure-params.js';
import { CSV_CONTENT_TYPE, JSONL_CONTENT_TYPE } from '#privacy/export.js';
import type { CustomerHistory, SuppressedPage } from '#privacy/queries.js';
import {
  AccessLogParamsSchema,
  ExplainParamsSchema,
  ExplainPathSchema,
  HistoryParamsSchema,
  HistoryPathSchema,
  OverviewParamsSchema,
  SuppressedParamsSchema,
} from '#privacy/query-params.js';
import { SUPPRESSION_REASONS } from '#shared/audit-index.js';
import {
  Basis,
  type DocumentedFields,
  ExplanationSchema,
  Instant,
  PrivacyOverviewSchema,
} from './privacy-schemas.js';
import type { ROUTES } from './route-table.js';
import { type ApiRoute, route } from './routes.js';

/**
 * The privacy API's routes (functions privacy-queries and privacy-erasure; audiences privacy-officer and
 * privacy-eraser) for the OpenAPI document: their parameters are the very zod schemas the handlers validate
 * with (shared/privacy/query-params.ts, erasure-params.ts). Their answers are TypeScript types of the
 * services (shared/privacy); the answer schemas below describe each answer's top-level fields, and
 * `DocumentedFields<T>` makes the compiler hold them to exactly the fields of the type, so a field added to an
 * answer cannot be left out of the document. Nested records are described, and open (additions are minor).
 */

const NextCursor = z
  .string()
  .nullable()
  .meta({ description: 'pass back as `cursor` for the next page; null when there is none' });
const open = (description: string) => z.looseObject({}).meta({ description });

const suppressedPage: DocumentedFields<SuppressedPage> = {
  timeBasis: Basis,
  items: z.array(
    open(
      'a suppressed decision: decisionId, eventId, customerId, triggerId, triggerVersion, reasons, decidedAt, occurredAt, policyVersion (a payment screened out as sensitive shows only its ids and the reason sensitive_category)',
    ),
  ),
  nextCursor: NextCursor,
  counts: z
    .looseObject({
      timeBasis: Basis,
      from: Instant.optional(),
      to: Instant.optional(),
      total: z.number().int(),
      byReason: z.partialRecord(z.enum(SUPPRESSION_REASONS), z.number().int()),
      byTrigger: z.record(z.string(), z.number().int()),
      notInCatalog: z.number().int(),
    })
    .optional()
    .meta({ description: 'on the first page (no cursor), unless counts=false: the counts for the period' }),
  withoutPaymentTime: z
    .looseObject({ count: z.number().int(), findWith: z.literal('by=decided') })
    .optional()
    .meta({
      description:
        'on the first page of a payment-time query: matching records without a payment time (sensitive screens), found with by=decided',
    }),
};
export const SuppressedPageSchema = z
  .looseObject(suppressedPage)
  .meta({ description: 'One page of suppressed decisions, newest first' });

const customerHistory: DocumentedFields<CustomerHistory> = {
  customerId: z.string(),
  timeBasis: Basis,
  withoutPaymentTime: z.number().int().meta({
    description: 'on the payment basis: entries without a payment time, placed by their record time',
  }),
  entries: z.array(
    open(
      'one entry, by `kind`: decision, offer_withdrawal, consent_change, offer or offer_event; each with at, recordedAt and, when known, happenedAt',
    ),
  ),
};
export const CustomerHistorySchema = z
  .looseObject(customerHistory)
  .meta({ description: "Everything recorded about a customer, in time order (an access request's answer)" });

const accessLogPage: DocumentedFields<AccessLogPage> = {
  items: z.array(open('one read of the audit: who, when, which query, with which parameters')),
  nextCursor: NextCursor,
  period: z
    .looseObject({ from: Instant.optional(), to: Instant })
    .meta({ description: 'the period read, as normalised UTC instants' }),
};
export const AccessLogPageSchema = z
  .looseObject(accessLogPage)
  .meta({ description: 'One page of the audit access log' });

const Removed = z.array(
  z.looseObject({
    kind: z.string(),
    count: z.number().int(),
    how: z.enum(['deleted', 'pseudonymised']),
  }),
);
const Kept = z.array(
  z.looseObject({
    kind: z.string(),
    count: z.number().int(),
    until: Instant,
    why: z.string().meta({ description: 'the legal duty that keeps them' }),
    linkedToCustomer: z.boolean(),
  }),
);
const NotSearched = z.array(z.looseObject({ kind: z.string(), why: z.string() }));
const ErasureArchive = z
  .looseObject({
    key: z.enum(['destroyed', 'present', 'absent']).meta({
      description:
        "the customer's archive key: destroyed by this erasure, present (a preview: it would be destroyed), or absent",
    }),
    searched: z.looseObject({ fromDay: z.string(), toDay: z.string() }),
    kinds: z.array(
      z.looseObject({
        kind: z.string(),
        action: z.literal('crypto-shred'),
        hotCopiesDeleted: z.number().int(),
        archivedRowsFound: z.number().int(),
        archivedUntil: Instant,
        why: z.string(),
      }),
    ),
    notYetArchived: z.looseObject({ hotCopiesExpireBy: Instant, why: z.string() }),
    summary: z.array(z.string()),
  })
  .meta({
    description:
      'the archive: the customer key (crypto-shredding), per audit kind the hot copies deleted and until when the archived rows are kept unlinkable, and the limit (records not archived yet)',
  });
const erasureReport: DocumentedFields<ErasureReport> = {
  erasureId: z.string(),
  at: Instant,
  requestedBy: z.string().meta({ description: 'the IAM principal that asked' }),
  removed: Removed,
  kept: Kept,
  keptUntil: Instant.optional(),
  pseudonym: z
    .string()
    .optional()
    .meta({ description: 'erased:<erasureId>, when records were pseudonymised' }),
  notSearched: NotSearched,
  archive: ErasureArchive,
};
const erasurePreview: DocumentedFields<ErasurePreview> = {
  dryRun: z.literal(true),
  pseudonymises: z.boolean(),
  at: Instant,
  requestedBy: erasureReport.requestedBy,
  removed: Removed,
  kept: Kept,
  keptUntil: Instant.optional(),
  notSearched: NotSearched,
  archive: ErasureArchive,
};
export const ErasureAnswerSchema = z
  .union([
    z.looseObject(erasureReport).meta({ description: 'The erasure as carried out' }),
    z.looseObject(erasurePreview).meta({ description: 'The preview (dryRun=true): nothing changed' }),
  ])
  .meta({ description: 'What was (or would be) deleted, pseudonymised and kept, until when and why' });

/** Named schemas of the privacy routes, under components.schemas. */
export const PRIVACY_COMPONENT_SCHEMAS: Readonly<Record<string, z.ZodType>> = {
  SuppressedPage: SuppressedPageSchema,
  CustomerHistory: CustomerHistorySchema,
  AuditExplanation: ExplanationSchema,
  AccessLogPage: AccessLogPageSchema,
  PrivacyOverview: PrivacyOverviewSchema,
  ErasureAnswer: ErasureAnswerSchema,
  ErasureRequest: ErasureBodySchema,
};

const UNEXPECTED = 'an unexpected error in the handler';
const NO_CALLER =
  "The request carries no caller to record in the access log (every read of the audit is logged first): no IAM principal, or a signed-in user outside the route's group";
const ACCESS_LOG_DOWN =
  'A store (or the access log, without which nothing is read) did not answer; retry after the Retry-After seconds.';
const BAD_QUERY = 'A query or path parameter is invalid or unknown (the problem names each)';

const privacyRoute = (operationId: keyof typeof ROUTES) => ({ ...route(operationId), tag: 'privacy' });

const READ_PROBLEMS = {
  invalidRequest: BAD_QUERY,
  noCallerIdentity: NO_CALLER,
  routeNotServed: 'The function was invoked for a route it does not serve (a deployment fault)',
  unavailable: ACCESS_LOG_DOWN,
  internal: UNEXPECTED,
} as const;

export const PRIVACY_API_ROUTES: readonly ApiRoute[] = [
  {
    ...privacyRoute('readAccessLog'),
    summary: 'Who read the audit, when, and about whom',
    description:
      'Privacy officers. Filter by actor, customer, query (suppressed, history, explain, overview, erasure, access-log) and period; without actor and customer the last 31 days. Every entry carries who, at, query, parameters and, when the read named one, customerId. This read is itself logged.',
    queryParameters: AccessLogParamsSchema,
    success: { description: 'One page of access-log entries', schema: AccessLogPageSchema },
    problems: READ_PROBLEMS,
  },
  {
    ...privacyRoute('listSuppressed'),
    summary: 'Suppressed offers by trigger, reason and period',
    description:
      'Privacy officers. Read from the audit archive, whose times are whole UTC hours: the period is widened to whole hours (the counts state the bounds counted) and the list is newest first by hour. Paged; the first page carries the counts for the period. Records of an erased customer are listed as unlinkable (no ids, no customer) and still counted. format=csv or jsonl exports the page (the next cursor then travels in the X-Next-Cursor header).',
    queryParameters: SuppressedParamsSchema,
    success: {
      description: 'One page of suppressed decisions (JSON), or the page as CSV (RFC 4180) or JSON Lines',
      schema: SuppressedPageSchema,
      textMediaTypes: [CSV_CONTENT_TYPE, JSONL_CONTENT_TYPE],
      headers: {
        'X-Next-Cursor': 'csv and jsonl: the cursor of the next page, when there is one',
        'X-Time-Basis': 'csv and jsonl: the time basis of the period and the order',
      },
    },
    problems: {
      ...READ_PROBLEMS,
      invalidRequest: `${BAD_QUERY}, the cursor is not the previous page's, or the trigger is unknown`,
    },
  },
  {
    ...privacyRoute('customerHistory'),
    summary: "A customer's full history (an access request)",
    description:
      'Privacy officers. Decisions, withdrawals, consent changes, offers and banner events of the customer, in time order.',
    pathParameters: HistoryPathSchema,
    queryParameters: HistoryParamsSchema,
    success: {
      description: 'The history (JSON), or with format=jsonl its entries as JSON Lines (an attachment)',
      schema: CustomerHistorySchema,
      textMediaTypes: [JSONL_CONTENT_TYPE],
      headers: { 'X-Time-Basis': 'jsonl: the time basis of the order' },
    },
    problems: { ...READ_PROBLEMS, noRecordsForCustomer: 'Nothing is recorded about this customer' },
  },
  {
    ...privacyRoute('privacyOverview'),
    summary: 'Decisions per outcome and suppressions per reason and per trigger, per day',
    description:
      'Privacy officers. Every UTC day of the period (default: the last 30 days, at most 92), on the payment time (default) or the decision time. Counts of 1 to 9 are "< 10", in the cells and the totals. On the payment basis only records with a payment time are counted: payments screened out as sensitive and rejected events have none and are counted on the decision basis (by=decided) only. This read is logged.',
    queryParameters: OverviewParamsSchema,
    success: { description: 'The overview', schema: PrivacyOverviewSchema },
    problems: {
      ...READ_PROBLEMS,
      invalidRequest: `${BAD_QUERY}; a period touching more than 92 days names to`,
    },
  },
  {
    ...privacyRoute('explainDecision'),
    summary: 'Why one decision or withdrawal happened',
    description:
      'Privacy officers. The audit record explained, with the approved trigger version that decided and who approved it. A record of the last weeks is read from the hot table by its id; an older one from the archive, with its customerId.',
    pathParameters: ExplainPathSchema,
    queryParameters: ExplainParamsSchema,
    success: { description: 'The explanation', schema: ExplanationSchema },
    problems: { ...READ_PROBLEMS, auditRecordNotFound: 'No decision or offer-withdrawal record has this id' },
  },
  {
    ...privacyRoute('eraseCustomer'),
    summary: "Carry out a customer's erasure request (or preview it)",
    description:
      'Privacy erasers. Deletes what may be deleted, pseudonymises what a legal duty keeps, and reports what is kept until when and why; idempotent. dryRun=true previews and changes nothing.',
    pathParameters: ErasurePathSchema,
    queryParameters: ErasureQuerySchema,
    requestBody: ErasureBodySchema,
    requestBodyOptional: true,
    success: { description: 'The erasure report, or the preview', schema: ErasureAnswerSchema },
    problems: {
      invalidRequest: 'The customer id, a query parameter or the body is invalid',
      payloadTooLarge: 'The body is too large',
      unsupportedMediaType: 'The content type is not application/json',
      noCallerIdentity:
        'No caller to record as the requester: no IAM principal, or a signed-in user outside the group privacy-eraser',
      unavailable: 'A store did not answer; the erasure may be partly done. Erase again: it is idempotent.',
      internal: UNEXPECTED,
    },
  },
];

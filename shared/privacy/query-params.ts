import * as z from 'zod';
import { CustomerIdSchema } from '#core/identifiers.js';
import { SUPPRESSION_REASONS, TIME_BASES, type TimeBasis } from '#shared/audit-index.js';
import { ACCESS_QUERIES } from './access-log.js';
import { InvalidQueryError } from './errors.query.js';

/**
 * The parameters of the privacy officers' queries as zod schemas, shared by the HTTP API (query string and
 * path) and the audit CLI (options), so both accept exactly the same input. Descriptions double as the
 * `expected` text of a problem+json `errors` entry.
 */

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;
/** A cursor holds one position per index partition queried (at most 112, ~45 characters each): under 7 KB. */
export const MAX_CURSOR_LENGTH = 8_192;

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date (2026-02-30 is not). */
function isCalendarDate(text: string): boolean {
  const match = DATE_ONLY.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const DateTime = z.iso.datetime({ offset: true });

/**
 * A period bound as the audit compares it: a date (a whole UTC day) or an ISO 8601 timestamp with offset,
 * normalised to the UTC form the audit stores `decidedAt` in (`2026-07-03T14:22:05.000Z`), so it compares
 * correctly with the index's sort key. `from` starts at the first millisecond of its day, `to` ends at the
 * last one (both inclusive). Undefined when the text is neither. Idempotent.
 */
export function normalizePeriodBound(edge: 'from' | 'to', text: string): string | undefined {
  if (isCalendarDate(text)) return `${text}T${edge === 'from' ? '00:00:00.000' : '23:59:59.999'}Z`;
  if (!DateTime.safeParse(text).success) return undefined;
  return new Date(Date.parse(text)).toISOString();
}

/** The zod schema of a period bound (normalizePeriodBound). */
export function periodBound(edge: 'from' | 'to') {
  const description =
    edge === 'from'
      ? 'the start of the period, inclusive: a date YYYY-MM-DD (from 00:00 UTC) or an ISO 8601 timestamp with offset'
      : 'the end of the period, inclusive: a date YYYY-MM-DD (until 24:00 UTC) or an ISO 8601 timestamp with offset, not before from';
  return z
    .string()
    .max(40)
    .refine((text) => normalizePeriodBound(edge, text) !== undefined, { message: description })
    .transform((text) => normalizePeriodBound(edge, text) ?? text)
    .meta({ description });
}

export const TriggerIdSchema = z
  .string()
  .max(100)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/)
  .meta({
    description:
      'a trigger id of the catalog (kebab-case, e.g. card-abroad-worldwide-cover), or "none" for payments screened out as sensitive',
  });

export const ReasonParamSchema = z
  .enum(SUPPRESSION_REASONS)
  .meta({ description: `a suppression reason: one of ${SUPPRESSION_REASONS.join(', ')}` });

export const TimeBasisSchema = z.enum(TIME_BASES).meta({
  description:
    'which time the period and the order are on: payment (default: when the payment happened, its occurredAt) or decided (when the pipeline decided)',
});

export const LimitSchema = z.coerce
  .number()
  .int()
  .min(1)
  .max(MAX_PAGE_SIZE)
  .meta({
    description: `records per page: a whole number from 1 to ${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE})`,
  });

export const CursorSchema = z
  .string()
  .min(1)
  .max(MAX_CURSOR_LENGTH)
  .regex(/^[A-Za-z0-9_-]+$/)
  .meta({ description: 'the nextCursor of the previous page of the same query, unchanged' });

export const SUPPRESSED_FORMATS = ['json', 'csv', 'jsonl'] as const;
export type SuppressedFormat = (typeof SUPPRESSED_FORMATS)[number];

/** `schema.optional()`, keeping its description (zod metadata belongs to one schema instance). */
function optional<T extends z.ZodType>(schema: T) {
  return schema.optional().meta({ description: schema.description ?? 'a valid value' });
}

/** The period and filters of a suppressed-offers query (without paging). */
const filterShape = {
  trigger: optional(TriggerIdSchema),
  reason: optional(ReasonParamSchema),
  from: optional(periodBound('from')),
  to: optional(periodBound('to')),
  by: optional(TimeBasisSchema),
};

function toNotBeforeFrom(
  value: { from?: string | undefined; to?: string | undefined },
  ctx: z.RefinementCtx,
) {
  if (value.from !== undefined && value.to !== undefined && value.to < value.from) {
    ctx.addIssue({
      code: 'custom',
      path: ['to'],
      message: 'a period end that is not before its start (from)',
    });
  }
}

/** GET /privacy/suppressed: the query string. */
export const SuppressedParamsSchema = z
  .strictObject({
    ...filterShape,
    limit: optional(LimitSchema),
    cursor: optional(CursorSchema),
    format: z.enum(SUPPRESSED_FORMATS).optional().meta({
      description:
        'json (default: records, next cursor and, on the first page, counts), csv (RFC 4180, text/csv) or jsonl; csv and jsonl carry the next cursor in the X-Next-Cursor header',
    }),
    counts: z.enum(['true', 'false']).optional().meta({
      description:
        'true (default) or false: whether the first page (no cursor) carries the counts for the period',
    }),
  })
  .superRefine(toNotBeforeFrom);
export type SuppressedParams = z.output<typeof SuppressedParamsSchema>;

/** The same filters, for the CLI's options. */
export const SuppressedFilterSchema = z.strictObject(filterShape).superRefine(toNotBeforeFrom);

/** The customer id: the one rule of shared/core/identifiers.ts (what the pipeline accepts). */
export const HistoryPathSchema = z.strictObject({ customerId: CustomerIdSchema });

/** Decision ids (`d_` + 32 hex) and offer-withdrawal record ids (`w_` + 32 hex) of the audit table. */
export const AuditRecordIdSchema = z
  .string()
  .regex(/^[dw]_[0-9a-f]{32}$/)
  .meta({ description: 'an audit record id: d_ (a decision) or w_ (an offer withdrawal) and 32 hex digits' });

export const ExplainPathSchema = z.strictObject({ decisionId: AuditRecordIdSchema });

/** GET /privacy/customers/{customerId}/history: the query string. */
export const HISTORY_FORMATS = ['json', 'jsonl'] as const;
export const HistoryParamsSchema = z.strictObject({
  by: optional(TimeBasisSchema),
  format: z.enum(HISTORY_FORMATS).optional().meta({
    description:
      'json (default: the history as one document) or jsonl (an export: one entry per line, in the same order, as an attachment)',
  }),
});

/** A route without query parameters. */
export const NoParamsSchema = z.strictObject({});

/**
 * GET /privacy/decisions/{decisionId}: a record of the last weeks is found by its id alone (the hot table);
 * an older one is in the archive, where a customer's record ids are keyed: it is found with its customer.
 */
export const ExplainParamsSchema = z.strictObject({
  customerId: CustomerIdSchema.optional().meta({
    description:
      "the record's customer: needed for a record older than the hot window (the archive keys its ids by customer)",
  }),
});

export const AccessQuerySchema = z
  .enum(ACCESS_QUERIES)
  .meta({ description: `which query was made: one of ${ACCESS_QUERIES.join(', ')}` });

export const ActorSchema = z.string().min(1).max(2048).meta({
  description:
    'who read, exactly as logged: an IAM principal ARN, local:<OS user> (the audit CLI) or local-gateway:unauthenticated',
});

/** GET /privacy/overview: the query string (the service applies the defaults and the 92-day bound). */
export const OverviewParamsSchema = z
  .strictObject({
    from: optional(periodBound('from')).meta({
      description:
        'the start of the period, inclusive: a date YYYY-MM-DD (from 00:00 UTC) or an ISO 8601 timestamp with offset; default: the start of the UTC day 29 days before to',
    }),
    to: optional(periodBound('to')).meta({
      description:
        'the end of the period, inclusive: a date YYYY-MM-DD (until 24:00 UTC) or an ISO 8601 timestamp with offset, not before from, the period touching at most 92 UTC days; default: now',
    }),
    by: optional(TimeBasisSchema),
  })
  .superRefine(toNotBeforeFrom);
export type OverviewParams = z.output<typeof OverviewParamsSchema>;

/** GET /privacy/access-log: the query string (the CLI's options go through the same schema). */
export const AccessLogParamsSchema = z
  .strictObject({
    actor: optional(ActorSchema),
    customer: CustomerIdSchema.optional().meta({
      description: 'whose data was read: a customer id (1 to 64 characters)',
    }),
    query: optional(AccessQuerySchema),
    from: optional(periodBound('from')),
    to: optional(periodBound('to')),
    limit: optional(LimitSchema),
    cursor: optional(CursorSchema),
  })
  .superRefine(toNotBeforeFrom);
export type AccessLogParams = z.output<typeof AccessLogParamsSchema>;

// --- The same rules for callers that did not go through a schema (the services check again) ----------

/** The page size asked for, or the default; an InvalidQueryError outside 1..MAX_PAGE_SIZE. */
export function checkedLimit(limit: number | undefined): number {
  const checked = limit ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(checked) || checked < 1 || checked > MAX_PAGE_SIZE) {
    throw new InvalidQueryError('limit', `a whole number from 1 to ${MAX_PAGE_SIZE}`);
  }
  return checked;
}

/** The period normalised (normalizePeriodBound); an InvalidQueryError naming the bound that is not one. */
export function checkedPeriod(period: {
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}): {
  from?: string;
  to?: string;
} {
  const bound = (edge: 'from' | 'to', text: string | undefined) => {
    if (text === undefined) return undefined;
    const normalized = normalizePeriodBound(edge, text);
    if (normalized === undefined) {
      throw new InvalidQueryError(edge, 'a date YYYY-MM-DD or an ISO 8601 timestamp with offset');
    }
    return normalized;
  };
  const from = bound('from', period.from);
  const to = bound('to', period.to);
  if (from !== undefined && to !== undefined && to < from)
    throw new InvalidQueryError('to', 'not before from');
  return { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) };
}

/** The time basis asked for, or the default (`payment`); an InvalidQueryError for anything else. */
export function checkedBasis(by: TimeBasis | undefined, fallback: TimeBasis): TimeBasis {
  const basis = by ?? fallback;
  if (basis !== 'payment' && basis !== 'decided') throw new InvalidQueryError('by', "'payment' or 'decided'");
  return basis;
}

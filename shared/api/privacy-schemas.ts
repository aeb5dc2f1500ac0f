import * as z from 'zod';
import { GATES, OUTCOMES, REASONS } from '#core/decision.js';
import { SMALL_COUNT_CELL, SMALL_COUNT_THRESHOLD } from '#privacy/overview.js';
import type { PrivacyOverview } from '#privacy/queries.js';
import { SUPPRESSION_REASONS, TIME_BASES } from '#shared/audit-index.js';

/**
 * Answer schemas of the privacy routes the console draws from (GET /privacy/overview and
 * /privacy/decisions/{decisionId}; ./privacy-routes.ts documents the routes), and the pieces the privacy
 * routes' answer schemas share.
 */

/** The fields of an answer type, each with a schema: no field missing, none extra. */
export type DocumentedFields<T> = { readonly [K in keyof Required<T>]: z.ZodType };

export const Instant = z.string().meta({ description: 'an ISO 8601 instant, UTC' });
export const Basis = z.enum(TIME_BASES).meta({ description: 'which time the period and the order are on' });

const Cell = z.union([z.number().int().min(0), z.literal(SMALL_COUNT_CELL)]).meta({
  description: `a count: 0, or ${SMALL_COUNT_THRESHOLD} and more, exactly; 1 to ${SMALL_COUNT_THRESHOLD - 1} are shown as "${SMALL_COUNT_CELL}" (small-cell suppression)`,
});
const Cells = z.array(Cell).meta({ description: 'one cell per day of `days`, in order' });
const outcomeCells = <T extends z.ZodType>(cell: T) =>
  z.object(Object.fromEntries(OUTCOMES.map((outcome) => [outcome, cell])) as Record<string, T>);
const reasonCells = <T extends z.ZodType>(cell: T) => z.partialRecord(z.enum(SUPPRESSION_REASONS), cell);
const triggerCells = <T extends z.ZodType>(cell: T) =>
  z
    .record(z.string(), cell)
    .meta({ description: 'per trigger of the catalog, and none (payments screened out as sensitive)' });
const privacyOverview: DocumentedFields<PrivacyOverview> = {
  timeBasis: Basis,
  from: Instant,
  to: Instant,
  bucket: z.literal('day'),
  days: z.array(z.string()).meta({ description: 'every UTC day (YYYY-MM-DD) of the period, in order' }),
  smallCountThreshold: z.literal(SMALL_COUNT_THRESHOLD),
  outcomes: outcomeCells(Cells).meta({ description: 'decisions per outcome, per day' }),
  reasons: reasonCells(Cells).meta({
    description: 'suppressed decisions per reason, per day (a decision with two reasons counts under both)',
  }),
  triggers: triggerCells(Cells),
  notInCatalog: Cells.meta({
    description: 'suppressed decisions of triggers no longer in the catalog, per day',
  }),
  totals: z
    .looseObject({
      outcomes: outcomeCells(Cell),
      reasons: reasonCells(Cell),
      triggers: triggerCells(Cell),
      notInCatalog: Cell,
    })
    .meta({ description: 'the sums over the period of the exact daily counts, suppressed the same way' }),
};
export const PrivacyOverviewSchema = z
  .looseObject(privacyOverview)
  .meta({ description: 'Decisions per outcome and suppressions per reason and per trigger, per UTC day' });

const Gate = z.enum(GATES);
const Reason = z.enum(REASONS);

/** GET /privacy/decisions/{decisionId}: every field the explanation can carry (shared/privacy/explain.query.ts). */
export const ExplanationSchema = z
  .looseObject({
    kind: z.enum(['decision', 'sensitive_screen', 'offer_withdrawal']),
    recordId: z.string(),
    customerId: z.string().optional(),
    eventId: z.string().optional(),
    outcome: z.enum(OUTCOMES).optional(),
    decidedAt: Instant.optional(),
    occurredAt: z.string().optional().meta({ description: 'when the payment happened, as sent' }),
    policyVersion: z.string().optional().meta({
      description: 'the policy, consent regime, caps, catalog and sensitive-screen versions that decided',
    }),
    consentRegime: z
      .string()
      .optional()
      .meta({ description: 'opt-in or opt-out: which consent regime applied' }),
    triggerId: z.string().optional(),
    triggerVersion: z.number().int().optional(),
    offerId: z.string().optional(),
    offerInstanceId: z.string().optional(),
    reasons: z.array(Reason).optional(),
    gates: z
      .looseObject({
        passed: z.array(Gate),
        failed: z.array(z.looseObject({ gate: Gate, reason: Reason.optional() })),
      })
      .optional()
      .meta({ description: 'every gate, in order: those passed and those failed with their reason' }),
    problems: z.array(z.looseObject({ field: z.string(), expected: z.string() })).optional(),
    screen: z.string().optional().meta({ description: 'a sensitive screen: only that it was screened' }),
    triggerRecord: z
      .looseObject({
        found: z.boolean(),
        triggerId: z.string(),
        version: z.number().int(),
        author: z.string().optional(),
        approval: z.looseObject({ by: z.string(), at: Instant, comment: z.string().optional() }).optional(),
        purpose: z.string().optional(),
        legalBasis: z.string().optional(),
        transitions: z.array(z.looseObject({})).optional(),
        note: z.string().optional(),
      })
      .optional()
      .meta({
        description: 'the approved trigger version that decided, who approved it and when (its lifecycle)',
      }),
    summary: z.string().meta({ description: 'the decision or withdrawal in one sentence' }),
  })
  .meta({
    description:
      'One audit record explained: the outcome, the reasons, the gates passed and failed, the policy and the approved trigger version that decided (a sensitive screen: only that it was screened)',
  });

import type { SuppressedCountRow } from '#archive/sql/counts.sql.js';
import {
  NO_TRIGGER,
  SUPPRESSION_REASONS,
  type SuppressionReason,
  type TimeBasis,
} from '#shared/audit-index.js';

/**
 * The counts of a suppressed-offers query: per reason, per trigger and in total, over the records the query
 * matches (its trigger and reason filters and its period), on the query's time basis — from two SQL
 * counts on the archive (shared/archive/sql/counts.sql.ts): distinct records per (reason, trigger) and per
 * trigger.
 */

export interface SuppressedCounts {
  /** Which time the period is on: `payment` (occurredAt) or `decided` (decidedAt). */
  readonly timeBasis: TimeBasis;
  /**
   * The period counted, in whole UTC hours (the archive's clear times are hourly): the first millisecond
   * of the first hour and the last millisecond of the last hour.
   */
  readonly from?: string;
  readonly to?: string;
  /** Suppressed decisions matching the query's filters in the period (a multi-reason decision once). */
  readonly total: number;
  /** Per reason: matching decisions carrying it (a decision with two reasons counts for both). */
  readonly byReason: Readonly<Record<SuppressionReason, number>>;
  /**
   * Per trigger of the catalog (or the queried one), and `none` for payments screened out as sensitive.
   */
  readonly byTrigger: Readonly<Record<string, number>>;
  /** Matching decisions of triggers no longer in the catalog (total minus the sum of byTrigger). */
  readonly notInCatalog: number;
}

export interface CountsInput {
  readonly perReason: readonly SuppressedCountRow[];
  readonly perTrigger: readonly { readonly triggerId: string | null; readonly n: number }[];
  /** The catalog's trigger ids: the rows of the per-trigger counts (besides `none`). */
  readonly triggerIds: readonly string[];
  readonly trigger: string | undefined;
  readonly basis: TimeBasis;
  readonly period: { readonly from: string; readonly to: string };
}

export function suppressedCounts(input: CountsInput): SuppressedCounts {
  const byReason = Object.fromEntries(
    SUPPRESSION_REASONS.map((reason) => [
      reason,
      input.perReason.filter((row) => row.reason === reason).reduce((sum, row) => sum + row.n, 0),
    ]),
  ) as Record<SuppressionReason, number>;
  const perTrigger = new Map(input.perTrigger.map((row) => [row.triggerId ?? NO_TRIGGER, row.n]));
  const triggerIds =
    input.trigger !== undefined ? [input.trigger] : [...new Set([...input.triggerIds, NO_TRIGGER])];
  const byTrigger = Object.fromEntries(triggerIds.map((id) => [id, perTrigger.get(id) ?? 0]));
  const total = input.perTrigger.reduce((sum, row) => sum + row.n, 0);
  const inCatalog = Object.values(byTrigger).reduce((a, b) => a + b, 0);
  return {
    timeBasis: input.basis,
    from: input.period.from,
    to: input.period.to,
    total,
    byReason,
    byTrigger,
    notInCatalog: input.trigger !== undefined ? 0 : Math.max(0, total - inCatalog),
  };
}

import { writeFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import type * as z from 'zod';
import { LocalRuntimeError } from '#local/errors.js';
import { exportSuppressed } from '#privacy/export.js';
import {
  type SuppressedCounts,
  type SuppressedQuery,
  type SuppressedRecord,
  UnknownNameError,
  type WithoutPaymentTime,
} from '#privacy/queries.js';
import { CursorSchema, LimitSchema, SuppressedFilterSchema } from '#privacy/query-params.js';
import {
  DEFAULT_TIME_BASIS,
  paymentTimeOf,
  SUPPRESSION_REASONS,
  TIME_BASES,
  type TimeBasis,
} from '#shared/audit-index.js';
import { type GlobalOptions, oneOf, viaSchema } from './options.js';
import { output, table } from './output.js';
import { queriesOn } from './queries.js';
import { withTarget } from './target.js';

/** Both times of every row; the basis's column first (it is the order). */
function suppressedRows(items: readonly SuppressedRecord[], basis: TimeBasis) {
  return items.map((r) => {
    // A record of an erased customer is unlinkable: its times to the hour, no customer, no id.
    const linked = !('unlinkable' in r);
    const paid = linked
      ? (paymentTimeOf(r.occurredAt) ?? '-')
      : r.paidHour === undefined
        ? '-'
        : `${r.paidHour}h`;
    const decided = linked ? r.decidedAt : `${r.decidedHour}h`;
    return [...(basis === 'payment' ? [paid, decided] : [decided, paid]), ...rowDetails(r)];
  });
}
function rowDetails(r: SuppressedRecord) {
  const linked = !('unlinkable' in r);
  return [
    r.triggerId ?? 'none (sensitive)',
    r.triggerVersion === undefined ? '' : `v${r.triggerVersion}`,
    r.reasons.join(';'),
    linked ? (r.customerId ?? '') : '(erased)',
    linked ? r.decisionId : '(unlinkable)',
  ];
}
const TIME_HEADERS: Readonly<Record<TimeBasis, string>> = {
  payment: 'payment time (UTC)',
  decided: 'decided at (UTC)',
};
const suppressedHeaders = (basis: TimeBasis) => [
  TIME_HEADERS[basis],
  TIME_HEADERS[basis === 'payment' ? 'decided' : 'payment'],
  'trigger',
  'version',
  'reasons',
  'customer',
  'decision',
];

/** What "the period" refers to, in words (header lines and counts). */
export const BASIS_TEXT: Readonly<Record<TimeBasis, string>> = {
  payment: 'by payment time (occurredAt)',
  decided: 'by decision time (decidedAt)',
};

/** The line saying which matching records a payment-time answer could not place. */
export function formatWithoutPaymentTime(without: WithoutPaymentTime): string {
  return without.count === 0
    ? 'Every matching record decided in this period has a payment time.'
    : `${without.count} matching suppressed decision(s) decided in this period have no payment time ` +
        '(payments screened out as sensitive keep none) and are not in this list: add --by decided to see them.';
}

export function formatCounts(counts: SuppressedCounts): string {
  const byReason = Object.entries(counts.byReason).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const byTrigger: Array<[string, number]> = Object.entries(counts.byTrigger)
    .map(([id, n]): [string, number] => [id === 'none' ? 'none (sensitive screen)' : id, n])
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (counts.notInCatalog > 0) byTrigger.push(['(triggers not in the catalog)', counts.notInCatalog]);
  const period = `${counts.from ?? 'the beginning'} to ${counts.to ?? 'now'}`;
  return [
    `Counts for the period ${period} ${BASIS_TEXT[counts.timeBasis]}: ${counts.total} suppressed`,
    '',
    'By reason (a decision with several reasons counts for each)',
    table(['reason', 'count'], byReason),
    '',
    'By trigger',
    table(['trigger', 'count'], byTrigger),
  ].join('\n');
}

interface SuppressedOptions extends GlobalOptions {
  trigger?: string;
  reason?: string;
  from?: string;
  to?: string;
  by?: TimeBasis;
  format: 'table' | 'json' | 'jsonl' | 'csv';
  limit?: number;
  all?: boolean;
  cursor?: string;
  out?: string;
}

/** Filters through the same schema the HTTP API uses; an error names the option. */
function suppressedQuery(options: SuppressedOptions): Omit<SuppressedQuery, 'cursor' | 'format'> {
  const filters = SuppressedFilterSchema.safeParse({
    ...(options.trigger === undefined ? {} : { trigger: options.trigger }),
    ...(options.reason === undefined ? {} : { reason: options.reason }),
    ...(options.from === undefined ? {} : { from: options.from }),
    ...(options.to === undefined ? {} : { to: options.to }),
    ...(options.by === undefined ? {} : { by: options.by }),
  });
  if (!filters.success) {
    const problems = filters.error.issues.map((issue) => {
      const field = String(issue.path[0] ?? 'options');
      const shape = SuppressedFilterSchema.shape as Record<string, z.ZodType | undefined>;
      const expected =
        issue.code === 'custom' ? issue.message : (shape[field]?.description ?? 'a valid value');
      return `--${field}: expected ${expected}`;
    });
    throw new LocalRuntimeError([...new Set(problems)].join('\n'));
  }
  return { ...filters.data, ...(options.limit === undefined ? {} : { limit: options.limit }) };
}

/** An unknown name is the person's to fix: its message (and exit code 1), not a stack trace. */
async function naming<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof UnknownNameError) throw new LocalRuntimeError(error.message);
    throw error;
  }
}

async function suppressedCommand(options: SuppressedOptions): Promise<void> {
  const query = suppressedQuery(options);
  if (
    options.cursor !== undefined &&
    (options.all || options.format === 'csv' || options.format === 'jsonl')
  ) {
    throw new LocalRuntimeError(
      '--cursor: only with --format table or json, without --all (csv and jsonl export every page)',
    );
  }
  const basis = query.by ?? DEFAULT_TIME_BASIS;
  await withTarget(options, async (target, caller) => {
    const queries = queriesOn(target);
    if (options.format === 'csv' || options.format === 'jsonl') {
      const chunks: string[] = [];
      const format = options.format;
      const result = await naming(() =>
        exportSuppressed(queries, caller, query, format, (chunk) => {
          if (options.out === undefined) process.stdout.write(chunk);
          else chunks.push(chunk);
        }),
      );
      if (options.out !== undefined) writeFileSync(options.out, chunks.join(''));
      console.error(
        `Exported ${result.records} suppressed decision(s) ${BASIS_TEXT[basis]} in ${result.pages} page(s)` +
          `${options.out === undefined ? '' : ` to ${options.out}`}.`,
      );
      if (result.withoutPaymentTime) console.error(formatWithoutPaymentTime(result.withoutPaymentTime));
      return;
    }
    const items: SuppressedRecord[] = [];
    let counts: SuppressedCounts | undefined;
    let withoutPaymentTime: WithoutPaymentTime | undefined;
    let cursor = options.cursor;
    let next: string | null = null;
    do {
      const pageCursor = cursor;
      const page = await naming(() =>
        queries.suppressed(caller, {
          ...query,
          format: options.format,
          ...(pageCursor === undefined ? {} : { cursor: pageCursor }),
        }),
      );
      items.push(...page.items);
      counts ??= page.counts;
      withoutPaymentTime ??= page.withoutPaymentTime;
      next = page.nextCursor;
      cursor = next ?? undefined;
    } while (options.all && next !== null);

    if (options.format === 'json') {
      output(
        `${JSON.stringify(
          {
            timeBasis: basis,
            items,
            nextCursor: next,
            ...(counts ? { counts } : {}),
            ...(withoutPaymentTime ? { withoutPaymentTime } : {}),
          },
          null,
          2,
        )}\n`,
        options.out,
        `${items.length} record(s)`,
      );
      return;
    }
    const filters = [
      `trigger ${query.trigger ?? 'any'}`,
      `reason ${query.reason ?? 'any'}`,
      `from ${query.from ?? 'the beginning'}`,
      `to ${query.to ?? 'now'}`,
    ].join(', ');
    const lines = [
      `Suppressed offers ${BASIS_TEXT[basis]}, newest first (${filters})`,
      ...(withoutPaymentTime ? [formatWithoutPaymentTime(withoutPaymentTime)] : []),
      '',
      table(suppressedHeaders(basis), suppressedRows(items, basis)),
      '',
    ];
    lines.push(
      next === null
        ? `${items.length} record(s); no more pages.`
        : `${items.length} record(s); more: add --cursor ${next} (same filters), or --all for every page.`,
    );
    if (counts) lines.push('', formatCounts(counts));
    output(`${lines.join('\n')}\n`, options.out, `${items.length} record(s)`);
  });
}

/** `suppressed`: the suppressed offers of a period, with counts per reason and per trigger. */
export function registerSuppressed(program: Command): void {
  program
    .command('suppressed')
    .description(
      'suppressed offers, newest first, with counts per reason and per trigger for the period; the period, ' +
        'the order and the counts are by payment time unless --by decided',
    )
    .option(
      '--trigger <id>',
      'only this trigger: one of the catalog, one that suppressed records name, or "none" (payments screened out as sensitive)',
    )
    .option(
      '--reason <code>',
      `only decisions with this reason: ${SUPPRESSION_REASONS.join(', ')}`,
      oneOf('reason', SUPPRESSION_REASONS),
    )
    .option(
      '--by <time>',
      'which time --from/--to, the order and the counts are on: payment (default: when the payment happened, ' +
        'its occurredAt) or decided (when the pipeline decided). Payments screened out as sensitive keep no ' +
        'payment time: with payment they are counted apart, with decided they are listed',
      oneOf('time basis', TIME_BASES),
    )
    .option('--from <date>', 'period start, inclusive: YYYY-MM-DD (00:00 UTC) or an ISO timestamp')
    .option('--to <date>', 'period end, inclusive: YYYY-MM-DD (until 24:00 UTC) or an ISO timestamp')
    .addOption(
      new Option('--format <format>', 'table, json, or an export of every page as csv (RFC 4180) or jsonl')
        .choices(['table', 'json', 'jsonl', 'csv'])
        .default('table'),
    )
    .option('--limit <n>', 'records per page, 1–500 (default 50)', viaSchema(LimitSchema))
    .option('--all', 'every page (csv and jsonl always export every page)')
    .option('--cursor <cursor>', 'continue after a page (table and json)', viaSchema(CursorSchema))
    .option('--out <file>', 'write to this file instead of stdout')
    .action((_options: SuppressedOptions, command: Command) =>
      suppressedCommand(command.optsWithGlobals<SuppressedOptions>()),
    );
}

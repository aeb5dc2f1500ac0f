import { writeFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import type * as z from 'zod';
import { SUPPRESSION_REASONS } from '../../../shared/audit-index.js';
import { exportSuppressed } from '../../../shared/privacy/export.js';
import { CursorSchema, LimitSchema, SuppressedFilterSchema } from '../../../shared/privacy/params.query.js';
import type { SuppressedCounts, SuppressedQuery, SuppressedRecord } from '../../../shared/privacy/queries.js';
import { LocalRuntimeError } from '../errors.js';
import { type GlobalOptions, viaSchema } from './options.js';
import { output, table } from './output.js';
import { queriesOn } from './queries.js';
import { withTarget } from './target.js';

function suppressedRows(items: readonly SuppressedRecord[]) {
  return items.map((r) => [
    r.decidedAt,
    r.triggerId ?? 'none (sensitive)',
    r.triggerVersion === undefined ? '' : `v${r.triggerVersion}`,
    r.reasons.join(';'),
    r.customerId ?? '',
    r.decisionId,
  ]);
}
const SUPPRESSED_HEADERS = ['decided at (UTC)', 'trigger', 'version', 'reasons', 'customer', 'decision'];

export function formatCounts(counts: SuppressedCounts): string {
  const byReason = Object.entries(counts.byReason).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const byTrigger: Array<[string, number]> = Object.entries(counts.byTrigger)
    .map(([id, n]): [string, number] => [id === 'none' ? 'none (sensitive screen)' : id, n])
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (counts.notInCatalog > 0) byTrigger.push(['(triggers not in the catalog)', counts.notInCatalog]);
  const period = `${counts.from ?? 'the beginning'} to ${counts.to ?? 'now'}`;
  return [
    `Counts for the period ${period}: ${counts.total} suppressed`,
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
  await withTarget(options, async (target, caller) => {
    const queries = queriesOn(target);
    if (options.format === 'csv' || options.format === 'jsonl') {
      const chunks: string[] = [];
      const result = await exportSuppressed(queries, caller, query, options.format, (chunk) => {
        if (options.out === undefined) process.stdout.write(chunk);
        else chunks.push(chunk);
      });
      if (options.out !== undefined) writeFileSync(options.out, chunks.join(''));
      console.error(
        `Exported ${result.records} suppressed decision(s) in ${result.pages} page(s)` +
          `${options.out === undefined ? '' : ` to ${options.out}`}.`,
      );
      return;
    }
    const items: SuppressedRecord[] = [];
    let counts: SuppressedCounts | undefined;
    let cursor = options.cursor;
    let next: string | null = null;
    do {
      const page = await queries.suppressed(caller, {
        ...query,
        format: options.format,
        ...(cursor === undefined ? {} : { cursor }),
      });
      items.push(...page.items);
      counts ??= page.counts;
      next = page.nextCursor;
      cursor = next ?? undefined;
    } while (options.all && next !== null);

    if (options.format === 'json') {
      output(
        `${JSON.stringify({ items, nextCursor: next, ...(counts ? { counts } : {}) }, null, 2)}\n`,
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
      `Suppressed offers, newest first (${filters})`,
      '',
      table(SUPPRESSED_HEADERS, suppressedRows(items)),
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
    .description('suppressed offers, newest first, with counts per reason and per trigger for the period')
    .option('--trigger <id>', 'only this trigger ("none": payments screened out as sensitive)')
    .addOption(
      new Option('--reason <code>', 'only decisions with this reason').choices([...SUPPRESSION_REASONS]),
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

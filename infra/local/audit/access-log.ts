import { type Command, Option } from 'commander';
import type * as z from 'zod';
import { LocalRuntimeError } from '#local/errors.js';
import type { Caller } from '#privacy/access-log.js';
import {
  type AccessLogPage,
  type AccessLogQueries,
  type AccessLogQuery,
  AccessLogReadError,
  type AccessRecord,
  UNFILTERED_DEFAULT_DAYS,
} from '#privacy/access-log.query.js';
import { AccessLogParamsSchema } from '#privacy/query-params.js';
import type { GlobalOptions } from './options.js';
import { output, table } from './output.js';
import { servicesOn } from './queries.js';
import { type Target, withTarget } from './target.js';

/**
 * `access-log`: who read the audit data, when, and what (command or route and its filters, never what it
 * returned), and whose data — for a privacy officer's supervision and for a customer's access request
 * (CJEU C-579/21: "who looked at my data"). The read itself is recorded in the access log.
 */

interface AccessLogOptions extends GlobalOptions {
  actor?: string;
  customer?: string;
  from?: string;
  to?: string;
  limit?: string;
  cursor?: string;
  all?: boolean;
  format: 'table' | 'json' | 'jsonl';
  out?: string;
}

/** The options through the HTTP route's schema: every bad one named, with what it expects. */
function parseOptions(options: AccessLogOptions) {
  const given = Object.fromEntries(
    (['actor', 'customer', 'from', 'to', 'limit', 'cursor'] as const).flatMap((key) =>
      options[key] === undefined ? [] : [[key, options[key]]],
    ),
  );
  const parsed = AccessLogParamsSchema.safeParse(given);
  if (!parsed.success) {
    const shape = AccessLogParamsSchema.shape as Record<string, z.ZodType | undefined>;
    const problems = parsed.error.issues.map((issue) => {
      const field = String(issue.path[0] ?? 'options');
      const expected =
        issue.code === 'custom' ? issue.message : (shape[field]?.description ?? 'a valid value');
      return `--${field}: expected ${expected}`;
    });
    throw new LocalRuntimeError([...new Set(problems)].join('\n'));
  }
  return parsed.data;
}

/** What was read: the command or route and its filters, as logged. */
export function describeAccess(record: AccessRecord): string {
  const filters = Object.entries(record.parameters)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? JSON.stringify(value) : String(value)}`)
    .join(' ');
  return filters === '' ? record.query : `${record.query} ${filters}`;
}

/** An empty answer said in words: whom or what it was about, and what an actor looks like. */
export function formatNothing(query: { actor?: string; customerId?: string }, filters: string): string {
  const about =
    query.customerId !== undefined
      ? `Nobody read the data of customer ${query.customerId}`
      : query.actor !== undefined
        ? `'${query.actor}' read nothing`
        : 'Nobody read anything';
  const hint =
    query.actor === undefined
      ? ''
      : " (an actor is local:<OS user> for this command, or the caller's IAM principal ARN for the API)";
  return `${about} in this period: the audit access log has no entry (${filters})${hint}. This read is recorded.\n`;
}

function formatPage(page: AccessLogPage, items: readonly AccessRecord[], filters: string): string {
  const rows = items.map((r) => [r.at, r.who, r.via, describeAccess(r), r.customerId ?? '']);
  return [
    `Audit access log, newest first (${filters})`,
    '',
    table(['at (UTC)', 'who', 'via', 'what (query and filters)', 'customer'], rows),
    '',
    page.nextCursor === null
      ? `${items.length} entr${items.length === 1 ? 'y' : 'ies'}; no more pages. (This read is recorded too.)`
      : `${items.length} entries; more: add --cursor ${page.nextCursor} (same filters), or --all for every page.`,
    '',
  ].join('\n');
}

/** The access log of a target, read and written through the same service as the HTTP route. */
const accessLogOn = (target: Target): AccessLogQueries => servicesOn(target).accessLog;

/** One page; a table created before the access log had its indexes (an older --data-dir) is named as such. */
export async function readPage(
  service: AccessLogQueries,
  caller: Caller,
  query: AccessLogQuery,
): Promise<AccessLogPage> {
  try {
    return await service.read(caller, query);
  } catch (error) {
    const cause =
      error instanceof AccessLogReadError && error.cause instanceof Error ? error.cause.message : '';
    if (/index/i.test(cause)) {
      throw new LocalRuntimeError(
        `The audit-access-log table here predates its byActor and byCustomer indexes (${cause}), so --actor ` +
          'and --customer cannot be answered without a scan. Read by period (no --actor, no --customer), or ' +
          'replay the events into a new --data-dir folder.',
      );
    }
    throw error;
  }
}

async function accessLogCommand(options: AccessLogOptions): Promise<void> {
  const params = parseOptions(options);
  if (params.cursor !== undefined && options.all) {
    throw new LocalRuntimeError('--cursor: not with --all (--all reads every page from the newest)');
  }
  const { customer, ...rest } = params;
  const query = { ...rest, ...(customer === undefined ? {} : { customerId: customer }) };
  await withTarget(options, async (target, caller) => {
    const service = accessLogOn(target);
    const items: AccessRecord[] = [];
    let page: AccessLogPage;
    let cursor = query.cursor;
    do {
      page = await readPage(service, caller, { ...query, ...(cursor === undefined ? {} : { cursor }) });
      items.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (options.all && cursor !== undefined);

    const count = `${items.length} entr${items.length === 1 ? 'y' : 'ies'}`;
    if (options.format === 'json') {
      output(
        `${JSON.stringify({ items, nextCursor: page.nextCursor, period: page.period }, null, 2)}\n`,
        options.out,
        count,
      );
      return;
    }
    if (options.format === 'jsonl') {
      output(items.map((item) => `${JSON.stringify(item)}\n`).join(''), options.out, count);
      return;
    }
    const filters = [
      `actor ${query.actor ?? 'any'}`,
      `customer ${query.customerId ?? 'any'}`,
      `from ${page.period.from ?? 'the oldest entry kept'}`,
      `to ${page.period.to}`,
    ].join(', ');
    const nothing = items.length === 0 && page.nextCursor === null && query.cursor === undefined;
    output(nothing ? formatNothing(query, filters) : formatPage(page, items, filters), options.out, count);
  });
}

export function registerAccessLog(program: Command): void {
  program
    .command('access-log')
    .description(
      'who read the audit data, when, and what (command or route and filters, never results), newest first; this read is recorded too',
    )
    .option('--actor <who>', 'only reads by this person, as logged: local:<OS user>, or an IAM principal ARN')
    .option(
      '--customer <id>',
      "only reads of this customer's data (an access request: who looked at my data)",
    )
    .option(
      '--from <date>',
      `period start, inclusive: YYYY-MM-DD (00:00 UTC) or an ISO timestamp (default: the oldest entry kept; without --actor and --customer, ${UNFILTERED_DEFAULT_DAYS} days up to --to)`,
    )
    .option('--to <date>', 'period end, inclusive: YYYY-MM-DD (until 24:00 UTC) or an ISO timestamp')
    .option('--limit <n>', 'entries per page, 1–500 (default 50)')
    .option('--all', 'every page')
    .option('--cursor <cursor>', 'continue after a page (same filters)')
    .addOption(
      new Option('--format <format>', 'output format').choices(['table', 'json', 'jsonl']).default('table'),
    )
    .option('--out <file>', 'write to this file instead of stdout')
    .action((_options: AccessLogOptions, command: Command) =>
      accessLogCommand(command.optsWithGlobals<AccessLogOptions>()),
    );
}

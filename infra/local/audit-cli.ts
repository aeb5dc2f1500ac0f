#!/usr/bin/env node
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DescribeTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Command, InvalidArgumentError, Option } from 'commander';
import type * as z from 'zod';
import { documentClient } from '../../functions/shared/aws-clients.js';
import { DynamoAccessLog } from '../../shared/adapters/dynamodb/access-log-store.js';
import { DynamoPrivacyReader } from '../../shared/adapters/dynamodb/audit-reader.js';
import { createDynamoErasureDeps } from '../../shared/adapters/dynamodb/erasure-store.js';
import { reasonIndexName, SUPPRESSION_REASONS, TRIGGER_INDEX } from '../../shared/audit-index.js';
import { CatalogInvalidError } from '../../shared/core/catalog/catalog.js';
import { defaultCatalogDir, loadCatalogFromDir } from '../../shared/core/catalog/load-from-dir.js';
import { InfrastructureError } from '../../shared/errors.js';
import { AccessLogUnavailableError, type Caller, cliCaller } from '../../shared/privacy/access-log.js';
import type { ErasureReport } from '../../shared/privacy/erasure.js';
import { eraseCustomer } from '../../shared/privacy/erasure-service.js';
import { formatExplanation } from '../../shared/privacy/explain.query.js';
import { exportSuppressed } from '../../shared/privacy/export.js';
import { entryDetails } from '../../shared/privacy/history.query.js';
import {
  AuditRecordIdSchema,
  CursorSchema,
  HistoryPathSchema,
  LimitSchema,
  SuppressedFilterSchema,
} from '../../shared/privacy/params.query.js';
import {
  AuditDataError,
  AuditRecordNotFoundError,
  InvalidCursorError,
  InvalidQueryError,
  PrivacyQueries,
  type SuppressedCounts,
  type SuppressedQuery,
  type SuppressedRecord,
} from '../../shared/privacy/queries.js';
import { app, tableByName } from '../definitions.js';
import { type DynamoDbLocal, startDynamoDbLocal } from './dynamodb-local.js';
import { endpointsFile } from './endpoints-file.js';
import { LocalRuntimeError } from './errors.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './local-aws.js';
import { freePort } from './ports.js';

/**
 * `npm run audit -- <command>`: the privacy officers' queries (shared/privacy/queries.ts) against the local
 * pipeline's DynamoDB, and a customer's erasure (shared/privacy/erasure-service.ts).
 *
 * Where the data is:
 *  - `--data-dir <dir>`: the folder `npm start -- --data-dir <dir>` persisted DynamoDB Local in. If that
 *    `npm start` is still running, its DynamoDB Local is used (two instances must not share the files);
 *    otherwise this command starts DynamoDB Local on the folder for its own run and stops it after.
 *  - otherwise the running `npm start` on this machine, found through the file it writes when ready,
 *    `.local/runtime.json` (its DynamoDB endpoint and process id; a file whose process has ended is ignored).
 *  - neither: an error saying how to get one.
 * Every query is recorded in the audit access log as `local:<your OS user name>`.
 */

const NO_TARGET_HELP =
  'No running local pipeline found, and no --data-dir given.\n' +
  '  - start one in another terminal: `npm start` (it writes .local/runtime.json, which this command reads), or\n' +
  '  - read a persisted one: `npm run audit -- --data-dir <dir> <command>`, where <dir> is a folder that\n' +
  '    `npm start -- --data-dir <dir>` wrote.';

/** The tables the queries read and the access log; names as the local runtime creates them. */
const TABLES = {
  audit: tableByName(app, 'audit').name,
  consentHistory: tableByName(app, 'consent-history').name,
  offers: tableByName(app, 'offers').name,
  offerEvents: tableByName(app, 'offer-events').name,
  accessLog: tableByName(app, 'audit-access-log').name,
  customers: tableByName(app, 'customers').name,
  contactPolicy: tableByName(app, 'contact-policy').name,
  erasureLog: tableByName(app, 'erasure-log').name,
} as const;

// --- Finding the data ----------------------------------------------------------------------------------

export type TargetChoice =
  | { readonly kind: 'running'; readonly endpoint: string; readonly pid: number; readonly dataDir?: string }
  | { readonly kind: 'data-dir'; readonly dir: string };

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The running `npm start` announced in `file`, if the file exists and its process is alive. */
export function runningStart(
  file: string = endpointsFile,
): { endpoint: string; pid: number; dataDir?: string } | undefined {
  if (!existsSync(file)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { pid, dynamodb, dataDir } = value as Record<string, unknown>;
  if (typeof pid !== 'number' || typeof dynamodb !== 'string' || !alive(pid)) return undefined;
  return { endpoint: dynamodb, pid, ...(typeof dataDir === 'string' ? { dataDir: resolve(dataDir) } : {}) };
}

/**
 * Where to read: a `--data-dir` (through the running `npm start` that holds it, if any) or the running
 * `npm start`. Throws LocalRuntimeError with instructions when there is neither.
 */
export function chooseTarget(options: { dataDir?: string; runtimeFile?: string }): TargetChoice {
  const running = runningStart(options.runtimeFile);
  if (options.dataDir !== undefined) {
    const dir = resolve(options.dataDir);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      throw new LocalRuntimeError(
        `--data-dir ${options.dataDir}: no such folder. Create one with \`npm start -- --data-dir ${options.dataDir}\`.`,
      );
    }
    if (running?.dataDir === dir) return { kind: 'running', ...running };
    return { kind: 'data-dir', dir };
  }
  if (running) return { kind: 'running', ...running };
  throw new LocalRuntimeError(NO_TARGET_HELP);
}

interface Target {
  readonly documents: DynamoDBDocumentClient;
  readonly description: string;
  stop(): Promise<void>;
}

/** Fails with instructions when the tables or indexes the queries need are not there. */
async function checkTables(client: DynamoDBClient, where: string, recreate: string): Promise<void> {
  const names = new Set<string>();
  let start: string | undefined;
  do {
    const page = await client.send(new ListTablesCommand({ ExclusiveStartTableName: start }));
    for (const name of page.TableNames ?? []) names.add(name);
    start = page.LastEvaluatedTableName;
  } while (start);
  if (names.size === 0) {
    throw new LocalRuntimeError(`${where} holds no tables. ${recreate}`);
  }
  const needed = [TABLES.audit, TABLES.consentHistory, TABLES.offers, TABLES.offerEvents, TABLES.accessLog];
  const missing = needed.filter((name) => !names.has(name));
  if (missing.length > 0) {
    throw new LocalRuntimeError(`${where} lacks the table(s) ${missing.join(', ')}. ${recreate}`);
  }
  const audit = await client.send(new DescribeTableCommand({ TableName: TABLES.audit }));
  const indexes = new Set((audit.Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
  const wanted = ['byCustomer', TRIGGER_INDEX, ...SUPPRESSION_REASONS.map(reasonIndexName)];
  const absent = wanted.filter((name) => !indexes.has(name));
  if (absent.length > 0) {
    throw new LocalRuntimeError(
      `The audit table in ${where} predates the privacy indexes (missing: ${absent.join(', ')}); its data cannot ` +
        'be queried without a scan. Replay the events into a new --data-dir folder.',
    );
  }
}

async function openTarget(choice: TargetChoice): Promise<Target> {
  const config = { region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS };
  if (choice.kind === 'running') {
    const client = new DynamoDBClient({ ...config, endpoint: choice.endpoint });
    const description = `the running npm start (pid ${choice.pid}, DynamoDB Local ${choice.endpoint})`;
    try {
      await checkTables(client, description, 'Restart it: `npm start`.');
    } catch (error) {
      client.destroy();
      throw error;
    }
    return { documents: documentClient(client), description, stop: async () => client.destroy() };
  }
  const local: DynamoDbLocal = await startDynamoDbLocal({ port: await freePort(), dataDir: choice.dir });
  const client = new DynamoDBClient({ ...config, endpoint: local.endpoint });
  const stop = async () => {
    client.destroy();
    await local.stop();
  };
  try {
    await checkTables(
      client,
      `--data-dir ${choice.dir}`,
      `Create them with \`npm start -- --data-dir ${choice.dir}\` (add --no-demo --once to only create them).`,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { documents: documentClient(client), description: `DynamoDB Local on ${choice.dir}`, stop };
}

function catalogTriggerIds(): string[] {
  return loadCatalogFromDir(process.env.CATALOG_DIR ?? defaultCatalogDir()).triggers.map((t) => t.id);
}

function queriesOn(target: Target): PrivacyQueries {
  return new PrivacyQueries({
    reader: new DynamoPrivacyReader(target.documents, TABLES),
    accessLog: new DynamoAccessLog(target.documents, TABLES.accessLog),
    triggerIds: catalogTriggerIds(),
    now: () => new Date(),
  });
}

// --- Output ----------------------------------------------------------------------------------------------

function table(headers: readonly string[], rows: ReadonlyArray<readonly (string | number)[]>): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i] ?? '').length)));
  const line = (cells: readonly (string | number)[]) =>
    cells
      .map((c, i) => (typeof c === 'number' ? String(c).padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

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

/** Writes to --out (then says so on stderr) or to stdout. */
function output(text: string, out: string | undefined, what: string): void {
  if (out === undefined) {
    process.stdout.write(text);
    return;
  }
  writeFileSync(out, text);
  console.error(`Wrote ${what} to ${out}`);
}

// --- Options ------------------------------------------------------------------------------------------

/** A commander parser from a zod schema: the error names the option and what it expects. */
function viaSchema<S extends z.ZodType>(schema: S) {
  return (value: string): z.output<S> => {
    const result = schema.safeParse(value);
    if (!result.success) throw new InvalidArgumentError(`expected ${schema.description ?? 'a valid value'}`);
    return result.data;
  };
}

interface GlobalOptions {
  dataDir?: string;
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

async function withTarget<T>(options: GlobalOptions, run: (target: Target, caller: Caller) => Promise<T>) {
  const target = await openTarget(
    chooseTarget(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
  );
  const stopOnSignal = () => {
    void target.stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  try {
    console.error(`Reading ${target.description}.`);
    return await run(target, cliCaller());
  } finally {
    process.off('SIGINT', stopOnSignal);
    process.off('SIGTERM', stopOnSignal);
    await target.stop();
  }
}

// --- Commands --------------------------------------------------------------------------------------------

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

interface HistoryOptions extends GlobalOptions {
  format: 'table' | 'json' | 'jsonl';
  out?: string;
}

async function historyCommand(customerId: string, options: HistoryOptions): Promise<void> {
  await withTarget(options, async (target, caller) => {
    const history = await queriesOn(target).history(caller, customerId);
    if (options.format === 'json') {
      output(`${JSON.stringify(history, null, 2)}\n`, options.out, `${history.entries.length} entries`);
      return;
    }
    if (options.format === 'jsonl') {
      output(
        history.entries.map((e) => `${JSON.stringify(e)}\n`).join(''),
        options.out,
        `${history.entries.length} entries`,
      );
      return;
    }
    const rows = history.entries.map((e) => [e.at, e.kind, entryDetails(e)]);
    const text = [
      `History of customer ${customerId}, oldest first (${history.entries.length} entries)`,
      '',
      table(['at (UTC)', 'kind', 'details'], rows),
      '',
    ].join('\n');
    output(text, options.out, `${history.entries.length} entries`);
  });
}

interface ExplainOptions extends GlobalOptions {
  format: 'text' | 'json';
}

async function explainCommand(decisionId: string, options: ExplainOptions): Promise<void> {
  await withTarget(options, async (target, caller) => {
    const explanation = await queriesOn(target).explain(caller, decisionId);
    process.stdout.write(
      options.format === 'json'
        ? `${JSON.stringify(explanation, null, 2)}\n`
        : `${formatExplanation(explanation)}\n`,
    );
  });
}

export function formatErasure(report: ErasureReport): string {
  const removed = report.removed.map((r) => [r.kind, r.how, r.count]);
  const kept = report.kept.map((k) => [
    k.kind,
    k.count,
    k.until,
    k.linkedToCustomer ? 'yes' : 'no (pseudonym)',
  ]);
  // Kinds kept for the same reason share one explanation.
  const whys = new Map<string, string[]>();
  for (const k of report.kept) whys.set(k.why, [...(whys.get(k.why) ?? []), k.kind]);
  return [
    `Erasure ${report.erasureId} at ${report.at} by ${report.requestedBy}`,
    '',
    'Removed',
    table(['kind', 'how', 'count'], removed),
    '',
    'Kept (a legal duty requires it)',
    kept.length === 0 ? 'nothing' : table(['kind', 'count', 'until', 'names the customer'], kept),
    ...[...whys].map(([why, kinds]) => `  ${kinds.join(', ')}: ${why}`),
    ...(report.pseudonym === undefined
      ? []
      : ['', `Kept audit records now carry the pseudonym ${report.pseudonym}.`]),
    ...(report.notSearched.length === 0
      ? []
      : ['', 'Not searched', ...report.notSearched.map((n) => `  ${n.kind}: ${n.why}`)]),
  ].join('\n');
}

async function eraseCommand(customerId: string, options: GlobalOptions & { json?: boolean }): Promise<void> {
  await withTarget(options, async (target, caller) => {
    const report = await eraseCustomer(
      { customerId, requestedBy: caller.who, via: 'cli', now: new Date() },
      createDynamoErasureDeps(target.documents, TABLES),
    );
    process.stdout.write(
      options.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatErasure(report)}\n`,
    );
  });
}

// --- Program ------------------------------------------------------------------------------------------

export function buildProgram(): Command {
  const program = new Command()
    .name('npm run audit --')
    .description(
      "Privacy officers' audit of the local pipeline: suppressed offers, a customer's history, one decision " +
        'explained, erasure. Every query is recorded in the audit access log as local:<your OS user>.',
    )
    .option(
      '--data-dir <dir>',
      'read the folder `npm start -- --data-dir <dir>` persisted (default: the running npm start)',
    )
    .addHelpText(
      'after',
      '\nWhere the data is: with --data-dir, that folder (through its npm start if it is still running, else a\n' +
        'DynamoDB Local started for this command only); without it, the running `npm start` on this machine,\n' +
        'found through .local/runtime.json (written when it is ready: its DynamoDB endpoint and process id; a\n' +
        'file whose process has ended is ignored). With neither, the command says so and exits with code 1.',
    );

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

  program
    .command('history')
    .description(
      "a customer's full history (decisions, withdrawals, consent changes, offers, offer events), oldest first",
    )
    .argument('<customerId>', 'the customer id', viaSchema(HistoryPathSchema.shape.customerId))
    .addOption(
      new Option('--format <format>', 'output format').choices(['table', 'json', 'jsonl']).default('table'),
    )
    .option('--out <file>', 'write to this file instead of stdout')
    .action((customerId: string, _options: HistoryOptions, command: Command) =>
      historyCommand(customerId, command.optsWithGlobals<HistoryOptions>()),
    );

  program
    .command('explain')
    .description('why one decision came out as it did: gates passed and failed, versions, consent regime')
    .argument(
      '<decisionId>',
      'a decision id (d_…) or offer-withdrawal record id (w_…)',
      viaSchema(AuditRecordIdSchema),
    )
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action((decisionId: string, _options: ExplainOptions, command: Command) =>
      explainCommand(decisionId, command.optsWithGlobals<ExplainOptions>()),
    );

  program
    .command('erase')
    .description(
      "carry out a customer's erasure request: removes or pseudonymises what no legal duty keeps, reports what is kept and until when",
    )
    .argument('<customerId>', 'the customer id', viaSchema(HistoryPathSchema.shape.customerId))
    .option('--json', 'print the erasure report as JSON')
    .action((customerId: string, _options: { json?: boolean }, command: Command) =>
      eraseCommand(customerId, command.optsWithGlobals<GlobalOptions & { json?: boolean }>()),
    );
  return program;
}

/** Faults a person can act on: the message, exit code 1, no stack trace. */
function explainFailure(error: unknown): string | undefined {
  if (error instanceof LocalRuntimeError || error instanceof CatalogInvalidError) return error.message;
  if (error instanceof AuditRecordNotFoundError) return 'No decision or offer-withdrawal record has this id.';
  if (error instanceof InvalidCursorError) return `--cursor: ${error.message}`;
  if (error instanceof InvalidQueryError) return `${error.field}: expected ${error.expected}`;
  if (error instanceof AccessLogUnavailableError) {
    return `The audit access log could not be written, so nothing was read (${error.cause instanceof Error ? error.cause.message : 'unknown cause'}).`;
  }
  if (error instanceof InfrastructureError || error instanceof AuditDataError) {
    return `${error.message}${error.cause instanceof Error ? `: ${error.cause.message}` : ''}`;
  }
  return undefined;
}

export async function main(argv: readonly string[] = process.argv): Promise<void> {
  try {
    await buildProgram().parseAsync([...argv]);
  } catch (error) {
    const message = explainFailure(error);
    if (message === undefined) throw error;
    console.error(`error: ${message}`);
    process.exitCode = 1;
  }
}

// Run when executed (npm run audit); importing the module (tests) runs nothing.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  await main();
}

import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { DynamoCustomerKeyStore } from '#adapters/dynamodb/customer-key-store.js';
import { privacyErasureDeps } from '#functions/privacy-api/privacy-services.js';
import { LocalRuntimeError } from '#local/errors.js';
import type { ErasurePreview, ErasureReport } from '#privacy/erasure.js';
import { eraseCustomer, previewErasure } from '#privacy/erasure-service.js';
import { HistoryPathSchema } from '#privacy/query-params.js';
import { DEFAULT_HOT_AUDIT_DAYS } from '#shared/retention.js';
import { type GlobalOptions, viaSchema } from './options.js';
import { table } from './output.js';
import { TABLES, withTarget } from './target.js';

/** The erasure report, or its preview (clearly titled: nothing was changed). */
export function formatErasure(report: ErasureReport | ErasurePreview): string {
  const preview = 'dryRun' in report;
  const removed = report.removed.map((r) => [r.kind, r.how, r.count]);
  const kept = report.kept.map((k) => [k.kind, k.count, k.until, k.linkedToCustomer ? 'yes' : 'no']);
  // Kinds kept for the same reason share one explanation.
  const whys = new Map<string, string[]>();
  for (const k of report.kept) whys.set(k.why, [...(whys.get(k.why) ?? []), k.kind]);
  const title = preview
    ? [
        `PREVIEW (dry run) of the erasure, at ${report.at} by ${report.requestedBy}: NOTHING WAS CHANGED.`,
        'An erasure run now would do the following (erase without --dry-run to carry it out).',
      ]
    : [`Erasure ${report.erasureId} at ${report.at} by ${report.requestedBy}`];
  return [
    ...title,
    '',
    preview ? 'Would be removed' : 'Removed',
    table(['kind', 'how', 'count'], removed),
    '',
    preview
      ? 'Would be kept (a legal duty or the immutable archive)'
      : 'Kept (a legal duty or the immutable archive)',
    kept.length === 0 ? 'nothing' : table(['kind', 'count', 'until', 'names the customer'], kept),
    ...[...whys].map(([why, kinds]) => `  ${kinds.join(', ')}: ${why}`),
    ...(preview
      ? report.pseudonymises
        ? ['', 'Kept records would carry a new random pseudonym, erased:<the erasure id>.']
        : []
      : report.pseudonym === undefined
        ? []
        : ['', `The kept consent history now carries the pseudonym ${report.pseudonym}.`]),
    '',
    preview ? 'Archive (what the erasure would do)' : 'Archive',
    ...report.archive.summary.map((line) => `  ${line}`),
    ...(report.notSearched.length === 0
      ? []
      : ['', 'Not searched', ...report.notSearched.map((n) => `  ${n.kind}: ${n.why}`)]),
  ].join('\n');
}

/** How the CLI asks for a confirmation: the terminal, or streams a test provides. */
export interface Confirmation {
  readonly input: NodeJS.ReadableStream & { readonly isTTY?: boolean };
  readonly output: NodeJS.WritableStream;
}

const terminal = (): Confirmation => ({ input: process.stdin, output: process.stderr });

export const NO_CONFIRMATION =
  'erase is irreversible and needs a confirmation: run it at a terminal and type the customer id when ' +
  'asked, or pass --yes (scripts). See first what it would do with --dry-run. Nothing was read or changed.';

/**
 * The safeguard before an irreversible erasure: `--yes`, or the customer id typed exactly at a prompt on a
 * terminal. Without a terminal and without --yes, or with anything else typed (or the input closed), it
 * throws LocalRuntimeError (exit code 1) — before anything is read or changed.
 */
export async function confirmErasure(
  customerId: string,
  options: { yes?: boolean },
  io: Confirmation = terminal(),
): Promise<void> {
  if (options.yes === true) return;
  if (io.input.isTTY !== true) throw new LocalRuntimeError(NO_CONFIRMATION);
  const rl = createInterface({ input: io.input, output: io.output, terminal: false });
  try {
    const typed = await new Promise<string | undefined>((answer) => {
      rl.once('close', () => answer(undefined));
      rl.question(
        `Erasing customer ${JSON.stringify(customerId)} cannot be undone (preview it with --dry-run).\n` +
          'Type the customer id to erase it, anything else to cancel: ',
        answer,
      );
    });
    if (typed !== customerId) {
      throw new LocalRuntimeError(
        'Not confirmed (the text typed is not the customer id): nothing was read or changed.',
      );
    }
  } finally {
    rl.close();
  }
}

interface EraseOptions extends GlobalOptions {
  json?: boolean;
  dryRun?: boolean;
  yes?: boolean;
}

async function eraseCommand(customerId: string, options: EraseOptions, io?: Confirmation): Promise<void> {
  if (options.dryRun === true && options.yes === true) {
    throw new LocalRuntimeError('--dry-run and --yes: choose one (a dry run changes nothing, --yes erases).');
  }
  if (options.dryRun !== true) await confirmErasure(customerId, options, io);
  await withTarget(options, async (target, caller) => {
    const request = { customerId, requestedBy: caller.who, via: 'cli' as const, now: new Date() };
    const deps = privacyErasureDeps(target.documents, TABLES, {
      keys: new DynamoCustomerKeyStore(target.documents, TABLES.customerKeys),
      engine: target.archive,
      hotAuditDays: DEFAULT_HOT_AUDIT_DAYS,
    });
    const report = options.dryRun ? await previewErasure(request, deps) : await eraseCustomer(request, deps);
    process.stdout.write(
      options.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatErasure(report)}\n`,
    );
  });
}

/** `erase <customerId>`: carries out an erasure request (or previews it) and reports what was removed and kept. */
export function registerErase(program: Command, io?: Confirmation): void {
  program
    .command('erase')
    .description(
      "carry out a customer's erasure request: removes or pseudonymises what no legal duty keeps, deletes the hot audit copies and destroys the customer's archive key (the archived rows stay, unlinkable), reports what is kept and until when. Irreversible: asks to type the customer id (or --yes); --dry-run previews",
    )
    .argument('<customerId>', 'the customer id', viaSchema(HistoryPathSchema.shape.customerId))
    .option(
      '--dry-run',
      'preview: report what would be removed, pseudonymised and kept (until when), changing nothing (the read is recorded in the access log)',
    )
    .option('--yes', 'erase without the typed confirmation (for scripts; no terminal needed)')
    .option('--json', 'print the erasure report (or preview) as JSON')
    .action((customerId: string, _options: EraseOptions, command: Command) =>
      eraseCommand(customerId, command.optsWithGlobals<EraseOptions>(), io),
    );
}

import type { Command } from 'commander';
import { createDynamoErasureDeps } from '../../../shared/adapters/dynamodb/erasure-store.js';
import type { ErasureReport } from '../../../shared/privacy/erasure.js';
import { eraseCustomer } from '../../../shared/privacy/erasure-service.js';
import { HistoryPathSchema } from '../../../shared/privacy/params.query.js';
import { type GlobalOptions, viaSchema } from './options.js';
import { table } from './output.js';
import { TABLES, withTarget } from './target.js';

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

/** `erase <customerId>`: carries out an erasure request and reports what was removed and kept. */
export function registerErase(program: Command): void {
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
}

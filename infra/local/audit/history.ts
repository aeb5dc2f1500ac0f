import { type Command, Option } from 'commander';
import { entryDetails } from '../../../shared/privacy/history.query.js';
import { HistoryPathSchema } from '../../../shared/privacy/params.query.js';
import { type GlobalOptions, viaSchema } from './options.js';
import { output, table } from './output.js';
import { queriesOn } from './queries.js';
import { withTarget } from './target.js';

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

/** `history <customerId>`: everything recorded about one customer, oldest first. */
export function registerHistory(program: Command): void {
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
}

import { type Command, Option } from 'commander';
import { LocalRuntimeError } from '#local/errors.js';
import { entryDetails } from '#privacy/history.query.js';
import { HistoryPathSchema } from '#privacy/query-params.js';
import { DEFAULT_TIME_BASIS, TIME_BASES, type TimeBasis } from '#shared/audit-index.js';
import { type GlobalOptions, oneOf, viaSchema } from './options.js';
import { output, table } from './output.js';
import { queriesOn } from './queries.js';
import { withTarget } from './target.js';

interface HistoryOptions extends GlobalOptions {
  by?: TimeBasis;
  format: 'table' | 'json' | 'jsonl';
  out?: string;
}

const ORDER_TEXT: Readonly<Record<TimeBasis, string>> = {
  payment: 'by when it happened (payment time, consent given, banner event)',
  decided: 'by when it was recorded (decision time)',
};

async function historyCommand(customerId: string, options: HistoryOptions): Promise<void> {
  const by = options.by ?? DEFAULT_TIME_BASIS;
  await withTarget(options, async (target, caller) => {
    // The read is in the access log before anything is known about the customer, records or not.
    const history = await queriesOn(target).history(caller, customerId, { by });
    if (history.entries.length === 0) {
      throw new LocalRuntimeError(`no records for customer ${customerId}`);
    }
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
    const rows = history.entries.map((e) => [e.happenedAt ?? '-', e.recordedAt, e.kind, entryDetails(e)]);
    const placed =
      history.withoutPaymentTime === 0
        ? []
        : [
            `${history.withoutPaymentTime} entries have no payment time (such as offer withdrawals, payments ` +
              'screened out as sensitive, rejected events): placed by the time they were recorded.',
          ];
    const text = [
      `History of customer ${customerId}, oldest first ${ORDER_TEXT[history.timeBasis]} (${history.entries.length} entries)`,
      ...placed,
      '',
      table(['happened at (UTC)', 'recorded at (UTC)', 'kind', 'details'], rows),
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
      "a customer's full history (decisions, withdrawals, consent changes, offers, offer events), oldest first; " +
        'each entry shows when it happened (payment time) and when it was recorded',
    )
    .argument('<customerId>', 'the customer id', viaSchema(HistoryPathSchema.shape.customerId))
    .option(
      '--by <time>',
      'the order: payment (default: when it happened — the payment, the consent given, the banner event; ' +
        'entries without such a time by when they were recorded) or decided (when each was recorded)',
      oneOf('time basis', TIME_BASES),
    )
    .addOption(
      new Option('--format <format>', 'output format').choices(['table', 'json', 'jsonl']).default('table'),
    )
    .option('--out <file>', 'write to this file instead of stdout')
    .action((customerId: string, _options: HistoryOptions, command: Command) =>
      historyCommand(customerId, command.optsWithGlobals<HistoryOptions>()),
    );
}

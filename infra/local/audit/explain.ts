import { type Command, Option } from 'commander';
import { LocalRuntimeError } from '#local/errors.js';
import { formatExplanation } from '#privacy/explain.query.js';
import { AuditRecordNotFoundError, type Explanation } from '#privacy/queries.js';
import { AuditRecordIdSchema } from '#privacy/query-params.js';
import { type GlobalOptions, viaSchema } from './options.js';
import { queriesOn } from './queries.js';
import { withTarget } from './target.js';

interface ExplainOptions extends GlobalOptions {
  format: 'text' | 'json';
  customer?: string;
}

async function explainCommand(decisionId: string, options: ExplainOptions): Promise<void> {
  await withTarget(options, async (target, caller) => {
    let explanation: Explanation;
    try {
      explanation = await queriesOn(target).explain(
        caller,
        decisionId,
        options.customer === undefined ? {} : { customerId: options.customer },
      );
    } catch (error) {
      // Names the id asked for: "no decision or offer-withdrawal record 'd_…'".
      if (error instanceof AuditRecordNotFoundError) throw new LocalRuntimeError(error.message);
      throw error;
    }
    process.stdout.write(
      options.format === 'json'
        ? `${JSON.stringify(explanation, null, 2)}\n`
        : `${formatExplanation(explanation)}\n`,
    );
  });
}

/** `explain <decisionId>`: why one decision came out as it did. */
export function registerExplain(program: Command): void {
  program
    .command('explain')
    .description('why one decision came out as it did: gates passed and failed, versions, consent regime')
    .argument(
      '<decisionId>',
      'a decision id (d_…) or offer-withdrawal record id (w_…)',
      viaSchema(AuditRecordIdSchema),
    )
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option(
      '--customer <customerId>',
      "the record's customer: finds a record older than the hot window in the archive (its id there is keyed)",
    )
    .action((decisionId: string, _options: ExplainOptions, command: Command) =>
      explainCommand(decisionId, command.optsWithGlobals<ExplainOptions>()),
    );
}

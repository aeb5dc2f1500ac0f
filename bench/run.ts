import { writeFileSync } from 'node:fs';
import { Command } from 'commander';
import { runArchiveLagBench } from './archive-lag.js';
import { runArchiveQueryBench } from './archive-query.js';
import { runConsoleBench } from './console.js';
import { runCoreBench } from './core.js';
import { runFuzzBench } from './fuzz.js';
import { runLambdaBench } from './lambda.js';
import { runPipelineBench } from './pipeline.js';
import { type BenchFigure, formatFigures } from './result.js';
import { runScreenEval } from './screen-eval.js';
import { runSimulateBench } from './simulate.js';

const program = new Command()
  .name('bench')
  .description('Benchmarks of the decision core, the local pipeline and the Lambda bundles')
  .option('--json <file>', 'also write the figures as JSON')
  .option(
    '--only <parts>',
    'comma-separated subset of: screen,core,simulate,pipeline,archive-lag,archive-query,lambda,console,fuzz (fuzz runs only when named)',
    'screen,core,simulate,pipeline,archive-lag,archive-query,lambda,console',
  )
  .option(
    '--archive-decisions <n>',
    'decisions in the generated archive of archive-query (default 50000000; cached per size)',
    (value: string) => {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1000) throw new Error('--archive-decisions takes an integer >= 1000');
      return n;
    },
  )
  .option('--archive-lag-seconds <s>', 'how long archive-lag writes at 500 events/s (default 60)', Number)
  .action(
    async (options: {
      json?: string;
      only: string;
      archiveDecisions?: number;
      archiveLagSeconds?: number;
    }) => {
      const parts = new Set(options.only.split(',').map((p) => p.trim()));
      const results: Record<string, BenchFigure[]> = {};
      const sections: Array<[string, string, () => Promise<BenchFigure[]>]> = [
        ['screen', 'Sensitive screen on the labelled corpus (npm run screen:eval)', runScreenEval],
        ['core', '(a) Decision core, one core', runCoreBench],
        [
          'simulate',
          '(a2) Simulation: 100,000 events, live and candidate catalog, one core',
          runSimulateBench,
        ],
        ['pipeline', '(b) Pipeline on DynamoDB Local + SQS emulator', runPipelineBench],
        [
          'archive-lag',
          '(b2) Archive lag: audit items at 500 events/s into DynamoDB Local, archived from its stream',
          () =>
            runArchiveLagBench(
              options.archiveLagSeconds === undefined ? {} : { seconds: options.archiveLagSeconds },
            ),
        ],
        [
          'archive-query',
          '(b3) Archive query: 90-day suppression count by reason and trigger, DuckDB over generated Parquet',
          () =>
            runArchiveQueryBench(
              options.archiveDecisions === undefined ? {} : { decisions: options.archiveDecisions },
            ),
        ],
        ['lambda', '(c) Lambda bundles', runLambdaBench],
        ['console', '(e) Web console: initial JavaScript and the first page in Chromium', runConsoleBench],
        ['fuzz', '(d) Fuzz suite: payment events, consent and CRM messages, every HTTP route', runFuzzBench],
      ];
      for (const [key, title, run] of sections) {
        if (!parts.has(key)) continue;
        const figures = await run();
        results[key] = figures;
        console.log(`${formatFigures(title, figures)}\n`);
      }
      if (options.json) {
        writeFileSync(
          options.json,
          `${JSON.stringify({ at: new Date().toISOString(), node: process.version, results }, null, 2)}\n`,
        );
        console.log(`Figures written to ${options.json}`);
      }
    },
  );

await program.parseAsync();

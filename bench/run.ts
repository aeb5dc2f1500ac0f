import { writeFileSync } from 'node:fs';
import { Command } from 'commander';
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
    'comma-separated subset of: screen,core,simulate,pipeline,lambda,console,fuzz (fuzz runs only when named)',
    'screen,core,simulate,pipeline,lambda,console',
  )
  .action(async (options: { json?: string; only: string }) => {
    const parts = new Set(options.only.split(',').map((p) => p.trim()));
    const results: Record<string, BenchFigure[]> = {};
    const sections: Array<[string, string, () => Promise<BenchFigure[]>]> = [
      ['screen', 'Sensitive screen on the labelled corpus (npm run screen:eval)', runScreenEval],
      ['core', '(a) Decision core, one core', runCoreBench],
      ['simulate', '(a2) Simulation: 100,000 events, live and candidate catalog, one core', runSimulateBench],
      ['pipeline', '(b) Pipeline on DynamoDB Local + SQS emulator', runPipelineBench],
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
  });

await program.parseAsync();

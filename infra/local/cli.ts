#!/usr/bin/env node
import './node-notice.js';
import { rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { DEMO_DEFAULTS, generateCustomers, generateEvents } from '#app/demo/generate.js';
import { CatalogInvalidError } from '#core/catalog/catalog.js';
import { ITEM_KINDS, type ItemKind } from '#core/governance/model.js';
import { CatalogStoreError } from '#shared/errors.js';
import { startConsole } from './console-start.js';
import { endpointsFile, removeEndpointsFile, writeEndpointsFile } from './endpoints-file.js';
import { LocalRuntimeError } from './errors.js';
import { readEventLines, readFixtures } from './input-files.js';
import { stopOnUncaught, untilStopped } from './process-lifecycle.js';
import { replayProgress } from './progress.js';
import { addsUp } from './reconcile.js';
import { type ReplayResult, type ReplayTarget, runReplay } from './replay.js';
import { type ReplayCatalogOptions, replayCatalog } from './replay-trial.js';
import { type LocalRuntime, startLocalRuntime } from './runtime.js';
import { decisionLines, formatReconciliation, formatSummary, summarize } from './summary.js';
import { targetFromEnv, targetFromRunningStart, targetFromRuntime } from './targets.js';

function positiveInt(what: string, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > max)
      throw new InvalidArgumentError(`expected ${what} from 1 to ${max}`);
    return n;
  };
}
const portOption = positiveInt('a port number', 65_535);

function itemKind(value: string): ItemKind {
  const kind = ITEM_KINDS.find((k) => k === value);
  if (kind === undefined) throw new InvalidArgumentError(`expected one of ${ITEM_KINDS.join(', ')}`);
  return kind;
}

function report(result: ReplayResult, seconds: number): void {
  const { customers, consentsApplied, consentsSuperseded } = result.loaded;
  console.log(
    `\nLoaded ${customers} customers; their ${consentsApplied + consentsSuperseded} consent records kept as evidence in the consent history` +
      `${consentsSuperseded > 0 ? ` (${consentsSuperseded} superseded by a later one for the purpose)` : ''}.`,
  );
  console.log(`Replayed ${result.sent} messages in ${seconds.toFixed(1)} s.\n`);
  console.log(formatReconciliation(result.reconciliation));
  if (!addsUp(result.reconciliation)) {
    console.error('warning: the summary does NOT add up: see the lines marked !! above.');
  }
  console.log(`\n${formatSummary(summarize(result.decisions))}\n`);
}

function writeDecisions(path: string, result: ReplayResult): void {
  writeFileSync(path, decisionLines(result.decisions));
  console.log(`Decisions written to ${path} (contract-shaped, in input order)`);
}

interface StartOptions {
  port?: number;
  dynamodbPort?: number;
  sqsPort?: number;
  consolePort?: number;
  console: boolean;
  dataDir?: string;
  once?: boolean;
  demo: boolean;
  customers: number;
  events: number;
  seed: number;
}

/**
 * The archive folder of `npm start`: `<data-dir>/archive` next to the persisted tables; else ARCHIVE_DIR
 * when the shell gives one; else `archive/` next to the endpoints file (`.local/archive`), emptied at start
 * like the in-memory tables (rows sealed under keys that died with the last run's tables could only be
 * counted, never opened).
 */
function archiveDirFor(dataDir: string | undefined): string {
  if (dataDir !== undefined) return resolve(join(dataDir, 'archive'));
  const given = process.env.ARCHIVE_DIR;
  if (given) return resolve(given);
  const dir = join(dirname(endpointsFile), 'archive');
  rmSync(dir, { recursive: true, force: true });
  return dir;
}

async function start(options: StartOptions): Promise<void> {
  const archiveDir = archiveDirFor(options.dataDir);
  const runtime = await startLocalRuntime({
    concurrency: 4,
    archiveDir,
    ...(options.port === undefined ? {} : { httpPort: options.port }),
    ...(options.dynamodbPort === undefined ? {} : { dynamoDbPort: options.dynamodbPort }),
    ...(options.sqsPort === undefined ? {} : { sqsPort: options.sqsPort }),
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
  });
  const stopped = untilStopped(runtime);
  stopOnUncaught(runtime);
  writeEndpointsFile(runtime, options.dataDir);
  console.log('Local runtime ready:');
  console.log(`  HTTP API:       ${runtime.endpoints.http}`);
  console.log(
    `  DynamoDB Local: ${runtime.endpoints.dynamodb} (${options.dataDir ? `data in ${options.dataDir}` : 'in memory'})`,
  );
  console.log(`  SQS emulator:   ${runtime.endpoints.sqs}`);
  console.log(`  Archive:        ${runtime.archiveDir}`);
  for (const [name, queue] of runtime.queues) console.log(`  queue ${name}: ${queue.url}`);
  if (runtime.catalog) console.log(runtime.catalog.line);
  const consoleServer = options.console ? await startConsole(runtime, options.consolePort) : undefined;
  if (consoleServer) {
    console.log(`  Console:        ${consoleServer.url}`);
    console.log('                  (local, no sign-in: pick a name and a role in the page)');
  }

  if (options.demo) {
    const demo = { customers: options.customers, events: options.events, seed: options.seed };
    console.log(
      `\nDemo: ${demo.customers} generated customers, ${demo.events} generated payment events (seed ${demo.seed}).`,
    );
    const began = Date.now();
    const result = await Promise.race([
      runReplay(
        targetFromRuntime(runtime),
        {
          customers: generateCustomers(demo),
          lines: generateEvents(demo),
          evidenceSource: 'demo-generator',
        },
        { progress: replayProgress() },
      ),
      stopped.then(() => undefined),
    ]);
    if (result === undefined) {
      console.log('Stopped.');
      return;
    }
    const seconds = (Date.now() - began) / 1000;
    // The summary and the archive queries after it see every decision archived.
    await runtime.drainArchive().catch((error: unknown) => {
      console.error(
        `warning: the archive is not complete yet (${error instanceof Error ? error.message : error})`,
      );
    });
    report(result, seconds);
    const withOffer = result.decisions.find((d) => d.outcome === 'emitted')?.customerId;
    if (withOffer !== undefined) {
      console.log(
        'Ask the banner API for a demo customer who has an offer (IAM auth is not emulated locally):',
      );
      console.log(`  curl -s ${runtime.endpoints.http}/customers/${encodeURIComponent(withOffer)}/offers`);
      console.log(`  curl -s ${runtime.endpoints.http}/openapi.json\n`);
    }
  }

  if (options.once) {
    void stopped.catch(() => {});
    await consoleServer?.stop();
    await runtime.stop();
    removeEndpointsFile();
    console.log('Stopped (--once).');
    return;
  }
  console.log('Serving until Ctrl-C.');
  try {
    await stopped;
  } finally {
    await consoleServer?.stop();
  }
  console.log('Stopped.');
}

interface ReplayOptions extends ReplayCatalogOptions {
  fixtures: string;
  events: string;
  out?: string;
  allowInvalid?: boolean;
}

async function replay(options: ReplayOptions): Promise<void> {
  // Validate both files completely before anything is started or loaded.
  const customers = readFixtures(options.fixtures);
  const lines = readEventLines(options.events, { allowInvalid: options.allowInvalid ?? false });
  let runtime: LocalRuntime | undefined;
  // A draft catalog or a trial needs a pipeline of its own; otherwise use a running one if there is one.
  const own = await replayCatalog(options);
  if (own?.line) console.log(own.line);
  let target: ReplayTarget | undefined =
    own === undefined ? (targetFromRunningStart() ?? targetFromEnv()) : undefined;
  if (target) {
    console.log('Using the running pipeline found through its endpoints.');
  } else {
    runtime = await startLocalRuntime({ concurrency: 4, ...own?.options });
    if (runtime.catalog) console.log(runtime.catalog.line);
    target = targetFromRuntime(runtime);
  }
  try {
    const began = Date.now();
    const lost = runtime?.failed.then((error) => Promise.reject(error)) ?? new Promise<never>(() => {});
    const result = await Promise.race([
      runReplay(
        target,
        { customers, lines, evidenceSource: `fixture:${basename(options.fixtures)}` },
        { progress: replayProgress() },
      ),
      lost,
    ]);
    report(result, (Date.now() - began) / 1000);
    if (options.out) writeDecisions(options.out, result);
    if (result.undecided > 0 || !addsUp(result.reconciliation)) process.exitCode = 2;
  } finally {
    await runtime?.stop();
  }
}

const program = new Command()
  .name('offer-pipeline')
  .description(
    'Local runtime of the offer-eligibility pipeline (DynamoDB Local + SQS emulator + the handlers)',
  );

program
  .command('start', { isDefault: true })
  .description('start the local runtime on free ports, replay the demo stream, and serve until Ctrl-C')
  .option('--port <port>', 'port of the local HTTP API (default: a free port)', portOption)
  .option('--dynamodb-port <port>', 'port of DynamoDB Local (default: a free port)', portOption)
  .option('--sqs-port <port>', 'port of the SQS emulator (default: a free port)', portOption)
  .option('--console-port <port>', 'port of the web console (default: a free port)', portOption)
  .option('--no-console', 'do not build and serve the web console')
  .option('--data-dir <dir>', 'persist DynamoDB Local in this folder (default: in memory)')
  .option('--once', 'exit after the demo summary instead of serving')
  .option('--no-demo', 'start the runtime without seeding and replaying the demo')
  .option(
    '--customers <n>',
    'demo population size',
    positiveInt('a number', 1_000_000),
    DEMO_DEFAULTS.customers,
  )
  .option('--events <n>', 'demo stream length', positiveInt('a number', 10_000_000), DEMO_DEFAULTS.events)
  .option('--seed <n>', 'seed of the demo generator', positiveInt('a number', 2 ** 31), DEMO_DEFAULTS.seed)
  .action(start);

program
  .command('replay')
  .description(
    'load customer fixtures, send a JSONL file of payment events through the pipeline, collect the decisions',
  )
  .requiredOption('--fixtures <file>', 'customer fixtures (JSON, contracts.md shape)')
  .requiredOption('--events <file>', 'payment events, one PaymentEvent v1 per line')
  .option('--out <file>', 'write the decisions here as JSONL')
  .option('--allow-invalid', 'send invalid event lines anyway, to see them rejected')
  .option(
    '--catalog <dir>',
    'try a draft trigger catalog (a folder shaped like catalog/) instead of the live one',
  )
  .option(
    '--trigger <id>',
    "try version --version of this item, read from the running pipeline's catalog table, in ANY state " +
      '(draft and in_review included: nothing needs approving to be tried), in place of its live version, ' +
      'in a throwaway pipeline; the running one is only read',
  )
  .option('--version <n>', 'the version to try (with --trigger)', positiveInt('a version number', 2 ** 31))
  .option('--kind <kind>', `the item's kind with --trigger: ${ITEM_KINDS.join(', ')}`, itemKind, 'trigger')
  .option(
    '--data-dir <dir>',
    'with --trigger: read the catalog table of the pipeline persisted in this folder (npm start -- --data-dir)',
  )
  .action(replay);

try {
  await program.parseAsync();
} catch (error) {
  if (
    error instanceof LocalRuntimeError ||
    error instanceof CatalogInvalidError ||
    error instanceof CatalogStoreError
  ) {
    console.error(`error: ${error.message}`);
    process.exit(1);
  }
  throw error;
}

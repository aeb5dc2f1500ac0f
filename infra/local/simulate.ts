import { existsSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { customerOf } from '#app/customer-fixtures.js';
import { compareCatalogs, simulationEventsFrom } from '#app/simulation-compare.js';
import { clockGuardFrom } from '#config/clock-guard.js';
import { readFunctionEnv } from '#config/function-env.js';
import { policyFrom } from '#config/pipeline-config.js';
import { policyVersion } from '#core/policy.js';
import { evaluatePayments } from '#infra/definitions/functions.js';
import { LocalRuntimeError } from './errors.js';
import { readFixtures, readParsedEventLines } from './input-files.js';
import { candidateSide, type LiveSource, liveSide, targetOf } from './simulate-catalogs.js';
import { formatComparison } from './simulate-output.js';

/**
 * `npm run triggers -- simulate <trigger id | draft file | draft dir> --events <file> [--fixtures <file>]
 * [--diff <out.jsonl>]` (issue 13): the events decided twice in memory with the pure core — with the live
 * catalog and with the candidate — and per trigger the funnel of both and the change, the overlap between
 * triggers, and (--diff) one JSONL line per event whose decisions change. Read-only: it writes nothing to
 * the audit, offers or contact state, and needs no AWS or DynamoDB for a draft file or folder. Every input
 * is validated before anything is decided.
 */

export interface SimulateOptions {
  readonly events: string;
  readonly fixtures?: string;
  readonly diff?: string;
  readonly version?: number;
  /** A catalog folder to use as the live side instead of asking the running pipeline. */
  readonly live?: string;
  /**
   * Leave invalid event lines out instead of refusing the file: the pipeline rejects them (invalid_event)
   * before any trigger sees them, so they are the same on both sides and change no funnel.
   */
  readonly skipInvalid?: boolean;
}

/**
 * The policy and clock guard evaluate-payments decides with: the settings of its definition, read from this
 * environment as its handler reads them (unset: the defaults, which the local runtime also uses).
 */
function pipelinePolicy(env: NodeJS.ProcessEnv) {
  const { settings } = readFunctionEnv(
    { name: evaluatePayments.name, tables: {}, queues: {}, settings: evaluatePayments.settings },
    env,
  );
  return { policy: policyFrom(settings), clockGuard: clockGuardFrom(settings) };
}

export async function runSimulate(
  given: string,
  options: SimulateOptions,
  source: Omit<LiveSource, 'dir'>,
  out: (line: string) => void,
): Promise<void> {
  // Every input first: a bad line, fixture, option or draft stops here, before anything is decided.
  const target = targetOf(given, options.version);
  // Each line parsed once: the validation's parse is the one the simulation decides on.
  const lines = readParsedEventLines(options.events, {
    allowInvalid: options.skipInvalid ?? false,
    invalidHint:
      'nothing was decided (use --skip-invalid to leave such lines out: the pipeline rejects them before any trigger sees them)',
  });
  const fixtures = options.fixtures === undefined ? [] : readFixtures(options.fixtures);
  if (options.diff !== undefined) {
    if (resolve(options.diff) === resolve(options.events))
      throw new LocalRuntimeError('--diff: give another file than --events (it would be overwritten)');
    if (!existsSync(dirname(resolve(options.diff))))
      throw new LocalRuntimeError(`--diff ${options.diff}: its folder does not exist`);
  }
  const { policy, clockGuard } = pipelinePolicy(process.env);

  const live = await liveSide(options.live === undefined ? source : { ...source, dir: options.live });
  const candidate = await candidateSide(target, live, source.api);
  const customers = new Map(fixtures.map((f) => [f.customerId, customerOf(f)]));
  const events = simulationEventsFrom(lines);
  const comparison = compareCatalogs({
    events,
    customers,
    live: live.catalog,
    candidate: candidate.catalog,
    policy,
    clockGuard,
  });
  out(
    formatComparison(comparison, {
      eventsFile: options.events,
      skippedInvalid: lines.length - events.length,
      fixturesFile: options.fixtures,
      customers: customers.size,
      live,
      candidate,
      policyVersion: policyVersion(policy, candidate.catalog),
    }),
  );
  if (options.diff !== undefined) {
    const text = comparison.diff.map((line) => JSON.stringify(line)).join('\n');
    try {
      writeFileSync(options.diff, text === '' ? '' : `${text}\n`);
    } catch (error) {
      throw new LocalRuntimeError(`--diff ${options.diff}: cannot be written (${(error as Error).message})`);
    }
    out(`Differences written to ${options.diff} (${comparison.diff.length} line(s)).`);
  }
}

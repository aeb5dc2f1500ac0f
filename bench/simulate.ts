import { pathToFileURL } from 'node:url';
import { generateCustomers, generateEvents } from '#app/demo/generate.js';
import {
  type CatalogSide,
  candidateVersions,
  catalogSide,
  draftVersions,
  versionsOfFolder,
} from '#app/simulation-catalog.js';
import { compareCatalogs, simulationEvents } from '#app/simulation-compare.js';
import { defaultCatalogDir, readCatalogInputFromDir } from '#config/catalog-folder.js';
import { DEFAULT_POLICY } from '#core/policy.js';
import type { BenchFigure } from './result.js';

/**
 * Simulation by stage (issue 13): 100,000 demo events (shared/app/demo/generate.ts: its malformed lines
 * left out, its redeliveries collapsed) decided with the live catalog and with a candidate, plus the
 * funnels, overlaps and diff: what `npm run triggers -- simulate` does after reading its files, in one
 * process on one core. Target: under 10 s. Run alone: npx tsx bench/simulate.ts
 */

const EVENTS = 100_000;
const CUSTOMERS = 10_000;
const SEED = 20_261_130;
const TARGET_SECONDS = 10;

function sideOrThrow(result: ReturnType<typeof catalogSide>): CatalogSide {
  if (!result.ok) throw new Error(`bench catalog refused:\n${result.problems.join('\n')}`);
  return result;
}

export async function runSimulateBench(): Promise<BenchFigure[]> {
  const liveVersions = versionsOfFolder(readCatalogInputFromDir(defaultCatalogDir()));
  const live = sideOrThrow(catalogSide(liveVersions));
  // The candidate: the ticket trigger redrafted to fire on electronics shops too (more overlap, more change).
  const ticket = liveVersions.find((v) => v.kind === 'trigger' && v.id === 'ticket-travel-insurance');
  if (ticket === undefined) throw new Error('the seed catalog has no ticket-travel-insurance');
  const condition = { any: [ticket.content.condition, { field: 'merchant.mcc', in: ['5732'] }] };
  const draft = {
    kind: 'trigger' as const,
    id: ticket.id,
    content: { ...ticket.content, condition },
    file: 'bench',
  };
  const candidate = sideOrThrow(
    catalogSide(candidateVersions(liveVersions, draftVersions([draft], liveVersions))),
  );
  const customers = new Map(
    generateCustomers({ customers: CUSTOMERS, seed: SEED }).map((c) => [c.customerId, c]),
  );
  const lines = generateEvents({ customers: CUSTOMERS, events: EVENTS, seed: SEED });

  const cpuBefore = process.cpuUsage();
  const began = performance.now();
  const events = simulationEvents(lines);
  const parsed = performance.now();
  const comparison = compareCatalogs({
    events,
    customers,
    live: live.catalog,
    candidate: candidate.catalog,
    policy: DEFAULT_POLICY,
  });
  const done = performance.now();
  const cpu = process.cpuUsage(cpuBefore);
  const seconds = (done - began) / 1000;
  const decisions = [comparison.live.run, comparison.candidate.run].reduce(
    (n, run) =>
      n +
      run.outcomes.reduce((m, o) => m + (o.result.kind === 'duplicate' ? 0 : o.result.decisions.length), 0),
    0,
  );
  return [
    { name: 'event lines (generated)', value: lines.length, unit: 'lines' },
    { name: 'valid events simulated', value: events.length, unit: 'events' },
    { name: 'decisions (both sides)', value: decisions, unit: 'decisions' },
    { name: 'events that differ', value: comparison.diff.length, unit: 'events' },
    { name: 'parse (wall)', value: (parsed - began) / 1000, unit: 's' },
    // CPU time of this process: what the figure is on an idle core (a shared machine stretches the wall time).
    { name: 'simulate, CPU time', value: (cpu.user + cpu.system) / 1e6, unit: 's' },
    {
      name: `simulate ${EVENTS} events, both sides (wall)`,
      value: seconds,
      unit: 's',
      target: `< ${TARGET_SECONDS} s`,
      pass: seconds < TARGET_SECONDS,
    },
  ];
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const f of await runSimulateBench()) console.log(`${f.name}: ${f.value} ${f.unit}`);
}

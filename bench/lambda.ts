import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { ESM_REQUIRE_SHIM, EXTERNAL_MODULES, MAIN_FIELDS, NODE_TARGET } from '#infra/bundling.js';
import { app } from '#infra/definitions.js';
import { repoRoot } from '#local/invoke.js';
import type { BenchFigure } from './result.js';

const BUNDLE_TARGET_KB = 250;
const COLD_INIT_TARGET_MS = 150;
const COLD_RUNS = 7;

/**
 * Per Lambda: the minified bundle as the stack builds it (esbuild, ESM, node22, the runtime's SDK) and
 * its cold init, measured as the time to import the bundle in a fresh Node process (median of runs).
 */
export async function runLambdaBench(): Promise<BenchFigure[]> {
  // Inside the repository, so the bundle's external @aws-sdk imports resolve from node_modules as they
  // resolve from the runtime's own node_modules in Lambda.
  mkdirSync(resolve(repoRoot, '.local'), { recursive: true });
  const dir = mkdtempSync(join(repoRoot, '.local', 'bench-'));
  const figures: BenchFigure[] = [];
  try {
    const env: Record<string, string> = {
      ...(process.env as Record<string, string>),
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'bench',
      AWS_SECRET_ACCESS_KEY: 'bench',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      POWERTOOLS_METRICS_DISABLED: 'true',
    };
    for (const table of app.tables) env[table.envVar] = table.name;
    for (const queue of app.queues) env[queue.envVar] = `http://localhost/000000000000/${queue.name}`;
    for (const fn of app.functions) {
      const outfile = join(dir, `${fn.name}.mjs`);
      await build({
        entryPoints: [resolve(repoRoot, fn.entry)],
        outfile,
        bundle: true,
        minify: true,
        platform: 'node',
        target: NODE_TARGET,
        format: 'esm',
        banner: { js: ESM_REQUIRE_SHIM },
        external: [...EXTERNAL_MODULES],
        mainFields: [...MAIN_FIELDS],
        logLevel: 'error',
      });
      const kb = statSync(outfile).size / 1024;
      figures.push({
        name: `${fn.name}: bundle (minified)`,
        value: Math.round(kb * 10) / 10,
        unit: 'KB',
        target: `<= ${BUNDLE_TARGET_KB} KB`,
        pass: kb <= BUNDLE_TARGET_KB,
      });

      const probe = join(dir, `${fn.name}.probe.mjs`);
      writeFileSync(
        probe,
        `const t = performance.now(); await import(${JSON.stringify(outfile)}); console.log(performance.now() - t);\n`,
      );
      const times: number[] = [];
      for (let i = 0; i < COLD_RUNS; i++) {
        const run = spawnSync(process.execPath, [probe], { env, encoding: 'utf8' });
        if (run.status !== 0) throw new Error(`${fn.name} failed to initialise:\n${run.stderr}`);
        times.push(Number(run.stdout.trim()));
      }
      times.sort((a, b) => a - b);
      const median = times[Math.floor(times.length / 2)] ?? Number.NaN;
      figures.push({
        name: `${fn.name}: cold init (median of ${COLD_RUNS})`,
        value: median,
        unit: 'ms',
        target: `<= ${COLD_INIT_TARGET_MS} ms`,
        pass: median <= COLD_INIT_TARGET_MS,
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}

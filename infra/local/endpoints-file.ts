import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { repoRoot } from './invoke.js';
import type { LocalRuntime } from './runtime.js';

/**
 * A running `npm start` announces its endpoints here so that other local tools (replay, audit) can find it
 * without flags (and its archive folder, `archiveDir`, which the audit CLI queries). Removed again on a clean stop; `pid` lets a reader tell a stale file from a live runtime.
 * `LOCAL_RUNTIME_FILE` moves it (two local set-ups side by side, each with its own file; the tests).
 */
export const endpointsFile = resolve(
  process.env.LOCAL_RUNTIME_FILE || resolve(repoRoot, '.local', 'runtime.json'),
);

export function writeEndpointsFile(
  runtime: LocalRuntime,
  dataDir: string | undefined,
  file: string = endpointsFile,
): void {
  mkdirSync(dirname(file), { recursive: true });
  const queues = Object.fromEntries(
    [...runtime.queues].flatMap(([name, q]) => [
      [name, q.url],
      [`${name}-dlq`, q.dlqUrl],
    ]),
  );
  writeFileSync(
    file,
    `${JSON.stringify(
      {
        pid: process.pid,
        ...runtime.endpoints,
        dataDir: dataDir ?? null,
        archiveDir: runtime.archiveDir,
        queues,
      },
      null,
      2,
    )}\n`,
  );
}

export function removeEndpointsFile(file: string = endpointsFile): void {
  rmSync(file, { force: true });
}

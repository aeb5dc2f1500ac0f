import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { repoRoot } from './invoke.js';
import type { LocalRuntime } from './runtime.js';

/**
 * A running `npm start` announces its endpoints here so that other local tools (replay, audit) can find it
 * without flags. Removed again on a clean stop; `pid` lets a reader tell a stale file from a live runtime.
 */
export const endpointsFile = resolve(repoRoot, '.local', 'runtime.json');

export function writeEndpointsFile(runtime: LocalRuntime, dataDir: string | undefined): void {
  mkdirSync(resolve(repoRoot, '.local'), { recursive: true });
  const queues = Object.fromEntries(
    [...runtime.queues].flatMap(([name, q]) => [
      [name, q.url],
      [`${name}-dlq`, q.dlqUrl],
    ]),
  );
  writeFileSync(
    endpointsFile,
    `${JSON.stringify({ pid: process.pid, ...runtime.endpoints, dataDir: dataDir ?? null, queues }, null, 2)}\n`,
  );
}

export function removeEndpointsFile(): void {
  rmSync(endpointsFile, { force: true });
}

/**
 * The console's build for `npm start`: console/dist is built from the sources (console/, the OpenAPI
 * document's types) when it is missing or was built from other sources, so a fresh clone's `npm start`
 * serves the console without a separate step, and a second start does not rebuild (a few seconds saved).
 * The sources' digest is kept in dist/.sources-digest.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

export const CONSOLE_DIR = resolve(import.meta.dirname, '..', '..', 'console');
export const CONSOLE_DIST = join(CONSOLE_DIR, 'dist');
const DIGEST_FILE = '.sources-digest';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory())
      return entry.name === 'dist' || entry.name === 'node_modules' ? [] : filesUnder(path);
    return [path];
  });
}

/** A digest of every console source file (names and contents), the API types included. */
export function consoleSourcesDigest(dir = CONSOLE_DIR): string {
  const hash = createHash('sha256');
  for (const file of filesUnder(dir).sort()) {
    hash.update(relative(dir, file));
    hash.update('\0');
    hash.update(readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}

function builtDigest(dist: string): string | undefined {
  const file = join(dist, DIGEST_FILE);
  return existsSync(file) && statSync(file).isFile() ? readFileSync(file, 'utf8').trim() : undefined;
}

/**
 * Builds console/dist unless it was built from exactly these sources. Returns whether it built. The
 * API types are regenerated first (scripts/console-types.ts), since the build type-strips but the
 * sources import them.
 */
export async function ensureConsoleBuilt(log: (line: string) => void = () => {}): Promise<boolean> {
  const { writeConsoleTypes } = await import('#scripts/console-types.js');
  await writeConsoleTypes();
  const digest = consoleSourcesDigest();
  if (builtDigest(CONSOLE_DIST) === digest && existsSync(join(CONSOLE_DIST, 'index.html'))) return false;
  log('Building the console (console/dist) ...');
  const { build } = await import('vite');
  await build({ configFile: join(CONSOLE_DIR, 'vite.config.ts'), logLevel: 'warn' });
  writeFileSync(join(CONSOLE_DIST, DIGEST_FILE), `${digest}\n`);
  return true;
}

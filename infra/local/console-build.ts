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

/** Where the console is and how it is prepared and built; the defaults are the repository's console. */
export interface ConsoleBuildOptions {
  /** The console's folder (its sources; dist/ and node_modules/ inside it are not sources). */
  readonly dir?: string;
  /** The built output, where the digest is kept. */
  readonly dist?: string;
  /** Runs before the digest is taken: regenerates the API types (./console-types.ts). */
  readonly prepare?: () => Promise<void>;
  /** Builds `dir` into `dist` (vite with the console's config). */
  readonly build?: () => Promise<void>;
}

async function writeApiTypes(): Promise<void> {
  const { writeConsoleTypes } = await import('./console-types.js');
  await writeConsoleTypes();
}

async function viteBuild(dir: string): Promise<void> {
  const { build } = await import('vite');
  await build({ configFile: join(dir, 'vite.config.ts'), logLevel: 'warn' });
}

/**
 * Builds console/dist unless it was built from exactly these sources. Returns whether it built. The
 * API types are regenerated first (./console-types.ts), since the build type-strips but the
 * sources import them.
 */
export async function ensureConsoleBuilt(
  log: (line: string) => void = () => {},
  options: ConsoleBuildOptions = {},
): Promise<boolean> {
  const dir = options.dir ?? CONSOLE_DIR;
  const dist = options.dist ?? join(dir, 'dist');
  await (options.prepare ?? writeApiTypes)();
  const digest = consoleSourcesDigest(dir);
  if (builtDigest(dist) === digest && existsSync(join(dist, 'index.html'))) return false;
  log(`Building the console (${relative(process.cwd(), dist) || dist}) ...`);
  await (options.build ?? (() => viteBuild(dir)))();
  writeFileSync(join(dist, DIGEST_FILE), `${digest}\n`);
  return true;
}

/**
 * `npm run console:types [-- --quiet]`: writes the console's API types (infra/local/console-types.ts says how
 * and why). `--quiet` (npm run typecheck) prints nothing unless it fails.
 */
import { CONSOLE_TYPES_FILE, writeConsoleTypes } from '#local/console-types.js';

writeConsoleTypes().then(
  () => {
    if (!process.argv.includes('--quiet')) console.log(`Written to ${CONSOLE_TYPES_FILE}`);
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 2;
  },
);

import { CONSOLE_DIST, ensureConsoleBuilt } from './console-build.js';
import { type ConsoleServer, startConsoleServer } from './console-server.js';
import { choosePort } from './ports.js';
import type { LocalRuntime } from './runtime.js';

/**
 * Builds the console when its sources changed and serves it beside the API. A console that cannot be
 * built or served is reported and the pipeline runs on without it: the API does not depend on it.
 */
export async function startConsole(
  runtime: LocalRuntime,
  port: number | undefined,
): Promise<ConsoleServer | undefined> {
  try {
    await ensureConsoleBuilt((line) => console.log(line));
    return await startConsoleServer({
      dist: CONSOLE_DIST,
      apiUrl: runtime.endpoints.http,
      port: await choosePort(port, 'console'),
      onError: (error) => console.error('[console]', error),
    });
  } catch (error) {
    console.error(
      `  Console:        not available (${error instanceof Error ? error.message : String(error)})`,
    );
    return undefined;
  }
}

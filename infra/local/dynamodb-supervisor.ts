import { type DynamoDbExit, type DynamoDbLocal, startDynamoDbLocal } from './dynamodb-local.js';
import { LocalRuntimeError } from './errors.js';

/**
 * Keeps DynamoDB Local running under the local runtime. When the JVM dies while the runtime runs:
 * - with a data directory, it is started again on the same port over the same files, then `afterRestart`
 *   provisions the tables again (idempotent: existing ones are kept) — nothing is lost, the pollers and
 *   handlers (same endpoint) resume after their backoff;
 * - in memory, every table died with it: `onLost` is told, in words an operator understands, and the
 *   runtime stops (it must not go on answering 503 over tables that no longer exist).
 * A JVM that keeps dying (more than `maxRestarts` times within `windowMs`) is lost too.
 */

export interface SupervisorOptions {
  readonly port: number;
  readonly dataDir?: string;
  readonly log: (line: string) => void;
  /** Re-provisions after a restart (tables, TTL). */
  readonly afterRestart: () => Promise<void>;
  readonly onLost: (error: LocalRuntimeError) => void;
  readonly maxRestarts?: number;
  readonly windowMs?: number;
  /** Start function (tests); default startDynamoDbLocal. */
  readonly start?: (options: { port: number; dataDir?: string }) => Promise<DynamoDbLocal>;
}

export interface SupervisedDynamoDb {
  readonly endpoint: string;
  /** The current JVM's process id. */
  readonly pid: number | undefined;
  /** Restarts so far. */
  readonly restarts: number;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function describeExit(exit: DynamoDbExit): string {
  return exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`;
}

export async function superviseDynamoDbLocal(options: SupervisorOptions): Promise<SupervisedDynamoDb> {
  const start = options.start ?? startDynamoDbLocal;
  const config = {
    port: options.port,
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
  };
  const maxRestarts = options.maxRestarts ?? 5;
  const windowMs = options.windowMs ?? 60_000;
  let current = await start(config);
  let stopping = false;
  let restarts = 0;
  const recentDeaths: number[] = [];

  const lost = (message: string) => {
    if (!stopping) options.onLost(new LocalRuntimeError(message));
  };

  const restart = async (exit: DynamoDbExit): Promise<void> => {
    if (options.dataDir === undefined) {
      lost(
        `DynamoDB Local exited unexpectedly (${describeExit(exit)}). It kept its data in memory, so every table ` +
          'and every record of this run is gone. The local runtime stops. Start it again with `npm start`; with ' +
          '`--data-dir <folder>` the data survives such a failure (the runtime then restarts DynamoDB Local itself).',
      );
      return;
    }
    const now = Date.now();
    recentDeaths.push(now);
    while ((recentDeaths[0] ?? now) < now - windowMs) recentDeaths.shift();
    if (recentDeaths.length > maxRestarts) {
      lost(
        `DynamoDB Local died ${recentDeaths.length} times within ${windowMs / 1000} s (last: ${describeExit(exit)}); ` +
          `the local runtime stops. Its data is safe in ${options.dataDir}: start again with the same --data-dir.`,
      );
      return;
    }
    options.log(
      `DynamoDB Local exited unexpectedly (${describeExit(exit)}); restarting it on port ${options.port} over ${options.dataDir} (nothing is lost)`,
    );
    let lastError: unknown;
    for (let attempt = 1; attempt <= 5 && !stopping; attempt++) {
      try {
        current = await start(config);
        if (stopping) {
          await current.stop();
          return;
        }
        await options.afterRestart();
        restarts++;
        watch(current);
        options.log(`DynamoDB Local is back on port ${options.port}; the pipeline resumes`);
        return;
      } catch (error) {
        lastError = error;
        await current.stop().catch(() => {});
        await sleep(500 * 2 ** attempt);
      }
    }
    lost(
      `DynamoDB Local could not be restarted (${lastError instanceof Error ? lastError.message : String(lastError)}). ` +
        `The local runtime stops; its data is safe in ${options.dataDir}.`,
    );
  };

  const watch = (instance: DynamoDbLocal) => {
    void instance.exited.then(async (exit) => {
      // A stop in progress (Ctrl-C, runtime.stop) is not a death.
      if (instance.stopping || stopping) return;
      await restart(exit);
    });
  };
  watch(current);

  return {
    endpoint: current.endpoint,
    get pid() {
      return current.pid;
    },
    get restarts() {
      return restarts;
    },
    stop: async () => {
      stopping = true;
      await current.stop();
    },
  };
}

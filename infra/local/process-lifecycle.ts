/** How `npm start` ends: on a signal, when the runtime is lost, or on a bug. */
import { removeEndpointsFile } from './endpoints-file.js';
import type { LocalRuntime } from './runtime.js';

/**
 * Resolves on Ctrl-C, SIGTERM or SIGHUP after stopping the runtime (Java included), exactly once; rejects
 * with the runtime's own reason when it could not go on (DynamoDB Local lost), after it stopped itself.
 */
export function untilStopped(runtime: LocalRuntime): Promise<void> {
  return new Promise((resolve, reject) => {
    let stopping = false;
    const shutdown = (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      console.log(`\n${signal}: stopping the local runtime...`);
      void runtime.stop().then(() => {
        removeEndpointsFile();
        resolve();
      });
    };
    // `on`, not `once`: a second signal (tsx relays Ctrl-C to the child the terminal signalled already) must
    // meet the `stopping` guard, not Node's default handler, which would kill the process mid-stop.
    process.on('SIGINT', shutdown);
    process.on('SIGTERM', shutdown);
    process.on('SIGHUP', shutdown);
    void runtime.failed.then((error) => {
      if (stopping) return;
      stopping = true;
      removeEndpointsFile();
      reject(error);
    });
  });
}

/**
 * Last resort for a bug: an uncaught error or unhandled rejection stops the runtime (no JVM is left behind)
 * and exits non-zero, naming the error's class only (a message could quote data).
 */
export function stopOnUncaught(runtime: LocalRuntime): void {
  let handled = false;
  const fail = (error: unknown) => {
    if (handled) return;
    handled = true;
    const name = error instanceof Error ? error.name : typeof error;
    console.error(`error: an unexpected ${name} stopped the local runtime (a bug: please report it).`);
    const timer = setTimeout(() => process.exit(1), 10_000);
    void runtime
      .stop()
      .catch(() => {})
      .finally(() => {
        clearTimeout(timer);
        removeEndpointsFile();
        process.exit(1);
      });
  };
  process.on('uncaughtException', fail);
  process.on('unhandledRejection', fail);
}

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { LocalRuntimeError } from './errors.js';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION } from './local-aws.js';

interface LocalSqsModule {
  createRequestHandler(options: {
    port: number;
    hostname?: string;
    region?: string;
    accountId?: string;
    emulateQueueCreationLifecycle?: boolean;
  }): { requestHandler: (request: IncomingMessage, response: ServerResponse) => Promise<void> | void };
}

const require = createRequire(import.meta.url);

export interface SqsLocal {
  readonly endpoint: string;
  /** The listening server right now (a new one after each restart). */
  readonly server: Server;
  /** How often the listener was restarted after it went away. */
  readonly restarts: number;
  stop(): Promise<void>;
}

export interface SqsLocalOptions {
  readonly port: number;
  /** Lines for the operator: the listener went away and came back. */
  readonly log?: (line: string) => void;
  /** The listener could not be brought back: the runtime cannot go on. */
  readonly onLost?: (error: LocalRuntimeError) => void;
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const fail = (error: Error) => reject(error);
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => {
      server.removeListener('error', fail);
      resolve();
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs the `local-aws-sqs` emulator (SQS JSON protocol) in this process. The queues and their messages live
 * in the emulator's service object, apart from its HTTP listener: if the listener dies (closed, or an error
 * such as running out of file descriptors), a new one is started on the same port over the same state, so
 * nothing is lost. A request the emulator chokes on is answered 400 instead of taking the process down.
 */
export async function startSqsLocal(options: SqsLocalOptions): Promise<SqsLocal> {
  const { createRequestHandler } = require('local-aws-sqs') as LocalSqsModule;
  const { requestHandler } = createRequestHandler({
    port: options.port,
    hostname: '127.0.0.1',
    region: LOCAL_REGION,
    accountId: LOCAL_ACCOUNT_ID,
    emulateQueueCreationLifecycle: false,
  });
  const log = options.log ?? ((line: string) => console.warn(`[local runtime] ${line}`));
  let stopping = false;
  let restarts = 0;

  const guarded = (request: IncomingMessage, response: ServerResponse) => {
    request.on('error', () => {});
    response.on('error', () => {});
    Promise.resolve()
      .then(() => requestHandler(request, response))
      .catch(() => {
        if (response.headersSent) response.destroy();
        else {
          response.statusCode = 400;
          response.end();
        }
      });
  };

  const open = async (): Promise<Server> => {
    const server = createServer(guarded);
    server.on('clientError', (_error, socket) => socket.destroy());
    await listen(server, options.port);
    server.on('error', () => server.close());
    server.once('close', () => {
      if (stopping) return;
      void revive();
    });
    return server;
  };

  let current = await open();

  const revive = async () => {
    log(
      `SQS emulator: its listener on port ${options.port} went away; starting a new one (queues and messages are kept)`,
    );
    for (let attempt = 1; attempt <= 5 && !stopping; attempt++) {
      try {
        current = await open();
        restarts++;
        log(`SQS emulator: listening again on port ${options.port}; nothing was lost`);
        return;
      } catch {
        await sleep(200 * 2 ** attempt);
      }
    }
    if (!stopping) {
      options.onLost?.(
        new LocalRuntimeError(
          `The SQS emulator could not listen on port ${options.port} again. The local runtime stops; start it again.`,
        ),
      );
    }
  };

  return {
    endpoint: `http://127.0.0.1:${options.port}`,
    get server() {
      return current;
    },
    get restarts() {
      return restarts;
    },
    stop: () =>
      new Promise((resolve) => {
        stopping = true;
        current.closeAllConnections();
        current.close(() => resolve());
      }),
  };
}

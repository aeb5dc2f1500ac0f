import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION } from './local-aws.js';

interface LocalSqsModule {
  createSqsServer(options: {
    port: number;
    hostname?: string;
    region?: string;
    accountId?: string;
    emulateQueueCreationLifecycle?: boolean;
  }): Promise<Server>;
}

const require = createRequire(import.meta.url);

export interface SqsLocal {
  readonly endpoint: string;
  stop(): Promise<void>;
}

/** Starts the `local-aws-sqs` emulator (SQS JSON protocol) in this process. */
export async function startSqsLocal(options: { port: number }): Promise<SqsLocal> {
  const { createSqsServer } = require('local-aws-sqs') as LocalSqsModule;
  const server = await createSqsServer({
    port: options.port,
    hostname: '127.0.0.1',
    region: LOCAL_REGION,
    accountId: LOCAL_ACCOUNT_ID,
    emulateQueueCreationLifecycle: false,
  });
  return {
    endpoint: `http://127.0.0.1:${options.port}`,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

import { createServer } from 'node:net';
import { PortInUseError } from './errors.js';

/** Asks the OS for a free loopback port. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('Could not determine a free port'));
      });
    });
  });
}

/** Resolves to `port` if it can be bound on loopback, otherwise rejects with PortInUseError. */
export function ensurePortFree(port: number, what: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' || error.code === 'EACCES' ? new PortInUseError(port, what) : error);
    });
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(port)));
  });
}

export async function choosePort(requested: number | undefined, what: string): Promise<number> {
  return requested === undefined ? freePort() : ensurePortFree(requested, what);
}

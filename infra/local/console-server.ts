/**
 * The console on a laptop: serves console/dist, answers /config.json with `{ "mode": "local" }` (the role
 * switcher, no sign-in) and passes /api/... to the local HTTP gateway with the /api prefix removed, as
 * CloudFront's /api/* behaviour does in AWS. Same origin for page and API, so the same strict
 * Content-Security-Policy holds here as there (connect-src 'self'). Like the gateway, no request can stop it.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type Server,
  type ServerResponse,
} from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { PortInUseError } from './errors.js';

/** The security headers of every answer (CloudFront's response headers policy sets the same in AWS). */
export const CONSOLE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
};

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export const API_PREFIX = '/api';

export interface ConsoleServer {
  readonly url: string;
  stop(): Promise<void>;
}

function sendText(
  response: ServerResponse,
  status: number,
  body: string,
  type = 'text/plain; charset=utf-8',
) {
  response.writeHead(status, {
    ...CONSOLE_SECURITY_HEADERS,
    'content-type': type,
    'cache-control': 'no-store',
  });
  response.end(body);
}

/** The file under `root` a request path names, or undefined (outside root, missing, a folder). */
export function staticFile(root: string, rawPath: string): string | undefined {
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    return undefined;
  }
  if (path.includes('\0')) return undefined;
  const relativePath = path === '/' ? 'index.html' : normalize(path).replace(/^([/\\])+/, '');
  const file = resolve(root, relativePath);
  if (file !== root && !file.startsWith(root + sep)) return undefined;
  if (!existsSync(file) || !statSync(file).isFile()) return undefined;
  return file;
}

function proxy(request: IncomingMessage, response: ServerResponse, apiUrl: URL, rest: string) {
  const headers: OutgoingHttpHeaders = { ...request.headers, host: apiUrl.host };
  const upstream = httpRequest(
    { hostname: apiUrl.hostname, port: apiUrl.port, method: request.method, path: rest, headers },
    (answer) => {
      // The API's own headers, then the console's security headers: every answer of the console's origin
      // carries them, as CloudFront's response headers policy adds them to the /api/* behaviour too.
      response.writeHead(answer.statusCode ?? 502, { ...answer.headers, ...CONSOLE_SECURITY_HEADERS });
      answer.pipe(response);
    },
  );
  upstream.on('error', () => {
    if (response.headersSent) response.destroy();
    else
      sendText(
        response,
        502,
        JSON.stringify({ type: 'about:blank', title: 'The local HTTP API is not reachable', status: 502 }),
        'application/problem+json',
      );
  });
  request.pipe(upstream);
}

export function startConsoleServer(options: {
  readonly dist: string;
  readonly apiUrl: string;
  readonly port: number;
  readonly onError?: (error: unknown) => void;
}): Promise<ConsoleServer> {
  const root = resolve(options.dist);
  const apiUrl = new URL(options.apiUrl);
  const onError = options.onError ?? (() => {});
  const server: Server = createServer((request, response) => {
    request.on('error', () => {});
    response.on('error', () => {});
    try {
      const target = request.url ?? '/';
      // Split at the first '?' only: a query may itself contain '?'.
      const mark = target.indexOf('?');
      const rawPath = mark < 0 ? target : target.slice(0, mark);
      const query = mark < 0 ? undefined : target.slice(mark + 1);
      if (rawPath === API_PREFIX || rawPath.startsWith(`${API_PREFIX}/`)) {
        const rest = rawPath.slice(API_PREFIX.length) || '/';
        proxy(request, response, apiUrl, query === undefined ? rest : `${rest}?${query}`);
        return;
      }
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        sendText(response, 405, 'The console serves files: GET or HEAD.');
        return;
      }
      if (rawPath === '/config.json') {
        sendText(response, 200, JSON.stringify({ mode: 'local' }), 'application/json');
        return;
      }
      const file = staticFile(root, rawPath);
      if (file === undefined) {
        sendText(response, 404, 'Not found.');
        return;
      }
      const isIndex = file === join(root, 'index.html');
      response.writeHead(200, {
        ...CONSOLE_SECURITY_HEADERS,
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': isIndex ? 'no-cache' : 'public, max-age=31536000, immutable',
      });
      if (request.method === 'HEAD') response.end();
      else
        createReadStream(file)
          .on('error', () => response.destroy())
          .pipe(response);
    } catch (error) {
      onError(error);
      if (!response.headersSent) sendText(response, 500, 'The console server failed on this request.');
    }
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(options.port, 'console') : error),
    );
    server.listen(options.port, '127.0.0.1', () => {
      server.removeAllListeners('error');
      server.on('error', onError);
      resolvePromise({
        url: `http://127.0.0.1:${options.port}/`,
        stop: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

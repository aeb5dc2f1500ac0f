import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CONSOLE_SECURITY_HEADERS,
  type ConsoleServer,
  startConsoleServer,
  staticFile,
} from '#local/console-server.js';
import { freePort } from '#local/ports.js';

/**
 * The console's local server (infra/local/console-server.ts) on real sockets: files only from its dist
 * folder (no way out of it, encoded or not), /config.json, /api/... passed to the HTTP API unchanged but
 * for the prefix, a 502 problem when the API is down, and the security headers on every answer.
 */

const SECRET = 'the-secret-outside-dist';
const INDEX = '<!doctype html><title>console</title>';
const SCRIPT = 'console.log("app");';

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** A request with the path exactly as given (fetch would normalise `..` away). */
function send(
  port: number,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers: options.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

interface Seen {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

describe('the console server', () => {
  let dir: string;
  let dist: string;
  let api: Server;
  let apiPort: number;
  let server: ConsoleServer;
  let port: number;
  const seen: Seen[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'console-server-'));
    dist = join(dir, 'dist');
    mkdirSync(join(dist, 'assets'), { recursive: true });
    writeFileSync(join(dist, 'index.html'), INDEX);
    writeFileSync(join(dist, 'assets', 'app-1234.js'), SCRIPT);
    writeFileSync(join(dir, 'secret.txt'), SECRET);
    writeFileSync(join(dir, 'package.json'), SECRET);
    // The HTTP API stand-in: records what it got, answers with the status the path asks for.
    api = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => {
        body += chunk.toString('utf8');
      });
      req.on('end', () => {
        seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
        const status = Number(/status=(\d{3})/.exec(req.url ?? '')?.[1] ?? 200);
        res.writeHead(status, { 'content-type': 'application/json', 'x-api': 'yes' });
        res.end(JSON.stringify({ echoed: body }));
      });
    });
    apiPort = await freePort();
    await new Promise<void>((done) => api.listen(apiPort, '127.0.0.1', () => done()));
    port = await freePort();
    server = await startConsoleServer({ dist, apiUrl: `http://127.0.0.1:${apiPort}`, port });
  });
  afterAll(async () => {
    await server?.stop();
    await new Promise<void>((done) => (api ? api.close(() => done()) : done()));
    rmSync(dir, { recursive: true, force: true });
  });

  const expectSecurityHeaders = (answer: Answer) => {
    for (const [name, value] of Object.entries(CONSOLE_SECURITY_HEADERS))
      expect(answer.headers[name], name).toBe(value);
  };

  it('serves index.html at / and the built assets, with the right types and caching', async () => {
    const index = await send(port, 'GET', '/');
    expect(index).toMatchObject({ status: 200, body: INDEX });
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(index.headers['cache-control']).toBe('no-cache');
    const script = await send(port, 'GET', '/assets/app-1234.js');
    expect(script).toMatchObject({ status: 200, body: SCRIPT });
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.headers['cache-control']).toContain('immutable');
    const head = await send(port, 'HEAD', '/index.html');
    expect(head).toMatchObject({ status: 200, body: '' });
  });

  it.each([
    '/../package.json',
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E/package.json',
    '/assets/../../secret.txt',
    '/assets/%2e%2e/%2e%2e/secret.txt',
    '/%2e%2e%2fsecret.txt',
    '/..%2f..%2fsecret.txt',
    '/assets/..%5c..%5csecret.txt',
    '//../secret.txt',
    '/%00/../secret.txt',
    '/%',
  ])('never serves a file outside dist: %s is 404', async (path) => {
    const answer = await send(port, 'GET', path);
    expect(answer.status).toBe(404);
    expect(answer.body).not.toContain(SECRET);
    expectSecurityHeaders(answer);
  });

  it('answers 404 for unknown files and for folders', async () => {
    for (const path of ['/nope.js', '/assets', '/assets/', '/assets/missing.css']) {
      const answer = await send(port, 'GET', path);
      expect(answer.status, path).toBe(404);
      expectSecurityHeaders(answer);
    }
  });

  it('refuses other methods than GET and HEAD on files (405)', async () => {
    const answer = await send(port, 'POST', '/index.html', { body: 'x' });
    expect(answer.status).toBe(405);
    expectSecurityHeaders(answer);
  });

  it('answers /config.json with the local mode (the role switcher, no sign-in)', async () => {
    const answer = await send(port, 'GET', '/config.json');
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/json');
    expect(JSON.parse(answer.body)).toEqual({ mode: 'local' });
    expectSecurityHeaders(answer);
  });

  it('passes /api/... to the HTTP API without the prefix: method, path, query, headers, body and status', async () => {
    seen.length = 0;
    const body = JSON.stringify({ content: { id: 'x' } });
    const answer = await send(port, 'PUT', '/api/catalog/items/trigger/x/versions/2?status=422&a=b?c', {
      headers: {
        'x-local-caller': 'ann',
        'x-local-role': 'product-team',
        'content-type': 'application/json',
      },
      body,
    });
    expect(answer.status).toBe(422);
    expect(answer.headers['x-api']).toBe('yes');
    expect(JSON.parse(answer.body)).toEqual({ echoed: body });
    expectSecurityHeaders(answer);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      method: 'PUT',
      url: '/catalog/items/trigger/x/versions/2?status=422&a=b?c',
      body,
      headers: expect.objectContaining({
        'x-local-caller': 'ann',
        'x-local-role': 'product-team',
        'content-type': 'application/json',
        host: `127.0.0.1:${apiPort}`,
      }),
    });
    const root = await send(port, 'GET', '/api');
    expect(root.status).toBe(200);
    expect(seen[1]?.url).toBe('/');
  });

  it('passes any query string through unchanged (property)', async () => {
    const queryChar = fc.constantFrom(...'abcXYZ019=&?/:@!$()*+,;%-._~'.split(''));
    await fc.assert(
      fc.asyncProperty(fc.array(queryChar, { minLength: 1, maxLength: 30 }), async (chars) => {
        seen.length = 0;
        const query = chars.join('').replace(/%(?![0-9A-F]{2})/g, '%25');
        await send(port, 'GET', `/api/privacy/suppressed?${query}`);
        expect(seen[0]?.url).toBe(`/privacy/suppressed?${query}`);
      }),
      { numRuns: 60 },
    );
  });

  it('serves nothing from outside dist, whatever the path (property)', async () => {
    const segment = fc.constantFrom(
      '..',
      '%2e%2e',
      '%2E%2e',
      '.',
      '%2e',
      'assets',
      'secret.txt',
      'package.json',
      '%2f',
      '%5c',
      '',
      'index.html',
      'app-1234.js',
    );
    await fc.assert(
      fc.asyncProperty(fc.array(segment, { minLength: 1, maxLength: 6 }), async (segments) => {
        const path = `/${segments.join('/')}`;
        const answer = await send(port, 'GET', path);
        expect(answer.body).not.toContain(SECRET);
        expect([200, 404]).toContain(answer.status);
        if (answer.status === 200) expect([INDEX, SCRIPT]).toContain(answer.body);
        expect(staticFile(dist, path)?.startsWith(`${dist}/`) ?? true).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('answers a 502 problem when the HTTP API is not reachable', async () => {
    const deadPort = await freePort();
    const orphan = await startConsoleServer({
      dist,
      apiUrl: `http://127.0.0.1:${deadPort}`,
      port: await freePort(),
    });
    try {
      const answer = await send(Number(new URL(orphan.url).port), 'GET', '/api/health');
      expect(answer.status).toBe(502);
      expect(answer.headers['content-type']).toBe('application/problem+json');
      expect(JSON.parse(answer.body)).toMatchObject({
        status: 502,
        title: expect.stringContaining('not reachable'),
      });
      expectSecurityHeaders(answer);
    } finally {
      await orphan.stop();
    }
  });
});

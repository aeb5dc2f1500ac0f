import { connect } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNKNOWN_ROUTE_KEY } from '#api/route-table.js';
import { handler as health } from '#functions/health/handler.js';
import type { FunctionDefinition } from '#infra/definitions.js';
import { type HttpGateway, startHttpGateway } from '#local/http-gateway.js';
import { freePort } from '#local/ports.js';

/** The gateway on its own, with handlers that echo what they were given (or misbehave on request). */

const fn = (name: string) =>
  ({
    name,
    entry: 'x',
    handler: 'handler',
    timeoutSeconds: 3,
    memoryMb: 128,
  }) as unknown as FunctionDefinition;

interface Raw {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Sends bytes exactly as given and reads the answer until the server closes or answers completely. */
function raw(
  port: number,
  request: string | Buffer,
  options: { endAfterWrite?: boolean } = {},
): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let data = '';
    socket.setTimeout(5000, () => socket.destroy(new Error('timeout')));
    socket.on('data', (chunk) => {
      data += chunk.toString('utf8');
      const split = data.indexOf('\r\n\r\n');
      const length = /content-length: (\d+)/i.exec(data)?.[1];
      if (split >= 0 && length !== undefined && Buffer.byteLength(data.slice(split + 4)) >= Number(length)) {
        socket.destroy();
      }
    });
    socket.on('error', reject);
    socket.on('close', () => {
      const split = data.indexOf('\r\n\r\n');
      const [statusLine = '', ...lines] = data.slice(0, split).split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: data.slice(split + 4) });
    });
    socket.write(request);
    if (options.endAfterWrite) socket.end();
  });
}

const get = (port: number, target: string, extra = '') =>
  raw(port, `GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n${extra}\r\n`);

function expectProblem(answer: Raw, status: number) {
  expect(answer.status).toBe(status);
  expect(answer.headers['content-type']).toBe('application/problem+json');
  expect(answer.headers['x-content-type-options']).toBe('nosniff');
  const body = JSON.parse(answer.body) as { status: number; type: string; title: string };
  expect(body.status).toBe(status);
  expect(body.type).toMatch(/^urn:offer-pipeline:problem:/);
  return body;
}

describe('local HTTP gateway', () => {
  let gateway: HttpGateway;
  let port: number;
  const errors: unknown[] = [];

  beforeAll(async () => {
    port = await freePort();
    const echo = async (event: unknown) => ({
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(event),
    });
    gateway = await startHttpGateway(
      [
        {
          fn: fn('offers'),
          route: { kind: 'http', method: 'GET', path: '/customers/{customerId}/offers', audience: 'x' },
          handler: echo,
        },
        {
          fn: fn('events'),
          route: {
            kind: 'http',
            method: 'POST',
            path: '/customers/{customerId}/offers/{offerInstanceId}/events',
            audience: 'x',
          },
          handler: echo,
        },
        {
          fn: fn('throws'),
          route: { kind: 'http', method: 'GET', path: '/throws', audience: 'x' },
          handler: async () => {
            throw new Error('boom');
          },
        },
        {
          fn: fn('bad-result'),
          route: { kind: 'http', method: 'GET', path: '/bad-result', audience: 'x' },
          handler: async () => ({ statusCode: 200, headers: { 'x-bad': 'a\nb' }, body: 'x' }),
        },
      ] as never,
      port,
      (error) => errors.push(error),
    );
  });
  afterAll(async () => gateway?.stop());

  const event = async (target: string) => {
    const answer = await get(port, target);
    expect(answer.status).toBe(200);
    return JSON.parse(answer.body) as {
      pathParameters?: Record<string, string>;
      queryStringParameters?: Record<string, string>;
      rawPath: string;
    };
  };

  it('matches on the raw path and decodes the parameters after matching (%2F stays inside its segment)', async () => {
    for (const id of ['a/b', 'a b', 'x@y.nl', 'klänt', 'a+b', '100%', '..', '.', '😀', 'a?b#c']) {
      const encoded = encodeURIComponent(id).replace(/\./g, '%2E');
      const got = await event(`/customers/${encoded}/offers`);
      expect(got.pathParameters?.customerId).toBe(id);
      expect(got.rawPath).toBe(`/customers/${encoded}/offers`);
    }
  });

  it('decodes the query strictly (+ is a space, repeats are joined)', async () => {
    const got = await event('/customers/c-1/offers?a=1&a=2&b=x+y%21&c');
    expect(got.queryStringParameters).toEqual({ a: '1,2', b: 'x y!', c: '' });
  });

  it.each([
    ['a malformed escape in a parameter', '/customers/%zz/offers'],
    ['a truncated UTF-8 sequence', '/customers/%E0%A4/offers'],
    ['an encoded lone surrogate', '/customers/%ED%A0%80/offers'],
    ['an overlong encoding', '/customers/%C0%AF/offers'],
    ['a malformed escape in the query', '/customers/c-1/offers?x=%'],
  ])('400 problem for %s', async (_, target) => {
    expectProblem(await get(port, target), 400);
  });

  it.each([
    ['GET //[', '//['],
    ['an unknown path', '/nowhere'],
    ['an empty segment', '/customers//offers'],
    ['a bad escape on an unknown path', '/x%zz'],
  ])('404 problem for %s', async (_, target) => {
    expectProblem(await get(port, target), 404);
  });

  it('answers an unknown route exactly as the deployed API does (its $default route, the health function)', async () => {
    const local = await get(port, '/customers/c-1/offers/extra/segments?x=1');
    const deployed = await health({ routeKey: UNKNOWN_ROUTE_KEY });
    const { body, headers } = deployed as { body: string; headers: Record<string, string> };
    expect(local.status).toBe(404);
    expect(JSON.parse(local.body)).toEqual(JSON.parse(body));
    for (const [name, value] of Object.entries(headers)) expect(local.headers[name], name).toBe(value);
    // Never quotes the path.
    expect(local.body).not.toContain('c-1');
  });

  it('400 problem for a request target that is not a path', async () => {
    expectProblem(await raw(port, 'OPTIONS * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'), 400);
  });

  it('405 problem naming the allowed method', async () => {
    const answer = await raw(
      port,
      'DELETE /customers/c-1/offers HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    );
    expectProblem(answer, 405);
    expect(answer.headers.allow).toBe('GET');
  });

  it('400 problem for an unknown method and for garbage', async () => {
    expectProblem(await raw(port, 'FROB / HTTP/1.1\r\nHost: x\r\n\r\n'), 400);
    expectProblem(await raw(port, '\u0000\u0001 nonsense\r\n\r\n'), 400);
  });

  it('431 problem for huge headers', async () => {
    expectProblem(await get(port, '/customers/c-1/offers', `X-Big: ${'a'.repeat(20_000)}\r\n`), 431);
  });

  it('500 problem when the handler throws or returns something unsendable', async () => {
    expectProblem(await get(port, '/throws'), 500);
    expectProblem(await get(port, '/bad-result'), 500);
    expect(errors).toHaveLength(2);
    errors.length = 0;
  });

  it('survives a body shorter than its Content-Length followed by a disconnect', async () => {
    const cut = raw(
      port,
      'POST /customers/c-1/offers/o_1/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"a":',
      { endAfterWrite: true },
    ).catch(() => undefined);
    await cut;
    const after = await get(port, '/customers/c-1/offers');
    expect(after.status).toBe(200);
  });

  it('fuzz: no request target makes it fail or stop; every answer is 2xx or a 4xx problem', async () => {
    const segment = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 8 }).map((s) => encodeURIComponent(s)),
      fc.constantFrom('%', '%zz', '%E0%A4', '%C0%AF', '//', '[', '..', '%2F', '?', '#', '%00'),
      fc.string({ maxLength: 6 }),
    );
    const target = fc.oneof(
      fc.array(segment, { maxLength: 4 }).map((parts) => `/customers/${parts.join('')}/offers`),
      fc.array(segment, { maxLength: 5 }).map((parts) => `/${parts.join('/')}`),
    );
    await fc.assert(
      fc.asyncProperty(target, fc.constantFrom('GET', 'POST', 'PUT', 'PATCH'), async (path, method) => {
        const safe = [...path]
          .map((c) => (c.charCodeAt(0) <= 0x20 || c.charCodeAt(0) >= 0x7f ? encodeURIComponent(c) : c))
          .join('');
        const answer = await raw(port, `${method} ${safe} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
        if (answer.status >= 400) {
          expect(answer.status).toBeLessThan(500);
          expectProblem(answer, answer.status);
        } else {
          expect(answer.status).toBe(200);
        }
      }),
      { seed: 9, numRuns: 150 },
    );
    expect(errors).toEqual([]);
  }, 60_000);
});

import { STATUS_CODES } from 'node:http';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { PROBLEM_HEADERS, problemResponse } from '#api/problem.js';

/**
 * The answers the local HTTP gateway gives itself (no handler involved): all RFC 9457 problems with the
 * same headers as the handlers' (`application/problem+json`, `nosniff`, `no-store`). They never quote the
 * request: not its path (it holds customer ids), nor a header or parameter name.
 */

const PREFIX = 'urn:offer-pipeline:problem:';

const GATEWAY_PROBLEMS = {
  routeNotFound: { status: 404, slug: 'no-route', title: 'No route matches the request path' },
  methodNotAllowed: { status: 405, slug: 'method-not-allowed', title: 'The route does not take this method' },
  requestTimeout: { status: 408, slug: 'request-timeout', title: 'The request did not arrive in time' },
  headersTooLarge: {
    status: 431,
    slug: 'headers-too-large',
    title: 'The request headers are too large',
  },
  malformedRequest: { status: 400, slug: 'malformed-request', title: 'The HTTP request is malformed' },
} as const;

export type GatewayProblemKind = keyof typeof GATEWAY_PROBLEMS;

export function gatewayProblem(
  kind: GatewayProblemKind,
  detail: string,
  headers: Readonly<Record<string, string>> = {},
): APIGatewayProxyStructuredResultV2 {
  const { status, slug, title } = GATEWAY_PROBLEMS[kind];
  return {
    statusCode: status,
    headers: { ...PROBLEM_HEADERS, ...headers },
    body: JSON.stringify({ type: `${PREFIX}${slug}`, title, status, detail }),
  };
}

/** 400 for a path or query that is not validly percent-encoded UTF-8: names the part, never its value. */
export function badEncoding(part: string, location: 'path' | 'query'): APIGatewayProxyStructuredResultV2 {
  return problemResponse('invalidRequest', `The request ${location} is not validly percent-encoded.`, [
    {
      field: part,
      in: location,
      expected: 'percent-encoded UTF-8 (every % followed by two hex digits, the bytes valid UTF-8)',
    },
  ]);
}

/** A problem as raw HTTP/1.1 bytes, for a connection the HTTP parser already gave up on. */
export function rawProblem(kind: GatewayProblemKind, detail: string): string {
  const answer = gatewayProblem(kind, detail, { connection: 'close' });
  const body = answer.body ?? '';
  const status = answer.statusCode ?? 400;
  const headers = Object.entries({ ...answer.headers, 'content-length': String(Buffer.byteLength(body)) })
    .map(([name, value]) => `${name}: ${String(value)}\r\n`)
    .join('');
  return `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n${headers}\r\n${body}`;
}

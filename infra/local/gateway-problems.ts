import { STATUS_CODES } from 'node:http';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { type ProblemKind, problemResponse } from '#api/problem.js';

/**
 * The answers the local HTTP gateway gives itself (no handler involved): all RFC 9457 problems with the
 * same headers as the handlers' (`application/problem+json`, `nosniff`, `no-store`). They never quote the
 * request: not its path (it holds customer ids), nor a header or parameter name.
 */

/** The kinds (shared/api/problem.ts, PROBLEMS) the gateway answers before any handler runs. */
export type GatewayProblemKind = Extract<
  ProblemKind,
  'routeNotFound' | 'methodNotAllowed' | 'requestTimeout' | 'headersTooLarge' | 'malformedRequest'
>;

export function gatewayProblem(
  kind: GatewayProblemKind,
  detail: string,
  headers: Readonly<Record<string, string>> = {},
): APIGatewayProxyStructuredResultV2 {
  return problemResponse(kind, detail, undefined, headers);
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
